"""Undo damage that earlier pipelines left in the text, explaining every change.

Each fixer is a pure function that returns the repairs it would make; `repair`
applies them in order (order matters: metadata labels only match once glosses go).

>>> repair("羅湖區(qū)委書記范德繁發(fā)出").text
'羅湖區委書記范德繁發出'
>>> repair("區(qū)委發(fā)出:一年春作首,萬事行為先").text
'區委發出：一年春作首，萬事行為先'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from pypinyin import Style, pinyin

from .model import Repair, Repaired

BYTES_ERROR = "repair() takes str; decode bytes first with fanjian.decode.decode()"

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{CJK}]")
TONE_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
GLOSS = re.compile(rf"(?<=[{CJK}])[(（]([{TONE_LETTERS}:]{{1,7}}[1-5]?)[)）]")
# A gloss in a text with fewer than this many is taken as deliberate (亳(bó)州).
MIN_GLOSSES = 2


def normalise_syllable(syllable: str) -> str:
    """A syllable in tone marks or numbers to plain letters plus tone number.

    >>> normalise_syllable("lǜ"), normalise_syllable("lv4"), normalise_syllable("lu:4")
    ('lv4', 'lv4', 'lv4')
    """
    s = syllable.lower().replace("u:", "v").replace("ü", "v")
    tone = ""
    plain = []
    for ch in unicodedata.normalize("NFD", s):
        mark = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}.get(ch)
        if mark:
            tone = mark
        elif ch == "\u0308":
            plain[-1] = "v"
        else:
            plain.append(ch)
    word = "".join(plain)
    if word[-1:].isdigit():
        tone, word = word[-1], word[:-1]
    return word + (tone if tone not in ("", "5") else "")


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for one character, as letters plus tone number."""
    found = pinyin(char, style=Style.TONE3, heteronym=True, neutral_tone_with_five=False)
    return frozenset(normalise_syllable(r) for r in found[0] if r != char)


def looks_like_pinyin_gloss(char: str, syllable: str) -> bool:
    """A gloss is a valid reading of the character before it.

    >>> looks_like_pinyin_gloss("區", "qū"), looks_like_pinyin_gloss("府", "qū")
    (True, False)
    """
    return normalise_syllable(syllable) in readings(char)


def find_glosses(text: str) -> list[Repair]:
    found = [
        Repair("pinyin-gloss", m.start(), m.end(), m.group(0), "")
        for m in GLOSS.finditer(text)
        if looks_like_pinyin_gloss(text[m.start() - 1], m.group(1))
    ]
    return found if len(found) >= MIN_GLOSSES else []


FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
# ASCII punctuation with a Han character before it and not a digit/Latin letter pair
# around it (10:30, 1,600 and URLs stay).
FOLDED = re.compile(rf"(?<=[{CJK}”」』）》])([,:;!?])(?=\s*[^\sA-Za-z0-9/]|$)|(?<=[{CJK}])([,:;!?])(?=\s*[0-9])", re.M)


def find_folded_punctuation(text: str) -> list[Repair]:
    repairs = []
    for m in FOLDED.finditer(text):
        mark = m.group(0)
        repairs.append(Repair("punctuation-width", m.start(), m.end(), mark, FULL_WIDTH[mark]))
    return repairs


# name -> function(text) -> repairs, in the order they run.
FIXERS: dict[str, Callable[[str], list[Repair]]] = {
    "pinyin-gloss": find_glosses,
    "punctuation-width": find_folded_punctuation,
}


def apply_repairs(text: str, repairs: list[Repair] | tuple[Repair, ...]) -> str:
    """Replay repairs made against one text (non-overlapping spans)."""
    out, last = [], 0
    for r in sorted(repairs, key=lambda r: r.start):
        out.append(text[last : r.start])
        out.append(r.after)
        last = r.end
    out.append(text[last:])
    return "".join(out)


def repair(text: str) -> Repaired:
    """Run every fixer in order. Spans in the result are in the *input* text."""
    if isinstance(text, bytes):
        raise TypeError(BYTES_ERROR)
    all_repairs: list[Repair] = []
    current = text
    for fixer in FIXERS.values():
        found = fixer(current)
        if found:
            all_repairs = _rebase(all_repairs, found)
            current = apply_repairs(current, found)
    return Repaired(current, tuple(all_repairs))


def _rebase(earlier: list[Repair], later: list[Repair]) -> list[Repair]:
    """Express `later` spans (in the text after `earlier`) in the original input."""
    shifts = sorted((r.start, r.end, len(r.after) - (r.end - r.start)) for r in earlier)

    def back(pos: int) -> int:
        offset = 0
        for start, end, delta in shifts:
            if start + offset + (end - start) + delta <= pos:
                offset += delta
            else:
                break
        return pos - offset

    moved = [Repair(r.kind, back(r.start), back(r.end), r.before, r.after) for r in later]
    return sorted(earlier + moved, key=lambda r: r.start)
