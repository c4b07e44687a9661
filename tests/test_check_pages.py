"""No false error on the 11 real pages, converted both ways.

Each page goes through the pipeline to zh-Hans, zh-Hant-TW and zh-Hant-HK; its Traditional
text output then goes through again, back to Simplified. Warnings are allowed (a Simplified
page's own 濛 is kept as written), errors are not.
"""

import dataclasses

import pytest

from fanjian.model import SourceInfo
from fanjian.pipeline import process
from fanjian.settings import Settings

from .conftest import ROOT

PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.html"))
SETTINGS = dataclasses.replace(Settings(), targets=("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"))


def errors(result) -> list[tuple[str, str, str, str]]:
    return [(f.target, f.kind, f.location, f.message) for f in result.report.findings if f.severity == "error"]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_both_ways(page):
    simplified = process(page.read_bytes(), SourceInfo(page.name), SETTINGS)
    assert errors(simplified) == []
    traditional = process(simplified.files["zh-Hant-TW.txt"], SourceInfo(page.name + ".zh-Hant-TW.txt"), SETTINGS)
    assert errors(traditional) == []
    assert simplified.decision == traditional.decision == "publish"
    # Entities found in the Simplified page are found, in every rendition, in the Traditional one too.
    named = {(e.kind, e.renditions["zh-Hans"]) for e in simplified.report.entities if e.kind in ("person", "place", "org")}
    again = {(e.kind, e.renditions["zh-Hans"]) for e in traditional.report.entities}
    assert named <= again
