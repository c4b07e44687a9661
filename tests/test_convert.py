"""fixtures/convert.json walked for every target it names; changes explained; user dictionaries."""

import json
import subprocess
import sys

import pytest

from fanjian.convert.text import ConvertOptions, convert_explained, convert_notice, convert_text
from fanjian.errors import InputError
from fanjian.model import Block, Meta, Notice
from fanjian.rules import conversion_entries, parse_rules
from fanjian.store.rules_files import read_rules
from fanjian.zh.script import profile

from .conftest import ROOT

CASES = json.loads((ROOT / "fixtures" / "convert.json").read_text(encoding="utf-8"))
PARAMS = [
    pytest.param(case, target, expected, id=f"{case['id']}-{target}",
                 marks=[pytest.mark.xfail(strict=True, reason=case["comment"])] if case["expect"] == "fail" else [])
    for case in CASES for target, expected in case["expected"].items()
]


@pytest.mark.parametrize("case,target,expected", PARAMS)
def test_convert_cases(case, target, expected):
    got = convert_text(case["input"], target, case.get("source"), phrases=case.get("phrases", False))
    assert got == expected


def test_every_risky_surname_has_a_made_up_name_case():
    from fanjian.zh.entities import RISKY_SURNAMES

    covered = {c["input"][c["input"].find(s)] for c in CASES if c["id"].startswith("name-") for s in RISKY_SURNAMES
               if s in c["input"]}
    assert set("范于余岳涂游党郁栗朴干丰云") <= covered <= RISKY_SURNAMES | covered


def test_changes_explain_every_difference_from_opencc():
    out, changes = convert_explained("實干為先，并為十大，區委書記范德繁", "zh-Hant-TW")
    assert out == "實幹為先，並為十大，區委書記范德繁"
    assert [(c.kind, c.text, c.opencc) for c in changes] == [
        ("half-conversion", "幹", "干"), ("half-conversion", "並", "并")]
    out, changes = convert_explained("区委书记范德繁踏上新征程", "zh-Hant-TW")
    assert out == "區委書記范德繁踏上新征程"
    assert [(c.kind, c.text, c.opencc) for c in changes] == [
        ("dictionary", "征", "徵"), ("protect", "范德繁", "範德繁")]


def test_dictionary_changes_of_a_long_text_are_those_of_its_lines():
    # Plain OpenCC is rerun only on the lines holding a dictionary key; the changes listed
    # must be those each line gives alone, whatever the other lines hold.
    lines = ["踏上新征程，更加注重实效", "头发和发展，一个范本", "给出了解释，新征程", "干部们的征途"]
    out, changes = convert_explained("\n".join(lines), "zh-Hant-TW")
    alone = [convert_explained(line, "zh-Hant-TW") for line in lines]
    assert out == "\n".join(o for o, _ in alone)
    assert [(c.kind, c.text, c.opencc) for c in changes] == [(c.kind, c.text, c.opencc) for _, cs in alone for c in cs]
    assert [(c.text, c.opencc) for c in changes] == [("征", "徵"), ("注", "註"), ("了", "瞭"), ("征", "徵")]


def test_plain_text_records_no_change():
    assert convert_explained("罗湖区人民政府召开会议", "zh-Hant-TW")[1] == []


def test_profile_shares_and_variant():
    p = profile("“干”字當頭、實干為先!羅湖召開全區高質量發展大會，著眼長遠")
    assert (p.script, p.variant, p.source) == ("traditional", "tw", "zh-Hant-TW")
    mixed = profile("罗湖区人民政府羅湖區人民政府")
    assert (mixed.script, mixed.simplified, mixed.traditional) == ("mixed", 0.5, 0.5)
    assert profile("罗湖區").source == "zh-Hans"  # a tie converts as Simplified


def test_notice_rendition_records_config_and_changes():
    notice = Notice(Meta(title="實干為先"), (Block("paragraph", "區委書記范德繁強調，實干為先"),))
    r = convert_notice(notice, "zh-Hant-TW", "zh-Hant-TW")
    assert r.config == "half-conversion repair + t2tw.json"
    assert r.title == "實幹為先" and len(r.changes) == 2
    p = convert_notice(Notice(Meta(), (Block("paragraph", "发布时间"),)), "zh-Hant-TW", "zh-Hans", ConvertOptions(True))
    assert (p.config, p.blocks[0].text) == ("data/opencc/s2twp.json", "釋出時間")


def test_user_dictionary_text_and_toml(tmp_path):
    text = tmp_path / "d.txt"
    text.write_text("# mine\n发布\t發布\n李范文\n", encoding="utf-8")
    toml = tmp_path / "d.toml"
    toml.write_text('protect = ["鬼谷子"]\n[fixes]\n"公里" = "公裏"\n', encoding="utf-8")
    entries = conversion_entries(read_rules([text, toml]))
    assert entries == (("发布", "發布"), ("李范文", "李范文"), ("鬼谷子", "鬼谷子"), ("公里", "公裏"))
    out, changes = convert_explained("发布时间：李范文", "zh-Hant-TW", "zh-Hans", options=ConvertOptions(entries=entries))
    assert out == "發布時間：李范文"
    assert {(c.kind, c.text, c.opencc) for c in changes} == {("user", "布", "佈"), ("user", "范", "範")}
    assert convert_text("发布时间", "zh-Hant-TW") == "發佈時間"  # not kept between calls


@pytest.mark.parametrize("name,text,reason", [
    ("bad.toml", "protect = [", "not valid TOML"),
    ("bad.toml", "keep = []", "unknown key"),
    ("bad.txt", "a\tb\tc", "line 1"),
    ("bad.txt", "发布\t發", "same length"),
])
def test_user_dictionary_errors_name_the_file(name, text, reason):
    with pytest.raises(InputError, match=reason) as err:
        parse_rules(text, name)
    assert err.value.path == name


def test_cli_convert_with_dict(tmp_path):
    d = tmp_path / "d.txt"
    d.write_text("发布\t發布\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "fanjian.cli", "convert", "--to", "zh-Hant-TW", "--dict", str(d)],
                          input="发布时间\n", capture_output=True, text=True, check=True)
    assert proc.stdout == "發布時間\n"
    proc = subprocess.run([sys.executable, "-m", "fanjian.cli", "convert", "--to", "zh-Hant-TW", "--phrases"],
                          input="发布时间\n", capture_output=True, text=True, check=True)
    assert proc.stdout == "釋出時間\n"


def test_seed_half_converted_characters_fixed(seed_bytes):
    from fanjian.model import SourceInfo
    from fanjian.pipeline import process

    result = process(seed_bytes, SourceInfo("seed.txt"))
    tw = result.files["zh-Hant-TW.txt"].decode()
    for fixed in ["實幹為先", "示範", "不甘人後", "奮鬥目標", "並為十大", "黨員幹部", "旅遊服務", "“幹”字當頭", "幹成標桿",
                  "標誌性商圈", "精緻提升", "管理諮詢"]:
        assert fixed in tw
    for kept in ["區委書記范德繁", "催征", "新征程", "著眼長遠"]:
        assert kept in tw
    for wrong in ["實干", "示范", "人后", "奮斗", "并為", "範德繁", "催徵", "新徵程", "標志", "精致", "咨詢"]:
        assert wrong not in tw
    assert result.bundle["script"]["script"] == "traditional" and result.bundle["script"]["variant"] == "tw"
    changes = result.bundle["renditions"]["zh-Hant-TW"]["changes"]
    assert changes and all(c["kind"] == "half-conversion" for c in changes)


@pytest.mark.parametrize("name", ["half_converted.tsv", "honorifics.txt", "script_table.tsv", "protected_terms.tsv"])
def test_convert_data_sorted_unique(name):
    from fanjian.data import read_lines

    lines = read_lines(name)
    keys = [line.split("\t")[0] for line in lines]
    assert keys == sorted(set(keys)), f"{name}: sort and de-duplicate (scripts/build_convert_data.py)"


def test_opencc_configs_carry_the_project_dictionary():
    """data/opencc/*.json are rebuilt from protected_terms.tsv by scripts/build_convert_data.py."""
    from importlib import resources

    from fanjian.convert.steps import PROJECT_CONFIGS, project_entries

    folder = resources.files("fanjian.data").joinpath("opencc")
    for name in sorted(PROJECT_CONFIGS) + ["s2t_repair", "s2t_phrases"]:
        config = json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
        inline = config["conversion_chain"][0]["dict"]["dicts"][0]
        assert inline["type"] == "inline"
        want = dict(project_entries())
        if not name.startswith("s2"):
            want = {t: s for s, t in want.items()}
        if name in ("s2t_repair", "s2t_phrases"):
            assert set(want.items()) < set(inline["entries"].items())
        else:
            assert inline["entries"] == want


def test_settings_digest_follows_the_user_dictionary(tmp_path):
    """The skip-if-unchanged key changes when a user dictionary is edited, even within one process."""
    import os

    from fanjian.settings import Settings

    words = tmp_path / "words.txt"
    words.write_text("范小明\n", encoding="utf-8")
    settings = Settings(user_dicts=(str(words),))
    first = settings.digest()
    assert settings.digest() == first
    words.write_text("范小明\n于大海\n", encoding="utf-8")
    os.utime(words, ns=(1, 1))
    assert settings.digest() != first


def test_how_a_run_is_spread_is_not_part_of_the_digest():
    """Batches, threads and worker processes change how a run goes, never its outputs: a
    run with other `--workers` skips what an earlier one wrote."""
    from fanjian.settings import Settings

    assert {Settings(workers=2).digest(), Settings(batch_size=7).digest(), Settings(max_workers=3).digest()} \
        == {Settings().digest()}


@pytest.mark.parametrize("text,want", [
    # the document shows a broken conversion (决, 长 left Simplified): 采 in 采取/采購 is one too
    ("會議决定采取三項措施。", "會議決定採取三項措施。"),
    ("本案經局长批准，采購程序依法辦理。", "本案經局長批准，採購程序依法辦理。"),
    # no such evidence: correct Traditional text keeps 采 and 准 as written
    ("他的風采依舊，批准文件已送達。", "他的風采依舊，批准文件已送達。"),
])
def test_half_converted_document_repairs_its_words(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hant-TW") == want


def test_simplified_to_simplified_keeps_the_text():
    # 乾 in Simplified text (乾隆, 乾坤) is as written: nothing to convert, nothing to choose
    assert convert_explained("故宫举办乾隆时期文物特展。", "zh-Hans", "zh-Hans") == ("故宫举办乾隆时期文物特展。", [])


def test_a_repair_window_does_not_cut_a_word():
    # The window around 历 starts at 年: OpenCC alone reads 年历 (年曆) there; the words are 年|历史
    assert convert_text("這座城已有八百多年历史。", "zh-Hant-TW", "zh-Hant-TW") == "這座城已有八百多年歷史。"


@pytest.mark.parametrize("text", ["养殖场存栏二三十只羊", "运来五六百只鸡苗", "捕获七八十只野兔", "放飞三四百只信鸽"])
def test_a_measure_word_after_a_number_keeps_the_phrase(text):
    """OpenCC's phrase (十只, 百只 -> 隻) crosses the number's word (二三十|只), but what
    follows a number is its measure word: the phrase stands, as in plain OpenCC."""
    import opencc

    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == opencc.OpenCC("s2tw").convert(text)
    assert "隻" in convert_text(text, "zh-Hant-TW", "zh-Hans")


@pytest.mark.parametrize("text, want", [
    ("來函已收悉，現答覆如下。", "来函已收悉，现答复如下。"),  # 答复 reads better than 答覆: the phrase stands
    ("樂曲採用宮商角徵羽五聲。", "乐曲采用宫商角徵羽五声。"),  # a five-character phrase is no accident
    ("著名作家王立言出席。", "著名作家王立言出席。"),
    ("他帶著作品參加展覽。", "他带着作品参加展览。"),  # 带着|作品: the phrase 著作 cuts the words
])
def test_traditional_to_simplified_phrases_stand_unless_they_cut_better_words(text, want):
    assert convert_text(text, "zh-Hans", "zh-Hant-TW") == want


@pytest.mark.parametrize("text, want", [
    ("《鄉土中國》，費孝通著，北京出版社。", "《乡土中国》，费孝通著，北京出版社。"),  # a person's credit: no particle
    ("這是他所著的第三本書。", "这是他所著的第三本书。"),  # 所 before it: "what he wrote"
    ("會議室的燈一直亮著。", "会议室的灯一直亮着。"),  # after a verb: the particle
    ("傳統文化中深藏著時代價值。", "传统文化中深藏着时代价值。"),  # a verb jieba tags a place, a noun after it
])
def test_zhu_after_a_name_or_suo_is_write_not_the_particle(text, want):
    assert convert_text(text, "zh-Hans", "zh-Hant-TW") == want
