"""EUC-TW refused by name instead of read as GB18030 nonsense; control bytes inside
otherwise valid text removed and counted instead of the file refused as binary."""

import shutil
import subprocess

import pytest

from fanjian.decode.choose import decode
from fanjian.errors import InputError

from .decode_corpus import cut, samples, texts

EUC_TW_REFUSAL = ("EUC-TW (CNS 11643) text, which fanjian cannot decode (Python has no codec for it): "
                  "convert it first, e.g. iconv -f EUC-TW -t UTF-8")


def euc_tw(text: str) -> bytes | None:
    done = subprocess.run(["iconv", "-f", "UTF-8", "-t", "EUC-TW"], input=text.encode(), capture_output=True)
    return done.stdout if done.returncode == 0 else None


@pytest.mark.skipif(not shutil.which("iconv"), reason="iconv writes the EUC-TW samples")
@pytest.mark.parametrize("size", [300, 1000, None])
def test_euc_tw_is_refused_by_name(size):
    encoded = [raw for text in texts().values() if (raw := euc_tw(cut(text, "big5", size) if size else text))]
    assert len(encoded) >= 10
    for raw in encoded:
        with pytest.raises(InputError) as refused:
            decode(raw)
        assert str(refused.value) == EUC_TW_REFUSAL


def test_gb_text_is_never_taken_for_euc_tw():
    for sample in samples():
        if sample.encoding in ("gb2312", "gbk", "gb18030"):
            assert decode(sample.raw).text == sample.expected, sample.id


@pytest.mark.parametrize("codec", ["big5", "gb18030", "utf-8"])
def test_a_run_of_control_bytes_is_removed_and_counted(codec):
    text = texts()["seed-hant"][:400]
    middle = text.index("\n", 200)
    junk = bytes(range(1, 9)) * 30 + b"\x0e\x0f" * 10  # far more controls than a text file may hold
    raw = text[:middle].encode(codec) + junk + text[middle:].encode(codec)
    got = decode(raw)
    assert (got.text, got.encoding, got.replaced) == (text, codec, len(junk))


def test_binary_data_with_controls_is_still_refused():
    noise = bytes((n * 37 + 11) % 256 for n in range(4096))
    with pytest.raises(InputError, match=r"^binary data"):
        decode(noise)
