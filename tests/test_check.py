"""Check on the seed: every fault in fixtures/check.json is held with exactly its errors."""

import dataclasses
import json
from datetime import date

import pytest

from fanjian.check import check
from fanjian.model import Meta, SourceInfo
from fanjian.pipeline import process

from .conftest import ROOT

CASES = json.loads((ROOT / "fixtures" / "check.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def processed():
    results = {}
    for path in {case["input_file"] for case in CASES}:
        raw = (ROOT / path).read_bytes()
        results[path] = process(raw, SourceInfo(path))
    return results


def inject(rendition, fault):
    """The rendition with one fault put in: a replacement, a dropped block or a new title."""
    if "drop_block" in fault:
        blocks = rendition.blocks[: fault["drop_block"]] + rendition.blocks[fault["drop_block"] + 1 :]
        return dataclasses.replace(rendition, blocks=blocks)
    if "title_replace" in fault:
        old, new = fault["title_replace"]
        return dataclasses.replace(rendition, meta=dataclasses.replace(rendition.meta, title=rendition.meta.title.replace(old, new)))
    old, new = fault["replace"]
    seen, blocks = 0, []
    for block in rendition.blocks:
        parts = block.text.split(old)
        text = parts[0]
        for part in parts[1:]:
            seen += 1
            text += (new if seen == fault["occurrence"] else old) + part
        blocks.append(dataclasses.replace(block, text=text))
    assert seen >= fault["occurrence"], f"{old} occurs {seen} times"
    return dataclasses.replace(rendition, blocks=tuple(blocks))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_check_cases(processed, case):
    result = processed[case["input_file"]]
    renditions = dict(result.renditions)
    if case["inject"]:
        target = case["inject"]["target"]
        renditions[target] = inject(renditions[target], case["inject"])
    report = check(result.notice, renditions)
    errors = sorted([f.kind, f.location] for f in report.findings if f.severity == "error")
    assert (report.decision, errors) == (case["expected"]["decision"], case["expected"]["errors"])
    if case["inject"]:
        assert {f.target for f in report.findings if f.severity == "error"} == {case["inject"]["target"]}


def test_seed_entities_in_both_renditions(processed):
    """The acceptance list: the seed's 4 people, its places, organisations and numbers."""
    report = processed["seeds/000_6c292aaa073e0d9c.txt"].report
    by_kind = {}
    for e in report.entities:
        by_kind.setdefault(e.kind, {})[e.renditions["zh-Hans"]] = e
        assert set(e.renditions) == {"zh-Hans", "zh-Hant-TW"}, e
    assert set(by_kind["person"]) == {"范德繁", "夏东", "赖建华", "黄生文"}
    assert by_kind["person"]["范德繁"].renditions["zh-Hant-TW"] == "范德繁"
    assert by_kind["person"]["赖建华"].renditions["zh-Hant-TW"] == "賴建華"
    assert set(by_kind["place"]) == {"深圳", "深圳市", "罗湖", "罗湖区", "深港"}
    assert by_kind["place"]["罗湖"].count == 17
    assert set(by_kind["org"]) == {"深圳市罗湖区人民政府", "罗湖区委", "罗湖区委宣传部"}
    numbers = {k: set(v) for k, v in by_kind.items() if k in ("date", "money", "percent", "range", "ordinal")}
    assert numbers == {"date": {"2月18日", "2024年"}, "money": {"1600亿元", "2500亿元"},
                       "percent": {"65%"}, "range": {"3—5个"}, "ordinal": {"第一"}}
    assert {"5", "7", "十大", "六个", "三大", "两个"} <= set(by_kind["number"])
    assert report.decision == "publish"


@pytest.mark.parametrize("published,kind", [("2024-13-45", "bad-date"), ("2099-01-01", "future-date"), ("", "no-date")])
def test_publish_date_sanity(processed, published, kind):
    result = processed["seeds/000_6c292aaa073e0d9c.txt"]
    notice = dataclasses.replace(result.notice, meta=dataclasses.replace(result.notice.meta, published=published))
    report = check(notice, result.renditions, today=date(2026, 1, 1))
    assert [f.kind for f in report.findings] == [kind]
    assert report.decision == ("publish" if kind == "no-date" else "hold")


def test_source_variant_kept_is_a_warning():
    """A Simplified source's own 濛 passes through unconverted: warned, not held."""
    from fanjian.model import Block, Notice, Rendition
    notice = Notice(Meta(title="细雨濛濛", published="2024-05-13"), (Block("paragraph", "细雨濛濛中，区委书记发表讲话"),))
    hans = Rendition("zh-Hans", "none", notice.meta, notice.blocks)
    report = check(notice, {"zh-Hans": hans})
    assert [(f.severity, f.kind, f.location) for f in report.findings] == [
        ("warning", "wrong-script", "meta.title"), ("warning", "wrong-script", "block 0")]
    assert report.decision == "publish"
