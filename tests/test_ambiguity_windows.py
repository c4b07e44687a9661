"""The character-default check converts only stretches of text (`opencc_windows`): it must
read the same markers as the conversion of the whole text, on OpenCC's own test texts and
on random text built from the characters that matter (one-to-many characters, characters
of OpenCC's phrases, punctuation, newlines), with and without user entries; and its table
must match the installed OpenCC dictionaries.
"""

import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fanjian.convert import ambiguity
from fanjian.convert import windows as opencc_windows
from fanjian.convert.ambiguity import MARK, marker_converter
from fanjian.data import read_tsv
from fanjian.zh.script import find_all

from . import test_fuzz  # noqa: F401  (registers and loads the Hypothesis profiles)

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "fixtures" / "opencc" / "golden"
SIMPLIFIED_STEPS, TRADITIONAL_STEPS = ("s2t", "s2tw", "s2hk"), ("t2s", "tw2s", "hk2s")


def full_run(text: str, step: str, extra=()) -> list[int]:
    return find_all(marker_converter(step, extra).convert(text), MARK)


def stretch_run(text: str, step: str, extra=()) -> list[int] | None:
    direction = "s2t" if step.startswith("s2") else "t2s"
    at = np.flatnonzero(ambiguity._char_flags(direction).of(text))
    hit = opencc_windows.marked_at(text, at, step, extra, marker_converter(step, extra, True), MARK)
    return None if hit is None else at[hit].tolist()


def test_every_configuration_of_the_check_is_cut():
    assert {row[1] for row in read_tsv("opencc_key_pairs.tsv") if row[0] == "config"} \
        >= set(SIMPLIFIED_STEPS + TRADITIONAL_STEPS)


def test_golden_texts_read_alike():
    for path in sorted(GOLDEN.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        steps = SIMPLIFIED_STEPS if path.name.endswith("zhs.txt") else TRADITIONAL_STEPS
        for step in steps:
            for piece in [text, *text.split("\n")[:200]]:
                if ambiguity._char_flags("s2t" if step.startswith("s2") else "t2s").any(piece, 1):
                    assert stretch_run(piece, step) == full_run(piece, step), (path.name, step, piece[:40])


def test_cannot_cut_text_with_a_nul_or_a_compatibility_ideograph():
    assert stretch_run("干部\x00以后", "s2tw") is None
    assert stretch_run("干部\uf900以后", "s2tw") is None


def _pieces() -> list[str]:
    chars = [c for c, direction, _ in read_tsv("one_to_many.tsv")]
    pairs = [row for row in read_tsv("opencc_key_pairs.tsv") if row[0] == "pairs"]
    joined = [row[2] + row[3][k] for row in pairs[::7] for k in (0, len(row[3]) // 2, -1)]
    return chars + joined + ["头发", "皇后", "以后", "干预", "实干", "范德繁", "新征程", "征程", "乾隆", "著名", "後來",
                             "頭髮", "乾淨", "瞭解"]


PIECES = st.one_of(st.sampled_from(_pieces()), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
                   st.sampled_from(list("，。、 \n“”")))
TEXT = st.lists(PIECES, max_size=40).map("".join)


@given(st.sampled_from(SIMPLIFIED_STEPS + TRADITIONAL_STEPS), TEXT)
def test_random_text_reads_alike(step, text):
    assert stretch_run(text, step) == full_run(text, step)


ENTRY = st.tuples(st.lists(PIECES, min_size=1, max_size=3).map("".join), st.booleans())


@settings(max_examples=25)  # each example builds two OpenCC converters
@given(st.sampled_from(SIMPLIFIED_STEPS + TRADITIONAL_STEPS), TEXT, st.lists(ENTRY, max_size=3))
def test_random_text_with_user_entries_reads_alike(step, text, entries):
    # An entry kept as written, or written with its one-to-many characters' first values.
    values = {c: v.split()[0] for c, _, v in read_tsv("one_to_many.tsv")}
    extra = tuple(dict((key.replace("\n", ""), "".join(values.get(c, c) for c in key.replace("\n", "")) if other
                        else key.replace("\n", "")) for key, other in entries if key.strip("\n")).items())
    assert stretch_run(text, step, extra) == full_run(text, step, extra)


def test_pair_table_matches_installed_opencc():
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_opencc_pairs

    lines = (ROOT / "src" / "fanjian" / "data" / "opencc_key_pairs.tsv").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")] == make_opencc_pairs.rows()
