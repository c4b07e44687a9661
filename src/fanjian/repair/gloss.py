"""Pinyin glosses an earlier pipeline put after characters: 區(qū), 發（fā）, 綠(lü4).

A parenthesis is a gloss only when it holds one Mandarin syllable that is a reading of
the character before it (pypinyin knows the readings), in tone marks or tone numbers.
A text with a single such gloss keeps it: one gloss is deliberate (亳(bó)州).

>>> [r.before for r in find_glosses("羅湖區(qū)委發（fā）出(GDP)")]
['(qū)', '（fā）']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import repeat
from operator import getitem

from fanjian.data import pinyin_readings
from fanjian.model import Repair
from fanjian.repair.record import new_repairs

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TONE_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
GLOSS_AFTER_OPENING = rf"(?<=[{CJK}].)([{TONE_LETTERS}:]{{1,7}}[1-5]?)[)）]"
GLOSS = re.compile(rf"[(（]{GLOSS_AFTER_OPENING}")
# A text that writes one of the two parentheses is searched for it alone: a search for one
# character runs several times faster than one for either of two.
GLOSS_OPENED_BY = {opening: re.compile(re.escape(opening) + GLOSS_AFTER_OPENING) for opening in "(（"}
KIND = "pinyin-gloss"
# A gloss in a text with fewer than this many is taken as deliberate (亳(bó)州).
MIN_GLOSSES = 2
TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


def normalise_syllable(syllable: str) -> str:
    """A syllable in tone marks or numbers to plain letters plus tone number.

    >>> normalise_syllable("lǜ"), normalise_syllable("lv4"), normalise_syllable("lu:4")
    ('lv4', 'lv4', 'lv4')
    """
    s = syllable.lower().replace("u:", "v").replace("ü", "v")
    tone = ""
    plain: list[str] = []
    for ch in unicodedata.normalize("NFD", s):
        mark = TONE_MARKS.get(ch)
        if mark:
            tone = mark
        elif ch == "\u0308" and plain:
            plain[-1] = "v"
        else:
            plain.append(ch)
    word = "".join(plain)
    if word[-1:].isdigit():
        tone, word = word[-1], word[:-1]
    return word + (tone if tone not in ("", "5") else "")


# A notice glosses the same few hundred syllables again and again.
_normalised = lru_cache(maxsize=4096)(normalise_syllable)


@lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for one character, as letters plus tone number (the
    same as its `pinyin(char, style=TONE3, heteronym=True)` for all 41,923 characters)."""
    found = pinyin_readings().get(ord(char)) if len(char) == 1 else None
    return frozenset(normalise_syllable(r) for r in found.split(",")) if found else frozenset()


def looks_like_pinyin_gloss(char: str, syllable: str) -> bool:
    """A gloss is a valid reading of the character before it.

    >>> looks_like_pinyin_gloss("區", "qū"), looks_like_pinyin_gloss("府", "qū")
    (True, False)
    """
    return _normalised(syllable) in readings(char)


@lru_cache(maxsize=8192)
def _glossed(char_and_gloss: str) -> bool:
    """looks_like_pinyin_gloss for a character and its parenthesis, as one key ("區(qū)")."""
    return looks_like_pinyin_gloss(char_and_gloss[0], char_and_gloss[2:-1])


def find_glosses(text: str) -> list[Repair]:
    openings = [opening for opening in "(（" if opening in text]
    if not openings:
        return []
    starts, ends = [], []
    for m in (GLOSS if len(openings) == 2 else GLOSS_OPENED_BY[openings[0]]).finditer(text):
        start, end = m.span()
        if _glossed(text[start - 1 : end]):
            starts.append(start)
            ends.append(end)
    if len(starts) < MIN_GLOSSES:
        return []
    return new_repairs(KIND, starts, ends, map(getitem, repeat(text), map(slice, starts, ends)), repeat(""))
