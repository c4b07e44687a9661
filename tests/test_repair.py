"""The repair stage on the seed notice and on the cases in fixtures/repair.json."""

from __future__ import annotations

import difflib
import json
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fanjian.data import read_lines
from fanjian.model import Repair
from fanjian.repair import apply_repairs, repair

from .damage import HAN, ROOT, gloss_for

SEED = ROOT / "seeds" / "000_6c292aaa073e0d9c.txt"
GOLDEN = ROOT / "fixtures" / "golden" / "seed.repaired.txt"
CASES = json.loads((ROOT / "fixtures" / "repair.json").read_text("utf-8"))
GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
SHIFT_BEFORE, SHIFT_AFTER = "?!狈兜路睆娬{", "。”范德繁強調"
FOLDED = {",": "，", ":": "：", ";": "；", "!": "！", "(": "（", ")": "）"}


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case["comment"])] if case["expect"] == "fail" else []
    return pytest.param(case, id=case["id"], marks=marks)


# ---- the seed ------------------------------------------------------------------------------


def test_seed_comes_back_as_the_golden_text():
    assert repair(SEED.read_text("utf-8")).text == GOLDEN.read_text("utf-8")


def test_seed_repairs_are_the_expected_ones_and_replay():
    seed = SEED.read_text("utf-8")
    fixed = repair(seed)
    kinds = [r.kind for r in fixed.repairs]
    assert kinds.count("pinyin-gloss") == 143
    assert [(r.before, r.after) for r in fixed.repairs if r.kind == "byte-shift"] == [
        (SHIFT_BEFORE, SHIFT_AFTER)
    ]
    widened = sorted(r.before for r in fixed.repairs if r.kind == "punctuation-width")
    # The seed is folded (no full-width ，：；！？（） anywhere): (政府) widens with the rest.
    assert widened == sorted("," * 54 + ";" * 5 + "!" * 2 + ":" * 2 + "()")
    for r in fixed.repairs:
        assert seed[r.start : r.end] == r.before
    assert apply_repairs(seed, fixed.repairs) == fixed.text


def test_seed_diff_shows_nothing_else_changed():
    """Every difference between seed and output is a gloss, the shift run or a widened mark."""
    seed = SEED.read_text("utf-8")
    out = repair(seed).text
    assert seed.count(SHIFT_BEFORE) == 1 and out.count(SHIFT_AFTER) == 1
    seed = seed.replace(SHIFT_BEFORE, SHIFT_AFTER)
    widen = str.maketrans(FOLDED)
    unexplained = []
    changes = 0
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, seed, out, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        changes += 1
        before, after = seed[a0:a1], out[b0:b1]
        if GLOSS.sub("", before).translate(widen) != after:
            unexplained.append((op, before, after))
    assert unexplained == []
    assert changes >= 143
    assert GLOSS.search(out) is None
    assert not re.search(r"[\u4e00-\u9fff”’][,:;!()]", out)
    assert "區委（政府）辦" in out


# ---- fixture cases ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_repair_case(case):
    fixed = repair(case["input"])
    assert fixed.text == case["expected"]["repair"]
    assert apply_repairs(case["input"], fixed.repairs) == fixed.text
    for r in fixed.repairs:
        assert case["input"][r.start : r.end] == r.before


POSITIVE = [c for c in CASES if c["expect"] == "pass"]
# Adding glosses to a text with one deliberate gloss makes that gloss damage too.
NOT_GLOSSABLE = {"gloss-single-deliberate"}


WIDE_FORMS = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"}
ASCII_BESIDE_HAN = re.compile(r"[,:;!?()](?<=[\u4e00-\u9fff].)|[,:;!?()](?=[\u4e00-\u9fff])")


def _fold_document(text: str) -> str:
    """One more layer of damage: every full-width ，：；！？（） of the text folded to ASCII.

    Only for a text with no ASCII mark of its own beside Han characters: after the fold,
    every such mark is one the fold made."""
    if ASCII_BESIDE_HAN.search(text):
        return ""
    return text.translate(str.maketrans(WIDE_FORMS))


def _gloss_untouched_spots(case, rng: random.Random) -> str:
    """One more layer of damage: two glosses after characters the case leaves alone."""
    text, want = case["input"], case["expected"]["repair"]
    spots = []
    for block in difflib.SequenceMatcher(None, text, want, autojunk=False).get_matching_blocks():
        # inner characters only, so no gloss touches a repaired span
        spots += [i + 1 for i in range(block.a + 1, block.a + block.size - 1) if HAN.match(text[i])]
    rng.shuffle(spots)
    chosen = []
    for end in spots:
        gloss = gloss_for(text[end - 1], rng)
        if gloss:
            chosen.append((end, gloss))
        if len(chosen) == 2:
            break
    for end, gloss in sorted(chosen, reverse=True):
        text = text[:end] + gloss + text[end:]
    return text if len(chosen) == 2 else ""


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in POSITIVE])
def test_one_more_layer_of_damage_is_repaired_too(case):
    folded = _fold_document(case["input"])
    glossed = "" if case["id"] in NOT_GLOSSABLE else _gloss_untouched_spots(case, random.Random(1))
    layers = [t for t in (folded, glossed) if t and t != case["input"]]
    if not layers:
        pytest.skip("ASCII marks of its own beside Han characters and no room for glosses")
    for damaged in layers:
        assert repair(damaged).text == case["expected"]["repair"], damaged


def test_bytes_are_refused_with_a_hint():
    with pytest.raises(TypeError, match="decode bytes first"):
        repair("區(qū)".encode())


# ---- data ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["char_freq.tsv", "char_bigrams.tsv"])
def test_frequency_tables_have_headers_and_are_sorted(name):
    head = (ROOT / "src" / "fanjian" / "data" / name).read_text("utf-8").splitlines()[:16]
    for field in ("# File:", "# Format:", "# Source:", "# Generated by:", "# Licence:", "# Used by:"):
        assert any(line.startswith(field) for line in head), field
    keys = [line.split("\t")[0] for line in read_lines(name)]
    assert keys == sorted(set(keys))


# ---- any text ----------------------------------------------------------------------------------

PIECES = ["區", "(qū)", "發", "（fā）", "?", "\ufffd", "!狈兜路睆娬{", ",", ":", "；", "(政府)", "（",
          "10:30", "a", " ", "\n", "范德繁", "。", "”", "(A)", "綠(lü4)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_mix_replays_from_input_spans(pieces):
    text = "".join(pieces)
    fixed = repair(text)
    assert apply_repairs(text, fixed.repairs) == fixed.text
    ends = [0]
    for r in fixed.repairs:
        assert text[r.start : r.end] == r.before
        assert r.start >= ends[-1]
        ends.append(r.end)


@pytest.mark.parametrize("later", [
    [Repair("b", 5, 6, "N", "n"), Repair("b", 9, 10, ",", "，")],  # inside and after a grown span
    [Repair("b", 0, 1, "x", "")],  # before it
])
def test_spans_map_back_through_a_grown_and_a_shrunk_repair(later):
    """Later spans map back to the input alike whether earlier repairs overlap or not."""
    from fanjian.repair import rebase, rebase_walk

    for earlier in ([Repair("a", 2, 4, "xy", "LONGER")],  # ends in order: the fast path
                    [Repair("a", 2, 4, "xy", "LONGER"), Repair("a", 3, 4, "y", "")]):  # overlapping
        shifts = sorted((r.start, r.end, len(r.after) - (r.end - r.start)) for r in earlier)
        assert rebase(earlier, later) == rebase_walk(shifts, earlier, later)


def test_edge_word_scores_are_jiebas_routes_through_each_candidate():
    """`fit_scores` finds the routes around the candidates once; it must still be exactly
    `route_score` of each window (the byte-shift edges rank candidates by it)."""
    from fanjian.zh.segment import fit_scores, route_score

    candidates = tuple("入浑与想是的人不常年凡所须整政。")
    for left, right in [("护治理", "河排污"), ("粮食播", "年稳定"), ("", "须由参"), ("溯源", ""), ("", "")]:
        got = fit_scores(left, candidates, right)
        assert got == pytest.approx([route_score(left + ch + right) for ch in candidates])


def test_an_edge_mark_is_chosen_by_what_its_line_pairs():
    from fanjian.repair.edges import pairing

    assert pairing("“", "负责人介绍，", "心成长”项目") == 1
    assert pairing("“", "负责人介绍，", "心成长项目") == -1
    assert pairing("）", "附件（一", "的内容") == 1
    assert pairing("）", "附件（一）", "的内容") == -1


# ---- folded punctuation beside what the prose view sets aside ----------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # a text that opens with markup or an address and holds nothing else set aside: the marks
    # are found in the view and must land on the same characters of the text
    ("<p>会议要求:落实", "<p>会议要求：落实"),
    ("http://a.cn 见附件,好", "http://a.cn 见附件，好"),
    # an e-mail address, then an entity: both set aside, the comma after them widened
    ("邮箱me@www.gov.cn&amp;电话,好", "邮箱me@www.gov.cn&amp;电话，好"),
    # an @ inside a word is no address's start; an address inside a URL goes with the URL
    ("a@b.cn_c@d.cn,见", "a@b.cn_c@d.cn，见"),
    ("见http://a.cn/x@y.cn,好", "见http://a.cn/x@y.cn，好"),
    # nested and stray parentheses, and one pair across a line break
    ("区委(政府(办))主任,会议(2024)年:要求(一)落实(\n完成)",
     "区委（政府（办））主任，会议（2024）年：要求（一）落实（\n完成）"),
    ("电话:(0755)12345678,地址(见附件", "电话：（0755）12345678，地址（见附件"),
])
def test_folded_marks_land_on_their_own_characters(text, expected):
    assert repair(text).text == expected
    assert apply_repairs(text, repair(text).repairs) == expected
