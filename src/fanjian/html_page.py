"""The page shell every output page shares: one builder, the stylesheet, a strict CSP.

Pages are built element by element with lxml, never copied from input markup, and
every string passes `xml_text`, so nothing from an input (a tag, a handler, a control
character lxml would refuse) can reach the output as anything but escaped text.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from .data import read_tsv

BASE_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans CJK TC","Noto Sans CJK HK",sans-serif;line-height:1.8;max-width:42em;margin:0 auto;padding:1em;color:#222;background:#fff}
h1{font-size:1.5em;line-height:1.4}h2{font-size:1.15em}h3{font-size:1em}
nav a,.links a{margin-right:1em}
.meta{color:#555;font-size:.9em}.meta span{margin-right:1em}
table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}td,th{border:1px solid #999;padding:.2em .5em}
figure{margin:1em 0}img{max-width:100%;height:auto}
a{color:#0645ad;word-break:break-all}
@media print{nav,.links{display:none}body{max-width:none;padding:0;font-size:11pt}a{color:inherit}a[href^="http"]::after{content:" (" attr(href) ")"}}
"""
# Characters XML 1.0 forbids; lxml refuses them, so they are dropped, not escaped.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
LABELS = {key: {"zh-Hans": hans, "zh-Hant": hant} for key, hans, hant in read_tsv("page_labels.tsv")}


def label(key: str, target: str = "zh-Hans") -> str:
    """The page's word for `key` in the script of `target`.

    >>> label("published", "zh-Hans"), label("published", "zh-Hant-TW")
    ('发布时间', '發布時間')
    """
    return LABELS[key]["zh-Hans" if target == "zh-Hans" else "zh-Hant"]


def xml_text(value) -> str:
    """Any value as text an HTML page can hold.

    >>> xml_text("a\\x00b\\x0bc")
    'abc'
    """
    return XML_FORBIDDEN.sub("", str(value))


def safe_href(href: str) -> str | None:
    """Only http(s) and relative links pass; anything a browser could read as a scheme is out.

    >>> safe_href("javascript:alert(1)"), safe_href("/a.pdf"), safe_href("https://x.cn/a")
    (None, '/a.pdf', 'https://x.cn/a')
    >>> safe_href("java\\tscript:alert(1)"), safe_href("//evil.example/x"), safe_href("data:text/html,x")
    (None, None, None)
    """
    href = (href or "").strip()
    if not href or any(ord(c) < 0x21 or c == "\\" for c in href):
        return None
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.netloc:
        return href
    if not parts.scheme and not href.startswith("//") and ":" not in href.split("/", 1)[0]:
        return href
    return None


def h(tag: str, *children, **attrs):
    """An element; str children and attribute values pass `xml_text`, None is left out.

    Attribute names use `_` for `-` and a trailing `_` for Python keywords (`class_`).
    """
    # A plain lxml element serialises as the lxml.html one does, without the per-node
    # class lookup lxml.html makes (a third of the time of building a page).
    el = etree.Element(tag.lower())
    for name, value in attrs.items():
        if value is not None:
            el.set(_attr_name(name), xml_text(value))
    if len(children) == 1 and type(children[0]) is str:  # the common case: one string
        el.text = XML_FORBIDDEN.sub("", children[0])
        return el
    last, text = None, []  # strings gather until the next element: one lxml write each
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            text.append(child)
            continue
        if text:
            _put_text(el, last, text)
            text = []
        el.append(child)
        last = child
    if text:
        _put_text(el, last, text)
    return el


def _put_text(el, last, text: list[str]) -> None:
    """Strings after `last` (or at the start of `el`) as its tail (or el's text)."""
    joined = xml_text("".join(text))
    if last is None:
        el.text = joined
    else:
        last.tail = joined


@lru_cache(maxsize=None)
def _attr_name(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def time_el(value: str):
    """<time datetime> for an ISO date; a plain span when the value is not one."""
    if ISO_DATE.fullmatch(value or ""):
        return h("time", value, datetime=value.replace(" ", "T"))
    return h("span", value)


def csp(css: str) -> str:
    """No scripts, frames, forms or plugins; only this page's own stylesheet, by hash."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src http: https:; "
            "base-uri 'none'; form-action 'none'")


def page(title: str, lang: str, body: list, css: str = BASE_CSS) -> bytes:
    """A standalone HTML5 document as UTF-8 bytes."""
    root = h(
        "html",
        h("head",
          h("meta", charset="utf-8"),
          h("meta", http_equiv="Content-Security-Policy", content=csp(css)),
          h("meta", name="referrer", content="no-referrer"),
          h("meta", name="viewport", content="width=device-width, initial-scale=1"),
          h("title", title),
          h("style", css)),
        h("body", *body),
        lang=lang,
    )
    return b"<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="utf-8") + b"\n"
