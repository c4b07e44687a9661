"""Senses of a character whose free use splits (钟, 复, 系: not in data/free_readings.tsv),
or that a tag hides (镇里) or a noun after it leaves open (干), told by where it stands: the
first character of a person's name, the first morpheme of a word, a department of a
college, a place's localiser, the verb before an occupation. Each says whether the default
OpenCC wrote is that sense's form; None when the words do not tell.

>>> sense("（钟才文）", 1, "鍾", ("钟才文", "nr"), 0, ("", "x"), "")
(True, 'the surname of 钟才文, which a name writes 鍾')
>>> sense("尽快复产", 2, "復", ("复产", "vn"), 0, ("", "x"), "")
(True, '复 first in a word OpenCC does not list reads 復 (复产)')
>>> sense("人文学院发展研究系教授", 8, "系", ("系", "v"), 0, ("教授", "n"), "人文学院发展研究")[0]
True
>>> sense("作者韩涵系研究员", 4, "系", ("系", "v"), 0, ("研究员", "n"), "韩涵") is None
True
"""

from __future__ import annotations

from functools import lru_cache

from fanjian.convert.steps import spelled_for
from fanjian.data import read_tsv
from fanjian.zh.entities import RISKY_SURNAMES, SURNAMES, TITLES
from fanjian.zh.name_words import OCCUPATIONS, PLACE_ENDINGS
from fanjian.zh.names import find_names

REACH = 40  # characters either side: the sentence a name's cues stand in
SENTENCE_ENDS = "。！？\n"
# Bodies that have departments (系): 系 after one of them and before a title is the department.
COLLEGES = ("大学", "学院", "学校", "研究院", "党校")


@lru_cache(maxsize=1)
def initial_readings() -> dict[str, str]:
    return {char: reading for char, reading, _note in read_tsv("initial_readings.tsv")}


def stretch_around(text: str, offset: int, reach: int, stops) -> tuple[str, int]:
    """The stretch of `text` holding `offset`, up to `reach` characters either side and
    ending before a character `stops` holds, and the offset in it."""
    lo = offset
    while lo > 0 and offset - lo < reach and not stops(text[lo - 1]):
        lo -= 1
    hi = offset + 1
    while hi < len(text) and hi - offset <= reach and not stops(text[hi]):
        hi += 1
    return text[lo:hi], offset - lo


def sentence_around(text: str, offset: int) -> tuple[str, int]:
    """The sentence holding `offset` (up to REACH characters either side) and the offset in it."""
    return stretch_around(text, offset, REACH, SENTENCE_ENDS.__contains__)


def sense(text: str, offset: int, chosen: str, token: tuple[str, str], in_word: int,
          after: tuple[str, str], before: str, target: str = "zh-Hant") -> tuple[bool, str] | None:
    """(settled, why) for the default `chosen` of the character at `offset` of Simplified
    `text`: `token` is the segmenter's (word, tag) holding it at `in_word`, `after` the next
    (word, tag) and `before` the clause's text before the word."""
    char, (word, _tag) = text[offset], token
    if char in SURNAMES and char not in RISKY_SURNAMES and in_word == 0:
        # a surname OpenCC keeps (钟 -> 鍾, 谷, 沈): its default is how names write it
        sentence, at = sentence_around(text, offset)
        for start, end, length, confirmed in find_names(sentence):
            if start == at and confirmed and length == 1:
                return True, f"the surname of {sentence[start:end]}, which a name writes {chosen}"
    reading = initial_readings().get(char)
    if reading and in_word == 0 and len(word) > 1:
        spelled = spelled_for(reading, target)
        return spelled == chosen, f"{char} first in a word OpenCC does not list reads {spelled} ({word})"
    if char == "系" and word == char and after[0] in TITLES and any(c in before for c in COLLEGES):
        return True, "系 between a college and a title is its department (系)"
    if char == "里" and len(word) == 2 and in_word == 1 and word[0] in PLACE_ENDINGS:
        spelled = spelled_for("裏", target)  # 镇里, 村里: "in the town", which the tagger may take for a place's name
        return spelled == chosen, f"里 after {word[0]} is the localiser, {spelled}"
    if char == "干" and word == char and len(after[0]) > 1 and after[0].endswith(OCCUPATIONS):
        spelled = spelled_for("幹", target)  # 干农机手, 干保安: "work as"; 乾 "dry" is said of things
        return spelled == chosen, f"干 before an occupation ({after[0]}) is the verb {spelled}"
    return None


__all__ = ["initial_readings", "sense", "sentence_around", "stretch_around"]
