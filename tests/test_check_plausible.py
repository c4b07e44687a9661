"""The last check: text that does not read as Chinese is never published."""

import json

import pytest

from fanjian.errors import InputError
from fanjian.model import SourceInfo
from fanjian.pipeline import process

from .conftest import ROOT

FIXTURES = ROOT / "fixtures"
DECODE_CASES = json.loads((FIXTURES / "decode.json").read_text(encoding="utf-8"))
UTF8_LINE = "深圳市罗湖区人民政府关于开展2024年度安全生产检查工作的通知\n"
GBK_LINES = "一、各街道办事处要高度重视，认真组织开展本辖区的安全检查工作，确保不留死角。\n二、检查结果于3月15日前报区应急管理局。\n"


def run(raw: bytes, name: str):
    return process(raw, SourceInfo(name, "0" * 64, len(raw)))


@pytest.mark.parametrize("case", [c for c in DECODE_CASES if "text" in c["expected"]["decode"]], ids=lambda c: c["id"])
def test_no_wrong_decoding_is_published(case):
    """Every decoding fixture either decodes right or is held (or refused as input)."""
    raw = (FIXTURES / case["input_file"]).read_bytes()
    try:
        result = run(raw, case["input_file"].rsplit("/", 1)[-1])
    except InputError:  # a refused input publishes nothing
        return
    if result.decoded.text != case["expected"]["decode"]["text"]:
        assert result.decision == "hold"
        assert {f.kind for f in result.report.findings} & {"implausible-text", "encoding-unsure"}


def test_two_gbk_characters_read_as_big5_are_held():
    result = run((FIXTURES / "raw/decode/gbk_two_chars.txt").read_bytes(), "gbk_two_chars.txt")
    assert result.decision == "hold"
    assert result.report.findings[0].kind == "encoding-unsure"
    assert result.report.findings[0].message.startswith("only 2 Chinese characters")


def test_utf8_line_then_gbk_lines_is_decoded_right_or_held():
    result = run(UTF8_LINE.encode("utf-8") + GBK_LINES.encode("gbk"), "mixed.txt")
    body = "\n".join(b.text for b in result.renditions["zh-Hans"].blocks)
    if "认真组织开展本辖区的安全检查工作" not in body:
        assert result.decision == "hold"
        first = result.report.findings[0]
        assert (first.severity, first.kind) == ("error", "implausible-text")
        assert first.message.startswith("text does not read as Chinese")


def test_short_title_in_another_encoding_is_held():
    result = run("通知\n".encode() + "一、各街道要认真组织开展安全检查工作。\n".encode("gbk"), "short.txt")
    assert result.decoded.text.startswith("通知") or result.decision == "hold"


def test_real_notice_passes():
    result = run((ROOT / "seeds" / "000_6c292aaa073e0d9c.txt").read_bytes(), "seed.txt")
    assert not [f for f in result.report.findings if f.kind in ("implausible-text", "encoding-unsure")]
