"""Page chrome out, metadata and block structure in: text or HTML to a `Notice`.

Rules are written in Simplified and applied through `simplified_view`, so they match
either script; values are kept as the source wrote them.

>>> n = clean("羅湖區人民政府\\n通知標題\\n來源：區委 發布時間：2024年2月19日\\n打印本頁\\n正文第一段。")
>>> n.meta.site, n.meta.title, n.meta.source, n.meta.published
('羅湖區人民政府', '通知標題', '區委', '2024-02-19')
>>> [b.text for b in n.blocks], n.chrome[-1]
(['正文第一段。'], '打印本頁')
"""

from __future__ import annotations

import dataclasses
import re

from .data import read_lines, read_tsv
from .errors import InputError
from .model import Block, Meta, Notice
from .script import simplified_view

CHROME_PHRASES = read_lines("chrome_phrases.txt")
META_LABELS = dict(read_tsv("meta_labels.tsv"))
# Longest labels first so 发布时间 wins over 时间.
LABEL_RE = re.compile(
    "(" + "|".join(sorted(map(re.escape, META_LABELS), key=len, reverse=True)) + r")\s*[:：]\s*"
)
# A line holding any of these is prose, not a heading.
PROSE_MARKS = "。！？；，,;!?"
HEADING_MAX = 40
CHROME_LINE_MAX = 40


def normalise_date(value: str) -> str:
    """Dates as pages write them, to ISO 8601; "" when there is no date.

    >>> normalise_date("2024年2月19日 10:30"), normalise_date("2024/02/19"), normalise_date("无")
    ('2024-02-19', '2024-02-19', '')
    """
    m = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", value)
    if not m:
        return ""
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"


def parse_meta_line(line: str) -> dict[str, str] | None:
    """Fields of a line made only of `label：value` pairs, else None.

    >>> parse_meta_line("來源：羅湖區委宣傳部 發布時間：2024-02-19")
    {'source': '羅湖區委宣傳部', 'published': '2024-02-19'}
    """
    view = simplified_view(line)
    matches = list(LABEL_RE.finditer(view))
    if not matches or view[: matches[0].start()].strip(" 【[|"):
        return None
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end].strip(" 　|【】[]")
        field = META_LABELS[m.group(1)]
        if field == "published":
            value = normalise_date(value) or value
        fields.setdefault(field, value)
    return fields


def is_chrome(line: str) -> bool:
    view = simplified_view(line.strip())
    for phrase in CHROME_PHRASES:
        if view == phrase or (view.startswith(phrase) and len(view) <= CHROME_LINE_MAX):
            return True
    return False


def is_heading(line: str) -> bool:
    return len(line) <= HEADING_MAX and not any(p in line for p in PROSE_MARKS) and not line.endswith(("：", ":"))


def clean(content: str, format: str = "text") -> Notice:
    """Text dump or HTML page to a Notice; every removed line kept in `chrome`."""
    if format == "html":
        from .clean_html import html_to_lines

        lines, meta = html_to_lines(content)
        return _from_lines(lines, meta, "html")
    return _from_lines(content.splitlines(), Meta(), "text")


def split_header(lines: list[str]) -> tuple[list[str], list[str]]:
    """A text dump's header: the lines before its metadata line, else its leading short lines."""
    for i, line in enumerate(lines[:8]):
        if parse_meta_line(line) is not None:
            return lines[:i], lines[i:]
    i = 0
    while i < min(3, len(lines) - 1) and is_heading(lines[i]):
        i += 1
    return lines[:i], lines[i:]


def _from_lines(raw_lines: list[str], meta: Meta, format: str) -> Notice:
    lines = [line.strip(" \t\u3000\ufeff") for line in raw_lines]
    lines = [line for line in lines if line]
    if not lines:
        raise InputError("no text found in the input")
    chrome: list[str] = []
    fields: dict[str, str] = {}
    header, rest = split_header(lines) if format == "text" else ([], lines)
    header = [line for line in header if not (is_chrome(line) and not chrome.append(line))]
    if header:
        fields["title"] = header[-1]
        if len(header) > 1:
            fields["site"] = header[0]
    body: list[str] = []
    for line in rest:
        parsed = parse_meta_line(line)
        if parsed is not None:
            for key, value in parsed.items():
                fields.setdefault(key, value)
            chrome.append(line)
        elif is_chrome(line):
            chrome.append(line)
        else:
            body.append(line)
    if not body:
        raise InputError("no body text: the page is all navigation or chrome")
    blocks = tuple(
        Block("heading", line, level=2) if is_heading(line) else Block("paragraph", line)
        for line in body
    )
    known = {f.name for f in dataclasses.fields(Meta)}
    filled = {k: v for k, v in fields.items() if k in known and not getattr(meta, k)}
    return Notice(dataclasses.replace(meta, **filled), blocks, tuple(chrome), format)
