"""HTML pages to lines of main text plus the metadata the page declares.

trafilatura finds the main content; its XML output keeps headings, lists and tables,
which become lines here (tables: cells joined by tabs) for the rules in `clean`.
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

from .errors import InputError
from .model import Meta

# Some government templates close </html> after the header; lxml then drops the article.
STRAY_HTML_END = re.compile(r"</html\s*>(?=.*\S)", re.IGNORECASE | re.DOTALL)


def html_to_lines(html: str) -> tuple[list[str], Meta]:
    html = STRAY_HTML_END.sub("", html)
    doc = trafilatura.bare_extraction(
        html, output_format="python", include_tables=True, include_comments=False,
        with_metadata=True, favor_recall=True,
    )
    if doc is None:
        raise InputError("no main text found in the HTML page")
    xml = trafilatura.extract(html, output_format="xml", include_tables=True, favor_recall=True)
    lines = _xml_lines(xml) if xml else (doc.text or "").splitlines()
    meta = Meta(
        site=doc.sitename or "",
        title=doc.title or "",
        published=doc.date or "",
        author=doc.author or "",
    )
    return lines, meta


def _xml_lines(xml: str) -> list[str]:
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
    main = root.find("main")
    lines: list[str] = []
    for el in (main if main is not None else root).iter("p", "head", "item", "row", "cell"):
        if el.tag == "row":
            lines.append("\t".join("".join(c.itertext()).strip() for c in el.findall("cell")))
        elif el.tag != "cell" and el.getparent().tag != "cell":
            lines.append("".join(el.itertext()).strip())
    return lines
