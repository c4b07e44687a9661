"""The text an HTML page displays, one line per block, as the review page shows the source
beside its renditions: scripts, styles and frames dropped, no markup kept.
"""

from __future__ import annotations

import re

from lxml import etree

DROPPED_TAGS = ("script", "style", "noscript", "iframe", "frame", "object", "embed", "template", "svg", "math", "head")
DROPPED_BLOCK = re.compile(r"<({})\b.*?</\1\s*>".format("|".join(DROPPED_TAGS)), re.I | re.S)
TAG = re.compile(r"<[^>]*>")
LINE_TAGS = ("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "dd", "dt", "title")


def visible_lines(markup: str) -> list[str]:
    """The text an HTML page displays, one line per block; scripts, styles and frames dropped.

    >>> visible_lines('<p>甲<script>alert(1)</script></p><div onclick="x()">乙<br>丙</div>')
    ['甲', '乙', '丙']

    A control character lxml will not write back into a text it moves: stripped by pattern.

    >>> visible_lines('<p>甲</p><br>' + chr(1) + '乙') == ['甲', chr(1) + '乙']
    True
    """
    # lxml's plain elements, not lxml.html's: those are looked up in Python, element by element.
    parser = etree.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(markup.encode("utf-8", "replace"), parser)
        if root is None:
            raise etree.ParserError("Document is empty")
        for el in list(root.iter(*DROPPED_TAGS)):
            _drop_tree(el)
        for el in root.iter(*LINE_TAGS):
            el.tail = "\n" + (el.tail or "")
    except (etree.ParserError, ValueError):  # nothing parseable, or not writable: strip by pattern instead
        text = DROPPED_BLOCK.sub("\n", markup)
        return [line.strip() for line in TAG.sub("\n", text).splitlines() if line.strip()]
    text = _TEXT_CONTENT(root)
    return [line.strip() for line in text.splitlines() if line.strip()]


_TEXT_CONTENT = etree.XPath("string()")  # lxml.html's `text_content`


def _drop_tree(el) -> None:
    """lxml.html's `drop_tree`: the element and its content out, its tail kept in place."""
    parent = el.getparent()
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


__all__ = ["visible_lines"]
