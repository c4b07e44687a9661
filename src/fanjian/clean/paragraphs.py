"""Loose text beside blocks made into paragraphs, before the extractor sees the page.

A container that holds both blocks (<p>, <div>, <table>) and text of its own ("正文一段。<br><br>
正文二段。<p>…</p>") shows that text as paragraphs, but trafilatura's fast mode reads only the
blocks there and loses it. Each run of loose text and inline elements between two blocks
becomes a <p> of its own; the <br> inside a run stay, and split it into paragraphs later.

>>> from lxml import html
>>> div = html.fromstring('<div>第一段。<br><br>第二段，<b>加粗</b>。<p>块。</p>尾段。<br></div>')
>>> wrap_loose_text(div)
1
>>> html.tostring(div, encoding="unicode")
'<div><p>第一段。<br><br>第二段，<b>加粗</b>。</p><p>块。</p><p>尾段。<br></p></div>'
"""

from __future__ import annotations

from lxml import etree

CONTAINERS = ("div", "td", "section", "article", "blockquote", "center", "main", "li", "dd", "form")
INLINE = frozenset({"a", "span", "strong", "b", "em", "i", "u", "font", "img", "br", "sub", "sup", "small",
                    "big", "label", "abbr", "cite", "code", "q", "s", "strike", "mark", "time", "wbr", "nobr"})
BLOCK_INSIDE = etree.XPath(".//*[self::p or self::div or self::table or self::ul or self::ol]")
LOOSE_MIN = 10  # characters of loose text worth a paragraph


def _inline(el) -> bool:
    return isinstance(el.tag, str) and el.tag in INLINE and not BLOCK_INSIDE(el)


def _loose_length(el: etree._Element) -> int:
    n = len((el.text or "").strip())
    for child in el:
        n += len((child.tail or "").strip())
    return n


def wrap_loose_text(root: etree._Element) -> int:
    """Wrap loose text runs beside blocks in <p>, in place; how many containers changed."""
    changed = 0
    for el in list(root.iter(*CONTAINERS)):
        children = list(el)
        if not children or _loose_length(el) < LOOSE_MIN or all(_inline(c) or not isinstance(c.tag, str)
                                                               for c in children):
            continue
        changed += 1
        _wrap(el, children)
    return changed


def _wrap(el: etree._Element, children: list) -> None:
    nodes: list = []
    run = None

    def add_text(text: str | None) -> None:
        nonlocal run
        if not text or not text.strip():
            return
        if run is None:
            run = el.makeelement("p", {})
            nodes.append(run)
        if len(run):
            run[-1].tail = (run[-1].tail or "") + text
        else:
            run.text = (run.text or "") + text

    text, el.text = el.text, None
    add_text(text)
    for child in children:
        tail, child.tail = child.tail, None
        el.remove(child)
        if _inline(child):
            if run is None:
                run = el.makeelement("p", {})
                nodes.append(run)
            run.append(child)
        else:
            run = None
            nodes.append(child)
        add_text(tail)
    for node in nodes:
        if node.tag == "p" and node.get("class") is None and not "".join(node.itertext()).strip() \
                and node.find(".//img") is None:
            continue  # only line breaks
        el.append(node)


__all__ = ["wrap_loose_text"]
