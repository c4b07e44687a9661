"""Made-up names with each surname at risk (data/surnames.tsv: OpenCC changes them, 范 -> 範)
in every position a notice puts a name: lists with 、, after 联系人：/由/任命/免去/感谢/据,
after occupation words and titles, before ordinary verbs (说/要求/介绍/带领/在), and a
bare repeat later in the text. The name keeps its surname; its given name is converted
character by character; the rest of the sentence is written as OpenCC writes it.

The expected output is OpenCC's s2tw of the sentence with a plain stand-in name (王晓东,
which no phrase touches), the stand-in then replaced by the name's expected form.
"""

import opencc
import pytest

from fanjian.convert.text import convert_explained, convert_text

# Made-up names, one per surname at risk; none is a real person's.
NAMES = {"丰": "丰立新", "于": "于晓岚", "云": "云海平", "余": "余建军", "党": "党志强", "岳": "岳红梅", "干": "干国庆",
         "朴": "朴正浩", "栗": "栗文斌", "涂": "涂明华", "游": "游美玲", "范": "范德林", "郁": "郁秋生"}
STAND_IN = "王晓东"
TEMPLATES = [
    "联系人：{n}，电话：12345678。",
    "会议由{n}主持，全体班子成员出席。",
    "经研究决定，任命{n}为区教育局局长。",
    "免去{n}的区财政局局长职务。",
    "感谢{n}对本次活动的大力支持。",
    "据{n}介绍，该项目总投资约3亿元。",
    "作家{n}的新书日前在杭州首发。",
    "退休教师{n}向学校捐赠了一批图书。",
    "{n}说，今年的收成比去年好。",
    "{n}要求各部门按时报送统计数据。",
    "{n}介绍了社区养老服务的开展情况。",
    "{n}带领工作组连夜赶赴受灾乡镇。",
    "{n}在会上通报了前三季度的经济运行情况。",
    "区长{n}出席活动并讲话。",
    "区长{n}出席活动。会后，{n}走访了社区。",
]
S2TW = opencc.OpenCC("s2tw.json")


def expected(template: str, name: str) -> str:
    written = name[0] + "".join(S2TW.convert(c) for c in name[1:])
    return S2TW.convert(template.format(n=STAND_IN)).replace(S2TW.convert(STAND_IN), written)


CASES = [pytest.param(t, n, id=f"{n}-{i}") for n in NAMES.values() for i, t in enumerate(TEMPLATES)]


@pytest.mark.parametrize("template,name", CASES)
def test_name_in_every_position(template, name):
    assert convert_text(template.format(n=name), "zh-Hant-TW", "zh-Hans") == expected(template, name)


@pytest.mark.parametrize("surname", list(NAMES))
def test_names_in_a_list(surname):
    names = list(NAMES.values())
    k = names.index(NAMES[surname])
    three = [names[k], names[(k + 1) % len(names)], names[(k + 2) % len(names)]]
    template = "出席会议的有{a}、{b}、{c}等同志。"
    text = template.format(a=three[0], b=three[1], c=three[2])
    want = S2TW.convert(template.format(a="王晓东", b="李晓东", c="张晓东"))
    for stand_in, name in zip(["王晓东", "李晓东", "张晓东"], three):
        want = want.replace(S2TW.convert(stand_in), name[0] + "".join(S2TW.convert(c) for c in name[1:]))
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


def test_a_name_is_recorded_as_a_change():
    out, changes = convert_explained("区长范德林出席活动。", "zh-Hant-TW", "zh-Hans")
    assert out == "區長范德林出席活動。"
    assert [(c.kind, c.text, c.opencc) for c in changes] == [("protect", "范德林", "範德林")]


@pytest.mark.parametrize("text,want", [
    ("关于同志们反映的问题，局党组已经研究。", "關於同志們反映的問題，局黨組已經研究。"),
    ("会上，党员同志纷纷表示拥护。", "會上，黨員同志紛紛表示擁護。"),
    ("据悉，游客表示景区服务很好。", "據悉，遊客表示景區服務很好。"),
    ("其余同志由各单位自行安排。", "其餘同志由各單位自行安排。"),
    ("副县长于周一召集有关部门开会。", "副縣長於週一召集有關部門開會。"),
])
def test_ordinary_words_are_not_names(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want == S2TW.convert(text)


@pytest.mark.parametrize("text,want,kind", [
    ("各类补助资金发放到位。", "各類補助資金發放到位。", "boundary"),
    ("专家具有丰富的经验。", "專家具有豐富的經驗。", "boundary"),
])
def test_a_phrase_across_words_is_refused_and_recorded(text, want, kind):
    out, changes = convert_explained(text, "zh-Hant-TW", "zh-Hans")
    assert out == want
    assert [c.kind for c in changes] == [kind]


@pytest.mark.parametrize("text,want", [
    ("局长于现场察看灾情。", "局長於現場察看災情。"),  # 于 says where: a preposition, not a surname
    ("工作组于本周抵达灾区。", "工作組於本週抵達災區。"),
    ("区长于晓岚出席会议。", "區長于曉嵐出席會議。"),  # a given name that is no word of place or time
    ("工程师于海波带队。", "工程師于海波帶隊。"),  # nor a common noun
])
def test_yu_before_a_word_of_place_or_time_is_a_preposition(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("这种症状类似于感冒。", "這種症狀類似於感冒。"),  # a verb's 于 opens its object
    ("这类芯片受益于美国对出口的限制。", "這類芯片受益於美國對出口的限制。"),  # 美国: no person
    ("症状可能类似于宿醉，也可能类似于中毒。", "症狀可能類似於宿醉，也可能類似於中毒。"),
    ("市政府决定免去于海明的职务。", "市政府決定免去于海明的職務。"),  # but 免去 takes a person
])
def test_yu_after_a_verb_opens_its_object(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("会上，王丽和郁春生分别作了发言。", "會上，王麗和郁春生分別作了發言。"),  # 和 a conjunction, not a surname
    ("本次会议的记录人为余建明。", "本次會議的記錄人為余建明。"),  # a tagged name ending the sentence
])
def test_a_name_after_a_conjunction_or_ending_a_sentence(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("县总工会副主席于洋昨日走访了困难职工。", "縣總工會副主席于洋昨日走訪了困難職工。"),  # a rare word after a title
    ("小区网格员余红梅介绍了垃圾分类的做法。", "小區網格員余紅梅介紹了垃圾分類的做法。"),  # glued: 员余|红梅
    ("村网格员党红梅说，大家都很支持。", "村網格員党紅梅說，大家都很支持。"),
    ("装修工人涂刷完墙面后撤离了现场。", "裝修工人塗刷完牆面後撤離了現場。"),  # a verb, not a name
])
def test_names_the_segmenter_glues_or_takes_for_words(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("邻居们都喊他老于，他在小区当了十年保安。", "鄰居們都喊他老于，他在小區當了十年保安。"),  # 老 or 小 calls a person
    ("小钟刚来单位半年，已经能独当一面。", "小鍾剛來單位半年，已經能獨當一面。"),
    ("腾讯与老干妈握手言和。", "騰訊與老乾媽握手言和。"),  # a brand, not 老 + a person
    ("数值小于5的样本不计入统计。", "數值小於5的樣本不計入統計。"),
])
def test_a_surname_called_by_lao_or_xiao(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("学院党委书记钟鸣出席开幕式。", "學院黨委書記鍾鳴出席開幕式。"),  # OpenCC's 鐘鳴 is a bell's ring
    ("摄影爱好者谷雨拍摄的作品获奖。", "攝影愛好者谷雨拍攝的作品獲獎。"),  # its 穀雨 a solar term
    ("清明、谷雨是播种的好时节。", "清明、穀雨是播種的好時節。"),  # and here it is one
])
def test_a_surname_a_phrase_took_for_a_word(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("一九八五年毕业于华中农学院。", "一九八五年畢業於華中農學院。"),  # 于 before a region, no one around to say who
    ("于家三代人都在这座煤矿工作。", "于家三代人都在這座煤礦工作。"),  # the Yu family
    ("范文同学把奖学金捐给了母校。", "范文同學把獎學金捐給了母校。"),  # a word jieba tags a person, before 同学
    ("会上，党员同志纷纷表示拥护。", "會上，黨員同志紛紛表示擁護。"),  # an ordinary word before 同志
])
def test_yu_before_a_common_word_and_a_name_before_a_form_of_address(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("办公室主任于江强调，节日期间要加强值守。", "辦公室主任于江強調，節日期間要加強值守。"),  # 于 + one character that is a word
    ("受表彰的有于江、余晖和党小兵三人。", "受表彰的有于江、余暉和党小兵三人。"),  # a word jieba tags a person, in a list
    ("船只沉没于海。", "船隻沉沒於海。"),
    ("局长于会上强调安全生产。", "局長於會上強調安全生產。"),
])
def test_a_one_character_given_name_after_yu_and_a_listed_word(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


def test_opencc_calling_a_person_by_surname_is_not_refused_at_a_word_boundary():
    """小余 is OpenCC's phrase for a person; jieba reads 小|余下|周一 (the rest of the week)."""
    text = "请小余下周一上午到镇政府领取补贴材料。"
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == S2TW.convert(text) == "請小余下週一上午到鎮政府領取補貼材料。"


@pytest.mark.parametrize("text,want", [
    ("邻居们都叫她党大姐。", "鄰居們都叫她党大姐。"),  # a surname before a form of address
    ("余大爷今年八十岁了。", "余大爺今年八十歲了。"),
    ("会议位于大会堂举行。", "會議位於大會堂舉行。"),  # 大会: no form of address
])
def test_a_surname_before_a_neighbourly_form_of_address(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", [
    ("老余下午三点准时来到村口。", "老余下午三點準時來到村口。"),  # jieba: 老余|下午
    ("会上，老范围绕垃圾分类谈了看法。", "會上，老范圍繞垃圾分類談了看法。"),  # 老范|围绕
    ("从一个几十人的小党逐步发展壮大。", "從一個幾十人的小黨逐步發展壯大。"),  # a small party, not 小 + a surname
    ("老姜切片后放入锅中。", "老薑切片後放入鍋中。"),  # ginger
    ("游老板经营的农家乐生意很好。", "游老闆經營的農家樂生意很好。"),  # a surname before 老板
])
def test_lao_or_xiao_with_a_surname_jieba_keeps_in_one_token(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


def test_a_name_before_a_note_in_parentheses():
    text = "如需咨询，可联系村委会文书于海涛（电话：138 0562 7731）。"
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == "如需諮詢，可聯繫村委會文書于海濤（電話：138 0562 7731）。"


def test_a_word_jieba_tags_a_person_between_an_occupation_and_a_cue():
    text = "市实验小学教师余晖在全省教学技能大赛中获得一等奖。"
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == "市實驗小學教師余暉在全省教學技能大賽中獲得一等獎。"


def _case(kind: str, text: str, want: str | None = None):
    return pytest.param(text, want, id=kind)


# Names found by where they stand; each line a class, with the sentence and its Taiwan form.
PLACED_NAMES = [
    _case("list goes on from a name (a rare word)", "受表彰的有范立群、于洋和郁乐等五名村民。", "受表彰的有范立群、于洋和郁樂等五名村民。"),
    _case("list goes on from a name (a place tag)", "颁奖嘉宾为岳小川、余乐和涂山。", "頒獎嘉賓為岳小川、余樂和涂山。"),
    _case("list item before a name", "会上通报表扬了党一、余小红和范明等同志。", "會上通報表揚了党一、余小紅和范明等同志。"),
    _case("introducer, then a quotation", "组委会授予游春“优秀志愿者”称号。", "組委會授予游春“優秀志願者”稱號。"),
    _case("spaced credit", "（通讯员 涂一鸣 摄）", "（通訊員 涂一鳴 攝）"),
    _case("spaced list of winners", "优秀奖 范小溪 余春来 党晓晨", "優秀獎 范小溪 余春來 党曉晨"),
    _case("spaced byline", "本报记者 郁青 实习生 游小满 报道", "本報記者 郁青 實習生 游小滿 報道"),
    _case("spaced byline, surname in a phrase", "（本报记者 钟声）全省春耕生产现场会昨日召开。", "（本報記者 鍾聲）全省春耕生產現場會昨日召開。"),
    _case("spaced credit, surname in a phrase", "游客在花海中拍照留念。（谷穗 摄）", "遊客在花海中拍照留念。（谷穗 攝）"),
    _case("xiao opening a clause", "小岳是厂里的技术骨干。", "小岳是廠裡的技術骨幹。"),
    _case("lao before 是 jieba glued", "老于是去年退休的老教师。", "老于是去年退休的老教師。"),
    _case("word before laoren", "朴素芳老人每天清晨都到公园打太极拳。", "朴素芳老人每天清晨都到公園打太極拳。"),
    _case("occupation in 农", "果农岳丰年说，今年的苹果又大又甜。", "果農岳豐年說，今年的蘋果又大又甜。"),
    _case("given name glued to 说; 郁金香 a word", "茶农郁金生说，今年的郁金香卖得好。", "茶農郁金生說，今年的鬱金香賣得好。"),
    _case("subject of 是 before an occupation", "钟一鸣是镇中心小学的语文教师，教书已有二十年。", "鍾一鳴是鎮中心小學的語文教師，教書已有二十年。"),
    _case("subject of 是, surname in a phrase", "谷穗是合作社的技术员。", "谷穗是合作社的技術員。"),
    _case("surname and a title's first character", "会议由于局主持，各科室负责人参加。", "會議由于局主持，各科室負責人參加。"),
    _case("surname and a kinship suffix", "楼里的老人都爱找涂姨帮忙。", "樓裡的老人都愛找涂姨幫忙。"),
    _case("suffix after a surname glued to 和", "我和郁叔一起去了趟县城。", "我和郁叔一起去了趟縣城。"),
    _case("a title in the cue list: 警官", "民警范警官及时赶到现场。", "民警范警官及時趕到現場。"),
    _case("credits after slashes", "文/游晓静 图/于海涛", "文/游曉靜 圖/于海濤"),
    _case("a given name withheld", "被告人余某某以非法占有为目的。", "被告人余某某以非法佔有為目的。"),
    _case("X老 before a clause's end", "年过九旬的钟老，每天坚持锻炼。", "年過九旬的鍾老，每天堅持鍛鍊。"),
    _case("a verb glued to the surname before a title", "孩子们都爱上游老师的课。", "孩子們都愛上游老師的課。"),
    _case("a word name after an occupation and before a cue", "青年演员余音在晚会上演唱了新歌。", "青年演員余音在晚會上演唱了新歌。"),
    _case("a subject before 把", "退休医生余生明把积蓄捐给了村小学。", "退休醫生余生明把積蓄捐給了村小學。"),
    _case("a subject before a speech verb", "郁金兰坦言，创业头两年很难。", "郁金蘭坦言，創業頭兩年很難。"),
    _case("a subject before a frequency", "岳明亮每天都到江边晨跑。", "岳明亮每天都到江邊晨跑。"),
    _case("a title ending a longer word before the name", "县农业局退休干部涂建设同志因病逝世。", "縣農業局退休幹部涂建設同志因病逝世。"),
    _case("a phrase reaching in from before the name", "开了四十年钟表店的钟国强说，小镇变化很大。",
          "開了四十年鐘錶店的鍾國強說，小鎮變化很大。"),
]

# Words that look like names where the same places hold them: written as OpenCC writes them.
WORDS_NOT_NAMES = [
    _case("dictionary word opening with a surname and a word", "涂改液不得带入考场。"),
    _case("dictionary word opening with a surname", "游乐园今日起恢复开放。"),
    _case("words set off by spaces", "工作 范围 党员 干部 游客 余额"),
    _case("a list of places", "活动在韶关、云浮、河源、梅州等地同步举行。"),
    _case("小于 not opening a clause", "这个数小于是不可能的。"),
    _case("kinship word before 是", "岳父是一名退休教师。"),
    _case("solar term before 是", "谷雨是二十四节气之一。"),
    _case("a thing before 是", "钟声是学校的作息信号。"),
    _case("a word of surname and suffix, no cue around", "突破盘局后大盘将走强。"),
    _case("god-relatives are words", "他认了一个干姐，还有一个干爹。"),
    _case("官 starting the word after", "向驻县部队官兵致以节日问候。"),
    _case("a word and an adverb after it", "截至目前，余震已造成部分房屋开裂。"),
    _case("a word after a noun in 民, no cue", "订阅人民周刊\n"),
    _case("a quoted term before a noun", "“大思政课”云平台正式上线。"),
]


@pytest.mark.parametrize("text,want", PLACED_NAMES)
def test_names_found_by_where_they_stand(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == want


@pytest.mark.parametrize("text,want", WORDS_NOT_NAMES)
def test_words_that_look_like_names_are_written_as_opencc_writes_them(text, want):
    assert convert_text(text, "zh-Hant-TW", "zh-Hans") == S2TW.convert(text)
