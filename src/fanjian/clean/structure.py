"""Boilerplate decided by the page's structure, before the extractor sees the page.

One pass from the leaves up measures every element: its text, the part of it that is link
text, how many links it holds, and its prose (text pieces that read as sentences, outside
links). The article is the element the prose concentrates in: from <body>, step into the
child holding most of the prose while it holds most of it and is not itself a paragraph. Then, walking the page without
entering the article's own ancestors' decisions:

- an element whose class, id or role names a page part that is never the article
  (comment, share, recommend, footer, nav, copyright, qrcode, ...), or a <nav>, <footer>,
  <aside>, goes, unless it holds the article or a fair share of the page's prose;
- a block made of links (most of its text is link text and it holds several links) goes:
  menus, breadcrumbs, headline lists, navigation built from layout tables;
- a row of one-character buttons (大 中 小) goes.

Single links inside the article are judged on the extractor's output (`links.py`): removing
them here changes what trafilatura keeps of a short page.

Each removal is returned as (text, reason) for each text it showed, so the notice can list it and an editor can
see a wrong one. Links to documents (附件) count as text, never as navigation.
"""

from __future__ import annotations

import re

from lxml import etree

from fanjian.clean.attachments import is_attachment
from fanjian.clean.parse import drop_keeping_tail

SKIPPED = frozenset({"script", "style", "noscript", "template", "select", "option", "textarea", "button"})
BLOCKS = frozenset({"div", "ul", "ol", "dl", "table", "tr", "td", "section", "p", "li", "dd", "dt", "span",
                    "form", "center", "h2", "h3", "h4", "h5", "h6", "font", "em", "strong", "i", "b"})
# Words of class/id names that name a part of a page other than the article.
CHROME_WORDS = frozenset("""
comment comments cmt reply replies statement disclaimer copyright copyrights shengming banquan
recommend recommended recommendation rec reco recom tuijian related relate xiangguan relative hot hotnews
rank ranking share sharing bdshare jiathis footer foot nav navbar navigation menu breadcrumb breadcrumbs
crumb crumbs sidebar side aside ad ads advert advertisement guanggao banner qrcode ewm erweima weixin wechat
login toolbar tools pager pagination pages paging prevnext report jubao subscribe follow fontsize zihao
friendlink links sitemap gotop backtop totop next prev previous nextpage prevpage prenext
download xiazai fanti jianfan baoliao denglu tags keywords
tool qr loadmore dialog video player
""".split())
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
# Elements that hold one paragraph's text: the article is the container around them.
PARAGRAPHS = frozenset({"p", "span", "font", "strong", "b", "em", "i", "a", "h1", "h2", "h3", "h4", "h5", "h6",
                        "br", "li", "blockquote", "pre"})
CHROME_TAGS = frozenset({"nav", "footer", "aside"})
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
NAME_SPLIT = re.compile(r"[^A-Za-z]+")
SENTENCE_MARKS = re.compile(r"[，。；！？]")
PROSE_MIN = 40  # characters of a text piece with no sentence mark that still reads as prose
ARTICLE_SHARE = 0.5  # share of its parent's prose the article's element holds, at least
KEEP_SHARE = 0.3  # share of the page's prose a block of links may hold and still be chrome
NAMED_SHARE = 0.5  # the same for a part its class, id, role or tag names (comment, footer)
LINK_SHARE = 0.6  # link text over all text, at least, in a block of links
LINKS_MIN = 2  # links in a block of links outside the article
ARTICLE_LINKS_MIN = 3  # links in a block of links inside the article
BUTTONS_MIN, BUTTON_MAX = 3, 2  # a row of at least 3 children of at most 2 characters each: 大 中 小
LINE_MAX = 40  # characters of a short line outside the article
SHOWN_MAX = 300  # characters of a block's text looked at as one line


def class_words(el: etree._Element) -> set[str]:
    """Lower-case words of an element's class and id: "post_comment", "isAd", "art-rec".

    >>> from lxml import html
    >>> sorted(class_words(html.fromstring('<div class="post_comment isAd" id="artRec"></div>')))
    ['ad', 'art', 'comment', 'is', 'post', 'rec']
    """
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not names.strip():
        return set()
    return {w.lower() for w in NAME_SPLIT.split(CAMEL.sub(" ", names)) if w}


class Measures:
    """Text, link text, links and prose of every element under `root`, from one pass."""

    def __init__(self, root: etree._Element):
        self.elements = [e for e in root.iter() if isinstance(e.tag, str)]
        self.text, self.link_text, self.links, self.prose = {}, {}, {}, {}
        for el in reversed(self.elements):  # children before their parent
            self._measure(el)

    def _measure(self, el: etree._Element) -> None:
        if el.tag in SKIPPED:
            self.text[el] = self.link_text[el] = self.links[el] = self.prose[el] = 0
            return
        text, prose = _length(el.text), _prose(el.text)
        link_text = links = 0
        for child in el:
            if not isinstance(child.tag, str):
                continue
            text += self.text[child] + _length(child.tail)
            prose += self.prose[child] + _prose(child.tail)
            link_text += self.link_text[child]
            links += self.links[child]
        if el.tag == "a" and not is_attachment(el.get("href") or ""):
            link_text, links, prose = text, links + 1, 0
        self.text[el], self.link_text[el], self.links[el], self.prose[el] = text, link_text, links, prose

    def article(self, body: etree._Element) -> etree._Element:
        """The element the page's prose concentrates in."""
        node = body
        while True:
            children = [c for c in node if isinstance(c.tag, str)]
            best = max(children, key=self.prose.__getitem__, default=None)
            if (best is None or best.tag in PARAGRAPHS or self.prose[best] == 0
                    or self.prose[best] < ARTICLE_SHARE * self.prose[node]):
                return node
            node = best


def _length(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def _prose(text: str | None) -> int:
    if not text:
        return 0
    n = _length(text)
    return n if n >= PROSE_MIN or SENTENCE_MARKS.search(text) else 0


def pieces(el: etree._Element) -> list[str]:
    """The texts an element shows, one per text node, trimmed, outside scripts and styles."""
    out = [] if el.tag in SKIPPED else [" ".join(el.text.split())] if el.text else []
    for child in el:
        if isinstance(child.tag, str):
            out += pieces(child)
        if child.tail:
            out.append(" ".join(child.tail.split()))
    return [t for t in out if t]


def shown(el: etree._Element) -> str:
    """An element's text as one line, cut to SHOWN_MAX characters."""
    text = " ".join(" ".join(t for t in el.itertext() if t).split())
    return text if len(text) <= SHOWN_MAX else text[: SHOWN_MAX - 1] + "…"


UNNAMED = ("table of links", "block of links", "a row of", "a short line")


def chrome_reason(el: etree._Element, m: Measures, in_article: bool) -> str:
    """Why `el` is page chrome, or "" when it is not."""
    role = (el.get("role") or "").strip().lower()
    if el.tag in CHROME_TAGS:
        return f"<{el.tag}> element"
    if role in CHROME_ROLES:
        return f"role={role}"
    words = class_words(el) & CHROME_WORDS
    if words:
        return f"class/id names a page part: {', '.join(sorted(words))}"
    if el.tag not in BLOCKS:
        return ""
    buttons = [c for c in el if isinstance(c.tag, str) and m.text[c]]
    if len(buttons) >= BUTTONS_MIN and m.text[el] <= len(buttons) * BUTTON_MAX and all(
            m.text[c] <= BUTTON_MAX for c in buttons):
        return "a row of one-character buttons (font size and the like)"
    text, link_text, links = m.text[el], m.link_text[el], m.links[el]
    if not text or link_text < LINK_SHARE * text:
        return ""
    if links >= (ARTICLE_LINKS_MIN if in_article else LINKS_MIN):
        kind = "table of links (layout, not data)" if el.tag in ("table", "tr", "td") else "block of links"
        return f"{kind}: {links} links, {100 * link_text // text}% link text"
    if links == 1 and not in_article and text <= LINE_MAX and not SENTENCE_MARKS.search(shown(el)):
        return "a short line outside the article made of one link"
    return ""


def find_article(tree: etree._Element) -> tuple[Measures | None, etree._Element | None]:
    """The measures of the page's body and the article's element (None, None without a body)."""
    body = tree.find(".//body")
    if body is None:
        return None, None
    m = Measures(body)
    return m, m.article(body)


def prune_boilerplate(tree: etree._Element, found: tuple[Measures | None, etree._Element | None] | None = None
                      ) -> list[tuple[str, str]]:
    """Remove page chrome from `tree` by structure; return (text, reason) of each removal.
    `found`: `find_article(tree)`, when the caller has it."""
    m, article = found or find_article(tree)
    body = tree.find(".//body")
    if m is None or body is None:
        return []
    on_path = {article, *article.iterancestors()}
    total = m.prose[body]
    removed: list[tuple[str, str]] = []
    stack = [(c, body is article) for c in reversed(body) if isinstance(c.tag, str)]
    while stack:
        el, in_article = stack.pop()
        if el not in on_path and m.prose[el] <= NAMED_SHARE * total:
            reason = chrome_reason(el, m, in_article)
            # A part named for what it is may hold more prose (a comment thread) than a
            # block judged by its links alone.
            if reason and (m.prose[el] <= KEEP_SHARE * total or not reason.startswith(UNNAMED)):
                removed += [(text, reason) for text in pieces(el)]
                drop_keeping_tail(el)
                continue
        inside = in_article or el is article
        stack.extend((c, inside) for c in reversed(el) if isinstance(c.tag, str))
    return removed


__all__ = ["Measures", "class_words", "find_article", "prune_boilerplate"]
