"""HTML pages to a `Notice`: guarded parse, trafilatura for the main content, then
the line rules of `clean_rules` on top.

The page is parsed once with lxml; page metadata is read from that tree by `clean_html_meta`,
then trafilatura extracts from it in its fast mode (`clean_extract`).
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from fanjian.clean.edges import trim_article_end, trim_article_start
from fanjian.clean.extract import extract_body
from fanjian.clean.html_meta import Outside, is_attachment, outside_lines, page_attachments, page_meta
from fanjian.clean.layout_tables import is_prose, layout_tables_as_blocks, swallowed
from fanjian.clean.lines import ChromeLog, closing_date, fill_meta, is_chrome, sift, table_text
from fanjian.clean.links import prune_links
from fanjian.clean.paragraphs import wrap_loose_text
from fanjian.clean.parse import parse_html
from fanjian.clean.structure import find_article, prune_boilerplate
from fanjian.clean.teasers import drop_teasers
from fanjian.clean.template import Template, apply_template
from fanjian.data import read_lines
from fanjian.errors import InputError
from fanjian.model import Block, Meta, Notice
from fanjian.zh.docnumbers import find as find_doc_numbers
from fanjian.zh.script import simplified_view

PAGE_ADDRESSES = etree.XPath("//base/@href | //link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
TEXT_KINDS = ("heading", "paragraph", "list_item")
HEADLINE_REACH = 12  # blocks looked at for the headline
ABOVE_LINE_MAX = 40  # characters of a line above it that may be a menu or side column
ABOVE_HEADLINE = "a line above the article's headline (a menu or side column)"
BELOW_ARTICLE = "a line after the article, below its frame on the page (a side column or footer)"


def _lines(el: etree._Element) -> list[str]:
    """Text of an element, split at its line breaks, trimmed, empty lines dropped."""
    if not len(el):  # most paragraphs: text alone
        return [s for s in (line.strip(" \t\r\u3000\xa0") for line in (el.text or "").split("\n")) if s]
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "graphic":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return [s for s in (line.strip(" \t\r\u3000\xa0") for line in "".join(parts).split("\n")) if s]


def _table(el: etree._Element, base: str = "") -> list[Block]:
    rows = [tuple(" ".join(_lines(cell)) for cell in row.iter("cell")) for row in el.iter("row")]
    rows = [row for row in rows if any(row)]
    if rows and max(map(len, rows)) == 1:  # a layout table: one column of text, paragraphs as shown
        return [b for cell in el.iter("cell") for b in _cell_blocks(cell, base)]
    return [Block("table", rows=tuple(rows))] if rows else []


CELL_BLOCKS = frozenset({"p", "head", "list", "table", "quote", "code", "graphic"})


def _cell_blocks(cell: etree._Element, base: str) -> list[Block]:
    """A layout cell's paragraphs: its <p> (and lists, headings) each, its loose text split at
    line breaks (a law whose articles are one <p> each stays one paragraph an article)."""
    out: list[Block] = []
    loose = [cell.text or ""]

    def flush() -> None:
        out.extend(Block("paragraph", line) for line in
                   (s.strip(" \t\r\u3000\xa0") for s in "".join(loose).split("\n")) if line)
        loose.clear()

    for child in cell:
        if child.tag in CELL_BLOCKS:
            flush()
            out.extend(body_blocks([child], base))
        elif child.tag == "lb":
            loose.append("\n")
        elif child.tag != "row":
            loose.append("".join(child.itertext()))
        loose.append(child.tail or "")
    flush()
    return out


def _inline(el: etree._Element, base: str) -> list[Block]:
    if not len(el) and el.tag != "graphic":  # callers never pass a ref: childless, it holds neither
        return []
    out = []
    for g in el.iter("graphic"):
        if g.get("src"):
            out.append(Block("image", (g.get("alt") or g.get("title") or "").strip(), href=urljoin(base, g.get("src"))))
    for ref in el.iter("ref"):
        href = urljoin(base, (ref.get("target") or "").strip())
        if is_attachment(href):
            out.append(Block("attachment", "".join(ref.itertext()).strip() or href.rsplit("/", 1)[-1], href=href))
    return out


def body_blocks(body: etree._Element, base: str = "") -> list[Block]:
    """trafilatura's tree to blocks in reading order."""
    blocks: list[Block] = []
    for el in body:
        tag = el.tag
        if tag == "head":
            level = int(el.get("rend", "h2")[1:] or 2) if re.fullmatch(r"h[1-6]", el.get("rend", "")) else 2
            blocks += [Block("heading", line, level=level) for line in _lines(el)]
        elif tag == "list":
            for item in el.iter("item"):
                blocks += [Block("list_item", line) for line in _lines(item)]
                blocks += _inline(item, base)
            continue
        elif tag == "table":
            blocks += _table(el, base)
            continue
        elif tag == "graphic":
            blocks += _inline(el, base)
            continue
        elif tag in ("p", "quote", "code", "ab"):
            blocks += [Block("paragraph", line) for line in _lines(el)]
        else:
            blocks += body_blocks(el, base)
            continue
        blocks += _inline(el, base)
    return blocks


def clean_html(page: str, template: Template | dict | None = None, url: str = "") -> Notice:
    """`url`: the page's address as the user gives it, which wins over what the page says."""
    tree = parse_html(page)
    if isinstance(template, dict):
        template = Template.from_json(template)
    # Everything read from the whole page first: the extraction prunes the tree it is given.
    base = url or meta_base(tree)
    page_links = page_attachments(tree, base)
    # Metadata first: the strips that show it are often chrome.
    found = find_article(tree)
    page_fields, headline_at = page_meta(tree, found[1])
    above, below = outside_lines(headline_at, found[1])
    chrome = _prepare(tree, found, template)
    body = extract_body(tree, lambda: _prepared_tree(page, template))
    if body is not None and swallowed(body):  # the article came out as a cell of a layout table
        tree = parse_html(page)
        chrome = _prepare(tree, None, template, layout_tables=True)
        body = extract_body(tree, lambda: _prepared_tree(page, template, layout_tables=True))
    if body is None:
        raise InputError("no main text found in the HTML page (empty, or all navigation)")
    for text, reason in prune_links(body):
        chrome.append(text, reason)
    fields: dict[str, str] = {}
    blocks, removed = trim_article_end(trim_page_chrome(sift(body_blocks(body, base), fields, chrome), chrome))
    blocks, opening = trim_article_start(blocks)
    for text, reason in opening + removed:
        chrome.append(text, reason)
    title = simplified_view(fields.get("title") or page_fields.get("title", ""))
    # The article's own headline repeats the title: it belongs to the metadata. Short lines
    # that are no prose all the way down to it, or lines above it that stood outside the
    # article's frame on the page (a header's widget, a side column's menu and phone numbers),
    # are not the article.
    lead = 0
    for i, block in enumerate(blocks[:HEADLINE_REACH]):
        if title and block.kind in ("heading", "paragraph") and simplified_view(block.text) == title:
            lead = i if i > 2 and _leading_run(blocks[:i], above) == i else _leading_run(blocks[:i], above, placed_only=True)
            del blocks[i]
            break
    else:  # the headline is no block (a table cell the extraction left out)
        lead = _leading_run(blocks, above, placed_only=True) if above.lines else 0
        lead = 0 if lead == len(blocks) else lead  # all of them: the page's order is not what it seems
    chrome.extend([_shown(b) for b in blocks[:lead] if _shown(b)], ABOVE_HEADLINE)
    del blocks[:lead]
    # Lines after the article that stood below its frame on the page (a side column's
    # schedule, a footer's phone numbers, an account's blurb).
    tail = len(blocks) - _leading_run(blocks[::-1], below, placed_only=True) if below.lines else len(blocks)
    tail = len(blocks) if tail == 0 else tail  # all of them: the page's order is not what it seems
    chrome.extend([_shown(b) for b in blocks[tail:] if _shown(b)], BELOW_ARTICLE)
    del blocks[tail:]
    if not any(b.rows or (b.kind in TEXT_KINDS and is_prose(b.text)) for b in blocks):
        raise InputError("no body text: the page is all navigation or chrome (no sentence, no table)")
    attachments = [{"name": b.text, "href": b.href} for b in blocks if b.kind == "attachment"]
    seen = {a["href"] for a in attachments}
    for extra in page_links:
        if extra["href"] not in seen:
            seen.add(extra["href"])
            attachments.append(extra)
            blocks.append(Block("attachment", extra["name"], href=extra["href"]))
    meta = dataclasses.replace(fill_meta(fill_meta(Meta(), fields), page_fields), url=base)
    if not meta.published and (closing := closing_date(blocks)):
        meta = dataclasses.replace(meta, published=closing)
    if attachments:
        meta = dataclasses.replace(meta, attachments=tuple(attachments))
    return Notice(meta, tuple(blocks), tuple(chrome), "html", tuple(chrome.reasons))


def _shown(block: Block) -> str:
    return table_text(block.rows) if block.kind == "table" else block.text


def _leading_run(blocks: list[Block], above: Outside, placed_only: bool = False) -> int:
    """How many blocks at the start are images and lines the page showed outside the article's
    frame (`above.shows` them: 今日天气：多云 26～34℃, a site's maintenance notice); unless
    `placed_only`, short lines (not tables) that are no prose at all count too (a menu's). A
    line with a document number stops the run; the run never ends on an image."""
    run = 0
    for n, b in enumerate(blocks):
        text = _shown(b) if b.kind in (*TEXT_KINDS, "table") else ""
        line = bool(text) and len(text) <= ABOVE_LINE_MAX
        if b.kind == "image":
            continue
        if text and find_doc_numbers(text):  # 某政办发〔2024〕5号 above a notice's title is the notice's
            break
        menu_line = line and not placed_only and b.kind != "table" and not is_prose(text)
        if menu_line or (text and above.shows(text, whole=b.kind != "table")):
            run = n + 1
            continue
        break
    else:
        return len(blocks)
    return run


def _prepared_tree(page: str, template: Template | None, layout_tables: bool = False) -> etree._Element:
    """A fresh tree of the page with the same chrome removed (for the extractor's slow retry)."""
    tree = parse_html(page)
    _prepare(tree, None, template, layout_tables)
    return tree


def _prepare(tree: etree._Element, found=None, template: Template | None = None, layout_tables: bool = False) -> ChromeLog:
    """Remove the site template's blocks, what the page's structure says is chrome, then
    related-story lists; with `layout_tables`, make the tables that lay out the page blocks."""
    chrome = ChromeLog()
    found = found or find_article(tree)
    if template is not None:
        for text, reason in apply_template(tree, template, found[1]):
            chrome.append(text, reason)
    for text, reason in prune_boilerplate(tree, found):
        chrome.append(text, reason)
    chrome.extend(drop_teasers(tree), "a related-story list (picture links to other pages)")
    if layout_tables:
        layout_tables_as_blocks(tree)
    _captions_as_paragraphs(tree)
    _cell_lists_as_paragraphs(tree)
    wrap_loose_text(tree)
    return chrome


def _cell_lists_as_paragraphs(tree: etree._Element) -> None:
    """trafilatura drops a list inside a table cell (a layout table's notice: its 旁聽安排
    items), so each item becomes a paragraph of the cell."""
    for cell in tree.iter("td", "th"):
        for holder in [el for el in cell.iter("ol", "ul") if el.find(".//li") is not None]:
            for li in list(holder.iter("li")):
                li.tag = "p"
            holder.tag = "div"


def _captions_as_paragraphs(tree: etree._Element) -> None:
    """A figure's caption is the article's text: trafilatura drops <figcaption>, so it
    becomes a paragraph after its figure."""
    for caption in list(tree.iter("figcaption")):
        figure = caption.getparent()
        if figure is None or not "".join(caption.itertext()).strip():
            continue
        figure.remove(caption)
        caption.tag, caption.tail = "p", figure.tail
        figure.tail = None
        figure.addnext(caption)


def meta_base(tree: etree._Element) -> str:
    """The page's own address (base, canonical or og:url), to resolve relative links."""
    first: dict[str, str] = {}  # the first value of each kind, in one walk of the tree
    for value in PAGE_ADDRESSES(tree):
        first.setdefault(value.getparent().tag, str(value).strip())
    for tag in ("base", "link", "meta"):
        if first.get(tag, "").startswith(("http://", "https://")):
            return first[tag]
    return ""


TAIL_MARKERS = frozenset(read_lines("chrome_tail_markers.txt"))
TAIL_LENGTHS = frozenset(map(len, TAIL_MARKERS))  # the view keeps lengths: others need no view
TAIL_BY_ENDS = {(m[:2], m[-2:]) for m in TAIL_MARKERS if len(m) >= 4}
TAIL_WIDENED = 2  # characters a marker may gain inside: 精彩推荐 -> 精彩视频推荐
HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def is_tail_marker(text: str) -> bool:
    """A related-content heading: one of the markers, or one widened inside by a word or
    two that keeps its two ends (精彩视频推荐, 热门图片推荐)."""
    if len(text) in TAIL_LENGTHS and simplified_view(text) in TAIL_MARKERS:
        return True
    if not 4 < len(text) <= max(TAIL_LENGTHS) + TAIL_WIDENED or not HAN_ONLY.fullmatch(text):
        return False
    view = simplified_view(text)
    return (view[:2], view[-2:]) in TAIL_BY_ENDS
ICON_WORDS = read_lines("chrome_image_words.txt")
NAV_ITEM_MAX = 8  # characters of a menu entry
NAV_RUN_MIN = 3  # consecutive short entries that make a menu
TAIL_AFTER = 0.5  # share of the article's text that must come before a tail marker


def is_icon(href: str) -> bool:
    """An image that is page furniture: share buttons, logos, QR codes.

    >>> is_icon("/img/2020wbc/imgs/icon_download_rmrb.png"), is_icon("./W020240513218438501588.jpg")
    (True, False)
    """
    name = urlsplit(href).path.lower()
    return any(word in name for word in ICON_WORDS)


def _is_nav_item(block: Block) -> bool:
    return block.kind == "list_item" and len(block.text) <= NAV_ITEM_MAX and not any(p in block.text for p in "。，；")


# A pager's blocks: page numbers, arrows and bars only (|<<1, 2, 3, >>|).
PAGER = re.compile(r"[\d\s|<>«»]+")
PAGER_ARROWS = frozenset("|<>«»")


def _drop_pagers(blocks: list[Block], chrome: list[str]) -> list[Block]:
    """Runs of two or more pager blocks, one of them with an arrow (digits alone may be data)."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind in TEXT_KINDS and PAGER.fullmatch(blocks[j].text):
            j += 1
        if j - i >= 2 and any(PAGER_ARROWS.intersection(b.text) for b in blocks[i:j]):
            chrome.extend((b.text for b in blocks[i:j]), "a pager (page numbers and arrows)")
            i = j
        else:
            out.append(blocks[i])
            i += 1
    return out


def trim_page_chrome(blocks: list[Block], chrome: list[str]) -> list[Block]:
    """Page furniture trafilatura kept: icons, menus, pagers, and the related-links tail."""
    kept: list[Block] = []
    for block in _drop_pagers(blocks, chrome):
        if block.kind == "image" and (is_icon(block.href) or (block.text and is_chrome(block.text))):
            chrome.append(f"[image] {block.text} {block.href}".replace("  ", " "), "an icon (logo, share button, QR code)")
        else:
            kept.append(block)
    # Runs of short list items are menus (channel bars, reaction buttons).
    out: list[Block] = []
    i = 0
    while i < len(kept):
        j = i
        while j < len(kept) and (_is_nav_item(kept[j]) or (j > i and kept[j].kind == "image")):
            j += 1
        if j - i >= NAV_RUN_MIN and sum(_is_nav_item(b) for b in kept[i:j]) >= NAV_RUN_MIN:
            chrome.extend((b.text or b.href for b in kept[i:j]), "a run of short list items (a menu)")
            i = j
        else:
            out.append(kept[i])
            i += 1
    total = sum(len(b.text) for b in out) or 1
    seen = 0
    for i, block in enumerate(out):
        if seen / total >= TAIL_AFTER and is_tail_marker(block.text):
            chrome.extend((b.text or b.href for b in out[i:]), "after a related-content heading at the article's end")
            return out[:i]
        seen += len(block.text)
    return out
