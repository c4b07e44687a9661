"""An HTML page parsed into an lxml tree, guarded: nothing of the article dropped by the
parser, a tree too deep refused by name."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from fanjian.errors import InputError

# Some government templates close </html> (or </body>) after the header; libxml2 then
# drops everything after it, the article included. The parser closes them at the end.
DOCUMENT_END = re.compile(r"</\s*(?:html|body)\s*>", re.IGNORECASE)
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
# libxml2 stops building the tree at this depth unless XML_PARSE_HUGE is set; we keep the
# limit (deep trees also exhaust Python's recursion in extractors) and report it.
DEPTH_ERROR = "Excessive depth"
# lxml.html picks each element's class in a Python callback (forms and inputs get their own);
# neither we nor trafilatura use those, and the C lookup makes every element access cheaper.
HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity,
)

def parse_html(page: str) -> etree._Element:
    """The page as an lxml tree; InputError when it is empty or nested too deeply."""
    page = DOCUMENT_END.sub("", XML_DECLARATION.sub("", page))
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
    parser.set_element_class_lookup(HTML_CLASSES)
    try:
        tree = lxml_html.document_fromstring(page, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise InputError(f"HTML could not be parsed: {err}") from None
    if any(DEPTH_ERROR in e.message for e in parser.error_log):
        raise InputError("HTML nested too deeply (over 255 levels): the parser stops there and would lose text")
    return tree


def drop_keeping_tail(el: etree._Element) -> None:
    """Remove `el`; text after it stays where it stood."""
    parent, previous, tail = el.getparent(), el.getprevious(), el.tail
    if parent is None:
        return
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


__all__ = ["drop_keeping_tail", "parse_html"]
