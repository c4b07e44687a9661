"""Clean on 11 real news and government pages (fixtures/pages, with expected text).

The table printed by `test_pages_table` is the acceptance report: recall, precision (how
much of the output is the article: related stories, pagers and menus kept lower it), title,
date and chrome left over per page.
"""

import difflib
import json

import pytest

from fanjian.clean import clean
from fanjian.clean.lines import CHROME_PHRASES
from fanjian.zh.script import simplified_view

from .conftest import ROOT

PAGES = ROOT / "fixtures" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
# Title and date each page shows (read off the pages themselves).
SHOWN = json.loads((ROOT / "fixtures" / "clean_pages.json").read_text(encoding="utf-8"))
RECALL_MIN = 0.95
PRECISION_MIN = 0.9  # the lowest page, 0.934, keeps the article's headline deck and a caption
# Short phrases (评论, 打印) are ordinary words inside sentences; long ones are not.
DISTINCT_PHRASES = [p for p in CHROME_PHRASES if len(p) >= 4]


def recall(expected: str, got: str) -> float:
    """Share of the expected characters (whitespace aside) found, in order, in the output."""
    want, have = "".join(expected.split()), "".join(got.split())
    matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(want)


def precision(expected: str, got: str) -> float:
    """Share of the output's characters (whitespace aside) found, in order, in the expected text."""
    return recall(got, expected) if got.split() else 0.0


def measure(name: str) -> dict:
    notice = clean((PAGES / name).read_text(encoding="utf-8"), "html")
    text = "\n".join([b.text for b in notice.blocks] + [c for b in notice.blocks for r in b.rows for c in r])
    exp = EXPECTED[name]
    exact = None
    if exp["type"] == "fulltext":
        score, exact = recall(exp["content"], text), precision(exp["content"], text)
    else:
        score = sum(p in text for p in exp["with"]) / len(exp["with"])
    view = simplified_view(text).lower()
    leftovers = [p for p in exp.get("without", []) if p in text] + [p for p in DISTINCT_PHRASES if p in view]
    return {"notice": notice, "recall": score, "precision": exact, "leftovers": leftovers,
            "tables_in_page": "<td" in (PAGES / name).read_text(encoding="utf-8")}


@pytest.fixture(scope="module")
def results() -> dict:
    return {name: measure(name) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page(results, name):
    r = results[name]
    meta = r["notice"].meta
    assert r["recall"] >= RECALL_MIN
    assert r["precision"] is None or r["precision"] >= PRECISION_MIN
    assert r["leftovers"] == []
    assert (meta.title, meta.published) == (SHOWN[name]["title"], SHOWN[name]["published"])
    if any(b.kind == "table" for b in r["notice"].blocks):
        assert all(b.rows and not b.text for b in r["notice"].blocks if b.kind == "table")


def test_pages_table(results, capsys):
    rows = [f"{'page':32} {'recall':>6}  {'precision':>9}  {'date':10}  {'chrome left':11}  title"]
    for name, r in sorted(results.items()):
        m = r["notice"].meta
        exact = "" if r["precision"] is None else f"{r['precision']:.3f}"
        rows.append(f"{name:32} {r['recall']:6.3f}  {exact:>9}  {m.published:10}  {len(r['leftovers']):11d}  {m.title[:30]}")
    with capsys.disabled():
        print("\n" + "\n".join(rows))
    assert min(r["recall"] for r in results.values()) >= RECALL_MIN
