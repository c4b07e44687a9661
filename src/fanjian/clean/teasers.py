"""Related-story lists: page furniture that extractors keep beside the article.

News and government templates list other stories as items of a picture linking to
another page and a short title (其他新闻, 视觉焦点). trafilatura keeps such a list when it
sits near the article, and its titles would be published as the notice's last or first
paragraphs. An item goes when it holds a picture linking to a page (not to the picture or
a document), and its text, dates aside, is a title: short, no sentence in it; or when the
picture and a short headline link to the same page (a story card with its summary). Two such
items in one list make a related-story list; a lone one may be the article's own figure.

>>> from lxml import html
>>> page = html.fromstring('''<div><p>正文。</p><ul>
... <li><a href="../a/c.html"><img src="a.jpg"></a><a href="../a/c.html">黄骅港码头首根钢管桩沉桩完成</a><span>2024-05-24</span></li>
... <li><a href="../b/c.html"><img src="b.jpg"></a><p>山东日照：茶园采摘直播忙</p></li></ul></div>''')
>>> drop_teasers(page)
['黄骅港码头首根钢管桩沉桩完成', '2024-05-24', '山东日照：茶园采摘直播忙']
>>> html.tostring(page, encoding="unicode")
'<div><p>正文。</p><ul>\\n\\n</ul></div>'
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from fanjian.clean.attachments import is_attachment

TITLE_MAX = 40  # characters of a story title, dates aside
LIST_MIN = 2  # such items in one list
SENTENCE_MARKS = frozenset("。；！？")
PICTURE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp", "bmp", "svg"})
DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}[-/]\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?")


def drop_teasers(tree: etree._Element) -> list[str]:
    """Remove related-story lists from `tree`; return the texts they showed, in order."""
    removed: list[str] = []
    for parent, items in _picture_link_items(tree).items():
        items = [li for li in parent if li in items and (_is_title(li) or _is_card(li))]
        if len(items) < LIST_MIN:
            continue
        for li in items:
            removed += [t.strip() for t in li.itertext() if t.strip()]
            _remove_keeping_tail(li)
    return removed


def _picture_link_items(tree: etree._Element) -> dict:
    """List items holding a picture that links to a page, by their parent (from the
    pictures up: a page has far fewer pictures than elements)."""
    found: dict = {}
    for img in tree.iter("img"):
        link = None
        for up in img.iterancestors("a", "li"):
            if up.tag == "a" and link is None:
                link = up
            elif up.tag == "li":
                if link is not None and _is_page(link.get("href", "")) and up.getparent() is not None:
                    found.setdefault(up.getparent(), set()).add(up)
                break
    return found


def _is_title(li: etree._Element) -> bool:
    """The item's text, dates aside, is a story title: short, no sentence in it."""
    title = "".join(DATE.sub("", "".join(li.itertext())).split())
    return len(title) <= TITLE_MAX and not SENTENCE_MARKS.intersection(title)


def _is_card(li: etree._Element) -> bool:
    """The item's picture and a short headline link to the same page: a story card, whatever
    summary it shows beside them."""
    targets = {}
    for a in li.iter("a"):
        href = (a.get("href") or "").strip()
        if _is_page(href):
            text = "".join("".join(a.itertext()).split())
            has_picture = a.find(".//img") is not None
            seen = targets.setdefault(href, [False, False])
            seen[0] |= has_picture
            seen[1] |= 0 < len(text) <= TITLE_MAX and not SENTENCE_MARKS.intersection(text)
    return any(picture and headline for picture, headline in targets.values())


def _remove_keeping_tail(el: etree._Element) -> None:
    """Remove `el`; text after it stays where it stood."""
    parent, previous, tail = el.getparent(), el.getprevious(), el.tail
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_page(href: str) -> bool:
    """A link to another page: not an anchor, script, picture or document.

    >>> _is_page("../../20240524/b4/c.html"), _is_page("big.JPG"), _is_page("#top"), _is_page("a.pdf")
    (True, False, False, False)
    """
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")) or is_attachment(href):
        return False
    name = urlsplit(href).path.rsplit("/", 1)[-1]
    return not ("." in name and name.rsplit(".", 1)[-1].lower() in PICTURE_EXTENSIONS)


__all__ = ["drop_teasers"]
