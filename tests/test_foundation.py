"""The seed notice from bytes to published files, and each stage's first contract."""

import json
import subprocess
import sys

import pytest

from fanjian.check import check
from fanjian.clean import clean
from fanjian.convert.text import convert_text
from fanjian.decode import decode
from fanjian.model import SourceInfo
from fanjian.pipeline import process
from fanjian.repair import apply_repairs, repair

from .conftest import SEED

CHROME_LINES = ["扫一扫在手机上打开当前页", "知识图谱", "相关信息和服务", "点击标签名称查看更多信息"]


def test_decode_names_encoding_and_method():
    text = "深圳市罗湖区人民政府发布时间"
    assert decode(text.encode("utf-8")).text == text
    got = decode(text.encode("gbk"))
    assert (got.text, got.encoding) == (text, "gb18030")
    with pytest.raises(TypeError, match="bytes"):
        decode(text)


def test_repair_removes_glosses_and_replays(seed_bytes):
    text = seed_bytes.decode("utf-8")
    fixed = repair(text)
    assert "(qū)" not in fixed.text and "區委書記范德繁" in fixed.text
    assert apply_repairs(text, fixed.repairs) == fixed.text
    for r in fixed.repairs:
        assert text[r.start : r.end] == r.before


def test_repair_keeps_a_single_deliberate_gloss():
    assert repair("亳(bó)州是一座城市。").text == "亳(bó)州是一座城市。"


def test_clean_seed_meta_and_chrome(seed_bytes):
    notice = clean(repair(seed_bytes.decode()).text)
    assert notice.meta.site == "深圳市羅湖區人民政府"
    assert notice.meta.source == "羅湖區委宣傳部"
    assert notice.meta.published == "2024-02-19"
    assert notice.meta.title.startswith("“干”字當頭")
    assert "掃一掃在手機上打開當前頁" in notice.chrome


@pytest.mark.parametrize("text,target,expected", [
    ("区委书记范德繁强调", "zh-Hant-TW", "區委書記范德繁強調"),
    ("踏上新征程", "zh-Hant-TW", "踏上新征程"),
    ("區委書記范德繁強調", "zh-Hans", "区委书记范德繁强调"),
    ("发展大会", "zh-Hant-HK", "發展大會"),
])
def test_convert_text(text, target, expected):
    assert convert_text(text, target) == expected


def test_check_catches_a_changed_number(seed_bytes):
    result = process(seed_bytes, SourceInfo(SEED.name))
    tw = result.renditions["zh-Hant-TW"]
    import dataclasses
    blocks = list(tw.blocks)
    blocks[0] = dataclasses.replace(blocks[0], text=blocks[0].text.replace("2月18日", "2月19日"))
    report = check(result.notice, {"zh-Hant-TW": dataclasses.replace(tw, blocks=tuple(blocks))})
    assert report.decision == "hold"
    assert any(f.kind == "number-changed" for f in report.findings)


def test_seed_end_to_end(seed_bytes):
    result = process(seed_bytes, SourceInfo(SEED.name, "x", len(seed_bytes)))
    assert result.decision == "publish", result.report.findings
    assert set(result.files) == {"zh-Hans.html", "zh-Hans.txt", "zh-Hant-TW.html", "zh-Hant-TW.txt", "review.html", "bundle.json"}
    hans = result.files["zh-Hans.txt"].decode()
    assert "(qū)" not in hans and "区委书记范德繁" in hans
    for line in CHROME_LINES:
        assert line not in hans
    bundle = json.loads(result.files["bundle.json"])
    assert bundle["schema"] == "fanjian.bundle/1"
    assert bundle["meta"]["published"] == "2024-02-19"
    assert bundle["decision"] == "publish"
    assert {"kind", "start", "end", "before", "after"} <= set(bundle["repairs"][0])


def test_cli_convert_stdin_line_for_line():
    proc = subprocess.run([sys.executable, "-m", "fanjian.cli", "convert", "--to", "zh-Hant-TW"],
                          input="区委书记范德繁\n发布时间\n", capture_output=True, text=True, check=True)
    assert proc.stdout == "區委書記范德繁\n發佈時間\n"  # OpenCC's s2tw (golden); not localised to 釋出


def test_cli_detect_and_usage_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("罗湖区人民政府召开会议".encode("gbk"))
    proc = subprocess.run([sys.executable, "-m", "fanjian.cli", "detect", str(f)], capture_output=True, text=True)
    row = json.loads(proc.stdout)
    assert row["path"] == str(f) and row["encoding"] == "gb18030" and proc.returncode == 0
    bad = subprocess.run([sys.executable, "-m", "fanjian.cli", "run", str(f), "--out", str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 2 and "not a folder" in bad.stderr


def test_reprocess_through_the_flow(tmp_path, prefect_harness):
    from fanjian.flows.republish import reprocess_file, republish

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / SEED.name).write_bytes(SEED.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    state = republish(str(inbox), str(out), return_state=True)
    assert state.is_failed() and state.message == "1 of 2 inputs failed; the others went on"  # as the CLI exits 1
    rows = state.result(raise_on_failure=False)["rows"]
    by_file = {r["file"]: r for r in rows}
    assert by_file[SEED.name]["status"] == "publish"
    assert by_file["empty.txt"]["status"] == "failed" and "empty" in by_file["empty.txt"]["error"]
    folder = out / by_file[SEED.name]["output"]
    assert sorted(p.name for p in folder.iterdir()) == ["bundle.json", "review.html", "zh-Hans.html", "zh-Hans.txt", "zh-Hant-TW.html", "zh-Hant-TW.txt"]
    assert json.loads((out / "failed" / f"{by_file['empty.txt']['id']}.error.json").read_text())["input"] == "empty.txt"
    assert (inbox / "empty.txt").read_bytes() == b""  # inputs never modified
    rerun = republish(str(inbox), str(out), return_state=True).result(raise_on_failure=False)
    assert rerun["counts"] == {"files": 2, "publish": 0, "hold": 0, "failed": 1, "skipped": 1}
    assert [r["file"] for r in rerun["rows"]] == ["empty.txt"]  # skipped inputs are only counted
    again = reprocess_file(str(inbox / SEED.name), str(out))["rows"]
    assert again[0]["status"] == "publish" and again[0]["id"] == by_file[SEED.name]["id"]
    assert "index.html" in {p.name for p in out.iterdir()}
