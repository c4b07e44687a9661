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
from itertools import repeat
from operator import sub

from fanjian.model import Repair
from fanjian.repair.prose import prose
from fanjian.repair.record import new_repair

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width and CJK punctuation: a mark beside one of these is in Chinese text too.
WIDE_PUNCT = "\u3000-\u303f\uff01-\uff60\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
CHINESE_SET = f"[{CJK}{WIDE_PUNCT}]"
CHINESE = re.compile(CHINESE_SET)
# The forms every folding pipeline folds (NFKC and 全角转半角 alike): their absence is the
# evidence. The others (。“”‘’～) only turn up folded where the document has none left.
FOLDABLE_WIDE = re.compile("[，：；！？（）]")
# Parentheses alone are no evidence: they are the mark authors most often type in ASCII.
ASCII_NEAR_CHINESE = re.compile(f"[,:;!?](?:(?<={CHINESE_SET}.)|(?={CHINESE_SET}))")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。", "~": "～"}
# Most marks follow a Chinese character: one pass widens them; the rest are looked at one by one.
# Each pattern starts with the mark and looks behind it after: a pattern that starts with a
# lookbehind is tried at every position of the text, one that starts with a set only at the marks.
AFTER_CHINESE = re.compile(f"[,:;!?](?<={CHINESE_SET}.)")
NOT_AFTER_CHINESE = re.compile(f"[,:;!?](?<!{CHINESE_SET}.)")
PERIOD_NOT_AFTER_CHINESE = re.compile(f"\\.(?!\\.)(?<![{CJK}{WIDE_PUNCT}.].)")
PAREN = re.compile(r"[()]")
# A pair with no parenthesis or line break inside it; and one with Chinese inside, before it
# (or a folded mark after Chinese: 电话:(0755)) or after it, as `_pair` judges one.
SIMPLE_PAIR = re.compile(r"\([^()\n]*\)")
CHINESE_PAIR = re.compile(rf"\((?:(?<={CHINESE_SET}.)|(?<={CHINESE_SET}[.?!:,;].)|(?=[^()\n]*{CHINESE_SET}))[^()\n]*\)|\([^()\n]*\)(?={CHINESE_SET})")
# After Chinese a . ends a sentence, unless a file's extension follows (附件.docx).
PERIOD_AFTER_CHINESE = re.compile(f"\\.(?<={CHINESE_SET}.)(?![a-z.])")
TILDE = re.compile(r"~")
# A number that opens a line is a list number (1. 加强), not the end of a sentence.
# A number that opens a line or follows a colon, semicolon or comma numbers a list item.
# (Not after 10: or 1, : that is a time or a number.)
LIST_NUMBER = re.compile(r"(?:^|(?<=[\n：；，、(（])|(?<=[^0-9][:;,]))[^\S\n]*[0-9]+$")
BOUNDARY = ("", "\n", "\r")  # the text's end or a line's
# What a quote may follow when it opens, and precede when it closes.
OPENS_AFTER = frozenset(" \t\u3000\n（《【〔「『“‘：，、；,:;(")
CLOSES_BEFORE = frozenset(" \t\u3000\n\r）》】〕」』”’，。、；：！？,.;:!?)")
# A Latin word or number inside Chinese text (個token,CPU端): the marks around it are Chinese.
WORD_BEFORE = re.compile(r"[A-Za-z0-9.%]+$")
WORD_AFTER = re.compile(r"[A-Za-z0-9.%]+")
KIND = "punctuation-width"
START, END, GROUP = re.Match.start, re.Match.end, re.Match.group
FOLDED_MARKS = frozenset(".?!:,;")


def is_folded(prose: str) -> bool:
    """ASCII , : ; ! ? beside Chinese text, and no full-width form of them anywhere.

    >>> is_folded("亳(bó)州是一座城市。"), is_folded("縣(市)長,區長")
    (False, True)
    """
    return FOLDABLE_WIDE.search(prose) is None and ASCII_NEAR_CHINESE.search(prose) is not None


def find_folded_punctuation(text: str) -> list[Repair]:
    return width_repairs(text, folded_marks(text))


def width_repairs(text: str, marks) -> list[Repair]:
    """One repair per (index, full-width mark) of `marks`: text[index] widened to it."""
    return [new_repair(KIND, i, i + 1, text[i], wide) for i, wide in marks]


def put_marks(text: str, marks: list[tuple[int, str]]) -> str:
    """`text` with one character replaced at each (index, character), in order."""
    out, last = [], 0
    for i, ch in marks:
        out += [text[last:i], ch]
        last = i + 1
    out.append(text[last:])
    return "".join(out)


def folded_marks(text: str) -> list[tuple[int, str]]:
    """(index in `text`, full-width mark) for each folded mark, in order; [] if not folded."""
    view = prose(text)
    if not is_folded(view.text):
        return []
    widened = _widened(view.text)
    if view.starts == view.sources == (0,) or not widened:  # nothing set aside before the text's end
        return widened
    at, wide = zip(*widened)
    return list(zip(view.origins(at), wide))


def _widened(prose: str) -> list[tuple[int, str]]:
    """(index, full-width mark) for every folded mark of a folded text, in order."""
    wide_at: dict[int, str] = {}
    _parentheses(prose, wide_at)
    view = put_marks(prose, sorted(wide_at.items()))  # the marks after these read restored brackets and quotes as Chinese
    for mark, pair in (('"', "“”"), ("'", "‘’")):
        if mark in prose and pair[0] not in prose and pair[1] not in prose:
            quotes: dict[int, str] = {}
            _quotes(view, mark, pair, quotes)
            view = put_marks(view, sorted(quotes.items()))
            wide_at.update(quotes)
    after = list(AFTER_CHINESE.finditer(view))  # most marks: taken in C
    marks = dict(zip(map(START, after), map(FULL_WIDTH.__getitem__, map(GROUP, after))))
    marks.update((m.start(), FULL_WIDTH[m.group()]) for m in NOT_AFTER_CHINESE.finditer(view)
                 if _mark_in_chinese(view, m.start()))
    if "。" not in prose:
        marks.update(zip(map(START, PERIOD_AFTER_CHINESE.finditer(view)), repeat("。")))
        marks.update((m.start(), "。") for m in PERIOD_NOT_AFTER_CHINESE.finditer(view) if _sentence_end(view, m.start()))
    if "～" not in prose:
        marks.update((m.start(), "～") for m in TILDE.finditer(view)
                     if _chinese(view[m.start() - 1 : m.start()]) or _chinese(view[m.end() : m.end() + 1]))
    wide_at.update(marks)
    return sorted(wide_at.items())


def _chinese(ch: str) -> bool:
    return bool(ch) and CHINESE.match(ch) is not None


def _parentheses(prose: str, wide_at: dict[int, str]) -> None:
    """Pairs (and strays) of ASCII parentheses with Chinese inside or beside them."""
    if "(" not in prose and ")" not in prose:
        return
    # The innermost pairs first, in C: in most texts every pair is one.
    chinese = list(CHINESE_PAIR.finditer(prose))
    wide_at.update(zip(map(START, chinese), repeat("（")))
    wide_at.update(zip(map(sub, map(END, chinese), repeat(1)), repeat("）")))
    simple = list(SIMPLE_PAIR.finditer(prose))
    if 2 * len(simple) == prose.count("(") + prose.count(")"):
        return
    inner = set(map(START, simple)) | set(map(sub, map(END, simple), repeat(1)))
    open_at: list[int] = []
    line_end = -1
    for m in PAREN.finditer(prose):
        i = m.start()
        if i in inner:
            continue
        if i > line_end:  # a new line: what opened in the last one and never closed
            _strays(prose, open_at, wide_at)
            open_at, line_end = [], _line_end(prose, i)
        if prose[i] == "(":
            open_at.append(i)
        elif open_at:
            _pair(prose, open_at.pop(), i, wide_at)
        elif _beside_chinese(prose, i):
            wide_at[i] = "）"
    _strays(prose, open_at, wide_at)


def _pair(prose: str, j: int, i: int, wide_at: dict[int, str]) -> None:
    if CHINESE.search(prose, j + 1, i) or _chinese_before(prose, j) or _chinese(prose[i + 1 : i + 2]):
        wide_at[j], wide_at[i] = "（", "）"


def _strays(prose: str, at: list[int], wide_at: dict[int, str]) -> None:
    for j in at:
        if _beside_chinese(prose, j):
            wide_at[j] = "（"


def _chinese_before(view: str, i: int) -> bool:
    """Chinese before view[i], or a folded mark after Chinese (电话:(0755))."""
    before = view[i - 1 : i]
    return _chinese(before) or (before in FOLDED_MARKS and _chinese(view[i - 2 : i - 1]))


def _beside_chinese(view: str, i: int) -> bool:
    return _chinese(view[i - 1 : i]) or _chinese(view[i + 1 : i + 2])


def _mark_in_chinese(view: str, i: int) -> bool:
    """A , : ; ! ? that belongs to Chinese text: Chinese before it, or after it.

    Chinese marks follow what they punctuate: a ? or ! after a space or at a line's start
    is something else (`內容 ?返回`: a lost icon); a , : or ; after spaces between Chinese
    is spaced-out Chinese (`所 有 ,未 经`)."""
    before, after = view[i - 1 : i], view[i + 1 : i + 2]
    if before.isdigit() and after.isdigit():  # 1,600 and 10:30
        return False
    if before in (" ", "\u3000") and view[i] in ",:;":
        rest = view[:i].rstrip(" \u3000")
        return _chinese(rest[-1:]) and _chinese(after)
    if not before or before.isspace():
        return False
    if _chinese(before) or _chinese(after):
        return True
    if view[i] in "?!" and after in BOUNDARY:  # 妻子才是MVP? at a line's end
        return _chinese_line(view, i)
    word_before, word_after = WORD_BEFORE.search(view, 0, i), WORD_AFTER.match(view, i + 1)
    return bool(word_before and word_after) and _chinese(view[word_before.start() - 1 : word_before.start()]) \
        and _chinese(view[word_after.end() : word_after.end() + 1])


def _chinese_line(view: str, i: int) -> bool:
    return CHINESE.search(view, view.rfind("\n", 0, i) + 1, i) is not None


def _sentence_end(view: str, i: int) -> bool:
    """A `.` that ends a Chinese sentence: not 1.2, a file name, a domain or a list number."""
    before, after = view[i - 1 : i], view[i + 1 : i + 2]
    if _chinese(before):  # but 附件.docx: a lower-case word after it is a file's extension
        return not (after.isascii() and after.islower())
    if before == "%" and after not in "%":  # no number goes on after a per cent sign (17%.2012年)
        return _chinese_line(view, i)
    if not before or before.isspace() or not (after in BOUNDARY or _chinese(after)):
        return False
    line_start = view.rfind("\n", 0, i) + 1
    if before.isdigit() and LIST_NUMBER.search(view, max(line_start, i - 12), i):  # 附件:1.活动;2.清单
        return False
    return CHINESE.search(view, line_start, i) is not None


def _positions(text: str, ch: str):
    at = text.find(ch)
    while at != -1:
        yield at
        at = text.find(ch, at + 1)


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end == -1 else end


def _quotes(view: str, mark: str, pair: str, wide_at: dict[int, str]) -> None:
    """Straight quotes beside Chinese text, opening or closing by what stands around them
    (after a space or a comma it opens, before one it closes), else alternating in a line."""
    if mark not in view:
        return
    opening, line_end = True, -1
    for i in _positions(view, mark):
        if i > line_end:  # each line starts with an opening quote
            opening, line_end = True, _line_end(view, i)
        before, after = view[i - 1 : i], view[i + 1 : i + 2]
        # a folded 。？！ not widened yet stands for the Chinese before it (更动.")
        if not (_chinese_before(view, i) or _chinese(after)):
            continue
        if (before in OPENS_AFTER or not before) and after not in CLOSES_BEFORE:
            opening = True
        elif (after in CLOSES_BEFORE or not after) and before not in OPENS_AFTER:
            opening = False
        wide_at[i] = pair[0] if opening else pair[1]
        opening = not opening
