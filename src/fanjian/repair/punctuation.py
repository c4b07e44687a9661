"""Full-width punctuation that a later step folded to ASCII between Chinese characters.

`一年春作首,萬事行為先` and `來源:羅湖` get their ，and ： back; `10:30`, `1,600`,
`(A)`, URLs and English stay. Parentheses are restored only in a text that already
uses full-width ones, only around Chinese content inside a sentence.

>>> [(r.before, r.after) for r in find_folded_punctuation("作首,萬事 10:30 來源:羅湖")]
[(',', '，'), (':', '：')]
"""

from __future__ import annotations

import re
from operator import attrgetter

from fanjian.model import Repair
from fanjian.repair.record import new_repair

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CLOSERS = "”’」』）》〉】"
OPENERS = "“‘「『（《〈【"
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
# The mark comes first in each branch so the regex engine can skip ahead to it.
FOLDED = re.compile(
    r"[,:;!?](?:"
    # after Chinese or a closing mark, before anything but Latin, digits, a slash
    rf"(?<=[{CJK}{CLOSERS}].)(?=[^\S\n]*[^\sA-Za-z0-9/]|[^\S\n]*$)"
    # after Chinese, before a number (來源:2024)
    rf"|(?<=[{CJK}].)(?=[^\S\n]*[0-9])"
    # after a number, directly before Chinese (65%,奮力)
    rf"|(?<=[0-9%].)(?=[{CJK}{OPENERS}])"
    ")",
    re.M,
)
# Inline parentheses around Chinese: Han before, Han or punctuation after (縣(市)長).
PARENS = re.compile(
    rf"\((?<=[{CJK}]\()[^()（）\n]{{0,30}}[{CJK}][^()（）\n]{{0,30}}\)(?=[{CJK}{CLOSERS}，。、：；！？])"
)
_start = attrgetter("start")


def find_folded_punctuation(text: str) -> list[Repair]:
    repairs = [
        new_repair("punctuation-width", m.start(), m.end(), mark, FULL_WIDTH[mark])
        for m in FOLDED.finditer(text)
        for mark in (m.group(0),)
    ]
    if "（" in text and "(" in text:
        for m in PARENS.finditer(text):
            repairs.append(new_repair("punctuation-width", m.start(), m.start() + 1, "(", "（"))
            repairs.append(new_repair("punctuation-width", m.end() - 1, m.end(), ")", "）"))
        repairs.sort(key=_start)
    return repairs  # finditer yields the marks in order
