"""Line rules shared by text dumps and HTML: chrome phrases, metadata labels, dates.

Rules are written in Simplified and applied through `simplified_view`, so they match
either script; values are kept as the source wrote them.
"""

from __future__ import annotations

import dataclasses
import re

from fanjian.data import read_lines, read_tsv
from fanjian.model import Block, Meta
from fanjian.zh.script import simplified_view

CHROME_PHRASES = read_lines("chrome_phrases.txt")
CHROME_SET = frozenset(CHROME_PHRASES)
# Short phrases (打印, 返回) only as whole lines; longer ones and "label：" also as prefixes.
CHROME_PREFIXES = tuple(p for p in CHROME_PHRASES if len(p) >= 4 or not "\u4e00" <= p[-1] <= "\u9fff")
META_LABELS = dict(read_tsv("meta_labels.tsv"))
# Longest labels first so 发布时间 wins over 时间.
_LABELS = "|".join(sorted(map(re.escape, META_LABELS), key=len, reverse=True))
# A label ends in a colon, or in a bar between spaces as official accounts write it (来源 | 某局).
LABEL_ENDS = frozenset(":：|｜")
_LABEL_END = r"(?:\s*[:：]\s*|\s+[|｜]\s*|\s*｜\s*)"
LABEL_RE = re.compile(r"(" + _LABELS + r")" + _LABEL_END)
# A label anywhere in a short line, for metadata strips such as "2024-05-09 来源：新华网".
LOOSE_LABEL_RE = re.compile(r"(?<![\u4e00-\u9fff])(" + _LABELS + r")" + _LABEL_END)
# A page asking for feedback on itself: 本页信息对您是否有帮助？ 您对本次办理结果是否满意？
FEEDBACK_ABOUT = re.compile(r"本页|此页|页面|本站|本网|本文|本条|本次|这篇|本篇|文章")
FEEDBACK_ASKS = re.compile(r"帮助|满意|有用")
DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?")
# A line holding any of these is prose, not a heading.
PROSE_MARKS = "。！？；，,;!?"
SENTENCE_ENDS = "。！？"
PROSE_MARK_SET, SENTENCE_END_SET = frozenset(PROSE_MARKS), frozenset(SENTENCE_ENDS)
# A listing's date stamp ("2024-05-24 13:48"); a notice's own date is written 2024年3月1日.
DATE_ONLY = re.compile(r"[\s(（\[]*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[\s\d:：)）\]]*")
HEADING_MAX = 40
CHROME_LINE_MAX = 60
# No line longer than this (trailing colons aside) can be chrome: it is neither a phrase
# nor short enough to start with one.
CHROME_REACH = max(CHROME_LINE_MAX, *map(len, CHROME_PHRASES))
HAN = re.compile(r"[\u4e00-\u9fff]")
VALUE_STRIP = " \t\u3000|｜【】[]()（）"
SIFTED = ("paragraph", "heading", "list_item")
SIFT_MAX = 200  # characters: longer lines are text, whatever they start with
META_FIELDS = {f.name for f in dataclasses.fields(Meta)}


class ChromeLog(list):
    """The removed lines, in order, each with the reason it was judged chrome (`reasons`)."""

    def __init__(self, texts=(), reason: str = ""):
        super().__init__()
        self.reasons: list[str] = []
        self.extend(texts, reason)

    def append(self, text: str, reason: str = "a page-chrome phrase") -> None:
        super().append(text)
        self.reasons.append(reason)

    def extend(self, texts, reason: str = "a page-chrome phrase") -> None:
        for text in texts:
            self.append(text, reason)


def normalise_date(value: str) -> str:
    """Dates as pages write them, to ISO 8601; "" when there is no date.

    >>> normalise_date("2024年2月19日 10:30"), normalise_date("2024/02/19"), normalise_date("无")
    ('2024-02-19', '2024-02-19', '')
    >>> normalise_date("2024-13-40")
    ''
    """
    m = DATE_RE.search(value)
    if not m:
        return ""
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


# A line that is only a date, as a notice closes with one: its signing or release date,
# a weekday and a time of day may follow (2024年5月14日（星期二）, 2024年5月14日 15:30).
CLOSING_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:[(（](?:星期|週|周)[一二三四五六日天][)）])?\s*(?:\d{1,2}[:：]\d{2})?")
CLOSING_LINES = 3  # text blocks looked at from the end


def closing_date(blocks) -> str:
    """The date a notice closes with, among its last few text blocks (ISO 8601), or "".

    >>> from fanjian.model import Block
    >>> closing_date([Block("paragraph", "正文。"), Block("paragraph", "完"),
    ...               Block("paragraph", "2024年5月14日（星期二）"), Block("paragraph", "香港時間15時30分")])
    '2024-05-14'
    >>> closing_date([Block("paragraph", "会议定于2024年5月14日召开。")])
    ''
    """
    texts = [b.text.strip() for b in blocks if b.kind in ("paragraph", "heading")][-CLOSING_LINES:]
    for text in reversed(texts):
        if CLOSING_DATE.fullmatch(text):
            return normalise_date(text)
    return ""


def _fields(line: str, matches: list[re.Match]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end]
        value = re.split(r"\s{2,}|\u3000", value.strip(VALUE_STRIP))[0].strip(VALUE_STRIP)
        field = META_LABELS[m.group(1)]
        if field in ("published", "written"):
            value = normalise_date(value)
        elif field == "source" and " " in value and HAN.search(value.split()[0]):
            value = value.split()[0]  # what follows is another field: a place, a "举报" link
        if value:
            fields.setdefault(field, value)
    return fields


def views(texts: list[str]) -> list[str]:
    """Simplified views of many texts from one call: the view maps each character alone.

    >>> views(["來源：區委", "", "發布"])
    ['来源：区委', '', '发布']
    """
    whole = simplified_view("".join(texts))
    out, pos = [], 0
    for text in texts:
        out.append(whole[pos : pos + len(text)])
        pos += len(text)
    return out


def may_have_label(text: str) -> bool:
    """Whether `text` holds what ends a label (a colon, or a bar)."""
    return not LABEL_ENDS.isdisjoint(text)


def parse_meta_line(line: str, view: str | None = None) -> dict[str, str] | None:
    """Fields of a line made only of `label：value` pairs, else None (`view`: its simplified view).

    >>> parse_meta_line("來源：羅湖區委宣傳部 發布時間：2024-02-19")
    {'source': '羅湖區委宣傳部', 'published': '2024-02-19'}
    >>> parse_meta_line("【責任編輯：王小明】"), parse_meta_line("正文提到来源：某处。")
    ({'editor': '王小明'}, None)
    >>> parse_meta_line("记者：您好！合作社是怎么办起来的？")  # an interview's question
    """
    if not may_have_label(line):
        return None
    view = simplified_view(line) if view is None else view
    matches = list(LABEL_RE.finditer(view))
    if not matches or view[: matches[0].start()].strip(VALUE_STRIP):
        return None
    if SENTENCE_END_SET.intersection(line[matches[0].end():]):
        return None  # a speaker's words (记者：您好！…), not a value: no value holds a sentence
    fields = _fields(line, matches)
    if not fields and ":" not in line and "：" not in line:
        return None  # bars that read nothing (时间 | 地点 | 负责人) are a table's text
    return fields


def find_labelled(line: str) -> dict[str, str]:
    """Labelled values anywhere in a short strip of page chrome.

    >>> find_labelled("2024-05-13 06:03  来源：中国青年报  作者：张三")
    {'source': '中国青年报', 'author': '张三'}
    """
    view = simplified_view(line)
    return _fields(line, list(LOOSE_LABEL_RE.finditer(view)))


def is_chrome(line: str, view: str | None = None) -> bool:
    """A line that is a chrome phrase, or starts with one and stays short, not a sentence
    (`view`: the line's simplified view, when the caller has it).

    >>> is_chrome("掃一掃在手機上打開當前頁"), is_chrome("當前位置：首頁 > 新聞"), is_chrome("2024-05-13 13:48")
    (True, True, True)
    >>> is_chrome("打印机采购公告"), is_chrome("分享到朋友圈的内容要真实。")
    (False, False)
    >>> is_chrome("本頁資訊對您是否有幫助？"), is_chrome("这篇文章对您有帮助吗？"), is_chrome("您对这次改造满意吗？")
    (True, True, False)
    """
    return may_be_chrome(line) and _chrome_view(simplified_view(line) if view is None else view)


def _chrome_view(view: str) -> bool:
    """`is_chrome` on the simplified view of a line that `may_be_chrome`."""
    view = view.strip(" \t\u3000").lower()
    if view in CHROME_SET or view.rstrip("：: ") in CHROME_SET:
        return True
    if view.endswith(("？", "?")) and FEEDBACK_ABOUT.search(view) and FEEDBACK_ASKS.search(view):
        return True  # the page asks what the reader thought of it
    if len(view) > CHROME_LINE_MAX or not SENTENCE_END_SET.isdisjoint(view):
        return False
    if DATE_ONLY.fullmatch(view) or not any(ch.isalnum() for ch in view):
        return True  # a bare date stamp of a listing, or only punctuation and symbols
    return view.startswith(CHROME_PREFIXES)


def may_be_chrome(line: str) -> bool:
    """Short enough for `is_chrome` to look at (it needs the simplified view only then)."""
    return len(line.strip(" \t\u3000").rstrip("：: ")) <= CHROME_REACH


def is_heading(line: str) -> bool:
    """A short line without sentence punctuation, not a lead-in ending in a colon, not a date."""
    return (
        len(line) <= HEADING_MAX
        and PROSE_MARK_SET.isdisjoint(line)
        and not line.endswith(("：", ":"))
        and not DATE_RE.search(line)
    )


LABEL_CELL = re.compile(r"\s*([^：:]{1,8}?)\s*[：:]\s*")
LABEL_CELLS_MIN = 3
CAPTION_MAX = 12  # characters of a metadata table's caption row


def table_text(rows) -> str:
    """A table's cells as one line, as a chrome record shows it."""
    return " ".join(map(" ".join, rows))


def metadata_table(rows) -> dict[str, str] | None:
    """The fields of a 政务公开 metadata table (label cells ending in a colon, each before
    its value: 索 引 号： | 11360700MB…, or a label and its value in one cell; a caption row
    first), or None for any other table.

    >>> metadata_table([("索 引 号：", "113607/2024-00311", "主题分类：", "城乡建设"),
    ...                 ("发文机关：", "某市政府办公室", "发布日期：", "2024-04-08")])
    {'index_number': '113607/2024-00311', 'publisher': '某市政府办公室', 'published': '2024-04-08'}
    >>> metadata_table([("信息索引表",), ("索引号：", "113607/2024-00311", "发文字号：", "某政〔2024〕3号"),
    ...                 ("成文日期：", "2024-07-01", "发布日期：2024-07-05")])["published"]
    '2024-07-05'
    >>> metadata_table([("单位", "人数"), ("第一街道", "120")]) is None
    True
    """
    fields: dict[str, str] = {}
    labels = 0
    for n, row in enumerate(rows):
        cells = [c for c in row if c.strip()]
        if n == 0 and len(cells) == 1 and not LABEL_CELL.match(cells[0]) and len(cells[0]) <= CAPTION_MAX:
            continue  # the table's caption row (信息索引表)
        k = 0
        while k < len(cells):
            found = LABEL_CELL.fullmatch(cells[k])
            if found is not None and k + 1 < len(cells):  # a label cell, its value in the next
                pair, k = (found.group(1), cells[k + 1]), k + 2
            elif (found := LABEL_CELL.match(cells[k])) is not None and cells[k][found.end():].strip():
                pair, k = (found.group(1), cells[k][found.end():]), k + 1  # one cell (发布日期：2024-07-05)
            elif found is not None:
                k += 1  # a label left without a value at the row's end
                continue
            else:
                return None
            labels += 1
            parsed = parse_meta_line("".join(pair[0].split()) + "：" + pair[1].strip())
            for key, got in (parsed or {}).items():
                if key != "-":  # a label that is read and ignored (主题分类)
                    fields.setdefault(key, got)
    return fields if labels >= LABEL_CELLS_MIN and fields else None


def sift(blocks: list[Block], fields: dict[str, str], chrome: list[str]) -> list[Block]:
    """Blocks minus metadata and chrome lines; facts go to `fields`, lines to `chrome`."""
    blocks = _join_broken_labels(blocks)
    kept = []
    # Which rules a line needs (labels need a colon, chrome a short line), then the views
    # of just those lines, from one call.
    needs = [(may_have_label(b.text), may_be_chrome(b.text))
             if b.kind in SIFTED and len(b.text) <= SIFT_MAX else (False, False) for b in blocks]
    looked = [b.text for b, (colon, short) in zip(blocks, needs) if colon or short]
    view_of = dict(zip(looked, views(looked)))
    for block, (colon, short) in zip(blocks, needs):
        if block.kind == "table" and (table_fields := metadata_table(block.rows)) is not None:
            for key, value in table_fields.items():
                fields.setdefault(key, value)
            chrome.append(table_text(block.rows), "a metadata table (label: value), read into the metadata")
            continue
        if colon:
            parsed = parse_meta_line(block.text, view_of[block.text])
            if parsed is not None:
                for key, value in parsed.items():
                    fields.setdefault(key, value)
                chrome.append(block.text, "a metadata line (label: value), read into the metadata")
                continue
        if short and _chrome_view(view_of[block.text]):
            chrome.append(block.text, "a page-chrome phrase or a bare date stamp")
            continue
        kept.append(block)
    return kept


LABEL_AT_END = re.compile(r"[:：]\s*$")
VALUE_LINE_MAX = 20  # characters of a value a line break put on a line of its own


def _join_broken_labels(blocks: list[Block]) -> list[Block]:
    """A metadata line broken after its last label ("[作者: 刘满仓 责任编辑:" / "杨丹宇 ]")
    joined with the value on the next line."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (prev is not None and block.kind == "paragraph" and prev.kind == "paragraph"
                and len(block.text) <= VALUE_LINE_MAX and LABEL_AT_END.search(prev.text)
                and parse_meta_line(prev.text.rstrip() + " " + block.text) is not None
                and LABEL_RE.search(simplified_view(prev.text[-8:]))):
            out[-1] = Block("paragraph", prev.text.rstrip() + " " + block.text)
            continue
        out.append(block)
    return out


def fill_meta(meta: Meta, fields: dict[str, str]) -> Meta:
    """`meta` with its empty fields taken from `fields`."""
    if fields.get("written") and not fields.get("published"):
        fields = {**fields, "published": fields["written"]}  # the signing date, failing better
    filled = {k: v for k, v in fields.items() if k in META_FIELDS and not getattr(meta, k)}
    return dataclasses.replace(meta, **filled)
