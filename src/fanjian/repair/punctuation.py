"""Full-width punctuation that an earlier pipeline folded to ASCII, judged per document.

A pipeline that folds full-width forms to ASCII folds all of them, so the evidence is the
document itself: when none of its ，：；！？（） survive and ASCII ones stand next to
Chinese text, it was folded, and every mark beside Chinese text is widened back:
commas, colons, semicolons, ! and ?, parentheses, and — when the document has no 。, no
curly quotes or no ～ of its own — sentence-final `.`, straight quotes and `~`. A
document that uses full-width marks anywhere chose its ASCII ones (附件(一)：), and they
stay. Numbers (10:30, 1,600, 1.2, 3.5%), URLs, e-mail addresses, markup, Latin text and
list numbers (`1.加强`) never change.

>>> [(r.before, r.after) for r in find_folded_punctuation("区委(政府)办,时间10:30.")]
[('(', '（'), (')', '）'), (',', '，'), ('.', '。')]
>>> find_folded_punctuation("附件(一)：申报表（2024年）")
[]
"""

from __future__ import annotations

import re
from operator import attrgetter

from fanjian.model import Repair
from fanjian.repair.record import new_repair

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width and CJK punctuation: a mark beside one of these is in Chinese text too.
WIDE_PUNCT = "\u3000-\u303f\uff01-\uff60\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
CHINESE = re.compile(f"[{CJK}{WIDE_PUNCT}]")
# The forms every folding pipeline folds (NFKC and 全角转半角 alike): their absence is the
# evidence. The others (。“”‘’～) only turn up folded where the document has none left.
FOLDABLE_WIDE = re.compile("[，：；！？（）]")
# Parentheses alone are no evidence: they are the mark authors most often type in ASCII.
ASCII_NEAR_CHINESE = re.compile(f"[,:;!?](?<=[{CJK}{WIDE_PUNCT}].)|[,:;!?](?=[{CJK}{WIDE_PUNCT}])")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。", "~": "～"}
# Markup, addresses and entities: their ASCII is never folded punctuation.
NOT_PROSE = re.compile(
    r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[!/?A-Za-z][^<>]*>"
    r"|(?:https?|ftp)://[^\s<>\"'\u3000-\u303f\uff01-\uff60\u201c\u201d" + CJK + r"]*"
    r"|www\.[A-Za-z0-9.-]+[^\s<>\"'\u3000-\u303f\uff01-\uff60" + CJK + r"]*"
    r"|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|&#?\w+;",
    re.S | re.I,
)
MARKS = re.compile(r"[,:;!?]")
PERIOD = re.compile(r"\.(?!\.)(?<!\.\.)")
TILDE = re.compile(r"~")
# A number that opens a line is a list number (1. 加强), not the end of a sentence.
LIST_NUMBER = re.compile(r"\s*[(（]?[0-9]+")
_start = attrgetter("start")


def _prose(text: str) -> str:
    """The text with markup, URLs and the like blanked out (same length)."""
    if "<" not in text and "://" not in text and "www." not in text and "@" not in text and "&" not in text:
        return text
    return NOT_PROSE.sub(lambda m: "\x00" * (m.end() - m.start()), text)


def is_folded(prose: str) -> bool:
    """ASCII , : ; ! ? beside Chinese text, and no full-width form of them anywhere.

    >>> is_folded("亳(bó)州是一座城市。"), is_folded("縣(市)長,區長")
    (False, True)
    """
    return FOLDABLE_WIDE.search(prose) is None and ASCII_NEAR_CHINESE.search(prose) is not None


def find_folded_punctuation(text: str) -> list[Repair]:
    prose = _prose(text)
    if not is_folded(prose):
        return []
    chars = list(prose)  # widened as we go, so later marks see the restored ones
    found: list[tuple[int, str]] = []

    def widen(i: int) -> None:
        chars[i] = FULL_WIDTH[prose[i]]
        found.append((i, chars[i]))

    _parentheses(prose, widen)
    view = "".join(chars)
    for m in MARKS.finditer(view):
        if _mark_in_chinese(view, m.start()):
            widen(m.start())
    if "。" not in prose:
        view = "".join(chars)
        for m in PERIOD.finditer(view):
            if _sentence_end(view, m.start()):
                widen(m.start())
    if "“" not in prose and "”" not in prose:
        _quotes("".join(chars), '"', "“”", chars, found)
    if "‘" not in prose and "’" not in prose:
        _quotes("".join(chars), "'", "‘’", chars, found)
    if "～" not in prose:
        view = "".join(chars)
        for m in TILDE.finditer(view):
            if _chinese(view[m.start() - 1 : m.start()]) or _chinese(view[m.end() : m.end() + 1]):
                widen(m.start())
    found.sort()
    return [new_repair("punctuation-width", i, i + 1, text[i], after) for i, after in found]


def _chinese(ch: str) -> bool:
    return bool(ch) and CHINESE.match(ch) is not None


def _parentheses(prose: str, widen) -> None:
    """Pairs (and strays) of ASCII parentheses with Chinese inside or beside them."""
    if "(" not in prose and ")" not in prose:
        return
    open_at: list[int] = []
    for i, ch in enumerate(prose):
        if ch == "(":
            open_at.append(i)
        elif ch == ")":
            if open_at:
                j = open_at.pop()
                inside = prose[j + 1 : i]
                if CHINESE.search(inside) or _chinese(prose[j - 1 : j]) or _chinese(prose[i + 1 : i + 2]):
                    widen(j)
                    widen(i)
            elif _chinese(prose[i - 1 : i]) or _chinese(prose[i + 1 : i + 2]):
                widen(i)
        elif ch == "\n":
            for j in open_at:
                if _chinese(prose[j - 1 : j]) or _chinese(prose[j + 1 : j + 2]):
                    widen(j)
            open_at = []
    for j in open_at:
        if _chinese(prose[j - 1 : j]) or _chinese(prose[j + 1 : j + 2]):
            widen(j)


def _mark_in_chinese(view: str, i: int) -> bool:
    """A , : ; ! ? that belongs to Chinese text: Chinese before it, or after it.

    Chinese marks follow what they punctuate: one after a space or at a line's start is
    something else (`內容 ?返回`: a lost icon)."""
    before, after = view[i - 1 : i], view[i + 1 : i + 2]
    if not before or before.isspace() or (before.isdigit() and after.isdigit()):  # 1,600 and 10:30
        return False
    if _chinese(before):
        return True
    return _chinese(after)


def _sentence_end(view: str, i: int) -> bool:
    """A `.` that ends a Chinese sentence: not 1.2, a file name, a domain or a list number."""
    before, after = view[i - 1 : i], view[i + 1 : i + 2]
    if _chinese(before):
        return not (after.isascii() and after.isalpha())
    if not before or before.isspace() or not (after in ("", "\n", "\r") or _chinese(after)):
        return False
    line_start = view.rfind("\n", 0, i) + 1
    if before.isdigit() and LIST_NUMBER.fullmatch(view, line_start, i):
        return False
    return CHINESE.search(view, line_start, i) is not None


def _quotes(view: str, mark: str, pair: str, chars: list[str], found: list[tuple[int, str]]) -> None:
    """Straight quotes beside Chinese text, paired within a line: opening, then closing."""
    if mark not in view:
        return
    for line in re.finditer(r"[^\n]+", view):
        at = [m.start() + line.start() for m in re.finditer(mark, line.group())]
        at = [i for i in at if _chinese(view[i - 1 : i]) or _chinese(view[i + 1 : i + 2])]
        opening = True
        for i in at:
            before, after = view[i - 1 : i], view[i + 1 : i + 2]
            if len(at) % 2 and (i == at[-1]):  # a stray: its side of the Chinese decides
                opening = _chinese(after) and not _chinese(before) or not before or before.isspace()
            chars[i] = pair[0] if opening else pair[1]
            found.append((i, chars[i]))
            opening = not opening
