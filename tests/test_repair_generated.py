"""Repairs measured on generated damage over clean paragraphs of both scripts.

Run with `-s` to see the measured rates.
"""

from __future__ import annotations

import random

import pytest

from fanjian.repair import apply_repairs, find_byte_shifts, find_glosses, repair

from .damage import clean_paragraphs, inject_glosses, random_shift

SCRIPTS = ("zh-Hans", "zh-Hant")

# Parentheses that are not glosses, each after the Han character it follows in real text.
LEGITIMATE = [
    "国内生产总值(GDP)", "（2024年）", "(一)", "（二）", "附件(A)", "(政府)", "新华社(Xinhua)",
    "世界卫生组织(WHO)", "办法(试行)", "条例（草案）", "方案(以下简称“方案”)", "年(2024)",
    "公告（第1号）", "表(单位：万元)", "细颗粒物(PM2.5)", "手机(iPhone)", "款(a)", "项(b)",
    "目(i)", "条(ii)", "技术(ICT)", "总理李强(Li Qiang)", "人工智能(AI)", "指数(CPI)",
    "价格(PPI)", "北京(Beijing)", "深圳(Shenzhen)", "姓李(Li)", "王(Wang)", "湖(Hu)",
    "马(Ma)", "座位(B2)", "附件(A1)", "区(district)", "市(city)", "会议(meeting)",
    "图(1)", "（三）", "香港(Hong Kong)", "中国日报(China Daily)", "(单位:亿元)",
]


def test_the_legitimate_list_is_long_enough():
    assert len(LEGITIMATE) >= 30


@pytest.mark.parametrize("script", SCRIPTS)
def test_injected_glosses_all_go_and_nothing_else_changes(script):
    rng = random.Random(20240219)
    paragraphs = clean_paragraphs()[script]
    injected = removed = 0
    for paragraph in paragraphs:
        damaged, glosses = inject_glosses(paragraph, rng, rng.randint(2, 6))
        found = find_glosses(damaged)
        injected += len(glosses)
        removed += sum(r.before in glosses for r in found)
        assert apply_repairs(damaged, found) == paragraph, damaged
        assert repair(damaged).text == repair(paragraph).text
    print(f"\n{script}: {len(paragraphs)} paragraphs, {injected} glosses, {removed} removed "
          f"({removed / injected:.1%})")
    assert removed == injected


@pytest.mark.parametrize("script", SCRIPTS)
def test_legitimate_parentheses_stay_among_glosses(script):
    rng = random.Random(7)
    paragraphs = clean_paragraphs()[script]
    kept = 0
    for k, legit in enumerate(LEGITIMATE):
        paragraph = paragraphs[k % len(paragraphs)]
        at = rng.randrange(len(paragraph))
        clean = paragraph[:at] + "，" + legit + "，" + paragraph[at:]
        text, glosses = inject_glosses(clean, rng, 3)
        found = find_glosses(text)
        assert [r.before for r in found] == glosses
        assert apply_repairs(text, found) == clean
        kept += 1
    print(f"\n{script}: {kept} legitimate parentheses among glosses, 0 false removals")


def _measure_shift(script: str, encoding: str, mark: str, seed: int):
    rng = random.Random(seed)
    runs = survived = survived_ok = boundary = boundary_ok = outside = 0
    for paragraph in clean_paragraphs()[script]:
        shifted = random_shift(paragraph, encoding, mark, rng)
        if shifted is None:
            continue
        runs += 1
        repairs = find_byte_shifts(shifted.damaged)
        outside += sum(r.start < shifted.start or r.end > shifted.damaged_end for r in repairs)
        want = paragraph[shifted.start : shifted.original_end]
        got = next((r.after for r in repairs if r.start == shifted.start), "")
        for k in range(len(want)):
            right = len(got) == len(want) and got[k] == want[k]
            if shifted.start + k in shifted.lost:
                boundary, boundary_ok = boundary + 1, boundary_ok + right
            else:
                survived, survived_ok = survived + 1, survived_ok + right
    return runs, survived_ok / max(survived, 1), boundary_ok / max(boundary, 1), outside


# Simplified text has too few characters in Big5 to carry a run.
SHIFT_CASES = [
    (script, encoding, mark)
    for script in SCRIPTS
    for encoding in ("gbk", "big5")
    for mark in ("?", "\ufffd")
    if not (script == "zh-Hans" and encoding == "big5")
]


@pytest.mark.parametrize(("script", "encoding", "mark"), SHIFT_CASES)
def test_byte_shift_runs_are_restored(script, encoding, mark):
    runs, survived, boundary, outside = _measure_shift(script, encoding, mark, seed=11)
    print(f"\n{script} {encoding} mark={mark!r}: {runs} runs of 4+, survived characters "
          f"{survived:.1%} restored, boundary characters {boundary:.1%}, {outside} changes outside")
    assert runs >= 100
    assert survived >= 0.95
    assert boundary >= 0.60
    assert outside == 0


def test_a_mark_before_clean_text_is_left_alone():
    rng = random.Random(3)
    tried = changed = 0
    for script in SCRIPTS:
        for paragraph in clean_paragraphs()[script]:
            for mark in ("?", "\ufffd"):
                at = rng.randrange(1, len(paragraph))
                if paragraph[at].isascii():
                    continue
                tried += 1
                changed += bool(find_byte_shifts(paragraph[:at] + mark + paragraph[at:]))
    print(f"\n{tried} clean paragraphs with a stray mark, {changed} changed")
    assert tried >= 300
    assert changed == 0
