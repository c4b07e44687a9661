"""The one script table (`data/script_table.tsv`) and what is read from it: which characters
are Simplified-only, Traditional-only or regional spellings, the script profile of a text,
characters wrong in a text of a script (`wrong_script`), and two length-preserving views: the
Simplified view (each character mapped alone by OpenCC t2s, so rules written once in
Simplified match text in either script) and the fold (one representative of every character
OpenCC pairs with it, so texts that differ only by conversion fold to the same string).

>>> simplified_view("羅湖區發布時間")
'罗湖区发布时间'
>>> p = profile("羅湖區人民政府著眼長遠")
>>> p.script, p.variant, p.source
('traditional', 'tw', 'zh-Hant-TW')
>>> fold("羅湖區範德繁著「實幹」") == fold("罗湖区范德繁着“实干”")
True
>>> [m.group() for m in wrong_script("區委书记", "traditional")], [m.group() for m in wrong_script("区委書記，干预", "simplified")]
(['书', '记'], ['書', '記'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from fanjian.data import read_tsv
from fanjian.zh.chartable import CharFlags, CharMap, positions
from fanjian.zh.opencc import converter

# Code points whose single-character Simplified form the view precomputes.
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start of `needle` in `haystack`, overlapping ones included.

    >>> find_all("罗湖区罗湖", "罗湖")
    [0, 3]
    """
    out, i = [], haystack.find(needle)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


_ROWS = read_tsv("script_table.tsv")  # char, fold, tags


@lru_cache(maxsize=1)
def forms() -> dict[str, frozenset[str]]:
    """Characters per tag of the script table (simplified, shared, traditional, not-tw, not-hk, not-opencc)."""
    out: dict[str, set[str]] = {}
    for ch, _, tags in _ROWS:
        for tag in tags.split():
            out.setdefault(tag, set()).add(ch)
    return {tag: frozenset(chars) for tag, chars in out.items()}


def char_class(chars) -> str:
    """A regex character class of the given characters."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


@lru_cache(maxsize=1)
def simplified_only() -> frozenset[str]:
    """Simplified forms that no Traditional variant writes (国, 并; not 秘 or 税)."""
    f = forms()
    return f["simplified"] - f["traditional"] - f["not-opencc"]


@lru_cache(maxsize=1)
def _classes() -> dict[str, frozenset[str]]:
    f = forms()
    return {
        "simplified": simplified_only(),
        "traditional": f["traditional"] - f["simplified"],
        "not-tw": f["not-tw"],
        "not-hk": f["not-hk"],
        "not-opencc": f["not-opencc"] - f["simplified"],
    }


@lru_cache(maxsize=1)
def _view_table() -> dict[int, str]:
    chars = [chr(c) for lo, hi in CJK_RANGES for c in range(lo, hi + 1)]
    converted = converter("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a phrase across the separators: go one by one
        converted = [converter("t2s").convert(c) for c in chars]
    return {ord(a): b for a, b in zip(chars, converted) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _view_map() -> CharMap:
    return CharMap(_view_table())


def view_uncached(text: str) -> str:
    """`simplified_view` for a short piece, kept out of its cache of whole texts."""
    return _view_map()(text)


def view_code_points() -> np.ndarray:
    """The Simplified view as an array: index a code point, get its view's code point."""
    return _view_map().table


@lru_cache(maxsize=8)
def simplified_view(text: str) -> str:
    """Each character mapped alone to Simplified; same length, so spans carry over."""
    return text if text.isascii() else _view_map()(text)


@dataclass(frozen=True)
class ScriptProfile:
    """Which script the source is in, and the share of characters that decided it."""

    script: str  # simplified | traditional | mixed | none
    simplified: float  # share of deciding characters that are Simplified-only
    traditional: float  # share that are Traditional-only
    variant: str = ""  # tw | hk | opencc: which Traditional spelling, "" if none showed
    variant_shares: tuple[tuple[str, float], ...] = ()  # (variant, share of regional spellings it fits)
    counts: tuple[tuple[str, int], ...] = ()  # characters counted per class

    @property
    def source(self) -> str:
        """The BCP 47 tag conversion should treat the text as."""
        if self.traditional <= self.simplified:
            return "zh-Hans"
        return {"tw": "zh-Hant-TW", "hk": "zh-Hant-HK"}.get(self.variant, "zh-Hant")


@lru_cache(maxsize=1)
def _class_flags() -> tuple[CharFlags, dict[str, int]]:
    bits = {name: 1 << i for i, name in enumerate(_classes())}
    flags: dict[str, int] = {}
    for name, members in _classes().items():
        for ch in members:
            flags[ch] = flags.get(ch, 0) | bits[name]
    return CharFlags(flags), bits


def profile(text: str) -> ScriptProfile:
    """Count Simplified-only and Traditional-only characters, and regional spellings.

    >>> profile("罗湖区人民政府").script, profile("").script
    ('simplified', 'none')
    """
    table, bits = _class_flags()
    flags = table.of(text)
    counts = {k: int(np.count_nonzero(flags & bit)) for k, bit in bits.items()}  # bincount is slower
    simp, trad = counts["simplified"], counts["traditional"]
    total = simp + trad
    if not total:
        return ScriptProfile("none", 0.0, 0.0, counts=tuple(counts.items()))
    s_share, t_share = simp / total, trad / total
    script = "traditional" if t_share >= 0.8 else "simplified" if s_share >= 0.8 else "mixed"
    # A variant fits when the text has none of the spellings it never uses.
    misfits = {v: counts[f"not-{v}"] for v in ("tw", "hk", "opencc")}
    n = sum(misfits.values())
    best = min(misfits.values())
    fitting = [v for v in ("tw", "hk", "opencc") if misfits[v] == best]
    variant = "" if len(fitting) == 3 else fitting[0]
    shares = tuple((v, round(1 - m / n, 3)) for v, m in misfits.items()) if n else ()
    return ScriptProfile(script, round(s_share, 3), round(t_share, 3), variant, shares, tuple(counts.items()))


# Quote marks Taiwan and Hong Kong texts use for the mainland's curly quotes.
_QUOTES = {"「": "“", "」": "”", "『": "‘", "』": "’"}
SIMPLIFIED_ONLY = simplified_only()
TRADITIONAL_ONLY = forms()["traditional"] - forms()["simplified"]


def _fold_map() -> CharMap:
    """It covers the Basic Multilingual Plane; the few rarer characters are left as they are."""
    pairs = [(c, rep) for c, rep, _ in _ROWS] + list(_QUOTES.items())
    return CharMap({ord(c): rep for c, rep in pairs if ord(c) < 0x10000 and c != rep})


_FOLD = _fold_map()


def _astral_class(chars: frozenset[str]) -> re.Pattern:
    """One class of the BMP characters (sre checks those with a bitmap) and every astral
    one (the caller keeps those in `chars`): one class keeps sre's first-character scan."""
    bmp = "".join(re.escape(c) for c in sorted(chars) if ord(c) < 0x10000)
    return re.compile(f"[{bmp}\U00010000-\U0010ffff]")


# Characters wrong in a text of the given script: Traditional-only ones in Simplified text.
_WRONG = {"simplified": (_astral_class(TRADITIONAL_ONLY), TRADITIONAL_ONLY),
          "traditional": (_astral_class(SIMPLIFIED_ONLY), SIMPLIFIED_ONLY)}


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


__all__ = ["CJK_RANGES", "SIMPLIFIED_ONLY", "TRADITIONAL_ONLY", "ScriptProfile", "char_class", "family", "find_all", "fold",
           "forms", "profile", "script_of", "simplified_only", "simplified_view", "view_code_points", "view_uncached",
           "wrong_positions", "wrong_script"]
