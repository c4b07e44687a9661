"""Metadata an HTML page declares: <meta> tags, <title>/<h1>, labelled strips such as
"来源：新华网 2024-05-09", and attachment links; htmldate as the last resort for dates.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from itertools import chain
from urllib.parse import urljoin

from htmldate import find_date
from lxml import etree

from fanjian.clean.attachments import is_attachment
from fanjian.clean.byline import byline, headline, json_ld, key, page_key, title_parts
from fanjian.clean.lines import LOOSE_LABEL_RE, find_labelled, may_have_label, normalise_date
from fanjian.zh.script import simplified_view

# <meta name|property> keys, most specific first.
TITLE_KEYS = ("articletitle", "og:title", "twitter:title")
SITE_KEYS = ("sitename", "og:site_name", "application-name")
DATE_KEYS = (
    "pubdate", "publishdate", "publish-date", "publishtime", "firstpublishedtime",
    "article:published_time", "og:release_date", "datepublished", "dc.date.issued",
    "dcterms.issued", "dc.date",
)
MODIFIED_KEYS = ("lastmod", "article:modified_time", "datemodified", "og:updated_time")
# Any other <meta> that names a date (a CMS's own: founder-date, PubDate), not an update's.
OTHER_DATE_KEY = re.compile(r"date|time")
NOT_PUBLISHED_KEY = re.compile(r"modif|updat|expir|lastmod|crawl|index|today|now")
# A publication time a page sets in its script (WeChat: var createTime = '2024-06-11 20:05',
# var ct = "1718107500"; other CMSs publish_time, pubDate).
SCRIPT_DATE = re.compile(r"""\b(?:create_?time|publish_?time|publish_?date|pub_?date|pub_?time)\s*[=:]\s*["']([^"']{8,25})["']""", re.I)
SCRIPT_EPOCH = re.compile(r"""\bvar\s+ct\s*=\s*["'](\d{10})["']""")
CHINA = dt.timezone(dt.timedelta(hours=8))
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
        for label, value in found.items():
            fields.setdefault(label, value)
    return fields


def _colon_texts(tree: etree._Element) -> list[tuple[str, etree._Element]]:
    """(text, element holding it) for each text or tail with a colon, outside scripts and
    styles, in page order: an element's text, its tail, then its children."""
    found = []
    for el in tree.iter(etree.Element):
        text, tail = el.text, el.tail
        if text and may_have_label(text) and el.tag not in NOT_CONTENT:
            found.append((text, el))
        if tail and may_have_label(tail) and el.tag not in NOT_CONTENT:
            parent = el.getparent()
            if parent is not None:
                found.append((tail, parent))
    return found


def _strip(holder: etree._Element, text: str) -> str:
    strip = _text(holder)
    return strip if len(strip) <= STRIP_MAX else " ".join(text.split())


def page_title(tree: etree._Element, tags: dict[str, str], article, extra: list[str]) -> tuple[str, etree._Element | None, str]:
    """(title, the headline's element or None, site) from the headline and the page head."""
    head_title = _text(tree.find(".//title"))
    titles = [t for t in (_first(tags, TITLE_KEYS), *extra, head_title) if t]
    body = tree.find(".//body")
    title, element = headline(body if body is not None else tree, article, titles)
    parts = title_parts(head_title)
    site = _first(tags, SITE_KEYS) or (parts[-1] if len(parts) > 1 and key(parts[-1]) not in key(title) else "")
    return title, element, site


OUTSIDE_LINE_MAX = 60  # characters of an element's text worth remembering outside the article
# Elements holding text of their own before and after an element (the preceding and following
# axes leave out its ancestors and its own elements).
_OWN_TEXT = f"[not(self::script or self::style)][text()[normalize-space()]][br or string-length() <= {2 * OUTSIDE_LINE_MAX}]"
BEFORE_FRAME, AFTER_FRAME = etree.XPath("preceding::*" + _OWN_TEXT), etree.XPath("following::*" + _OWN_TEXT)
_SHOWN_TEXT = "[not(parent::script or parent::style or ancestor::head)]"
TEXT_BEFORE_FRAME, TEXT_AFTER_FRAME = etree.XPath("preceding::text()" + _SHOWN_TEXT), etree.XPath("following::text()" + _SHOWN_TEXT)


def page_meta(tree: etree._Element, article: etree._Element | None = None,
              labelled: dict[str, str] | None = None) -> tuple[dict[str, str], etree._Element | None]:
    """Facts about the notice from the page around it: labelled strips first, then the
    byline strip under the headline, <meta> tags, JSON-LD, and htmldate for the date; and
    the headline's element (None when the title came from the page's head).
    `labelled`: the labelled strips, read before the chrome holding them was removed."""
    tags = _meta_tags(tree)
    fields = dict(labelled_strips(tree) if labelled is None else labelled)
    linked = json_ld(tree)
    title, element, site = page_title(tree, tags, article, [linked["headline"]] if "headline" in linked else [])
    fields.update({k: v for k, v in (("title", title), ("site", site)) if v})
    body = tree.find(".//body")
    strip = byline(body, element, normalise_date(_first(tags, MODIFIED_KEYS)), article) if body is not None else {}
    if strip.get("source") and not fields.get("source"):
        fields["source"] = strip["source"]
    if not fields.get("published"):
        published = (normalise_date(_first(tags, DATE_KEYS)) or fields.get("written", "") or linked.get("published", "")
                     or strip.get("published", ""))
        published = published or _other_meta_date(tags) or _script_date(tree)
        if not published:
            found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
            published = normalise_date(found or "")
        if published:
            fields["published"] = published
    return fields, element


class Outside:
    """The page's text on one side of the article's frame (see `outside_lines`)."""

    def __init__(self, lines: frozenset[str] = frozenset(), frame: etree._Element | None = None,
                 texts: etree.XPath | None = None):
        self.lines = lines  # the keys of its elements' whole texts (and <br> lines)
        self._frame, self._texts = frame, texts

    @cached_property
    def text(self) -> str:
        """The key of all its text, in page order (read only for a layout table's cells)."""
        return page_key(" ".join(self._texts(self._frame))) if self._frame is not None else ""

    def shows(self, text: str, whole: bool = True) -> bool:
        """Whether `text` stood there as an element's whole text or line, or, where it joins
        several elements (pieces apart by spaces: 您好，欢迎访问… 24小时服务热线：…) or is
        not `whole` (a layout table's cells, some removed since), each piece anywhere in it."""
        found = page_key(text)
        if not found or found in self.lines:
            return bool(found)
        pieces = [k for k in map(page_key, text.replace("|", " ").split()) if k]
        return (not whole or len(pieces) > 1) and all(k in self.text for k in pieces)


def outside_lines(headline: etree._Element | None, article: etree._Element | None) -> tuple[Outside, Outside]:
    """The page's text outside the article's frame (the smallest element holding the headline
    and `article`, the element the page's structure takes for the article), before it and
    after it: a header's, a side column's and a footer's lines. Only elements holding text
    of their own are read, and none whose text the frame also shows (a document number a
    metadata table above repeats); nothing at all when the frame is the page's body. Before
    is empty without a headline."""
    frame = article
    ancestors = set(headline.iterancestors()) if headline is not None else set()
    while headline is not None and frame is not None and frame is not headline and frame not in ancestors:
        frame = frame.getparent()
    if frame is None or frame.tag in ("body", "html") or frame.getparent() is None:
        return Outside(), Outside()
    shown = page_key(" ".join(frame.itertext()))
    sides = [Outside(frozenset(text for raw in chain.from_iterable(map(_texts, elements(frame)))
                               if len(raw) <= 2 * OUTSIDE_LINE_MAX and (text := page_key(raw))
                               and len(text) <= OUTSIDE_LINE_MAX and text not in shown),
                     frame, texts)
             for elements, texts in ((BEFORE_FRAME, TEXT_BEFORE_FRAME), (AFTER_FRAME, TEXT_AFTER_FRAME))]
    return (sides[0] if headline is not None else Outside()), sides[1]


def _texts(el: etree._Element) -> list[str]:
    """An element's whole text and, when a <br> breaks it into lines, each line."""
    whole = " ".join(el.itertext())
    if el.find("br") is None:
        return [whole]
    return [whole, el.text or "", *(child.tail or "" for child in el if child.tag == "br")]


def _other_meta_date(tags: dict[str, str]) -> str:
    for name, value in tags.items():
        if OTHER_DATE_KEY.search(name) and not NOT_PUBLISHED_KEY.search(name) and (date := normalise_date(value)):
            return date
    return ""


def _script_date(tree: etree._Element) -> str:
    """The publication time a page's script sets (SCRIPT_DATE, SCRIPT_EPOCH), as a date.

    >>> from lxml import html
    >>> _script_date(html.fromstring('<html><script>var ct = "1718107500"; var x = 1;</script></html>'))
    '2024-06-11'
    """
    for script in tree.iter("script"):
        code = script.text or ""
        if (found := SCRIPT_DATE.search(code)) and (date := normalise_date(found.group(1))):
            return date
        if found := SCRIPT_EPOCH.search(code):
            return dt.datetime.fromtimestamp(int(found.group(1)), CHINA).strftime("%Y-%m-%d")
    return ""


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
