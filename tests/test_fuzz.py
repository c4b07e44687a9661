"""Property tests: random and damaged input into every stage.

Invariants: nothing but the project's typed errors escapes; repair changes nothing
outside the spans it reports; conversion keeps digits, ASCII words and lines; chrome
removal only removes whole lines, and records each.

HYPOTHESIS_PROFILE=soak runs the long profile (`make fuzz-soak`); CI runs the default.
"""

import os
import re
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanjian.check import check
from fanjian.clean import clean
from fanjian.convert.text import TARGETS, convert_notice, convert_text
from fanjian.decode import decode
from fanjian.errors import FanjianError
from fanjian.repair import apply_repairs, repair

from .conftest import SEED

# CI is derandomized so a run is repeatable; the soak profile explores.
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SEED_LINES = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from(list("，。、；：？！“”‘’（）《》,.;:?!()[]- \n0123456789") + ["(qū)", "(fā)", "(zhì)", "(GDP)", "（2024年）", "?", "\ufffd"])
CHINESEISH = st.lists(st.one_of(CJK, PUNCT, st.sampled_from(SEED_LINES)), max_size=40).map("".join)


@st.composite
def damaged(draw):
    """A seed line with glosses, folded punctuation, lost bytes or random edits."""
    line = draw(st.sampled_from(SEED_LINES))
    kind = draw(st.sampled_from(["gbk-shift", "big5-shift", "fold", "insert", "plain"]))
    if kind.endswith("shift"):
        codec = "gbk" if kind == "gbk-shift" else "big5"
        raw = line.encode(codec, errors="replace")
        cut = draw(st.integers(0, max(0, len(raw) - 1)))
        raw = raw[:cut] + b"?" + raw[cut + 1:]
        return raw.decode(codec, errors="replace")
    if kind == "fold":
        return line.translate(str.maketrans("，：；！？（）", ",:;!?()"))
    if kind == "insert":
        at = draw(st.integers(0, len(line)))
        return line[:at] + draw(CHINESEISH) + line[at:]
    return line


@given(st.binary(max_size=600))
def test_decode_random_bytes_typed_result_or_error(raw):
    try:
        result = decode(raw)
    except FanjianError:
        return
    assert isinstance(result.text, str) and result.encoding


@given(st.one_of(st.text(max_size=300), CHINESEISH, damaged()))
def test_repair_changes_only_reported_spans(text):
    result = repair(text)
    assert apply_repairs(text, result.repairs) == result.text
    for r in result.repairs:
        assert text[r.start:r.end] == r.before
    ends = [(r.start, r.end) for r in sorted(result.repairs, key=lambda r: r.start)]
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:])), "overlapping repair spans"


def _nonempty_lines(text):
    return [line.strip(" \t\u3000\ufeff") for line in text.splitlines() if line.strip(" \t\u3000\ufeff")]


@given(st.lists(st.one_of(st.sampled_from(SEED_LINES), CHINESEISH), min_size=1, max_size=12).map("\n".join))
def test_clean_text_removes_only_whole_recorded_lines(text):
    try:
        notice = clean(text)
    except FanjianError:
        return
    kept = [b.text for b in notice.blocks] + list(notice.chrome) + [notice.meta.title, notice.meta.site]
    missing = Counter(_nonempty_lines(text)) - Counter(kept)
    assert not missing, f"lines neither kept nor recorded as chrome: {list(missing)[:3]}"


HTML_BITS = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<table><tr><td>", "</td></tr></table>", "<ul><li>",
                             "<script>alert(1)</script>", "<iframe src=x>", "</html>", "<br>", "<h2>", "</h2>", "&nbsp;", "&#x4e00;"])


@given(st.lists(st.one_of(HTML_BITS, st.sampled_from(SEED_LINES), CHINESEISH), max_size=30).map("".join))
def test_clean_html_never_crashes(body):
    try:
        clean(f"<html><head><title>通知</title></head><body>{body}</body></html>", "html")
    except FanjianError:
        pass


ASCII_WORD = re.compile(r"[A-Za-z]+|\d+")


@given(st.one_of(CHINESEISH, damaged(), st.text(max_size=200)), st.sampled_from(sorted(TARGETS)))
def test_convert_keeps_digits_ascii_words_and_lines(text, target):
    out = convert_text(text, target)
    assert ASCII_WORD.findall(out) == ASCII_WORD.findall(text)
    assert out.count("\n") == text.count("\n")


@given(st.lists(st.sampled_from(SEED_LINES[3:]), min_size=2, max_size=8).map("\n".join))
def test_check_returns_a_report(text):
    try:
        notice = clean(repair(text).text)
    except FanjianError:
        return
    renditions = {t: convert_notice(notice, t) for t in ("zh-Hans", "zh-Hant-TW")}
    report = check(notice, renditions)
    assert report.decision in ("publish", "hold")
    assert report.decision == "publish" or any(f.severity == "error" for f in report.findings)
