"""Character defaults whose free use splits (钟, 复, 系) settled by where the character
stands, on sentences made up for these tests: the settled ones are info with their reason,
the ones the words cannot tell stay warnings for the editor."""

import pytest

from fanjian.convert.word_evidence import settle

ALTERNATIVES = {"钟": ("鐘", "鈡"), "复": ("複", "覆"), "系": ("係", "繫")}


def _settled(sentence: str, char: str, chosen: str) -> tuple[str, str]:
    at = sentence.index(char)
    _, _, _, (_, severity, reason) = settle(sentence, [(at, char, chosen, (ALTERNATIVES[char], "warning", "r"))],
                                            "zh-Hant-TW")[0]
    return severity, reason


@pytest.mark.parametrize("sentence, name", [
    ("本报讯（钟雅琴）昨日，全市举行座谈会", "钟雅琴"),
    ("市委书记钟国栋主持会议并讲话", "钟国栋"),
    ("据村支书钟立华介绍，今年收成不错", "钟立华"),
])
def test_a_confirmed_names_surname_is_written_as_names_are(sentence, name):
    assert _settled(sentence, "钟", "鍾") == ("info", f"r; settled: the surname of {name}, which a name writes 鍾")


@pytest.mark.parametrize("sentence, word", [
    ("景区已于本月十日全面复岗复游", "复岗"),
    ("航空公司宣布该航线下周复航", "复航"),
])
def test_fu_leading_a_word_opencc_does_not_list_reads_resume(sentence, word):
    assert _settled(sentence, "复", "復") == ("info", f"r; settled: 复 first in a word OpenCC does not list reads 復 ({word})")


@pytest.mark.parametrize("sentence, char, chosen", [
    ("对代表建议逐件办复，按时限办结", "复", "復"),  # 覆 "reply" after a verb: the editor's
    ("该公司系国有独资企业，注册资本一亿元", "系", "系"),  # the copula, 係
    ("该同志系副教授，长期从事教学", "系", "系"),  # a title after it, but no college before
])
def test_what_the_words_cannot_tell_stays_for_the_editor(sentence, char, chosen):
    assert _settled(sentence, char, chosen)[0] == "warning"


def test_xi_between_a_college_and_a_title_is_the_department():
    severity, reason = _settled("农业大学人文与发展学院社会政策研究系教授李敏说", "系", "系")
    assert (severity, reason) == ("info", "r; settled: 系 between a college and a title is its department (系)")


@pytest.mark.parametrize("sentence, word", [("村里的老人仍在制砖，手艺代代相传", "制砖"), ("老街上还有两家制伞作坊", "制伞")])
def test_zhi_leading_a_word_opencc_does_not_list_reads_make_and_is_shown(sentence, word):
    at = sentence.index("制")
    _, _, _, (_, severity, reason) = settle(sentence, [(at, "制", "制", (("製",), "warning", "r"))], "zh-Hant-TW")[0]
    assert (severity, reason) == ("warning", f"r; 制 first in a word OpenCC does not list reads 製 ({word})")


@pytest.mark.parametrize("sentence, char, chosen, why", [
    ("镇里今年新修了三条路", "里", "裡", "r; settled: 里 after 镇 is the localiser, 裡"),
    ("他在县城干厨师已经五年了", "干", "幹", "r; settled: 干 before an occupation (厨师) is the verb 幹"),
])
def test_a_places_localiser_and_the_verb_before_an_occupation(sentence, char, chosen, why):
    at = sentence.index(char)
    alternatives = {"里": ("里",), "干": ("乾", "干")}[char]
    _, _, _, (_, severity, reason) = settle(sentence, [(at, char, chosen, (alternatives, "warning", "r"))], "zh-Hant-TW")[0]
    assert (severity, reason) == ("info", why)
