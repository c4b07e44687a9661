"""Per-character script knowledge from OpenCC's tables (`data/script_chars.tsv`).

`fold` maps every character to one representative of the characters OpenCC pairs with
it, so two texts that differ only by conversion fold to the same string, character for
character (same length, so spans carry over). `wrong_script` finds characters that are
valid only in the other script.

>>> fold("羅湖區範德繁著「實幹」") == fold("罗湖区范德繁着“实干”")
True
>>> [m.group() for m in wrong_script("區委书记", "traditional")]
['书', '记']
>>> [m.group() for m in wrong_script("区委書記，干预", "simplified")]
['書', '記']
"""

from __future__ import annotations

import re

import numpy as np

from fanjian.data import read_tsv
from fanjian.zh.chartable import CharFlags, CharMap, positions

_ROWS = read_tsv("script_chars.tsv")
# Quote marks Taiwan and Hong Kong texts use for the mainland's curly quotes.
_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}
SIMPLIFIED_ONLY = frozenset(c for c, _, script in _ROWS if script == "s")
TRADITIONAL_ONLY = frozenset(c for c, _, script in _ROWS if script == "t")


def _fold_map() -> CharMap:
    """It covers the Basic Multilingual Plane; the few rarer characters are left as they are."""
    pairs = [(c, rep) for c, rep, _ in _ROWS] + list(_QUOTES.items())
    return CharMap({ord(c): rep for c, rep in pairs if ord(c) < 0x10000 and c != rep})


_FOLD = _fold_map()


def _char_class(chars: frozenset[str]) -> re.Pattern:
    """One class of the BMP characters (sre checks those with a bitmap) and every astral
    one (the caller keeps those in `chars`): one class keeps sre's first-character scan."""
    bmp = "".join(re.escape(c) for c in sorted(chars) if ord(c) < 0x10000)
    return re.compile(f"[{bmp}\U00010000-\U0010ffff]")


# Characters wrong in a text of the given script: Traditional-only ones in Simplified text.
_WRONG = {"simplified": (_char_class(TRADITIONAL_ONLY), TRADITIONAL_ONLY),
          "traditional": (_char_class(SIMPLIFIED_ONLY), SIMPLIFIED_ONLY)}


def fold(text: str) -> str:
    """The text with each character replaced by its representative; same length."""
    return _FOLD(text)


def wrong_script(text: str, script: str):
    """Matches of characters that do not belong in `script` (simplified | traditional)."""
    pattern, chars = _WRONG[script]
    return (m for m in pattern.finditer(text) if m.group() in chars)


_ONLY = CharFlags({**dict.fromkeys(SIMPLIFIED_ONLY, 1), **dict.fromkeys(TRADITIONAL_ONLY, 2)})


def wrong_positions(text: str, script: str) -> list[int]:
    """Where `wrong_script` matches, from one table lookup (for whole texts).

    >>> wrong_positions("區委书记", "traditional")
    [2, 3]
    """
    return positions(_ONLY.of(text), 2 if script == "simplified" else 1)


def script_of(text: str) -> str:
    """simplified | traditional, by which script-only characters dominate (ties: simplified).

    >>> script_of("羅湖區委"), script_of("罗湖区委"), script_of("2024")
    ('traditional', 'simplified', 'simplified')
    """
    flags = _ONLY.of(text)
    return "traditional" if np.count_nonzero(flags & 2) > np.count_nonzero(flags & 1) else "simplified"


def family(target: str) -> str:
    """The script of a target tag: zh-Hans -> simplified, zh-Hant* -> traditional."""
    return "traditional" if target.startswith("zh-Hant") else "simplified"
