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
from trafilatura.baseline import baseline, html2txt
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
    if body is None:  # fast mode found nothing: let the fallback extractors try
        doc = trafilatura.bare_extraction(reparse(), options=FULL)
        body = None if doc is None else doc.body
    return body


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


def _covers_little(tree: etree._Element, length: int) -> bool:
    """`length < ESCALATION_PAGE_SHARE * len(html2txt(tree))`, rendering the page only when needed."""
    page = tree.find(".//body")
    page = tree if page is None else page
    if length >= ESCALATION_PAGE_SHARE * PAGE_TEXT_BOUND(page):
        return False
    return length < ESCALATION_PAGE_SHARE * len(html2txt(tree))
