"""The shortcuts that keep Traditional -> Traditional conversion fast change no result.

Each shortcut decides from a whole-text table lookup that some work cannot change the
output, and skips it. These properties compare the shortcut with the work it skips, on
random text built from the characters that matter (risky surnames in both scripts,
titles, cues, honorifics, OpenCC keys, half-conversion characters and their phrase
neighbours), and check that the key tables match the installed OpenCC dictionaries.
"""

import re
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from fanjian.convert import halfconv
from fanjian.convert.halfconv import repair_half_converted
from fanjian.convert.steps import unchanged_by
from fanjian.data import read_tsv
from fanjian.zh.entities import AFTER_CUES, HONORIFICS, RISKY_SURNAMES, TITLES, people, risky_name_runs
from fanjian.zh.opencc import converter
from fanjian.zh.script import char_class, simplified_view

from . import test_fuzz  # noqa: F401  (registers and loads the Hypothesis profiles)

ROOT = Path(__file__).resolve().parent.parent
SURNAME_FORMS = "范範于於余餘岳嶽涂塗游遊党黨郁鬱栗慄朴樸干幹乾丰豐云雲"
WORDS = [*TITLES[:40], *AFTER_CUES, *HONORIFICS, "書記", "表示", "先生", "同志", "主持", "指出"]
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PIECES = st.one_of(st.sampled_from(SURNAME_FORMS), st.sampled_from(WORDS), HAN, st.sampled_from(list("，。、 \n“”「」")))
NAMEISH = st.lists(PIECES, max_size=30).map("".join)


def risky_people_by_rules(text: str) -> set[str]:
    """What the rules find (people + the honorific pattern)."""
    view = simplified_view(text)
    honorific = re.compile(f"{char_class(RISKY_SURNAMES)}(?:{'|'.join(map(re.escape, HONORIFICS))})")
    return {n for n in people(text) if n[0] in RISKY_SURNAMES} | {m.group() for m in honorific.finditer(view)}


def test_quick_name_test_sees_made_up_names():
    for text in ["市委書記範曉明主持會議", "於先生", "。郁文華表示，", "副區長余立新強調"]:
        assert risky_name_runs(text) and risky_people_by_rules(text), text


def _variant_pieces(config: str) -> list[str]:
    rows = [r for r in read_tsv("opencc_variant_keys.tsv") if r[0] == config]
    singles = next(r[2] for r in rows if r[1] == "chars")
    phrases = [r[2] for r in rows if r[1] == "phrase"]
    return list(singles[:60]) + phrases + [p[:-1] for p in phrases] + list("著裡為台灣麼梁") + ["黃東樑", "什麼"]


@given(st.sampled_from(["t2tw", "t2hk", "tw2t", "hk2t"]), st.data())
def test_skipped_opencc_call_would_change_nothing(config, data):
    text = data.draw(st.lists(st.one_of(st.sampled_from(_variant_pieces(config)), HAN), max_size=25).map("".join))
    if unchanged_by(config, text):
        assert converter(config).convert(text) == text


def _half_pieces() -> list[str]:
    rows = read_tsv("half_converted_neighbours.tsv")[1:]
    out = []
    for c, left, right, _ in rows:
        out += [c, c + right[:1], left[-1:] + c, left[len(left) // 2 :][:1] + c, c + right[len(right) // 2 :][:1]]
    forms = [c for name, c, f in read_tsv("pivot_forms.tsv")[1:] if name == "tw2s"]
    return out + forms[::40] + ["示范", "英里", "公里", "干预", "實干", "人后", "于是", "范德繁", "新征程", "乾隆", "著名"]


@given(st.lists(st.one_of(st.sampled_from(_half_pieces()), HAN, st.sampled_from(list("，。\n"))), max_size=30).map("".join))
def test_phrase_window_filter_changes_nothing(text):
    filtered = repair_half_converted(text, "zh-Hant-TW")
    halfconv._phrase_neighbours.cache_clear()
    original = halfconv._phrase_neighbours
    halfconv._phrase_neighbours = lambda entries: None  # every window converted
    try:
        assert repair_half_converted(text, "zh-Hant-TW") == filtered
    finally:
        halfconv._phrase_neighbours = original


def test_key_tables_match_installed_opencc():
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_opencc_keys

    data = ROOT / "src" / "fanjian" / "data"
    body = lambda name: [line for line in (data / name).read_text(encoding="utf-8").splitlines()
                         if line and not line.startswith("#")]
    assert body("opencc_variant_keys.tsv") == make_opencc_keys.rows()
    assert body("half_converted_neighbours.tsv") == make_opencc_keys.neighbour_rows()
    assert body("pivot_forms.tsv") == make_opencc_keys.forms_rows()
    assert body("opencc_split_guards.tsv") == make_opencc_keys.guard_rows()


def test_phrase_key_table_matches_installed_opencc():
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_opencc_phrases

    data = ROOT / "src" / "fanjian" / "data"
    body = [line for line in (data / "opencc_phrase_keys.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert body == make_opencc_phrases.rows()


def people_by_scanning(view: str) -> set[str]:
    """The person rules run by `finditer` over every position (the reference)."""
    from fanjian.zh.entities import name_patterns, trim_name

    after_title, before_cue = name_patterns()
    found = {trim_name(m.group(1), view[m.end(1) : m.end(1) + 2]) for m in after_title.finditer(view)}
    found |= {m.group(1) for m in before_cue.finditer(view) if not (len(m.group(1)) == 3 and m.group(1)[1:] in AFTER_CUES)}
    return {n for n in found if not (len(n) == 3 and n[:2] in found)}


SURNAMES_SOME = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林夏范于余游党"


@given(st.lists(st.one_of(PIECES, st.sampled_from(SURNAMES_SOME), st.sampled_from(TITLES)), max_size=40).map("".join))
def test_people_from_candidate_starts_equal_full_scan(text):
    from fanjian.zh.entities import people_in_view

    view = simplified_view(text)
    assert people_in_view(view, at_starts=True) == people_by_scanning(view)


def test_people_on_the_seed_and_pages_equal_full_scan():
    from fanjian.zh.entities import people_in_view

    for path in [ROOT / "fixtures" / "golden" / "seed.repaired.txt", ROOT / "fixtures" / "clean" / "pages_expected.txt"]:
        view = simplified_view(path.read_text(encoding="utf-8"))
        assert people_in_view(view) == people_by_scanning(view) != set()


def test_name_runs_are_whole_runs_of_han():
    run = "會" * 60 + "區委書記範德繁強調" + "議" * 60
    text = "通知。" + run + "，於先生"
    assert risky_name_runs(text) == [(3, 3 + len(run)), (len(text) - 3, len(text))]
    assert risky_people_by_rules(text) == {"范德繁", "于先生"}
