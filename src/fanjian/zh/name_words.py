"""Word-level judgements for person names: what jieba's tokens say about a surname and the
characters after it (a title, a given name, a preposition's object, a glued token).
`names` finds the names of a sentence with them.
"""

from __future__ import annotations

import re

from fanjian.zh.entities import AFTER_CUES, FOLLOWERS, HONORIFICS, SURNAMES, TITLES
from fanjian.zh.gazetteer import is_place
from fanjian.zh.name_places import DOUBLE_SURNAMES
from fanjian.zh.segment import PERSON_TAGS, dictionary_tag, freq, is_word

# Parts of speech a given name never starts with: the 于 of 局长于昨日 is a preposition.
FUNCTION_TAGS = frozenset({"t", "tg", "m", "mq", "d", "f", "r", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud",
                           "q", "x", "y", "e", "o", "k", "zg", "v", "vn", "vd", "ad", "an", "a", "b", "s", "l", "i"})
# Conjunctions between two names; introducers jieba glues to the word before (可向|涂).
COORDINATORS = frozenset({"和", "与", "及", "同"})
GLUED_INTRODUCERS = frozenset("向由给对据经让请被")
# The last character of a county, city, district, town or village: no given name ends so.
PLACE_ENDINGS = frozenset("省市县区镇乡村州旗店厂站馆局所社处室楼路街")  # and of a shop, works, office, street
# What closes a preposition's time clause (于督导时, 于调研期间, 于检查中).
CLAUSE_TIME = frozenset({"时", "期间", "之际", "之时", "中", "以来"})
# Given names jieba reads as verbs (建发, 立新, 振兴): a preposition's object is never a verb.
VERB_LIKE = frozenset({"v", "vn"})
# Words after which a name stands (a list, a label, a preposition); tokens of jieba.
BEFORE_NAME = frozenset({"、", "：", ":"})
TITLE_ENDINGS = ("长", "书记", "主任", "主席", "医生", "老师", "先生", "女士", "小姐", "太太", "同志", "工程师",
                 "教授", "师傅", "律师", "经理", "委员", "记者", "议员", "总", "董", "博士", "院士", "部长", "厂长")
# People a name is said to be related to, right before the name (儿子范立新, 队友涂婷婷).
RELATIONS = frozenset("儿子 女儿 父亲 母亲 妻子 丈夫 爱人 老伴 哥哥 姐姐 弟弟 妹妹 爷爷 奶奶 外公 外婆 孙子 孙女 "
                      "儿媳 女婿 队友 同事 战友 邻居 朋友 搭档 徒弟 师父 校友 室友".split())
# Occupation words end so (作家, 演员, 医生, 村民, 义工): a name after one is confirmed.
OCCUPATIONS = ("员", "家", "师", "生", "人", "者", "民", "工", "手", "士", "官", "长", "户", "农")
HAN = re.compile(r"[\u4e00-\u9fff]+")
# Words a name follows (任命余建军, 由丰立新主持) and words that follow a name (丰立新说).
NAME_INTRODUCERS = frozenset("有 由 任命 免去 感谢 据 经 向 对 给 请 邀请 联系人 推荐 选举 授予 表彰 和 与 同 及 约 派 陪同 看望 慰问 祝贺 称赞".split())
# Verbs a name stands before, jieba may glue to its last character (云海/平说), and
# verbs and adverbials a subject's name stands before (余生华|把, 郁金凤|坦言, 岳明亮|每周)
VERB_CUES = tuple("说 要求 介绍 带领 在 为 向 对 主持 等 出席 走访 指出 表示 强调 提出 认为 回顾 参加 当选 到任 担任 任 是 "
                  "把 被 坦言 直言 感慨 坦承 回忆 每天 每周 每月 每年".split())
RIGHT_CUES = VERB_CUES + tuple("获 将 已 也 还 都 曾 和 与 及 的 同志 率 一行 到 赴 前往 代表 致辞 发言 讲话 告诉 透露 解释 答复 说明".split())



def _title_words() -> frozenset[str]:
    return frozenset(TITLES) | frozenset(HONORIFICS)


TITLE_WORDS = _title_words()


TITLE_SUFFIXES = tuple(sorted(w for w in TITLE_WORDS if len(w) >= 2))  # 退休|干部, 本报|记者: a title ending a word


def is_title(word: str) -> bool:
    return word in TITLE_WORDS or (len(word) >= 2 and word.endswith(TITLE_ENDINGS)) or (
        len(word) > 2 and word.endswith(TITLE_SUFFIXES))


def surname_length(word: str) -> int:
    """1 or 2 (a double surname) when `word` starts with a surname, else 0."""
    if word[:2] in DOUBLE_SURNAMES:
        return 2
    return 1 if word[:1] in SURNAMES else 0


def candidate(word: str, flag: str, sl: int, nxt: tuple[str, str], after: tuple[str, str]) -> tuple[int, str] | None:
    """(length, kind) of a name starting with the token `word`, or None."""
    if len(word) == sl:  # a surname on its own: a title or a given name follows
        if is_title(nxt[0]):
            return sl, "title"
        given, tag = nxt
        if 1 <= len(given) <= 2 and HAN.fullmatch(given) and tag not in FUNCTION_TAGS and not is_title(given):
            return sl + len(given), "split"
        return None
    # 范文|斌: jieba tags a word of its own (not a frequent one) and a character after it persons
    tagged_whole = flag in PERSON_TAGS and len(word) == sl + 1 and freq(word) < COMMON_NOUN and len(nxt[0]) == 1 \
        and nxt[1] in PERSON_TAGS
    # 范文|同学: a word jieba tags a person right before a form of address; 朴素|贞|老人: a
    # character between them
    addressed = flag in PERSON_TAGS and (nxt[0] in GLUED_CUES or (
        len(word) == sl + 1 and len(nxt[0]) == 1 and HAN.fullmatch(nxt[0]) is not None and after[0] in GLUED_CUES))
    if len(word) - sl > 2 or ((is_word(word[: sl + 1]) or is_word(word)) and not (tagged_whole or addressed)):  # 郁金香, 岳父: words
        return None
    if word[-1] in PLACE_ENDINGS:  # 郁南县, which jieba tags a person: a place
        return None
    if flag in PERSON_TAGS or (freq(word) < 20 and flag not in FUNCTION_TAGS):
        # 范志/云: a rare two-character token and a one-character noun make a name of three
        if len(word) == sl + 1 and len(nxt[0]) == 1 and nxt[1] in ("n", "ng", "nr", "nz") and HAN.fullmatch(nxt[0]) \
                and not is_title(nxt[0] + after[0]):
            return len(word) + 1, "tagger"
        # 郁金|生说: the given name's last character glued to a one-character cue after it
        if len(word) == sl + 1 and len(nxt[0]) == 2 and nxt[0][1] in VERB_CUES and HAN.fullmatch(nxt[0]) \
                and not freq(nxt[0]):  # (not 瞿海|认为: a word)
            return len(word) + 1, "tagger"
        return len(word), "tagger"
    return None


CLAUSE_ENDS = frozenset("，。；：、）)！？（(")  # a name before them ends a clause or a list item (not a space) or opens a note on it
GLUED_CUES = ("同志", "先生", "女士", "小姐", "医生", "老师", "太太", "同学", "老人")


def after_glued_preposition(tokens, k: int) -> int:
    """Length of a name whose surname jieba glued to a preposition before it (由于/建国/同志,
    向于/医生), when 同志 or a form of address follows (not 同志们): else 0."""
    word, flag = tokens[k]
    if len(word) != 2 or word[1] not in SURNAMES or k + 1 >= len(tokens):
        return 0
    nxt = tokens[k + 1]
    after = tokens[k + 2][0] if k + 2 < len(tokens) else ""
    after2 = tokens[k + 3][0] if k + 3 < len(tokens) else ""
    if flag not in ("p", "c"):
        # 有余/建军/、: an introducing word glued to the surname of the first name of a list;
        # 经党/振华/提议: to a given name jieba takes for a proper name, a verb after it
        introduced = word[0] in NAME_INTRODUCERS and 1 <= len(nxt[0]) <= 2 and HAN.fullmatch(nxt[0])
        named = nxt[1] in PERSON_TAGS | {"nz"} and k + 2 < len(tokens) and tokens[k + 2][1] == "v"
        return 1 + len(nxt[0]) if introduced and (after == "、" or named) else 0
    if nxt[0] in GLUED_CUES and not after.startswith("们"):
        return 1
    if 1 <= len(nxt[0]) <= 2 and HAN.fullmatch(nxt[0]) and after in GLUED_CUES and not after2.startswith("们"):
        return 1 + len(nxt[0])
    if nxt[1] in PERSON_TAGS and 1 <= len(nxt[0]) <= 2 and (after[:1] in CLAUSE_ENDS or after in VERB_CUES):
        return 1 + len(nxt[0])  # 由于/晓岚/主持: jieba tags the given name a person
    return 0


def after_glued_occupation(tokens, k: int) -> int:
    """Length of a name whose surname jieba glued to the last character of an occupation
    before it (网格|员涂|海燕, 种植|户郁|金华): a given name of one or two characters after it,
    no function word, no title and no common word with the surname. Else 0."""
    word = tokens[k][0]
    if len(word) != 2 or word[0] not in OCCUPATIONS or word[1] not in SURNAMES or not k or k + 1 >= len(tokens):
        return 0
    given, tag = tokens[k + 1]
    if not (1 <= len(given) <= 2 and HAN.fullmatch(given) and HAN.fullmatch(tokens[k - 1][0])) \
            or tag in FUNCTION_TAGS or is_title(given) or freq(word[1] + given) >= COMMON_NOUN:
        return 0
    return 1 + len(given)


WORD_CUES = (*AFTER_CUES, *FOLLOWERS, *GLUED_CUES)  # words that follow a person's name


def cue_after(sentence: str, end: int) -> bool:
    """A clause's mark, a cue word or a title right after `end`."""
    return sentence[end : end + 1] in CLAUSE_ENDS or word_cue_after(sentence, end)


def word_cue_after(sentence: str, end: int) -> bool:
    """A cue word or a title right after `end` (说, 同志, 局长)."""
    rest = sentence[end : end + 3]
    return rest.startswith(WORD_CUES) or is_title(rest[:2]) or is_title(rest)


TIME_OR_PLACE = frozenset({"t", "s", "f"})  # 于本周, 于会上, 于期间: when or where, never a given name
COMMON_NOUN = 1000  # jieba's count of a noun too common to be a given name (现场 4077; 海波 28, 建平 528)


def preposition_before_word(name: str, sl: int) -> bool:
    """The surname is also a preposition (于) and the rest a word of time or place, or a
    common noun: 记者于现场看到 says where, not who (记者于海波 is a name)."""
    rest = name[sl:]
    if dictionary_tag(name[:sl]) != "p" or not is_word(rest):
        return False
    tag = dictionary_tag(rest)
    return tag in TIME_OR_PLACE or (tag == "n" and freq(rest) >= COMMON_NOUN)


PREDICATE_TAGS = frozenset({"v", "vn", "a", "ad", "an"})


def object_of_predicate(sentence: str, tokens, k: int, name: str, sl: int, end: int) -> bool:
    """A token jieba reads as a preposition (于) right after a verb or an adjective opens the
    predicate's object (类似于中毒, 受益于美国, 类似于宿醉，), not a person: unless the verb
    is one whose object is a person (免去于志远) or a form of address or a cue word follows
    (授予于建国同志)."""
    if not (k > 0 and tokens[k][1] == "p" and tokens[k - 1][1] in PREDICATE_TAGS) or tokens[k - 1][0] in NAME_INTRODUCERS:
        return False
    return _common_word(name[sl:]) or not word_cue_after(sentence, end)


def preposition_before_common_word(name: str, sl: int) -> bool:
    """The surname is also a preposition (于) and the rest a common word of two characters
    other than a name (于华中: 华中 a region; 于建国 may still be a name where a list or a title
    says so; 于家 the Yu family)."""
    rest = name[sl:]
    return dictionary_tag(name[:sl]) == "p" and len(rest) > 1 and _common_word(rest)


def _common_word(word: str) -> bool:
    """A word of the dictionary too common to be a given name, and no name itself."""
    return is_word(word) and dictionary_tag(word) not in PERSON_TAGS and freq(word) >= COMMON_NOUN


def preposition_before_time(tokens, offsets, k: int, at: int) -> bool:
    """Whether token `k` is a preposition or conjunction (于) and the token at offset `at`
    closes the time clause it opens (于督导|时; not 于中明|时常)."""
    return tokens[k][1] in ("p", "c") and at in offsets and tokens[offsets.index(at)][0] in CLAUSE_TIME


ADDRESS_PREFIXES = frozenset("老小")  # 老于, 小钟: a surname called with one of them is a person


def address_form(tokens, k: int) -> int:
    """Where in token `k` a surname called by 老 or 小 stands (1 in 老姜, 小钟刚), or in the
    token after it (老|于|把: 1 past the end of 老); -1 if none. jieba either leaves the
    surname a token of its own after 老/小 (a word would have kept it: 老于世故, 小于, 小|范围)
    or takes the whole for a person, which a cue after it must bear out (提起老姜，)."""
    word, flag = tokens[k]
    if word in ADDRESS_PREFIXES and k + 1 < len(tokens):
        surname = tokens[k + 1][0]
        # 小|于是|村里…: opening a clause, the surname jieba glued to the verb after it
        opening = not k or tokens[k - 1][0][-1:] in CLAUSE_ENDS
        glued = opening and len(surname) == 2 and surname[0] in SURNAMES and surname[1] in VERB_CUES
        return 1 if (len(surname) == 1 and surname in SURNAMES) or glued else -1
    if 2 <= len(word) <= 3 and word[0] in ADDRESS_PREFIXES and word[1] in SURNAMES \
            and (flag in PERSON_TAGS or (len(word) == 2 and dictionary_tag(word) not in FUNCTION_TAGS)):
        rest = word[2:] + "".join(w for w, _ in tokens[k + 1 : k + 3])
        # (小钟刚: an adverb jieba glued on; 老干妈 is a brand, its 妈 no function word); or,
        # as a subject, a verb, a time or an adverb after it (老余|下午, 老范|围绕; not 小于, a verb)
        # (not after 的 or a measure word, which make it a thing: 几十人的小党)
        after = tokens[k + 1][1] if k + 1 < len(tokens) else ""
        before = tokens[k - 1][1] if k else ""
        cue = not rest or rest[:1] in CLAUSE_ENDS or rest.startswith(RIGHT_CUES) or dictionary_tag(word[2:]) in FUNCTION_TAGS \
            or (len(word) == 2 and after[:1] in ("v", "t", "d", "p") and before not in ("uj", "q", "m", "mq"))
        return 1 if cue else -1
    return -1


SPACES = " \u3000\u00a0"
ALONE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff])")
CREDITS = ("摄", "报道", "供图", "摄影", "撰稿", "整理", "编辑", "通讯员")  # a byline's or a picture's credit
SLASH_CREDITS = ("文", "图", "摄影", "编辑", "审核", "校对", "责编", "记者", "通讯员", "撰稿", "制图", "视频")  # 文/郁晓东


# One character after a bare surname that calls its bearer (范局 for 范局长, 游姐, 丰叔).
ADDRESS_SUFFIXES = frozenset("姐哥叔姨婶伯爷嫂总董局处科工老")
PLACEHOLDERS = ("某某", "某")  # 涂某某, 于某: a person whose given name is withheld
GLUED_BEFORE = frozenset({*COORDINATORS, *GLUED_INTRODUCERS})


def address_suffix(tokens, k: int) -> int:
    """Where in token `k` a surname stands that an address suffix after it calls a person (or
    a withheld given name, 涂某某, or a title after a verb jieba glued to it, 上范|老师):
    the token is the two (范局, 游姐: no word of the dictionary, as 干姐 and 干爹 are), or the
    token ends with the surname (alone, or glued to 和 or 向 before it: 和丰|叔) and the next
    token is the suffix alone; and a cue or a clause's end follows, or a word that introduces
    a person comes before (由范局主持, 干局要求; not 突破盘局:, 惠科推出); -1 if none."""
    word, flag = tokens[k]
    nxt = tokens[k + 1][0] if k + 1 < len(tokens) else ""
    if word[-1:] in SURNAMES and nxt in PLACEHOLDERS and (len(word) == 1 or word[:-1] in GLUED_BEFORE):
        return len(word) - 1  # 涂|某某: the name withheld, the surname as written
    if len(word) == 2 and word[1] in SURNAMES and flag in ("v", "p") and not freq(word) and is_title(nxt):
        return 1  # 喜欢上范|老师: a verb jieba glued to the surname of a titled person
    if len(word) == 2 and word[0] in SURNAMES and word[1] in ADDRESS_SUFFIXES and not freq(word):
        at, rest = 0, "".join(w for w, _ in tokens[k + 1 : k + 3])
    elif len(nxt) == 1 and nxt in ADDRESS_SUFFIXES and word[-1:] in SURNAMES and (len(word) == 1 or word[:-1] in GLUED_BEFORE):
        at, rest = len(word) - 1, "".join(w for w, _ in tokens[k + 2 : k + 4])
    else:
        return -1
    before = tokens[k - 1][0] if k else ""
    introduced = before in NAME_INTRODUCERS or (at and word[:-1] in GLUED_BEFORE)
    return at if introduced or not rest or rest[:1] in CLAUSE_ENDS or rest.startswith(RIGHT_CUES) else -1


def called_a_person(text: str, start: int, end: int) -> bool:
    """Whether the words right around text[start:end] call it a person: 老 or 小, a title or
    an occupation before it (书记钟鸣, 爱好者谷雨), a form of address or a title after it, a
    credit after a space (谷雨 摄); spaces between do not count. A list mark is no such word
    (清明、谷雨: a solar term among others)."""
    before, after = text[max(0, start - 5) : start], text[end : end + 4]
    spaced = before.rstrip(SPACES) != before or after.lstrip(SPACES) != after  # 记者 钟鸣）, （谷雨 摄）
    before, after = before.rstrip(SPACES)[-4:], after.lstrip(SPACES)[:3]
    return (before[-1:] in ADDRESS_PREFIXES or any(is_title(before[i:]) for i in range(len(before) - 1))
            or (before[-1:] in OCCUPATIONS and HAN.fullmatch(before[-2:]) is not None)
            or after.startswith(GLUED_CUES + tuple(HONORIFICS)) or is_title(after[:2]) or is_title(after)
            or (spaced and after.startswith(CREDITS)) or is_a_person(text, end)
            or (after[:1] in ADDRESS_SUFFIXES and (after[1:2] in CLAUSE_ENDS or after[1:].startswith(RIGHT_CUES))))


COPULA_CLAUSE = re.compile(r"是[^，。；！？\n]{0,24}?([\u4e00-\u9fff]{2,4})(?=[，。；！？\n]|$)")


def is_a_person(text: str, end: int) -> bool:
    """是 after the name, and its clause ending with a person's title or occupation
    (谷雨田是村里的种粮大户，, 小于是最年轻的网格员。): the name is the subject of 是."""
    m = COPULA_CLAUSE.match(text, end)
    if not m:
        return False
    last = m.group(1)
    return is_title(last[-2:]) or is_title(last[-3:]) or (last[-1] in OCCUPATIONS and last[-2:] != "人生")


LIST_MARKS = frozenset({"、", *COORDINATORS})
ITEM_AFTER = ("等", "，", "。", "；", "）", ")", "、", *COORDINATORS)


def _list_item_surname(item: str) -> int:
    """The surname's length where a list's item can be a name: a surname and a given name of
    one or two characters, no common word, place or title; else 0."""
    sl = surname_length(item)
    if not sl or not 1 <= len(item) - sl <= 2 or freq(item) >= COMMON_NOUN or item[-1] in PLACE_ENDINGS \
            or is_place(item) or is_title(item[sl:]):
        return 0
    return sl


def list_items(sentence: str, tokens, offsets, found) -> list[tuple[int, int, int, bool]]:
    """The other items of a list that holds a confirmed name: a surname and a given name of
    one or two characters between list marks (游子豪、|于洋|和|余乐|等), which the tagger took
    for a place or a rare word. The list goes on from each item found."""
    at = {o: k for k, o in enumerate(offsets)}
    taken = [(s, e) for s, e, _, _ in found]
    queue = [e for s, e, _, confirmed in found if confirmed]
    added = []
    while queue:
        k = at.get(queue.pop())
        if k is None or k + 1 >= len(tokens) or tokens[k][0] not in LIST_MARKS:
            continue
        start, j, item = offsets[k + 1], k + 1, ""
        while j < len(tokens) and len(item) < 4 and tokens[j][0] not in ITEM_AFTER and HAN.fullmatch(tokens[j][0]):
            item += tokens[j][0]
            j += 1
        after = tokens[j][0] if j < len(tokens) else "。"
        sl = _list_item_surname(item)
        if not sl or after not in ITEM_AFTER or any(s < start + len(item) and start < e for s, e in taken):
            continue
        added.append((start, start + len(item), sl, True))
        taken.append((start, start + len(item)))
        queue.append(start + len(item))
    return added




def spaced_names(sentence: str) -> list[tuple[int, int, int, bool]]:
    """Names standing alone, set off by a space (a byline, a picture's credit, a list of
    winners: 通讯员 干立新 报道, （余丽 摄）, 一等奖 于洪波 余丽萍): a surname and a given name of
    one or two characters, after a title, an occupation or a prize, or before a credit, or
    beside another such name."""
    if not any(c in sentence for c in SPACES + "/／"):
        return []  # most sentences: nothing set off
    alone = []
    for m in ALONE.finditer(sentence):
        start, end, chunk = m.start(), m.end(), m.group()
        slashed = start > 0 and sentence[start - 1] in "/／" and sentence[:start - 1].rstrip(SPACES).endswith(SLASH_CREDITS)
        if not ((start > 0 and sentence[start - 1] in SPACES) or (end < len(sentence) and sentence[end] in SPACES) or slashed):
            continue
        sl = surname_length(chunk)
        if not sl or not 1 <= len(chunk) - sl <= 2 or (is_word(chunk) and dictionary_tag(chunk) not in PERSON_TAGS) \
                or is_title(chunk[sl:]) or chunk[-1] in PLACE_ENDINGS or is_place(chunk):
            continue
        head = sentence[:start].rstrip(SPACES)
        before = HAN.findall(head[-6:])
        run = before[-1] if before and head.endswith(before[-1]) else ""
        left = bool(run) and (any(is_title(run[-n:]) for n in (2, 3, 4)) or (len(run) > 1 and run.endswith((*OCCUPATIONS, "奖"))))
        right = sentence[end:].lstrip(SPACES).startswith(CREDITS)
        alone.append((start, end, sl, left or right or slashed))
    found = [a for a in alone if a[3]]
    grown = True
    while grown:  # beside a name found, with only spaces between
        grown = False
        for a in alone:
            if a not in found and any(sentence[min(a[1], f[1]) : max(a[0], f[0])].strip(SPACES) == "" for f in found):
                found.append(a)
                grown = True
    return [(s, e, sl, True) for s, e, sl, _ in found]


def list_items_before(sentence: str, offsets, found) -> list[tuple[int, int, int, bool]]:
    """The items before a confirmed name in a list (表彰了于海、|余红): a surname and a given
    name of one or two characters right before its 、, starting where a token starts or
    glued to the end of the token before (了于|海). The list goes on from each item found."""
    starts = set(offsets)
    taken = [(s, e) for s, e, _, _ in found]
    queue = [s for s, e, _, confirmed in found if confirmed]
    added = []
    while queue:
        mark = queue.pop() - 1
        if mark < 2 or sentence[mark] != "、":
            continue
        for size in (3, 2):
            start = mark - size
            item = sentence[max(start, 0) : mark]
            sl = _list_item_surname(item) if start >= 0 and HAN.fullmatch(item) else 0
            if not sl or any(s < mark and start < e for s, e in taken):
                continue
            if start in starts or (start + 1 in starts and size == 2):  # a token starts there, or ends right after the surname
                added.append((start, mark, sl, True))
                taken.append((start, mark))
                queue.append(start)
                break
    return added
