"""The flags an editor sees by default, over a labelled sample of notices nobody tuned on
(fixtures/flag_sample: twelve notices of twelve kinds, every character default that was a
warning before the words settled it labelled act or fine for Taiwan usage; SOURCE.md).

Flags per 1,000 characters are counted on the review page in real Chromium; every shown
flag must carry a label, so a change that shows new flags has them labelled before it lands.
"""

import json

import pytest

from fanjian.emit.review_flags import ambiguity_rows
from fanjian.flows.batch import process_file
from fanjian.model import SourceInfo
from fanjian.pipeline import process
from fanjian.settings import Settings

from .conftest import ROOT, SHARED

SAMPLE = ROOT / "fixtures" / "flag_sample"
LABELS = {(x["doc"], x["location"], x["offset"], x["char"], x["chosen"]): x["label"]
          for x in json.loads((SAMPLE / "labels.json").read_text(encoding="utf-8"))}
DOCS = sorted(SAMPLE.glob("*.txt"))
# Real pages of the shared corpora: every flag shown by default and a random 75 of the hidden
# ones (first occurrence per page), labelled blind (SOURCE.md). Measured: 6 shown, 4 act (the
# issue's aim is half; 14 shown before the senses of 钟, 复, 系 and 注 were told, 4 act).
REAL_PAGES = sorted([*(SHARED / "corpus" / "pages").glob("*.html"), *(SHARED / "corpus" / "pages2").glob("*.html")])
REAL_LABELS = {(x["doc"], x["location"], x["offset"], x["char"], x["chosen"]): x["label"]
               for x in json.loads((SAMPLE / "real_pages.json").read_text(encoding="utf-8"))}
# Measured on this sample: 1 flag shown, worth acting on (4 shown, 1 act, before the senses).
ACT_SHARE_FLOOR = 0.5
REAL_ACT_SHARE_FLOOR = 0.5
ROWS_PROBE = """[...document.querySelectorAll('#ambiguities tbody tr')]
  .filter(r => r.getBoundingClientRect().height > 0).map(r => r.cells[1].innerText)"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    rows = {doc.name: process_file(doc, SAMPLE, out, Settings()) for doc in DOCS}
    return {name: out / row["output"] for name, row in rows.items()}


def _shown(name: str, bundle: dict) -> list[tuple]:
    """(doc, location, offset, char, chosen) of each flag shown: its first occurrence."""
    shown = {}
    for target, a in ambiguity_rows(bundle)[0]:
        shown.setdefault((target, a["char"], a["chosen"]), (name, a["location"], a["offset"], a["char"], a["chosen"]))
    return list(shown.values())


def test_the_sample_is_large_enough():
    assert len(DOCS) >= 10 and len(LABELS) >= 30


def test_every_settled_default_is_labelled_and_rarely_wrong():
    """A default the words settled is not shown: count the settled ones an editor would have
    had to change (the price of the quieter page)."""
    settled = wrong = 0
    for doc in DOCS:
        raw = doc.read_bytes()
        result = process(raw, SourceInfo(doc.name, "", len(raw)))
        for a in result.renditions["zh-Hant-TW"].ambiguities:
            if "settled: " in a.reason:
                label = LABELS.get((doc.name, a.location, a.offset, a.char, a.chosen))
                assert label, (doc.name, a)
                settled += 1
                wrong += label == "act"
    print(f"\n{settled} defaults settled by their words, {wrong} of them wrong")
    assert settled >= 50 and wrong / settled <= 0.03


@pytest.mark.browser
@pytest.mark.slow
def test_flags_shown_by_default_are_few_and_labelled(browser, outputs):
    flags, act, characters = [], 0, 0
    for name, folder in outputs.items():
        bundle = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
        rows = browser.open(folder / "review.html", None, (1400, 900), ROWS_PROBE).probe
        assert len(rows) == len(ambiguity_rows(bundle)[0])  # every shown row on screen, no more
        for key in _shown(name, bundle):
            assert key in LABELS, f"label this flag in fixtures/flag_sample/labels.json: {key}"
            flags.append(key)
            act += LABELS[key] == "act"
        first = bundle["renditions"]["zh-Hans"]
        characters += len(first["meta"]["title"]) + sum(len(b["text"]) for b in first["blocks"])
    per_thousand = 1000 * len(flags) / characters
    print(f"\n{len(flags)} flags shown over {characters} characters ({per_thousand:.2f} per 1,000), "
          f"{act} worth acting on ({act / max(len(flags), 1):.0%})")
    assert per_thousand <= 5
    assert flags and act / len(flags) >= ACT_SHARE_FLOOR


@pytest.mark.slow
@pytest.mark.skipif(not REAL_PAGES, reason="the shared corpus is not here")
def test_flags_on_real_pages_are_few_labelled_and_hide_no_error():
    """Over the real pages: every shown flag labelled, at most 5 per 1,000 characters, the
    share worth acting on no lower than measured, and no flag labelled `act` hidden."""
    shown_keys, characters, hidden_errors = [], 0, []
    for page in REAL_PAGES:
        raw = page.read_bytes()
        bundle = process(raw, SourceInfo(page.name, "", len(raw)), Settings()).bundle
        first = bundle["renditions"]["zh-Hans"]
        characters += len(first["meta"]["title"]) + sum(len(b["text"]) for b in first["blocks"])
        shown_keys += _shown(page.name, bundle)
        hidden_errors += [key for _, a in ambiguity_rows(bundle)[1]
                          if REAL_LABELS.get(key := (page.name, a["location"], a["offset"], a["char"], a["chosen"])) == "act"]
    missing = [key for key in shown_keys if key not in REAL_LABELS]
    assert not missing, f"label these flags in fixtures/flag_sample/real_pages.json: {missing}"
    act = sum(REAL_LABELS[key] == "act" for key in shown_keys)
    print(f"\n{len(shown_keys)} flags shown over {characters} characters of {len(REAL_PAGES)} real pages, {act} worth acting on")
    assert not hidden_errors
    assert 1000 * len(shown_keys) / characters <= 5
    assert act / len(shown_keys) >= REAL_ACT_SHARE_FLOOR
