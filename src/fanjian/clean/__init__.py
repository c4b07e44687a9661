"""Page chrome out, metadata and block structure in: text or HTML to a `Notice`.

Text dumps are cleaned by line rules (position, length, punctuation, the phrase lists
in `clean.lines`); HTML pages by `clean.html`, which ends in the same rules.

Owns page chrome (by structure, line rules and site templates), metadata (title, source,
date, 文号, attachments, the page's address) and block structure. Imports only the shared
layers (`fanjian.zh`, `model`, `errors`, `data`) and trafilatura, lxml, htmldate.

>>> n = clean("羅湖區人民政府\\n通知標題\\n來源：區委 發布時間：2024年2月19日\\n打印本頁\\n正文第一段。")
>>> n.meta.site, n.meta.title, n.meta.source, n.meta.published
('羅湖區人民政府', '通知標題', '區委', '2024-02-19')
>>> [b.text for b in n.blocks], n.chrome[-1]
(['正文第一段。'], '打印本頁')
"""

from __future__ import annotations

import dataclasses

from fanjian.clean.edges import is_prompt, trim_article_end, trim_article_start
from fanjian.clean.lines import (
    DATE_RE,
    ChromeLog,
    closing_date,
    fill_meta,
    is_chrome,
    is_heading,
    parse_meta_line,
    sift,
)
from fanjian.errors import InputError
from fanjian.model import Block, Meta, Notice

# Larger inputs are refused rather than parsed: no notice is anywhere near this long.
MAX_CHARS = 20_000_000
HEADER_SCAN = 8


def clean(content: str, format: str = "text", template=None, url: str = "") -> Notice:
    """Text dump or HTML page to a Notice; every removed line kept in `chrome`, with its
    reason in `chrome_reasons`. `template`: the page's site template (`clean.template`,
    or its JSON form), whose blocks an HTML page loses. `url`: the page's own address as
    the user gives it; relative links resolve against it, not against what the page says
    (its <base>, canonical link or og:url, used when no `url` is given). Either is `meta.url`.

    Raises InputError for inputs that are too large, unparseable or have no body text.
    """
    if not isinstance(content, str):
        raise TypeError("clean() takes decoded text (str); decode bytes first with fanjian.decode")
    if len(content) > MAX_CHARS:
        raise InputError(f"input too large to clean: {len(content):,} characters (limit {MAX_CHARS:,})")
    if format == "html":
        from fanjian.clean.html import clean_html

        return clean_html(content, template, url)
    if format != "text":
        raise InputError(f"unknown input format {format!r}: expected 'text' or 'html'")
    notice = clean_text(content)
    return dataclasses.replace(notice, meta=dataclasses.replace(notice.meta, url=url)) if url else notice


def split_header(lines: list[str]) -> tuple[list[str], list[str]]:
    """A text dump's header: the lines before its metadata line, else its leading short lines."""
    for i, line in enumerate(lines[:HEADER_SCAN]):
        if parse_meta_line(line) is not None:
            return lines[:i], lines[i:]
    i = 0
    while i < min(3, len(lines) - 1) and is_heading(lines[i]):
        i += 1
    return lines[:i], lines[i:]


def clean_text(content: str) -> Notice:
    lines = [line.strip(" \t\u3000\ufeff") for line in content.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise InputError("no text found in the input")
    chrome = ChromeLog()
    fields: dict[str, str] = {}
    header, rest = split_header(lines)
    header = [line for line in header if not (is_chrome(line) and not chrome.append(line))
              and not (is_prompt(line) and not chrome.append(line, "a follow-us prompt at the start of the article"))]
    if header:
        fields["title"] = header[-1]
        if len(header) > 1:
            fields["site"] = header[0]
        chrome.extend(header[1:-1], "a header line between the site name and the title")  # lines between site and title: breadcrumbs, dates
    # The dump's end first: its footer's lines (ICP, 主办) stand together, chrome phrases among them.
    body, removed = trim_article_end([Block("paragraph", line) for line in rest], is_chrome,
                                     lambda line: parse_meta_line(line) is not None)
    body, opening = trim_article_start(sift(body, fields, chrome))
    for text, reason in opening + removed[::-1]:  # in the dump's order, after what sift took above them
        chrome.append(text, reason)
    if not body:
        raise InputError("no body text: the page is all navigation or chrome")
    # A short line over a date is the issuer's signature, not a subheading.
    signed = {i - 1 for i, b in enumerate(body) if DATE_RE.fullmatch(b.text.strip())}
    blocks = tuple(
        Block("heading", b.text, level=2) if is_heading(b.text) and i not in signed else b
        for i, b in enumerate(body)
    )
    meta = fill_meta(Meta(), fields)
    if not meta.published and (closing := closing_date(blocks)):
        meta = dataclasses.replace(meta, published=closing)
    return Notice(meta, blocks, tuple(chrome), "text", tuple(chrome.reasons))
