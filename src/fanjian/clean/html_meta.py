"""Metadata an HTML page declares: <meta> tags, <title>/<h1>, labelled strips such as
"来源：新华网 2024-05-09", and attachment links; htmldate as the last resort for dates.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from htmldate import find_date
from lxml import etree

from fanjian.clean.lines import LOOSE_LABEL_RE, find_labelled, normalise_date
from fanjian.data import read_lines
from fanjian.zh.script import simplified_view

ATTACHMENT_EXTENSIONS = frozenset(read_lines("attachment_extensions.txt"))
# Cheap gate before urlsplit: a document link holds ".ext" (once tabs and newlines, which
# urlsplit drops, are gone).
EXTENSION_SEEN = re.compile(r"\.(?:" + "|".join(map(re.escape, sorted(ATTACHMENT_EXTENSIONS))) + ")", re.I)
URL_DROPPED = str.maketrans("", "", "\t\r\n")
# <meta name|property> keys, most specific first.
TITLE_KEYS = ("articletitle", "og:title", "twitter:title")
SITE_KEYS = ("sitename", "og:site_name", "application-name")
DATE_KEYS = (
    "pubdate", "publishdate", "publish-date", "publishtime", "firstpublishedtime",
    "article:published_time", "og:release_date", "datepublished", "dc.date.issued",
    "dcterms.issued", "dc.date",
)
# "标题_栏目_网站名", "标题-网站名", "标题--栏目--网站名", "标题｜网站名"
TITLE_SEPARATORS = re.compile(r"\s*(?:--|_|\||｜|-|—|–)\s*")
STRIP_MAX = 160
NOT_CONTENT = ("script", "style", "noscript", "textarea", "select")
CHROME_REGION = re.compile(r"foot|header|\bnav|menu|copyright|banner", re.IGNORECASE)


def _meta_tags(tree: etree._Element) -> dict[str, str]:
    tags: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        value = " ".join((el.get("content") or "").split())
        if key and value:
            tags.setdefault(key, value)
    return tags


def _text(el: etree._Element | None) -> str:
    """Text of an element, its pieces (cells, spans) kept apart by a space."""
    return "" if el is None else " ".join(" ".join(el.itertext()).split())


def _first(tags: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((tags[k] for k in keys if tags.get(k)), "")


def labelled_strips(tree: etree._Element) -> dict[str, str]:
    """`label：value` facts from the short strips of page chrome around the article."""
    fields: dict[str, str] = {}
    for text, holder in _colon_texts(tree):
        if not LOOSE_LABEL_RE.search(simplified_view(text)):
            continue
        found = find_labelled(_strip(holder, text))
        if not found and holder.getparent() is not None:  # label and value in sibling cells
            found = find_labelled(_strip(holder.getparent(), text))
        for key, value in found.items():
            fields.setdefault(key, value)
    return fields


def _colon_texts(tree: etree._Element) -> list[tuple[str, etree._Element]]:
    """(text, element holding it) for each text or tail with a colon, outside scripts and
    styles, in page order: an element's text, its tail, then its children."""
    found = []
    for el in tree.iter(etree.Element):
        text, tail = el.text, el.tail
        if text and ("：" in text or ":" in text) and el.tag not in NOT_CONTENT:
            found.append((text, el))
        if tail and ("：" in tail or ":" in tail) and el.tag not in NOT_CONTENT:
            parent = el.getparent()
            if parent is not None:
                found.append((tail, parent))
    return found


def _strip(holder: etree._Element, text: str) -> str:
    strip = _text(holder)
    return strip if len(strip) <= STRIP_MAX else " ".join(text.split())


def page_title(tree: etree._Element, tags: dict[str, str]) -> tuple[str, str]:
    """(title, site) from the page head: meta tags, a single <h1>, then <title> parts."""
    head_title = _text(tree.find(".//title"))
    parts = [p for p in TITLE_SEPARATORS.split(head_title) if p]
    title = _first(tags, TITLE_KEYS)
    if not title:
        h1s = [t for t in (_text(h) for h in tree.iter("h1")) if t]
        title = next((h for h in h1s if h in head_title), h1s[0] if len(h1s) == 1 else "")
    if not title and parts:
        title = parts[0]
    site = _first(tags, SITE_KEYS) or (parts[-1] if len(parts) > 1 and parts[-1] not in title else "")
    return title, site


def page_meta(tree: etree._Element) -> dict[str, str]:
    """Facts about the notice from the page around it; labelled strips win over tags."""
    tags = _meta_tags(tree)
    fields = labelled_strips(tree)
    title, site = page_title(tree, tags)
    fields.update({k: v for k, v in (("title", title), ("site", site)) if v})
    if not fields.get("published"):
        published = normalise_date(_first(tags, DATE_KEYS)) or fields.get("written", "")
        if not published:
            found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
            published = normalise_date(found or "")
        if published:
            fields["published"] = published
    return fields


def is_attachment(href: str) -> bool:
    """A link to a document file rather than a page.

    >>> is_attachment("/files/通知.PDF"), is_attachment("https://x.cn/a.html"), is_attachment("a.xlsx?v=2")
    (True, False, True)
    """
    if not EXTENSION_SEEN.search(href if href.isprintable() else href.translate(URL_DROPPED)):
        return False
    path = urlsplit(href.strip()).path
    return "." in path.rsplit("/", 1)[-1] and path.rsplit(".", 1)[-1].lower() in ATTACHMENT_EXTENSIONS


def page_attachments(tree: etree._Element, base: str) -> list[dict]:
    """Document links labelled 附件 anywhere outside the page's header, nav and footer."""
    found = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not is_attachment(href) or _in_chrome_region(a):
            continue
        name = _text(a)
        parent = a.getparent()
        before = parent.getprevious() if parent is not None else None
        context = simplified_view(f"{name} {_text(parent)[:STRIP_MAX]} {_text(before)[:STRIP_MAX]}")
        if "附件" in context:
            found.append({"name": name or href.rsplit("/", 1)[-1], "href": urljoin(base, href)})
    return found


def _in_chrome_region(el: etree._Element) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("header", "footer", "nav") or CHROME_REGION.search(f"{anc.get('class', '')} {anc.get('id', '')}"):
            return True
    return False
