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
import sys
from collections.abc import Callable
from functools import cache
from itertools import repeat
from operator import add, getitem, setitem, sub

from fanjian.model import Repair
from fanjian.repair.prose import prose
from fanjian.repair.record import consume, new_repairs

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width and CJK punctuation: a mark beside one of these is in Chinese text too.
WIDE_PUNCT = "\u3000-\u303f\uff01-\uff60\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
CHINESE_SET = f"[{CJK}{WIDE_PUNCT}]"
CHINESE = re.compile(CHINESE_SET)
# The forms every folding pipeline folds (NFKC and 全角转半角 alike): their absence is the
# evidence. The others (。“”‘’～) only turn up folded where the document has none left.
FOLDABLE_WIDE = "，：；！？（）"
# Parentheses alone are no evidence: they are the mark authors most often type in ASCII.
ASCII_NEAR_CHINESE = re.compile(f"[,:;!?](?:(?<={CHINESE_SET}.)|(?={CHINESE_SET}))")
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。", "~": "～"}
FULL_WIDTH_CODE = {ord(ascii): ord(wide) for ascii, wide in FULL_WIDTH.items()}
# Most marks follow a Chinese character and are widened as found; the rest (where the empty
# group matches) are looked at one by one. Each pattern starts with the mark and looks behind
# it after: a pattern that starts with a lookbehind is tried at every position of the text,
# one that starts with a set only at the marks.
MARK = re.compile(f"[,:;!?](?:(?<={CHINESE_SET}.)|())")
# After Chinese a . ends a sentence, unless a file's extension follows (附件.docx); one after
# something else (not another .) is looked at.
PERIOD = re.compile(f"\\.(?:(?<={CHINESE_SET}.)(?![a-z.])|(?!\\.)(?<![{CJK}{WIDE_PUNCT}.].)())")
PAREN = re.compile(r"[()]")
# A pair with no parenthesis or line break inside it; and one with Chinese inside, before it
# (or a folded mark after Chinese: 电话:(0755)) or after it, as `_pair` judges one.
SIMPLE_PAIR = re.compile(r"\([^()\n]*\)")
CHINESE_PAIR = re.compile(rf"\((?:(?<={CHINESE_SET}.)|(?<={CHINESE_SET}[.?!:,;].)|(?=[^()\n]*{CHINESE_SET}))[^()\n]*\)|\([^()\n]*\)(?={CHINESE_SET})")
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
START, END = re.Match.start, re.Match.end
FOLDED_MARKS = frozenset(".?!:,;")
UTF32 = f"utf-32-{sys.byteorder[0]}e"  # in the machine's order, for a memoryview of "I"
# With more than one mark in this many characters, a buffer of code points puts them faster
# than slices do (measured on folded notices).
CHARACTERS_PER_MARK = 64


def is_folded(prose: str) -> bool:
    """ASCII , : ; ! ? beside Chinese text, and no full-width form of them anywhere.

    >>> is_folded("亳(bó)州是一座城市。"), is_folded("縣(市)長,區長")
    (False, True)
    """
    return not any(map(prose.__contains__, FOLDABLE_WIDE)) and ASCII_NEAR_CHINESE.search(prose) is not None


def find_folded_punctuation(text: str) -> list[Repair]:
    at, wide, _ = widen_marks(text)
    return width_repairs(text, at, wide)


def width_repairs(text: str, at: list[int], wide: list[str]) -> list[Repair]:
    """One repair per index of `at`: text[index] widened to the mark at the same place in `wide`."""
    return new_repairs(KIND, at, map(add, at, repeat(1)), map(getitem, repeat(text), at), wide)


def put_marks(text: str, at: list[int], wide: list[str]) -> str:
    """`text` with the character at each index of `at` (in order) replaced by the one at the
    same place in `wide`. Many (a folded page's marks) are set in a buffer of code points in
    C; a few, between slices."""
    if len(at) * CHARACTERS_PER_MARK > len(text):
        buffer = bytearray(text.encode(UTF32, "surrogatepass"))
        consume(map(setitem, repeat(memoryview(buffer).cast("I")), at, map(ord, wide)))
        return buffer.decode(UTF32, "surrogatepass")
    out, last = [], 0
    for i, ch in zip(at, wide):
        out += [text[last:i], ch]
        last = i + 1
    out.append(text[last:])
    return "".join(out)


def folded_marks(text: str) -> list[tuple[int, str]]:
    """(index in `text`, full-width mark) for each folded mark, in order; [] if not folded."""
    at, wide, _ = widen_marks(text)
    return list(zip(at, wide))


def widen_marks(text: str) -> tuple[list[int], list[str], str]:
    """`folded_marks` as two lists, the indices and their marks (a folded notice has hundreds:
    no pair is made for each), and the text with those marks widened."""
    view = prose(text)
    if not is_folded(view.text):
        return [], [], text
    at, wide, widened = _widened(view.text)
    if not at:
        return at, wide, text
    if view.starts == view.sources == (0,):  # nothing set aside: the view is the text
        return at, wide, widened
    at = view.origins(at)
    return at, wide, put_marks(text, at, wide)


def _widened(prose: str) -> tuple[list[int], list[str], str]:
    """The index and full-width mark of every folded mark of a folded text, in order, and
    the text with them widened."""
    parentheses = _parentheses(prose)
    # The marks after these read restored brackets and quotes as Chinese.
    if len(parentheses) == prose.count("(") + prose.count(")"):  # every one widened: in C
        view = prose.replace("(", "（").replace(")", "）")
    else:
        view = _widen(prose, parentheses)
    at = parentheses
    quotes: dict[int, str] = {}  # index: curly quote
    for mark, pair in (('"', "“”"), ("'", "‘’")):
        if mark in prose and pair[0] not in prose and pair[1] not in prose:
            where, curly = _quotes(view, mark, pair)
            view = put_marks(view, where, curly)
            at += where
            quotes.update(zip(where, curly))
    # The other marks are widened by their character alone.
    rest = _found(MARK, view, _mark_in_chinese)
    if "。" not in prose:
        rest += _found(PERIOD, view, _sentence_end)
    if "～" not in prose and "~" in view:
        rest += [m.start() for m in TILDE.finditer(view)
                 if _chinese(view[m.start() - 1 : m.start()]) or _chinese(view[m.end() : m.end() + 1])]
    at = sorted(at + rest)  # each kind of mark stands on its own characters: no index twice
    # Each mark's form from the tables (a character taken from a Chinese text is a new string).
    wide = [quotes.get(i) or FULL_WIDTH[prose[i]] for i in at]
    return at, wide, _widen(view, rest)


def _found(pattern: re.Pattern, view: str, judge: Callable[[str, int], bool]) -> list[int]:
    """Where `pattern` matches in `view`: each match taken, but one where its empty group
    matched only if `judge(view, index)` says so."""
    return [m.start() for m in pattern.finditer(view) if m.lastindex is None or judge(view, m.start())]


def _widen(text: str, at: list[int]) -> str:
    """`text` with the ASCII mark at each index of `at` made full-width, in a buffer of code
    points and in C: a folded notice has hundreds."""
    buffer = bytearray(text.encode(UTF32, "surrogatepass"))
    codes = repeat(memoryview(buffer).cast("I"))
    consume(map(setitem, codes, at, map(FULL_WIDTH_CODE.__getitem__, map(getitem, codes, at))))
    return buffer.decode(UTF32, "surrogatepass")


@cache  # keyed by one character (or none, at the text's ends): a few thousand at most
def _chinese(ch: str) -> bool:
    return CHINESE.match(ch) is not None


def _parentheses(prose: str) -> list[int]:
    """Where pairs (and strays) of ASCII parentheses stand with Chinese inside or beside
    them, in no order: each is widened by its character."""
    if "(" not in prose and ")" not in prose:
        return []
    # The innermost pairs first, in C: in most texts every pair is one.
    chinese = list(CHINESE_PAIR.finditer(prose))
    pairs = [*map(START, chinese), *map(sub, map(END, chinese), repeat(1))]
    parentheses = prose.count("(") + prose.count(")")
    if len(pairs) == parentheses:  # then they are the simple pairs too
        return pairs
    simple = list(SIMPLE_PAIR.finditer(prose))
    if 2 * len(simple) == parentheses:
        return pairs
    widened = set(pairs)
    inner = set(map(START, simple)) | set(map(sub, map(END, simple), repeat(1)))
    open_at: list[int] = []
    line_end = -1
    for m in PAREN.finditer(prose):
        i = m.start()
        if i in inner:
            continue
        if i > line_end:  # a new line: what opened in the last one and never closed
            _strays(prose, open_at, widened)
            open_at, line_end = [], _line_end(prose, i)
        if prose[i] == "(":
            open_at.append(i)
        elif open_at:
            _pair(prose, open_at.pop(), i, widened)
        elif _beside_chinese(prose, i):
            widened.add(i)
    _strays(prose, open_at, widened)
    return list(widened)


def _pair(prose: str, j: int, i: int, widened: set[int]) -> None:
    if CHINESE.search(prose, j + 1, i) or _chinese_before(prose, j) or _chinese(prose[i + 1 : i + 2]):
        widened.update((j, i))


def _strays(prose: str, at: list[int], widened: set[int]) -> None:
    widened.update(j for j in at if _beside_chinese(prose, j))


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


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end == -1 else end


def _quotes(view: str, mark: str, pair: str) -> tuple[list[int], list[str]]:
    """Straight quotes beside Chinese text, opening or closing by what stands around them
    (after a space or a comma it opens, before one it closes), else alternating in a line:
    their indices, in order, and their curly forms."""
    at: list[int] = []
    wide: list[str] = []
    opening, line_end = True, -1
    i = view.find(mark)
    while i != -1:
        before, after = view[i - 1 : i], view[i + 1 : i + 2]
        # a folded 。？！ not widened yet stands for the Chinese before it (更动.")
        if _chinese(before) or _chinese(after) or (before in FOLDED_MARKS and _chinese(view[i - 2 : i - 1])):
            if i > line_end:  # a line's first quote opens (one left alone before it changes nothing)
                opening, line_end = True, _line_end(view, i)
            if (before in OPENS_AFTER or not before) and after not in CLOSES_BEFORE:
                opening = True
            elif (after in CLOSES_BEFORE or not after) and before not in OPENS_AFTER:
                opening = False
            at.append(i)
            wide.append(pair[0] if opening else pair[1])
            opening = not opening
        i = view.find(mark, i + 1)
    return at, wide
