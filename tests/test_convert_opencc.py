"""OpenCC's own test cases and golden files through convert_text: OpenCC-exact except
the documented deliberate differences; correct Traditional passes through unchanged."""

import json
import re

import pytest

from fanjian.convert.text import convert_explained, convert_text

from .conftest import ROOT

OPENCC = ROOT / "fixtures" / "opencc"
# OpenCC configuration -> (target, source, phrase localisation) as convert_text is told.
CONFIGS = {
    "s2t": ("zh-Hant", "zh-Hans", False), "s2tw": ("zh-Hant-TW", "zh-Hans", False),
    "s2hk": ("zh-Hant-HK", "zh-Hans", False), "s2twp": ("zh-Hant-TW", "zh-Hans", True),
    "s2hkp": ("zh-Hant-HK", "zh-Hans", True), "t2s": ("zh-Hans", "zh-Hant", False),
    "tw2s": ("zh-Hans", "zh-Hant-TW", False), "hk2s": ("zh-Hans", "zh-Hant-HK", False),
    "tw2sp": ("zh-Hans", "zh-Hant-TW", True), "hk2sp": ("zh-Hans", "zh-Hant-HK", True),
    "t2tw": ("zh-Hant-TW", "zh-Hant", False), "t2hk": ("zh-Hant-HK", "zh-Hant", False),
    "tw2t": ("zh-Hant", "zh-Hant-TW", False), "hk2t": ("zh-Hant", "zh-Hant-HK", False),
}


def _cases():
    text = (OPENCC / "testcases.json").read_text(encoding="utf-8")
    return json.loads(re.sub(r",(\s*[\]}])", r"\1", text))["cases"]  # upstream has trailing commas


DIFFERENT = {tuple(line.split("\t")[:2]) for line in (OPENCC / "deliberate_differences.tsv").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")}
PARAMS = [pytest.param(c["input"], config, expected, id=f"{c['id']}-{config}")
          for c in _cases() for config, expected in c["expected"].items() if config in CONFIGS
          and (c["id"], config) not in DIFFERENT]
DIFF_PARAMS = [pytest.param(c["input"], config, expected, id=f"{c['id']}-{config}")
               for c in _cases() for config, expected in c["expected"].items() if (c["id"], config) in DIFFERENT]


@pytest.mark.parametrize("text,config,expected", PARAMS)
def test_opencc_testcases(text, config, expected):
    target, source, phrases = CONFIGS[config]
    assert convert_text(text, target, source, phrases=phrases) == expected


@pytest.mark.parametrize("text,config,expected", DIFF_PARAMS)
def test_deliberate_differences_still_differ(text, config, expected):
    target, source, phrases = CONFIGS[config]
    assert convert_text(text, target, source, phrases=phrases) != expected


def test_every_config_used_is_covered():
    used = {config for c in _cases() for config in c["expected"]} & set(CONFIGS)
    assert used == set(CONFIGS)


GOLDEN_DIFFERENCES = [line.split("\t") for line in (OPENCC / "golden_differences.tsv").read_text(encoding="utf-8").splitlines()
                      if line and not line.startswith("#")]


@pytest.mark.parametrize("config,target", [("s2t", "zh-Hant"), ("s2tw", "zh-Hant-TW"), ("s2hk", "zh-Hant-HK")])
def test_golden_from_simplified(config, target):
    """OpenCC's golden file, except the listed word-level differences (golden_differences.tsv)."""
    simplified = (OPENCC / "golden" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    golden = list((OPENCC / "golden" / f"us_constitution_zhs.{config}.txt").read_text(encoding="utf-8"))
    for name, offset, theirs, ours, _ in GOLDEN_DIFFERENCES:
        if name == config:
            assert golden[int(offset)] == theirs
            golden[int(offset)] = ours
    assert convert_text(simplified, target) == "".join(golden)


@pytest.mark.parametrize("config,target", [("s2twp", "zh-Hant-TW"), ("s2hkp", "zh-Hant-HK")])
def test_golden_phrase_localisation(config, target):
    simplified = (OPENCC / "golden" / "us_constitution_zhs.txt").read_text(encoding="utf-8")
    golden = (OPENCC / "golden" / f"us_constitution_zhs.{config}.txt").read_text(encoding="utf-8")
    assert convert_text(simplified, target, phrases=True) == golden


@pytest.mark.parametrize("config,target", [("s2tw", "zh-Hant-TW"), ("s2hk", "zh-Hant-HK"), ("s2t", "zh-Hant")])
def test_correct_traditional_passes_through(config, target):
    golden = (OPENCC / "golden" / f"us_constitution_zhs.{config}.txt").read_text(encoding="utf-8")
    assert convert_explained(golden, target) == (golden, [])
