"""Main content of a page with trafilatura, without the work whose result we never read.

`trafilatura.bare_extraction` in fast mode, comments off, copies the caller's tree, keeps a
backup of the cleaned tree that only the slow mode reads, and renders the whole page as
text only to learn whether the extraction covers less than a fifth of it (then it retries
for recall). `extract_fast` takes the same steps, in trafilatura's order and with its own
functions, on a tree the caller gives up, without the backup, and renders the page text
only when a cheap bound on its length leaves that question open.
`tests/test_clean_extract.py` holds it to bare_extraction's result.
"""

from __future__ import annotations

from copy import copy

import trafilatura
from lxml import etree
from trafilatura.baseline import _BLOCK_ELEMS as BLOCK_ELEMS  # noqa: PLC2701 (its own list of block tags)
from trafilatura.baseline import baseline, basic_cleaning, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,  # noqa: PLC2701 (trafilatura's own steps: pinned below 3, compared byte for byte in tests)
    _recall_retry,  # noqa: PLC2701
)
from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.utils import trim
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH


def _extractor(fast: bool) -> Extractor:
    # Output format "xml": bare_extraction then hands back the tree without also rendering
    # it as text, which we do not read. Built once: reading trafilatura's config per page
    # costs more than some extractions.
    return Extractor(output_format="xml", fast=fast, tables=True, images=True, links=True,
                     comments=False, with_metadata=False)


FAST, FULL = _extractor(True), _extractor(False)
# The page text trafilatura measures spaces out each block element's text and tail (one
# character each) and collapses whitespace: never longer than all the text plus two
# characters an element.
PAGE_TEXT_BOUND = etree.XPath("string-length(.) + 2 * count(descendant-or-self::*)")


def extract_body(tree: etree._Element, reparse) -> etree._Element | None:
    """trafilatura's main-content tree (its XML vocabulary: head, p, list, table, graphic, ref),
    or None. `tree` is used up; `reparse()` gives a fresh one for the slow retry."""
    body = extract_fast(tree)
    if body is not None:
        body = _lines_by_block(tree, body)  # `tree` as extract_fast pruned it, as baseline read it
    else:  # fast mode found nothing: let the fallback extractors try
        doc = trafilatura.bare_extraction(reparse(), options=FULL)
        body = None if doc is None else doc.body
    if body is not None:
        rejoin_stranded(body)
    return body


INLINE = frozenset({"ref", "hi"})


def rejoin_stranded(body: etree._Element) -> None:
    """A link or styled run trafilatura left between two paragraphs, with the text after it
    (<p>…短信、</p><ref>平台</ref>等渠道传递。<p>), is the end of the paragraph before it,
    where the page had it (a <font> line closed by <br>): moved back into it.

    >>> b = etree.fromstring('<body><p>通过短信、</p><ref target="/a">平台</ref>等渠道传递。<p>下段。</p></body>')
    >>> rejoin_stranded(b); etree.tostring(b, encoding="unicode")
    '<body><p>通过短信、<ref target="/a">平台</ref>等渠道传递。</p><p>下段。</p></body>'
    """
    for holder in [el for el in body.iter() if el.find("p") is not None]:  # the body, a layout table's cell
        _rejoin_in(holder)


def _rejoin_in(holder: etree._Element) -> None:
    for el in list(holder):
        before = el.getprevious()
        if before is None or before.tag != "p":
            continue
        if el.tag in INLINE:
            before.append(el)  # its tail moves with it
        if before.tail and before.tail.strip():
            last = before[-1] if len(before) else None
            if last is None:
                before.text = (before.text or "") + before.tail
            else:
                last.tail = (last.tail or "") + before.tail
            before.tail = None


def extract_fast(tree: etree._Element) -> etree._Element | None:
    """`bare_extraction(tree, options=FAST).body`, pruning `tree` in place."""
    options = FAST
    try:
        is_forum = _forum_thread_page(tree)
        tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
        if not is_forum:
            tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
        cleaned = convert_tags(tree_cleaning(copy(tree), options), options, None)
        body, text = extract_content(cleaned, options)
        if len(text) < options.min_extracted_size:  # rescue: baseline, if it finds more
            b_body, b_text, b_len = baseline(tree)
            if b_len > len(text):
                body, text = b_body, b_text
        if 0 < len(text) < ESCALATION_MAX_LENGTH and _covers_little(tree, len(text)):
            r_options = copy(options)
            r_options.focus = "recall"
            r_text = ""
            try:
                r_body, r_text = _recall_retry(tree, r_options, None)
            except Exception:
                pass
            if len(r_text) >= options.min_extracted_size and len(r_text) > ESCALATION_ACCEPT_RATIO * len(text):
                body, text = r_body, r_text
    except (TypeError, ValueError):  # what bare_extraction turns into "no result"
        return None
    return body if len(text) >= options.min_output_size else None


def _lines_by_block(tree: etree._Element, body: etree._Element) -> etree._Element:
    """baseline's last resort puts every text node of the page on a line of its own, so a
    sentence around a link or a <span> comes out in pieces (也可通过 / 12309中国检察网 /
    进行咨询。). The same text with lines broken only at block elements; its other results
    (paragraphs it found, JSON-LD) as they are."""
    if len(body) != 1 or body[0].tag != "p" or len(body[0]) or "\n" not in (body[0].text or ""):
        return body
    page = basic_cleaning(copy(tree)).find(".//body")
    if page is None or body[0].text != "\n".join(t for piece in page.itertext() if (t := trim(piece))):
        return body
    lines, run = [], []
    for event, el in etree.iterwalk(page, events=("start", "end")):
        if el.tag in BLOCK_ELEMS:  # a block's start and end both end a line
            lines.append("".join(run))
            run = []
        if event == "start":
            run.append(el.text or "")
        elif el is not page:
            run.append(el.tail or "")
    lines.append("".join(run))
    out = etree.Element("body")
    etree.SubElement(out, "p").text = "\n".join(t for line in lines if (t := trim(line)))
    return out


def _covers_little(tree: etree._Element, length: int) -> bool:
    """`length < ESCALATION_PAGE_SHARE * len(html2txt(tree))`, rendering the page only when needed."""
    page = tree.find(".//body")
    page = tree if page is None else page
    if length >= ESCALATION_PAGE_SHARE * PAGE_TEXT_BOUND(page):
        return False
    return length < ESCALATION_PAGE_SHARE * len(html2txt(tree))
