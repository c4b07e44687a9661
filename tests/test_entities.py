"""Entity rules and the data behind them."""

import pytest

from fanjian.data import read_lines
from fanjian.zh.entities import RISKY_SURNAMES, named_entities, people
from fanjian.zh.gazetteer import places_and_orgs
from fanjian.zh.opencc import converter
from fanjian.zh.quantities import quantities
from fanjian.zh.script import fold, wrong_script

SEED_SENTENCE = "区委书记范德繁发出号令，副区长夏东现场部署，区委(政府)办主任赖建华部署，区委副书记黄生文主持会议"


def test_people_of_the_seed_in_either_script():
    assert people(SEED_SENTENCE) == {"范德繁", "夏东", "赖建华", "黄生文"}
    assert people(converter("s2tw").convert(SEED_SENTENCE)) == {"范德繁", "夏东", "赖建华", "黄生文"}
    assert "范" in RISKY_SURNAMES


@pytest.mark.parametrize("text", ["记者了解到，今年以来", "统一大市场建设", "各市和县"])
def test_no_entities_in_ordinary_words(text):
    found = named_entities(fold(text))
    assert all(not keys for kind, keys in found.items() if kind != "term"), found


def test_places_short_forms_only_with_their_full_name():
    assert places_and_orgs("朝阳区人民政府：朝阳")["place"] == {"朝阳区", "朝阳"}
    assert places_and_orgs("迎着朝阳出发")["place"] == set()
    assert places_and_orgs("广东省委、粤港澳")["org"] == {"广东省委"}


def test_quantities_read_alike_in_both_scripts():
    simplified = "2024年5月9日，3—5个，1600亿元，65%，第一，十大，5%至5.25%"
    traditional = converter("s2tw").convert(simplified)
    assert [q[:2] for q in quantities(fold(traditional))] == [q[:2] for q in quantities(simplified)]
    assert [k for _, k, _ in quantities(simplified)][-2:] == ["十大", "5%至5.25%"]


def test_fold_equates_what_conversion_changes():
    for text in ["了解覆盖借助着力", "干部实干乾坤", "范德繁发展"]:
        for config in ("s2t", "s2tw", "s2hk"):
            converted = converter(config).convert(text)
            assert fold(converted) == fold(text), (config, converted)
            assert list(wrong_script(converted, "traditional")) == []
        assert list(wrong_script(converter("t2s").convert(converter("s2t").convert(text)), "simplified")) == []


@pytest.mark.parametrize("name", ["places.csv", "place_combined.txt", "place_skip.txt",
                                  "org_suffixes.tsv", "person_cues.tsv", "name_followers.txt", "surnames.tsv"])
def test_entity_data_sorted_and_unique(name):
    lines = read_lines(name)
    keys = [line.split("\t")[0].split(",")[0] if name != "places.csv" else line for line in lines]
    assert keys == sorted(set(keys))


@pytest.mark.parametrize("text, expected", [
    ("二" * 1000, []),
    ("万一" * 500 + "二百分之五", [("percent", "百分之五", 1001)]),
    ("一" * 1000 + "二个", [("number", "一" * 1000 + "二个", 0)]),
    ("十" * 1000 + "至" + "1" * 1000, [("range", "十" * 1000 + "至" + "1" * 1000, 0)]),
])
def test_quantities_in_long_runs_of_numerals(text, expected):
    # A run that holds no quantity is passed over once, not tried again from each of its places.
    assert quantities(text) == expected
