"""Decode: the cases in fixtures/decode.json, the `fanjian detect` command, and the data tables."""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fanjian.cli import main
from fanjian.data import read_tsv
from fanjian.decode import decode
from fanjian.decode.labels import codec_for, find_declared, strip_declarations
from fanjian.errors import InputError
from fanjian.model import to_jsonable
from fanjian.zh import plausibility

from .conftest import ROOT, SEED

FIXTURES = ROOT / "fixtures"
CASES = json.loads((FIXTURES / "decode.json").read_text(encoding="utf-8"))


def _param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case["comment"])] if case["expect"] == "fail" else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_decode_case(case):
    raw = (FIXTURES / case["input_file"]).read_bytes()
    expected = case["expected"]["decode"]
    if "error" in expected:
        with pytest.raises(InputError, match=expected["error"].replace("(", r"\(").replace(")", r"\)")):
            decode(raw)
        return
    got = to_jsonable(decode(raw))
    assert {key: got[key] for key in expected} == expected


@pytest.mark.parametrize("stray", [b"\xff", b"\x80"])  # bytes that start no Big5 character
def test_big5_notice_with_one_stray_byte_is_read_as_big5(stray):
    text = (ROOT / "fixtures" / "golden" / "seed.repaired.txt").read_text(encoding="utf-8")
    raw = text.encode("big5", errors="replace")
    at = raw.index("羅湖召開".encode("big5"))  # between two characters
    got = decode(raw[:at] + stray + raw[at:])
    assert (got.encoding, got.method) == ("big5", "fallback")
    assert got.text.replace("\ufffd", "", 1).replace("?", "") == text.encode("big5", "replace").decode("big5").replace("?", "")


def test_segments_tile_the_text():
    raw = (FIXTURES / "raw/decode/gbk_utf8_footer.txt").read_bytes()
    got = decode(raw)
    ends = [s["start"] for s in got.segments[1:]] + [len(got.text)]
    assert got.segments[0]["start"] == 0 and [s["end"] for s in got.segments] == ends


def test_caller_declared_charset_wins_over_meta_and_is_cross_checked():
    raw = '<meta charset="big5"><p>深圳市罗湖区人民政府发布时间</p>'.encode("gbk")
    got = decode(raw, declared="GB2312")
    assert (got.encoding, got.method, got.declared, got.overruled) == ("gb18030", "declared", "GB2312", False)
    got = decode(raw, declared="utf-8")
    assert (got.encoding, got.method, got.overruled) == ("gb18030", "detected", True)


def test_detect_prints_one_json_line_per_file_and_fails_on_bad_ones(capsys):
    good = FIXTURES / "raw/decode/big5_declared_gbk.html"
    bad = FIXTURES / "raw/decode/pixel.png"
    status = main(["detect", str(good), str(bad), str(FIXTURES / "no-such-file")])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1
    assert lines[0] == {"path": str(good), "encoding": "big5", "method": "detected", "confidence": 1.0,
                        "declared": "gbk", "overruled": True, "replaced": 0}
    assert lines[1] == {"path": str(bad), "error": "binary data (PNG image), not text: refused"}
    assert lines[2] == {"path": str(FIXTURES / "no-such-file"), "error": "no such file"}


def test_detect_takes_a_declared_charset(capsys):
    path = FIXTURES / "raw/decode/gbk_headline.txt"
    assert main(["detect", "--charset", "gbk", str(path)]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["encoding"], row["method"], row["declared"]) == ("gb18030", "declared", "gbk")


def test_label_table_is_sorted_unique_and_every_codec_exists():
    rows = read_tsv("encoding_labels.tsv")
    labels = [r[0] for r in rows]
    assert labels == sorted(set(labels))
    for _label, _name, codec in rows:
        assert codec == "-" or codecs.lookup(codec)
    assert [codec_for(x) for x in ("gb2312", "GBK", "chinese", "big5-hkscs", "hz-gb-2312", "x-user-defined")] == [
        "gb18030", "gb18030", "gb18030", "big5", "hz", None]


def test_han_frequency_view_is_plausible():
    values = plausibility._han()
    assert all(len(c) == 1 for c in values)
    assert values["的"] > values["罗"] > values["鑫"] and abs(values["羅"] - values["罗"]) < 0.05
    assert "，" not in values and all(v >= plausibility.HAN_UNLISTED for v in values.values())


LABELS = [None, "utf-8", "gbk", "big5", "utf-16", "hz-gb-2312", "base64", "rot13", "x-user-defined", "latin1", "nonsense"]


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(min_size=1, max_size=300), label=st.sampled_from(LABELS))
def test_any_bytes_give_text_or_an_input_error(raw, label):
    try:
        got = decode(raw, label)
    except InputError as err:
        assert err.reason
        return
    assert isinstance(got.text, str) and got.method in {"bom", "declared", "detected", "fallback", "mixed"}
    assert 0.0 <= got.confidence <= 1.0 and 0 <= got.replaced <= len(raw)


SEED_HAN = sorted({ch for ch in SEED.read_text(encoding="utf-8") if "\u4e00" <= ch <= "\u9fff"})


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(SEED_HAN), min_size=20, max_size=60).filter(lambda t: len(set(t)) >= 8),
       encoding=st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be", "utf-32-be"]))
def test_shuffled_notice_characters_round_trip(text, encoding):
    """Any 20 to 60 characters of a notice, in any order, come back from their bytes."""
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    assert decode(raw).text == text


def test_every_declaration_is_stripped_and_the_first_is_found():
    raw = (b'<p>\xa4\xa4</p><META CHARSET=GBK><meta <meta charset="big5">'
           b'<?XML version="1.0" ENCODING="utf-8"?><meta name=x>')
    assert find_declared(raw) == "gbk"
    assert strip_declarations(raw) == (b'<p>\xa4\xa4</p><META CHARSET=><meta <meta charset="">'
                                       b'<?XML version="1.0" ?><meta name=x>')
    assert find_declared(b"<metadata charset=gbk>") is None and strip_declarations(b"<p>charset</p>") == b"<p>charset</p>"
