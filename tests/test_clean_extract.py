"""`clean_extract.extract_fast` gives exactly what `trafilatura.bare_extraction` gives.

It repeats trafilatura's fast-mode steps with less work; these pages take each of its
branches (plain article, baseline rescue, recall retry, nothing found, forum thread), so a
trafilatura release that changes those steps fails here rather than in an output.
"""

import pytest
import trafilatura
from lxml import etree

from fanjian.clean import extract as clean_extract
from fanjian.clean.html import parse_html

from .conftest import ROOT

PARA = "各区人民政府，市政府各部门：现将有关事项通知如下，请认真贯彻执行。"


def paras(n: int) -> str:
    return f"<p>{PARA}</p>" * n


SYNTHETIC = {
    # a short article in a page of sidebars: the baseline rescue takes over
    "baseline": f"<html><body><div class='content'>{paras(2)}</div>"
                + f"<div class='sidebar'><div>{PARA * 3}</div></div>" * 8 + "</body></html>",
    # the article holds a long teaser block fast mode drops: the recall retry brings it back
    "recall": f"<html><body><div class='content'>{paras(8)}<div class='teaser'>{paras(60)}</div></div></body></html>",
    "nothing": "<html><body><div class='nav'><ul><li><a href='/'>首页</a></li></ul></div><div></div></body></html>",
    "empty": "<html><body><div></div></body></html>",
    "forum": '<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script></head>'
             f"<body><div class='comments'>{paras(5)}</div><article>{paras(1)}</article></body></html>",
}
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.html")) + [ROOT / "fixtures" / "html" / "gov_notice.html"]


def both(page: str) -> tuple[bytes | None, bytes | None]:
    doc = trafilatura.bare_extraction(parse_html(page), options=clean_extract.FAST)
    ours = clean_extract.extract_fast(parse_html(page))
    return (None if doc is None else etree.tostring(doc.body, encoding="utf-8"),
            None if ours is None else etree.tostring(ours, encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_synthetic_page_extracts_as_trafilatura_does(name):
    reference, ours = both(SYNTHETIC[name])
    assert ours == reference


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_page_extracts_as_trafilatura_does(path):
    reference, ours = both(path.read_bytes().decode("utf-8", errors="replace"))
    assert ours is not None and ours == reference


def test_recall_retry_is_taken():
    """The recall page's teaser text only comes back through the retry."""
    body = clean_extract.extract_fast(parse_html(SYNTHETIC["recall"]))
    assert len("".join(body.itertext())) > 60 * len(PARA)


def test_page_that_fast_mode_finds_empty_goes_to_the_full_extractors():
    calls = []

    def reparse():
        calls.append(1)
        return parse_html(SYNTHETIC["empty"])

    assert clean_extract.extract_body(parse_html(SYNTHETIC["empty"]), reparse) is None
    assert calls == [1]
