"""The article's headline and byline strip, found by their place on the page.

Headline: among the page's heading elements (h1-h6, and elements whose class or id says
title), the longest one whose text the page's <title>, og:title or JSON-LD headline holds
(the visible headline wins over the <title>, which adds the site name); failing that, the
page's one h1 if it is exactly the <title>'s first part, however short (夜雨); failing
that, the last heading before the article's text; failing that, the longest part of the
<title>.

Byline: the short strip after the headline that shows a date ("2024-05-09 10:30 · 新华社",
"本文来源于 国家统计局 2024-05-11"): its date is the publication date, and its source is
the name after a source label, else the one its class names (source, media, from), else
its one linked name. Relative dates ("昨天 10:20", "3小时前") are resolved against a date
the page gives elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from lxml import etree

from fanjian.clean.lines import DATE_RE, LOOSE_LABEL_RE, normalise_date
from fanjian.clean.structure import CHROME_WORDS, class_words
from fanjian.zh.script import simplified_view

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADLINE_WORDS = frozenset({"title", "tit", "headline", "biaoti", "bt", "heading", "headtitle", "arttitle"})
HEADLINE_MIN, HEADLINE_MAX = 4, 120  # characters of a headline
# A headline a table-layout page only styles: large and bold (<font style="font-size:20px;
# font-weight:bold">, <font size="5"><b>).
FONT_SIZE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt)", re.I)
BOLD = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
LARGE_PX, LARGE_PT, LARGE_FONT_SIZE = 18, 14, 5
PLACED_MIN = 6  # characters of a headline chosen by its place alone (not "工作动态")
MATCH_SHARE = 0.5  # of the <title>'s longest part a matching heading must cover (not the logo)
# "标题_栏目_网站名", "标题 - 网站名", "标题｜网站名"; a hyphen between digits or letters is a word's.
TITLE_SEPARATORS = re.compile(r"\s*(?:--|_|\||｜|—|–)\s*|\s+-\s+|(?<=[^\w])-|-(?=[^\w])|(?<=[\u4e00-\u9fff])-(?=[\u4e00-\u9fff])")
NOT_KEY = re.compile(r"[\W_]+")
SKIPPED = frozenset({"script", "style", "noscript", "template", "select", "option", "textarea", "title"})
STRIP_MAX = 100  # characters of a byline strip
STRIP_REACH = 80  # elements after the headline searched for the strip
SOURCE_LABEL = re.compile(r"(?:来源于|来源|稿源|出处|原创|来自)\s*[:：]?\s*$")
SOURCE_WORDS = frozenset({"source", "media", "from", "where", "origin", "laiyuan", "ly", "src"})
NAME_MAX = 20
NOT_NAME = re.compile(r"\d{1,2}:\d{2}|[:：。，！？]$|^[·|｜/\s]*$")
STAMP = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?")
YEAR_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")
DAY = re.compile(r"\d{1,2}日?")
RELATIVE = re.compile(r"(昨天|前天|今天|(\d+)\s*(分钟|小时|天)前)")


def page_key(text: str) -> str:
    """`key` for matching texts of one page with each other (one script: no conversion)."""
    return NOT_KEY.sub("", text).lower()


def key(text: str) -> str:
    """A text reduced to its letters, digits and Han characters, in Simplified, for matching."""
    return NOT_KEY.sub("", simplified_view(text)).lower()




def title_parts(title: str) -> list[str]:
    """Parts of a <title>.

    >>> title_parts("2024-2025学年安排_通知公告_某某区人民政府 - GOV.CN")
    ['2024-2025学年安排', '通知公告', '某某区人民政府', 'GOV.CN']
    """
    return [p.strip() for p in TITLE_SEPARATORS.split(title) if p and p.strip()]


def _text(el: etree._Element) -> str:
    return " ".join(" ".join(el.itertext()).split())


def headings(body: etree._Element) -> list[tuple[etree._Element, str]]:
    """Heading elements (by tag or by class/id) with their text, in page order."""
    found = []
    for el in body.iter(etree.Element):
        if el.tag in SKIPPED:
            continue
        words = class_words(el)
        if (el.tag in HEADING_TAGS or words & HEADLINE_WORDS or _styled_headline(el)) and not words & CHROME_WORDS:
            text = _leading_text(el)
            if HEADLINE_MIN <= len(text) <= HEADLINE_MAX and not text.endswith("。"):
                found.append((el, text))
    # A title box holding the headline and its byline strip is not the headline.
    holders = {anc for el, _ in found for anc in el.iterancestors()}
    return [(el, text) for el, text in found if el not in holders]


def _styled_headline(el: etree._Element) -> bool:
    """Set large and bold by its own style or <font size>, or bold by a <b>/<strong> inside it.

    >>> from lxml import html
    >>> [_styled_headline(html.fromstring(t)) for t in ('<font style="font-size:20px;font-weight:bold">标题</font>',
    ...     '<font size="5"><b>标题</b></font>', '<span style="font-size:20px">大字</span>')]
    [True, True, False]
    """
    if el.tag not in ("font", "span", "div", "td", "p", "strong", "b"):
        return False
    style = el.get("style") or ""
    size = FONT_SIZE.search(style)
    large = bool(size) and float(size.group(1)) >= (LARGE_PX if size.group(2).lower() == "px" else LARGE_PT)
    if el.tag == "font" and (el.get("size") or "").strip().isdigit():
        large = large or int(el.get("size").strip()) >= LARGE_FONT_SIZE
    if not large:
        return False
    children = [c for c in el if isinstance(c.tag, str)]
    return bool(BOLD.search(style)) or el.tag in ("strong", "b") or (len(children) == 1 and children[0].tag in ("b", "strong"))


def _leading_text(el: etree._Element) -> str:
    """An element's text up to the byline strip some title boxes hold ("来源：新华社 2023-12-01")."""
    kept = []
    for piece in el.itertext():
        if DATE_RE.search(piece) or LOOSE_LABEL_RE.search(simplified_view(piece)):
            break
        kept.append(piece)
    return " ".join(" ".join(kept).split())


def headline(body: etree._Element, article: etree._Element | None, titles: list[str]) -> tuple[str, etree._Element | None]:
    """(headline, its element); element None when the headline came from `titles`."""
    found = headings(body)
    parts = [p for t in titles for p in title_parts(t)]
    longest = max((len(key(p)) for p in parts), default=0)
    keys = [key(t) for t in titles if t]
    matching = [(el, text) for el, text in found
                if len(key(text)) >= max(HEADLINE_MIN, MATCH_SHARE * longest) and any(key(text) in k for k in keys)]
    if matching:
        return max(matching, key=lambda m: (len(key(m[1])), m[0].tag == "h1"))[::-1]
    short = _short_h1(body, key(parts[0]) if parts else "")
    if short is not None:
        return short
    best = max(parts, key=lambda p: len(key(p)), default="")
    # The element showing the title's longest part: first, where the title has parts to tell
    # it from a site's name (嵘城理工学院2024年专任教师招聘公告-嵘城理工学院人事处); else after
    # the headings placed before the text.
    first = len(parts) > 1
    shown = _showing_title(body, best) if first and len(key(best)) >= PLACED_MIN else None
    if shown is not None:
        return shown
    start = _first_prose(article)
    order = {el: i for i, el in enumerate(body.iter())} if start is not None else {}
    placed = [(el, text) for el, text in found if len(text) >= PLACED_MIN and not text.endswith(("：", ":"))
              and (start is None or (order.get(el, 0) < order.get(start, 0) and el not in start.iterancestors()))]
    if placed:
        el, text = placed[-1]
        return text, el
    shown = _showing_title(body, best) if not first and len(key(best)) >= PLACED_MIN else None
    return shown if shown is not None else (best, None)


# Elements whose whole text is as long as a headline may be.
_HEADLINE_SIZED = etree.XPath(f".//*[string-length(normalize-space()) >= {HEADLINE_MIN}"
                              f" and string-length(normalize-space()) <= {HEADLINE_MAX}]")


def _showing_title(body: etree._Element, part: str) -> tuple[str, etree._Element] | None:
    """The first element whose whole text is `part` (the <title>'s longest), where no heading,
    class or place names one (<td class="newstitle">): the smallest, in page order."""
    wanted = page_key(part)
    showing = [el for el in _HEADLINE_SIZED(body) if el.tag not in SKIPPED and page_key(_text(el)) == wanted]
    holders = {anc for el in showing for anc in el.iterancestors()}
    first = next((el for el in showing if el not in holders), None)
    return (_text(first), first) if first is not None else None


def _short_h1(body: etree._Element, first_part: str) -> tuple[str, etree._Element] | None:
    """A headline too short to be told from a label by its length (a poem's 夜雨, a 通知),
    taken when the page's one h1 says exactly what the <title> starts with."""
    h1s = list(body.iter("h1"))
    if len(h1s) != 1 or not first_part:
        return None
    text = _leading_text(h1s[0])
    return (text, h1s[0]) if key(text) == first_part and len(text) < HEADLINE_MIN else None


def _first_prose(article: etree._Element | None) -> etree._Element | None:
    if article is None:
        return None
    for el in article.iter(etree.Element):
        if el.tag not in SKIPPED and el.text and len(el.text.strip()) >= 20:
            return el
    return None


def _pieces(el: etree._Element) -> list[tuple[str, etree._Element]]:
    """(text, element it belongs to) of each text node under `el`, in order."""
    out = []
    if el.tag in SKIPPED:
        return out
    if el.text and el.text.strip():
        out.append((" ".join(el.text.split()), el))
    for child in el:
        if isinstance(child.tag, str):
            out += _pieces(child)
        if child.tail and child.tail.strip():
            out.append((" ".join(child.tail.split()), el))
    return out


def byline(body: etree._Element, after: etree._Element | None, reference: str = "",
           article: etree._Element | None = None) -> dict[str, str]:
    """published and source from the byline strip after `after` (the headline element) and
    before the article's text (a date further down belongs to a listing)."""
    start = after if after is not None else body
    stop = _first_prose(article)
    seen = 0
    for el in start.iterdescendants() if after is None else _following(after):
        seen += 1
        if seen > STRIP_REACH:
            break
        if el is stop:
            break
        if not isinstance(el.tag, str) or el.tag in SKIPPED:
            continue
        owner = el if _dated(el.text, reference) else el.getparent() if _dated(el.tail, reference) else None
        if owner is None:
            continue
        strip = owner
        while strip.getparent() is not None and len(_text(strip.getparent())) <= STRIP_MAX:
            strip = strip.getparent()
        if len(_text(strip)) > STRIP_MAX:
            continue
        return _read_strip(_pieces(strip), reference)
    return {}


def _dated(text: str | None, reference: str) -> bool:
    return bool(text) and bool(DATE_RE.search(text) or YEAR_MONTH.fullmatch(text.strip())
                               or (reference and RELATIVE.search(text)))


def _following(el: etree._Element):
    """Elements after `el` in page order (its descendants first, then what follows it)."""
    yield from el.iterdescendants()
    node = el
    while node is not None:
        for sib in node.itersiblings():
            yield sib
            yield from sib.iterdescendants()
        node = node.getparent()


def _read_strip(pieces: list[tuple[str, etree._Element]], reference: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    pieces = [(part, el) for text, el in pieces for part in _split_stamp(text)]
    for text, _ in pieces:
        date = normalise_date(text) or (_relative(text, reference) if reference else "")
        if date:
            fields.setdefault("published", date)
    if "published" not in fields:  # a calendar leaf: "21" over "2024年02月"
        month = next((YEAR_MONTH.fullmatch(t) for t, _ in pieces if YEAR_MONTH.fullmatch(t)), None)
        day = next((t for t, _ in pieces if DAY.fullmatch(t)), "")
        if month and day:
            fields["published"] = normalise_date(f"{month.group(1)}-{month.group(2)}-{day.rstrip('日')}")
    names = [(text, el) for text, el in pieces if _is_name(text)]
    for i, (text, _) in enumerate(pieces[:-1]):
        if SOURCE_LABEL.search(simplified_view(text)) and _is_name(pieces[i + 1][0]):
            fields["source"] = pieces[i + 1][0]
            return fields
    for text, el in names:
        if any(class_words(e) & SOURCE_WORDS for e in (el, el.getparent()) if e is not None):
            fields["source"] = text
            return fields
    # A linked name: the first after the date, else the one before it.
    dated = next((i for i, (text, _) in enumerate(pieces) if normalise_date(text)), 0)
    linked = [text for text, el in pieces[dated:] if _is_link(el) and _is_name(text)]
    before = [text for text, el in pieces[:dated] if _is_link(el) and _is_name(text)]
    if linked or len(before) == 1:
        fields["source"] = (linked or before)[0]
    return fields


def _is_link(el: etree._Element) -> bool:
    """A link to a page (a script control is not a name's link)."""
    href = (el.get("href") or "").strip().lower()
    return el.tag == "a" and not href.startswith(("javascript:", "#"))


def _split_stamp(text: str) -> list[str]:
    """A piece holding a date stamp and more, cut around the stamp.

    >>> _split_stamp("2016年05月25日10:10 新浪财经")
    ['2016年05月25日10:10', '新浪财经']
    """
    m = STAMP.search(text)
    if not m or m.group().strip() == text.strip():
        return [text]
    return [p.strip() for p in (text[: m.start()], m.group(), text[m.end():]) if p.strip()]


def _is_name(text: str) -> bool:
    return 2 <= len(text) <= NAME_MAX and not NOT_NAME.search(text) and not DATE_RE.search(text) \
        and not RELATIVE.search(text) and not text.startswith("来自")


def _relative(text: str, reference: str) -> str:
    """"昨天", "3小时前" against the ISO date `reference`; "" when not relative."""
    m = RELATIVE.search(text)
    if not m or not reference:
        return ""
    day = dt.date.fromisoformat(reference)
    if m.group(1) in ("昨天", "前天"):
        day -= dt.timedelta(days=1 if m.group(1) == "昨天" else 2)
    elif m.group(3) == "天":
        day -= dt.timedelta(days=int(m.group(2)))
    return day.isoformat()


def json_ld(tree: etree._Element) -> dict[str, str]:
    """headline and datePublished from the page's JSON-LD."""
    fields: dict[str, str] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []:
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("headline"), str):
                fields.setdefault("headline", item["headline"])
            date = normalise_date(str(item.get("datePublished") or ""))
            if date:
                fields.setdefault("published", date)
    return fields


__all__ = ["byline", "headline", "json_ld", "key", "title_parts"]
