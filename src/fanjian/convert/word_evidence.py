"""Whether the words around a character default settle it, so that an editor need not look.

A default inside a word of the segmenter's dictionary (复垦, 进制) is how OpenCC writes a
word its phrase tables do not list as an exception, and they list the words that need
another form. A default on a character standing alone, not before a noun (where it may be a modifier, read
otherwise: 干垃圾 is 乾; a localiser never is: 集里|案件), is a free use of the character: settled when it is the
character's free reading (`data/free_readings.tsv`: 里 alone is 裏), left for the editor
otherwise (系 alone is 係 or 系), and pointed out when the free reading is another form (签
alone is 簽). So is a character inside a string the dictionary does not know (获批, a new
compound), unless the segmenter takes the string for a name (比里村, 钟才文): then the
words say nothing.

>>> settle("作者韩涵系研究员，班级里，一任接着一任干", [(4, "系", "系", (("係", "繫"), "warning", "r"))], "zh-Hant")[0][3][1]
'warning'
>>> settle("班级里的同学", [(2, "里", "裏", (("里",), "warning", "r"))], "zh-Hant")[0][3]
(('里',), 'info', 'r; settled: 里 in free use reads 裏')
>>> settle("剧中第三集里案件发生时", [(5, "里", "裡", (("里",), "warning", "r"))], "zh-Hant-TW")[0][3][1]
'info'
>>> settle("土地复垦费", [(3, "复", "復", (("複",), "warning", "r"))], "zh-Hant")[0][3][2]
'r; settled: inside the word 复垦, which OpenCC writes with the default'
>>> settle("现场签，”", [(2, "签", "籤", (("簽",), "warning", "r"))], "zh-Hant")[0][3][2]
'r; 签 in free use reads 簽'
>>> [settle(s, [(i, s[i], "幹", (("乾",), "warning", "r"))], "zh-Hant")[0][3][1] for s, i in (("对干垃圾分类", 1), ("接着干，", 2))]
['warning', 'info']
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from fanjian.convert.senses import sense, stretch_around
from fanjian.convert.steps import spelled_for
from fanjian.data import read_tsv
from fanjian.zh.segment import is_word, tagged

REACH = 24  # characters either side: enough for the words around one character
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})  # people, places, organisations, other proper names


@lru_cache(maxsize=1)
def free_readings() -> dict[str, str]:
    return {char: reading for char, reading, _note in read_tsv("free_readings.tsv")}


def _is_break(char: str) -> bool:
    return unicodedata.category(char)[0] in "PZC"


def clause_around(text: str, offset: int) -> tuple[str, int]:
    """The clause holding `offset` (up to REACH characters either side) and the offset in it."""
    return stretch_around(text, offset, REACH, _is_break)


def words_at(clause: str, at: int) -> tuple[tuple[str, str], int, tuple[str, str], str]:
    """The segmenter's (word, part of speech) that holds the character at `at` of `clause`,
    the character's offset in it, the next (word, part of speech) (("", "") at the clause's
    end) and the clause before the word."""
    tokens, start = tagged(clause), 0
    for k, (word, tag) in enumerate(tokens):
        if start + len(word) > at:
            return (word, tag), at - start, tokens[k + 1] if k + 1 < len(tokens) else ("", ""), clause[:start]
        start += len(word)
    return (clause[at], ""), 0, ("", ""), clause[:at]


def evidence(text: str, offset: int, chosen: str, target: str) -> tuple[bool, str] | None:
    """(settled, why) for the default `chosen` at `offset` of Simplified `text`; None when
    the words say nothing."""
    clause, at = clause_around(text, offset)
    if len(clause) == 1:
        return None  # a character cited on its own (“干”字) is not a use of it
    token, in_word, after, before = words_at(clause, at)
    char, (word, tag), next_tag = text[offset], token, after[1]
    if len(word) > 1 and is_word(word):
        return True, f"inside the word {word}, which OpenCC writes with the default"
    if (told := sense(text, offset, chosen, token, in_word, after, before, target)) is not None:
        return told
    reading = free_readings().get(char)
    if reading is None or tag in NAME_TAGS:
        return None  # a name's characters are the name's (比里村, 钟才文)
    if len(word) == 1 and next_tag.startswith("n") and tag != "f":
        return None  # before a noun it may be a modifier, read otherwise (干垃圾 is 乾); a localiser is none (集里|案件)
    if spelled_for(reading, target) == chosen:
        return True, f"{char} in free use reads {chosen}"
    return False, f"{char} in free use reads {spelled_for(reading, target)}"


def settle(text: str, found: list[tuple], target: str) -> list[tuple]:
    """`found` ((offset, char, chosen, (alternatives, severity, reason)) of Simplified `text`)
    with the warnings its words settle turned into info, and each reason saying why."""
    out = []
    for offset, char, chosen, (alternatives, severity, reason) in found:
        said = evidence(text, offset, chosen, target) if severity == "warning" else None
        if said is not None:
            settled, why = said
            severity, reason = ("info", f"{reason}; settled: {why}") if settled else (severity, f"{reason}; {why}")
        out.append((offset, char, chosen, (alternatives, severity, reason)))
    return out


__all__ = ["clause_around", "evidence", "free_readings", "settle", "words_at"]
