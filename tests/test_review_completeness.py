"""Every character default is flagged: checked against an older OpenCC dictionary.

An independent reference (`fixtures/opencc_reference/`, OpenCC's text dictionaries from the
opencc-python-reimplemented 0.1.7 wheel, trimmed to the seed and the pages) says which
positions a phrase covers. On the seed and the pages, every one-to-many character written
as its character default, with no reference phrase over it and another form the target
could write (`ambiguity.written_form`: not 𫔭 for 開), must be flagged; a flag inside a reference phrase is a disagreement too. The
disagreements the two dictionaries really have are listed, with their reason, in
`known_differences.tsv`; the test fails when one appears or one listed goes away.
"""

import dataclasses
from collections import Counter
from functools import cache

import pytest

from fanjian.convert.ambiguity import MARK, marker_converter, written_form
from fanjian.convert.text import convert_text
from fanjian.model import SourceInfo
from fanjian.pipeline import process
from fanjian.settings import Settings
from fanjian.zh.layout import document
from fanjian.zh.opencc import converter

from .conftest import ROOT, SEED

REFERENCE = ROOT / "fixtures" / "opencc_reference"
INPUTS = [SEED] + sorted((ROOT / "fixtures" / "pages").glob("*.html"))
ALL_TARGETS = dataclasses.replace(Settings(), targets=("zh-Hans", "zh-Hant-TW", "zh-Hant-HK"))
# Per source: the reference tables of the direction, and the targets the flags are checked in.
DIRECTIONS = {"zh-Hans": ("ST", ("zh-Hant-TW", "zh-Hant-HK")), "zh-Hant-TW": ("TS", ("zh-Hans",)),
              "zh-Hant-HK": ("TS", ("zh-Hans",)), "zh-Hant": ("TS", ("zh-Hans",))}
SPELLING = {"zh-Hant-TW": "t2tw", "zh-Hant-HK": "t2hk"}  # Traditional values as the target writes them
MARKED_STEP = {"zh-Hant-TW": "s2tw", "zh-Hant-HK": "s2hk", "zh-Hans": "tw2s"}  # the conversions checked
CONTEXT = 4


@cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    lines = (REFERENCE / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return {k: tuple(v.split()) for k, v in (line.split("\t") for line in lines)}


def known() -> list[dict[str, str]]:
    lines = [line for line in (REFERENCE / "known_differences.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    header, *rows = [line.split("\t") for line in lines]
    return [dict(zip(header, r)) for r in rows]


def covered(text: str, phrases) -> set[int]:
    """Positions inside an occurrence of a reference phrase."""
    out = set()
    for phrase in phrases:
        start = text.find(phrase)
        while start != -1:
            out.update(range(start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    return out


def source_tag(result) -> str:
    script = result.bundle["script"]
    if script["script"] == "simplified":
        return "zh-Hans"
    return {"tw": "zh-Hant-TW", "hk": "zh-Hant-HK"}.get(script["variant"], "zh-Hant")


def where(text: str, i: int) -> str:
    return f"{text[max(0, i - CONTEXT):i]}[{text[i]}]{text[i + 1:i + 1 + CONTEXT]}".replace("\n", "⏎")


def differences(result, name: str):
    """(target, kind, context) of each disagreement with the reference, and how many
    positions were compared."""
    src = document(result.notice.meta, result.notice.blocks)
    source = source_tag(result)
    prefix, targets = DIRECTIONS[source]
    many = table(f"{prefix}Characters")
    text = src.text
    if prefix == "TS":  # tw2s reads TSPhrases after TWVariantsRev
        text = "".join(table("TWVariantsRev").get(c, (c,))[0] for c in text) if source == "zh-Hant-TW" else text
    phrase_cover = covered(text, table(f"{prefix}Phrases"))
    found, compared = [], 0
    for target in targets:
        rendition = result.renditions[target]
        out = document(rendition.meta, rendition.blocks).text
        assert len(out) == len(src.text), (name, target)
        flagged = {src.starts[src.labels.index(a.location)] + a.offset for a in rendition.ambiguities}
        for i, c in enumerate(src.text):
            if c not in many:
                continue
            compared += 1
            chosen = out[i]
            if chosen != convert_text(c, target, source):
                assert i not in flagged, (name, target, where(src.text, i))  # decided otherwise
                continue
            spelled = {converter(SPELLING[target]).convert(v) if target in SPELLING else v for v in many[c]
                       if written_form(v, "t2s" if target == "zh-Hans" else "s2t")}
            if i in flagged and i in phrase_cover:
                found.append((target, "flag-in-phrase", where(src.text, i)))
            elif i not in flagged and i not in phrase_cover and spelled - {chosen}:
                found.append((target, "unflagged-default", where(src.text, i)))
    return found, compared


@pytest.fixture(scope="module")
def processed():
    return {p.name: process(p.read_bytes(), SourceInfo(p.name), ALL_TARGETS) for p in INPUTS}


@pytest.mark.parametrize("name", [p.name for p in INPUTS])
def test_every_character_default_is_flagged_as_the_reference_says(processed, name):
    found, compared = differences(processed[name], name)
    listed = [(k["target"], k["kind"], k["context"]) for k in known() if k["input"] == name]
    assert compared > 0
    new, gone = Counter(found) - Counter(listed), Counter(listed) - Counter(found)
    assert not new and not gone, (f"not listed in known_differences.tsv: {sorted(new)}; "
                                  f"listed, no longer found: {sorted(gone)}")


def test_known_differences_have_the_reason_given():
    """segmentation: both dictionaries decide the phrase alone; dictionary version: one does."""
    rows = known()
    assert {r["kind"] for r in rows} == {"flag-in-phrase", "unflagged-default"}
    for row in rows:
        before, rest = row["context"].split("[")
        char, after = rest.split("]")
        text, i, phrase = before + char + after, len(before), row["phrase"]
        starts = [s for s in range(len(text)) if text.startswith(phrase, s) and s <= i < s + len(phrase)]
        assert starts, row
        in_reference = phrase in table("TSPhrases" if row["target"] == "zh-Hans" else "STPhrases")
        assert in_reference == (row["kind"] == "flag-in-phrase"), row
        decided_alone = marker_converter(MARKED_STEP[row["target"]]).convert(phrase)[i - starts[0]] != MARK
        assert row["reason"] == ("segmentation" if in_reference and decided_alone else "dictionary version"), row
        assert in_reference or decided_alone, row
