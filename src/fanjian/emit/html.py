"""The page shell every output page shares: one builder, the stylesheet, a strict CSP.

Pages are built element by element with `h`, never copied from input markup: `h` is
the one place text is escaped, and what it returns (`Markup`) is the only string taken
as markup, so nothing from an input (a tag, a handler, a control character XML forbids)
can reach the output as anything but escaped text. `h` writes what lxml's HTML
serialiser would write for the same tree (tests compare the two), without building the
tree: most of a page's cost was making one lxml element per line and mark.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache, lru_cache
from urllib.parse import quote, urlsplit

from fanjian.data import read_tsv

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
# Characters XML 1.0 forbids: dropped, not escaped (no character reference may stand for them).
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

    A space inside a file's name is written as %20 (附件1 申报表.doc), so the link still works.

    >>> safe_href("https://x.cn/附件1 申报表.doc")
    'https://x.cn/附件1%20申报表.doc'
    """
    href = (href or "").strip().replace(" ", "%20")
    if not href or any(ord(c) < 0x21 or c == "\\" for c in href):
        return None
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and parts.netloc:
        return href
    if not parts.scheme and not href.startswith("//") and ":" not in href.split("/", 1)[0]:
        return href
    return None


class Markup(str):
    """HTML that `h` wrote: every string inside it was escaped on the way in.

    Only the builders here (`h`, `each`, `fragment`) make one; any other string given to
    them is text and is escaped, so input can never become markup, whatever it holds.
    """

    __slots__ = ()


# Written without an end tag; text inside them is refused (it could not be shown).
VOID_TAGS = frozenset("area base basefont br col frame hr img input isindex link meta param".split())
# Their text is written as is, so only this module's own constant stylesheet goes there.
RAW_TEXT_TAGS = frozenset(("style", "script"))
# Attributes a browser reads as a URL: leading blanks dropped, blanks and non-ASCII %-escaped.
URI_ATTRS = frozenset(("href", "src", "action"))
URI_LEADING_BLANKS = " \t\n"
URI_ESCAPED = re.compile("[\t\n \x7f-\U0010ffff]+")
TAG_NAME = re.compile("[a-z][a-z0-9]*")


def escape_text(value: str) -> str:
    """Text as element content: forbidden characters dropped, `& < >` and CR as references.

    >>> escape_text("a<b>&c\\x00\\r")
    'a&lt;b&gt;&amp;c&#13;'
    """
    printable = value.isprintable()  # CR and every forbidden character are unprintable
    if not printable:
        value = XML_FORBIDDEN.sub("", value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if not printable and "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def _quoted(value: str) -> str:
    """An attribute value escaped and quoted; single quotes when that spares a `&quot;`."""
    value = escape_text(value)
    if '"' not in value:
        return '"' + value + '"'
    if "'" not in value:
        return "'" + value + "'"
    return '"' + value.replace('"', "&quot;") + '"'


def _uri(value: str) -> str:
    return URI_ESCAPED.sub(lambda m: quote(m.group(0), safe=""), value.lstrip(URI_LEADING_BLANKS))


@lru_cache(maxsize=4096)
def _start_tag(tag: str, attrs: tuple) -> str:
    """`<tag name="value"…>`; cached, as most tags repeat the same few attributes."""
    out = ["<", tag]
    for name, value in attrs:
        if value is None:
            continue
        name = _attr_name(name)
        value = xml_text(value)
        if name in URI_ATTRS or (name == "name" and tag == "a"):
            value = _uri(value)
        out += [" ", name, "=", _quoted(value)]
    out.append(">")
    return "".join(out)


def h(tag: str, *children, **attrs) -> Markup:
    """An element as HTML: str children are text (escaped), `Markup` children are
    elements `h` built, None is left out; attribute values are escaped, None left out.

    Attribute names use `_` for `-` and a trailing `_` for Python keywords (`class_`).
    The output is byte for byte what lxml's HTML serialiser writes for the same tree.

    >>> h("p", "a<b", h("a", "x", href="/a b", class_=None), None)
    '<p>a&lt;b<a href="/a%20b">x</a></p>'
    """
    name, start, end, kind = _tag(tag)
    if attrs:
        try:
            start = _start_tag(name, tuple(attrs.items()))
        except TypeError:  # a value that cannot be a cache key is written all the same
            start = _start_tag.__wrapped__(name, tuple(attrs.items()))
    if kind is None:
        if len(children) == 1:  # the common case: one text or one element
            child = children[0]
            if type(child) is str:
                return Markup(start + escape_text(child) + end)
            if type(child) is Markup:
                return Markup(start + child + end)
        parts = [start]
        for child in children:
            if child is not None:
                parts.append(child if type(child) is Markup else escape_text(str(child)))
        parts.append(end)
        return Markup("".join(parts))
    if kind == "void":
        if any(child is not None for child in children):
            raise ValueError(f"<{name}> holds no content")
        return Markup(start)
    return Markup(start + "".join(c if type(c) is Markup else _raw_text(name, c) for c in children if c is not None) + end)


@lru_cache(maxsize=256)
def _tag(tag: str) -> tuple[str, str, str, str | None]:
    """Name, plain start tag, end tag, and "void" or "raw" for the two kinds of special element."""
    name = tag.lower()
    if not TAG_NAME.fullmatch(name):
        raise ValueError(f"not a tag name: {tag!r}")
    kind = "void" if name in VOID_TAGS else "raw" if name in RAW_TEXT_TAGS else None
    return name, "<" + name + ">", "</" + name + ">", kind


def fragment(*children) -> Markup:
    """Children side by side without an element around them, taken as `h` takes them.

    >>> fragment(h("b", "x"), "<y>", None)
    '<b>x</b>&lt;y&gt;'
    """
    return Markup("".join([c if type(c) is Markup else escape_text(str(c)) for c in children if c is not None]))


# Where `fill` puts a text. `h` drops this character from every text and attribute it is
# given, so in what it writes the character stands only where `SLOT` was a child.
SLOT = Markup("\x00")


def shape(markup: Markup) -> str:
    """Markup `h` wrote, with `SLOT` children where texts go, as a format for `fill`.

    >>> shape(h("td", SLOT, title="100%"))
    '<td title="100%%">%s</td>'
    """
    return markup.replace("%", "%%").replace(SLOT, "%s")


def around(tag: str, **attrs) -> tuple[str, str]:
    """The start and end tags `h(tag, ..., **attrs)` writes, as pieces of a `fill` format.

    >>> around("a", href="/x y", class_="q")
    ('<a href="/x%%20y" class="q">', '</a>')
    """
    try:
        return _around(tag, tuple(attrs.items()))
    except TypeError:  # a value that cannot be a cache key is written all the same
        return _around.__wrapped__(tag, tuple(attrs.items()))


@lru_cache(maxsize=2048)
def _around(tag: str, attrs: tuple) -> tuple[str, str]:
    start, _, end = h(tag, SLOT, **dict(attrs)).partition(SLOT)
    return shape(Markup(start)), shape(Markup(end))


def fill(fmt: str, texts: list) -> Markup:
    """`fmt` (pieces from `shape` and `around`, "%s" where a text goes) with each text,
    escaped, in its place: a page's many similar elements written in one pass, not one
    `h` call each. What `h` would write for the same elements and texts.

    >>> start, end = around("td", class_="x")
    >>> fill(start + "%s" + end + shape(h("td", SLOT, h("b", "!"))), ["1<2", 3])
    '<td class="x">1&lt;2</td><td>3<b>!</b></td>'
    """
    return Markup(fmt % tuple(escape_all(texts)))


# Joins the texts of one pass: printable (so it adds no work of its own) and left alone by
# escaping. A text that holds it is escaped on its own (see `escape_all`).
_UNIT = "\u241f"


def escape_all(texts: list) -> list[str]:
    """`[escape_text(str(t)) for t in texts]` in one pass over their join: each rule of
    `escape_text` acts on one character at a time, so escaping the join escapes each text.

    >>> escape_all(["a<b", "", "\\x00&\\r", 7])
    ['a&lt;b', '', '&amp;&#13;', '7']
    """
    if len(texts) > 1:
        try:
            text = _UNIT.join(texts)
        except TypeError:  # not all of them str
            text = _UNIT.join(map(str, texts))
        escaped = escape_text(text).split(_UNIT)
        if len(escaped) == len(texts):  # else a text holds the joiner itself
            return escaped
    return [escape_text(str(t)) for t in texts]


def each(tag: str, items) -> Markup:
    """One `<tag>` per item, side by side (table cells, list items): what
    `"".join(h(tag, item) for item in items)` gives, without an `h` call per item.

    >>> each("td", ["1", "a<b", h("b", "x")])
    '<td>1</td><td>a&lt;b</td><td><b>x</b></td>'
    """
    name, start, end, kind = _tag(tag)
    if kind is not None:
        raise ValueError(f"<{name}> is not a plain element")
    return Markup("".join([start + (item if type(item) is Markup else escape_text(str(item))) + end
                           for item in items]))


def _raw_text(tag: str, text) -> str:
    """Style and script content is not escaped by HTML; only text that cannot end it passes."""
    text = xml_text(text)
    if "<" in text:
        raise ValueError(f"<{tag}> text may not hold '<'")
    return text


@cache
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


def page(title: str, lang: str, body: list, css: str = BASE_CSS, noindex: bool = False) -> bytes:
    """A standalone HTML5 document as UTF-8 bytes; `noindex`: one not for publication,
    which search engines are asked not to index."""
    metas, style = _head_parts(css)
    if noindex:
        metas = Markup(metas + _NOINDEX)
    # What `h("html", h("head", metas, h("title", title), style), h("body", *body), lang=lang)`
    # writes, in one join: each nesting level would copy the whole page twice more.
    parts = ["<!DOCTYPE html>\n", _start_tag("html", (("lang", lang),)), "<head>", metas,
             "<title>", title if type(title) is Markup else escape_text(str(title)), "</title>", style, "</head><body>"]
    parts += [child if type(child) is Markup else escape_text(str(child)) for child in body if child is not None]
    parts.append("</body></html>\n")
    return "".join(parts).encode("utf-8")


_NOINDEX = h("meta", name="robots", content="noindex, nofollow")


@lru_cache(maxsize=8)
def _head_parts(css: str) -> tuple[Markup, Markup]:
    """What every page's head holds around its title: the same for every page of one stylesheet."""
    metas = fragment(h("meta", charset="utf-8"),
                     h("meta", http_equiv="Content-Security-Policy", content=csp(css)),
                     h("meta", name="referrer", content="no-referrer"),
                     h("meta", name="viewport", content="width=device-width, initial-scale=1"))
    return metas, h("style", css)
