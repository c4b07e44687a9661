"""Files a publisher can use: HTML and plain text per rendition, the JSON bundle.

HTML is built element by element from the notice's blocks (see `html_page`), never
copied from input markup, so nothing from the input page (scripts, handlers, frames,
forms, styles) can reach it. The review page is in `review`, the index in `index`.

Owns every output's bytes and the bundle's schema (`data/bundle-1.json`); writes no file
(`fanjian.store` does). Imports only the shared layers (`fanjian.zh`, `model`, `errors`,
`data`, `settings`, `rules`).

>>> from fanjian.model import Block, Meta, Rendition
>>> r = Rendition("zh-Hans", "none", Meta(title="通知", published="2024-02-19"),
...               (Block("paragraph", "第一段。"), Block("list_item", "甲"), Block("list_item", "乙"),
...                Block("table", rows=(("名称", "数量"), ("甲", "1")))))
>>> render_text(r).decode().split("\\n")
['通知', '发布时间：2024-02-19', '', '第一段。', '', '甲', '乙', '', '名称\\t数量', '甲\\t1', '']
"""

from __future__ import annotations

import json
import math
import re
from itertools import groupby
from urllib.parse import urlsplit

import numpy as np
import orjson

from fanjian.emit.html import BASE_CSS, Markup, around, fill, h, label, page, safe_href, shape, time_el, xml_text
from fanjian.emit.index import render_index
from fanjian.emit.review import render_review
from fanjian.emit.schema import validate_bundle
from fanjian.model import Block, Meta, Rendition

SCHEMA = "fanjian.bundle/1"
META_FIELDS = ("source", "published", "doc_number", "author")
CELL_BREAK = re.compile(r"[\t\r\n]+")
BLANK_LINES = re.compile(r"\r\n?|\n\s*\n")

__all__ = ["SCHEMA", "render_bundle", "render_html", "render_index", "render_review", "render_text", "safe_href"]


def absolute_href(href: str) -> str | None:
    """A link a reader can follow from wherever the page is served: an absolute http(s)
    address (clean resolves a page's links against its own address). A relative one,
    which would point nowhere, is None: the link is shown as text (check reports it)."""
    href = safe_href(href) if href else None
    return href if href and urlsplit(href).scheme in ("http", "https") else None


def _heading_tag(block: Block) -> str:
    return "h3" if block.level >= 3 else "h2"


def block_element(block: Block):
    if block.kind == "heading":
        return h(_heading_tag(block), block.text)
    if block.kind == "table":
        return h("table", h("tbody", *[h("tr", *[h("td", cell) for cell in row]) for row in block.rows]))
    href = absolute_href(block.href)
    if block.kind == "image" and href:
        return h("figure", h("img", src=href, alt=block.text, loading="lazy"),
                 h("figcaption", block.text) if block.text else None)
    if block.kind in ("attachment", "image") and href:
        return h("p", h("a", block.text or href, href=href, rel="noopener noreferrer"))
    return h("p", block.text)


# The elements of a block that is its text alone, as `fill` formats.
_TEXT_FORMATS = {"paragraph": "%s".join(around("p")), "list_item": "%s".join(around("li")),
                 "h2": "%s".join(around("h2")), "h3": "%s".join(around("h3"))}
_LIST_START, _LIST_END = around("ul")


def body_elements(blocks) -> Markup:
    """Blocks in order; consecutive list items become one <ul>. Written by one `fill`:
    a block that is its text alone (most are) is a slot in its element."""
    fmt: list[str] = []
    texts: list[str] = []
    in_list = False
    for b in blocks:
        kind, text = b.kind, b.text
        if (kind == "list_item") != in_list:
            in_list = not in_list
            fmt.append(_LIST_START if in_list else _LIST_END)
        if type(text) is not str:
            fmt.append(shape(h("li", text) if in_list else block_element(b)))
        elif kind == "paragraph" or kind == "list_item":
            fmt.append(_TEXT_FORMATS[kind])
            texts.append(text)
        elif kind == "heading":
            fmt.append(_TEXT_FORMATS[_heading_tag(b)])
            texts.append(text)
        else:
            fmt.append(shape(block_element(b)))
    if in_list:
        fmt.append(_LIST_END)
    return fill("".join(fmt), texts)


def meta_line(meta: Meta, target: str):
    parts = []
    for field in META_FIELDS:
        value = getattr(meta, field)
        if value:
            shown = time_el(value) if field == "published" else value
            parts.append(h("span", label(field, target) + "：", shown, class_=field.replace("_", "-")))
    return h("p", *parts, class_="meta") if parts else None


def unplaced_attachments(rendition: Rendition) -> list[dict]:
    """Attachments the body does not already link in place (clean keeps both forms)."""
    placed = {b.href for b in rendition.blocks if b.kind == "attachment" and b.href}
    return [a for a in rendition.meta.attachments if not a.get("href") or a["href"] not in placed]


def attachment_list(rendition: Rendition, target: str):
    items = []
    for item in unplaced_attachments(rendition):
        name, href = item.get("name", ""), absolute_href(item.get("href", ""))
        if href:
            items.append(h("li", h("a", name or href, href=href, rel="noopener noreferrer")))
        elif name:
            items.append(h("li", name))
    if not items:
        return None
    return h("section", h("h2", label("attachments", target)), h("ul", *items), class_="attachments")


HELD_CSS = BASE_CSS + ".held-banner{border:3px solid #a00;background:#fee;color:#a00;font-weight:bold;padding:.5em 1em}\n"


def render_html(rendition: Rendition, others: list[str], held: bool = False) -> bytes:
    """One rendition as a standalone, safe HTML5 page linking its sibling renditions.
    `held`: not for publication: a banner says so and search engines are asked not to index it."""
    meta, target = rendition.meta, rendition.target
    # Each sibling is named in its own script, as language switchers do.
    nav = h("nav", *[h("a", label(o, o), href=f"{o}.html", hreflang=o, lang=o) for o in others],
            class_="links") if others else None
    heading = [h("h1", meta.title) if meta.title else None, meta_line(meta, target)]
    article = h(
        "article",
        h("header", *heading) if any(x is not None for x in heading) else None,
        body_elements(rendition.blocks),
        attachment_list(rendition, target),
    )
    if held:
        banner = h("p", label("held-banner", target), class_="held-banner", role="alert", title="Held: not for publication")
        return page(meta.title or meta.site or target, target, [banner, nav, article], HELD_CSS, noindex=True)
    return page(meta.title or meta.site or target, target, [nav, article])


def _text_block(block: Block) -> str:
    if block.kind == "table":
        return "\n".join("\t".join(CELL_BREAK.sub(" ", c) for c in row) for row in block.rows)
    text = block.text
    if "\n" in text or "\r" in text:  # where the pattern can match: most blocks are one line
        text = BLANK_LINES.sub("\n", text)
    href = absolute_href(block.href)
    return f"{text} <{href}>" if href else text


def render_text(rendition: Rendition) -> bytes:
    """Title, metadata lines, blank-line separated blocks (a list is one block, an item a
    line); tables as tab-separated rows. UTF-8 with \\n line ends."""
    meta, target = rendition.meta, rendition.target
    head = [meta.title] if meta.title else []
    head += [f"{label(f, target)}：{getattr(meta, f)}" for f in META_FIELDS if getattr(meta, f)]
    parts = ["\n".join(head)] if head else []
    for is_item, run in groupby(rendition.blocks, key=lambda b: b.kind == "list_item"):
        if is_item:
            parts.append("\n".join(_text_block(b) for b in run))
        else:
            parts += [_text_block(b) for b in run]
    attachments = [f"{a.get('name', '')} <{href}>" if (href := absolute_href(a.get("href", ""))) else a.get("name", "")
                   for a in unplaced_attachments(rendition)]
    if any(attachments):
        parts.append("\n".join([label("attachments", target) + "："] + [a for a in attachments if a]))
    return xml_text("\n\n".join(p for p in parts if p) + "\n").encode("utf-8")


def render_bundle(bundle: dict) -> bytes:
    """The bundle as UTF-8 JSON, after checking it against `fanjian/data/bundle-1.json`."""
    validate_bundle(bundle)
    # The one null the schema allows (an undeclared charset); a NaN would add another.
    nulls = 1 if bundle["decoding"]["declared"] is None else 0
    return _json_indent2(bundle, nulls) + b"\n"


def _json_indent2(value, nulls: int = 0) -> bytes:
    """`json.dumps(value, ensure_ascii=False, indent=2)` in UTF-8, byte for byte, through
    orjson's C encoder (the stdlib's is pure Python when indenting). Where orjson would
    write otherwise (small floats, NaN, keys that are not strings, huge ints, lone
    surrogates) the stdlib writes it. `nulls`: how many nulls the caller knows `value` holds."""
    try:
        out = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except (TypeError, ValueError):
        out = None
    # Floats under 1e-4 are spelled 0.00005 / 1e-7 by orjson, 5e-05 / 1e-07 by json.dumps:
    # any text that may hold one (a false alarm costs only time) goes the stdlib's way.
    if out is None or _may_hold_small_float(out) or (_nulls(out) > nulls and _has_nan(value)):
        return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")
    return out


# "null" and ".000" are searched as four-byte words in numpy, in each of the four alignments
# of the output: a `bytes` search for a needle that common goes nearly byte by byte.
_NULL, _DOT_000 = (int.from_bytes(word, "little") for word in (b"null", b".000"))


def _words(out: bytes, size: int):
    return [np.frombuffer(out, f"<u{size}", (len(out) - at) // size, at) for at in range(min(size, len(out) + 1))]


def _may_hold_small_float(out: bytes) -> bool:
    if any((words == _DOT_000).any() for words in _words(out, 4)) and b"0.0000" in out:
        return True
    return _has_exponent(out)


def _has_exponent(out: bytes) -> bool:
    """orjson's negative exponent: a digit before "e-" (1e-7), not words such as "byte-shift".
    Each "e-" is looked at (a regex for the three bytes walks the output a character at a time)."""
    at = out.find(b"e-", 1)
    while at != -1:
        if 0x30 <= out[at - 1] <= 0x39:
            return True
        at = out.find(b"e-", at + 2)
    return False


def _nulls(out: bytes) -> int:
    """`out.count(b"null")` (the word cannot overlap itself)."""
    return sum(int(np.count_nonzero(words == _NULL)) for words in _words(out, 4))


def _has_nan(value) -> bool:
    """NaN and infinities, which orjson writes as null and json.dumps as NaN/Infinity.

    Walks containers only: a string (most values) costs one type test, never a push.
    """
    stack = [(value,)]
    while stack:
        for item in stack.pop():
            kind = type(item)
            if kind is str:
                continue
            if kind is dict:
                stack.append(item.values())
            elif kind is list or kind is tuple:
                stack.append(item)
            elif kind is float:
                if item - item != 0:  # nan - nan and inf - inf are both nan
                    return True
            elif isinstance(item, dict):
                stack.append(item.values())
            elif isinstance(item, (list, tuple)):
                stack.append(item)
            elif isinstance(item, float) and not math.isfinite(item):
                return True
    return False
