"""Person names anywhere in a sentence: jieba's person tags and words, the entity rules
(`entities`) and the document itself, over a Simplified, length-preserving view.

A name is a surname (data/surnames.tsv, or a double surname) and a given name of one or
two characters, or a surname alone before a title (范局长, 岳医生). It is found where
jieba tags a person (nr), where jieba leaves a surname on its own before a given-name
word (余/建华, 岳/长发), where jieba's word is a rare token starting with a surname (游斌),
and where the rules find one (title + name, name + cue). It is refused where the
surname is part of an ordinary word (关于, 党员, 游客, 其余: frequent in jieba's
dictionary) or starts a time, number or function word (局长于昨日, 于会上). A name found
once is looked for everywhere in the document, each place checked again.

>>> [(view[s:e], confirmed) for s, e, _, confirmed in find_names(view := "出席的有于晓丽、余建、涂志华等")]
[('于晓丽', True), ('余建', True), ('涂志华', True)]
>>> find_names("关于同志们反映的问题，党员同志要带头，据悉，游客表示，其余同志")
[]
"""

from __future__ import annotations

import re

from fanjian.data import read_lines
from fanjian.zh.entities import AFTER_CUES, FOLLOWERS, HONORIFICS, SURNAMES, TITLES, people_in_view
from fanjian.zh.segment import PERSON_TAGS, freq, is_word, tagged

DOUBLE_SURNAMES = frozenset(read_lines("double_surnames.txt"))
# Parts of speech a given name never starts with: the 于 of 局长于昨日 is a preposition.
FUNCTION_TAGS = frozenset({"t", "tg", "m", "mq", "d", "f", "r", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud",
                           "q", "x", "y", "e", "o", "k", "zg", "v", "vn", "vd", "ad", "an", "a", "b", "s", "l", "i"})
# Words after which a name stands (a list, a label, a preposition); tokens of jieba.
BEFORE_NAME = frozenset({"、", "：", ":"})
TITLE_ENDINGS = ("长", "书记", "主任", "主席", "医生", "老师", "先生", "女士", "小姐", "太太", "同志", "工程师",
                 "教授", "师傅", "律师", "经理", "委员", "记者", "议员", "总", "董", "博士", "院士", "部长", "厂长")
# Occupation words end so (作家, 演员, 医生, 村民, 义工): a name after one is confirmed.
OCCUPATIONS = ("员", "家", "师", "生", "人", "者", "民", "工", "手", "士", "官", "长", "户")
SENTENCE = re.compile(r"[^。！？；\n\x1f\ue000\ue001]+")
HAN = re.compile(r"[\u4e00-\u9fff]+")


def _title_words() -> frozenset[str]:
    return frozenset(TITLES) | frozenset(HONORIFICS)


TITLE_WORDS = _title_words()


def is_title(word: str) -> bool:
    return word in TITLE_WORDS or (len(word) >= 2 and word.endswith(TITLE_ENDINGS))


def surname_length(word: str) -> int:
    """1 or 2 (a double surname) when `word` starts with a surname, else 0."""
    if word[:2] in DOUBLE_SURNAMES:
        return 2
    return 1 if word[:1] in SURNAMES else 0


def find_names(view: str) -> list[tuple[int, int, int, bool]]:
    """(start, end, surname length, confirmed) of each person name in `view`, left to
    right. confirmed: found by a rule or the document's own evidence, not the tagger alone."""
    found: dict[tuple[int, int], tuple[int, bool]] = {}
    ruled = {n for n in people_in_view(view)}
    for m in SENTENCE.finditer(view):
        for s, e, sl, confirmed in _sentence_names(m.group(), ruled):
            found[(m.start() + s, m.start() + e)] = (sl, confirmed)
    names = {view[s:e]: confirmed for (s, e), (sl, confirmed) in found.items()}
    for name, confirmed in list(names.items()):  # the document: a name found once is the same name elsewhere
        if len(name) <= surname_length(name):  # a surname alone (范局长) is a name only where its title is
            continue
        start = view.find(name)
        while start != -1:
            if not any(s <= start < e for s, e in found) and _occurrence_holds(view, start, name):
                found[(start, start + len(name))] = (surname_length(name), confirmed)
            start = view.find(name, start + 1)
    spans, last = [], 0
    for (s, e), (sl, confirmed) in sorted(found.items()):
        if s >= last:
            spans.append((s, e, sl, confirmed))
            last = e
    return spans


def _sentence_names(sentence: str, ruled: set[str]) -> list[tuple[int, int, int, bool]]:
    if not HAN.search(sentence) or not any(c in SURNAMES for c in sentence):
        return []
    tokens = tagged(sentence)
    offsets, at = [], 0
    for word, _ in tokens:
        offsets.append(at)
        at += len(word)
    found = []
    for k, (word, flag) in enumerate(tokens):
        glued = _after_glued_preposition(tokens, k)
        if glued:
            found.append((offsets[k] + 1, offsets[k] + 1 + glued, 1, True))
            continue
        sl = surname_length(word)
        if not sl:
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ("", "x")
        prev = tokens[k - 1][0] if k else ""
        if prev.strip() == "" and k >= 2:  # 记者 余敏: a title before the space
            prev = tokens[k - 2][0] if is_title(tokens[k - 2][0]) else prev
        span = _candidate(word, flag, sl, nxt, tokens[k + 2] if k + 2 < len(tokens) else ("", "x"))
        if span is None:
            continue
        length, kind = span
        name = sentence[offsets[k] : offsets[k] + length]
        confirmed = (kind == "title" or name in ruled or prev in BEFORE_NAME or is_title(prev) or prev.endswith(OCCUPATIONS)
                     or _cue_after(sentence, offsets[k] + length))
        tagged_person = flag in PERSON_TAGS or (kind == "split" and nxt[1] in PERSON_TAGS | {"nz"})
        in_sentence = HAN.match(sentence, offsets[k] + length) and (not offsets[k] or HAN.match(sentence, offsets[k] - 1))
        if not confirmed and not (tagged_person and in_sentence):
            continue  # a rare token starting with a surname, or a tag in a list of words (张栋梁 蒋国梁)
        found.append((offsets[k], offsets[k] + length, sl, confirmed))
    # The rules' names the tagger missed, where the words agree.
    for name in ruled:
        for m in re.finditer(re.escape(name), sentence):
            if not any(s <= m.start() < e for s, e, _, _ in found) and _words_allow(sentence, tokens, offsets, m.start(), name):
                found.append((m.start(), m.end(), surname_length(name) or 1, True))
    return found


def _candidate(word: str, flag: str, sl: int, nxt: tuple[str, str], after: tuple[str, str]) -> tuple[int, str] | None:
    """(length, kind) of a name starting with the token `word`, or None."""
    if len(word) == sl:  # a surname on its own: a title or a given name follows
        if is_title(nxt[0]):
            return sl, "title"
        given, tag = nxt
        if 1 <= len(given) <= 2 and HAN.fullmatch(given) and tag not in FUNCTION_TAGS and not is_title(given):
            return sl + len(given), "split"
        return None
    if len(word) - sl > 2 or is_word(word[: sl + 1]) or is_word(word):  # 郁金香, 岳父: words, whatever their tag
        return None
    if flag in PERSON_TAGS or (freq(word) < 20 and flag not in FUNCTION_TAGS):
        # 范志/云: a rare two-character token and a one-character noun make a name of three
        if len(word) == sl + 1 and len(nxt[0]) == 1 and nxt[1] in ("n", "ng", "nr", "nz") and HAN.fullmatch(nxt[0]) \
                and not is_title(nxt[0] + after[0]):
            return len(word) + 1, "tagger"
        return len(word), "tagger"
    return None


CLAUSE_ENDS = frozenset("，。；：、）)！？")  # a name before them ends a clause or a list item (not a space)
GLUED_CUES = ("同志", "先生", "女士", "小姐", "医生", "老师", "太太")


def _after_glued_preposition(tokens, k: int) -> int:
    """Length of a name whose surname jieba glued to a preposition before it (由于/建国/同志,
    向于/医生), when 同志 or a form of address follows (not 同志们): else 0."""
    word, flag = tokens[k]
    if len(word) != 2 or flag not in ("p", "c") or word[1] not in SURNAMES or k + 1 >= len(tokens):
        return 0
    nxt = tokens[k + 1]
    after = tokens[k + 2][0] if k + 2 < len(tokens) else ""
    after2 = tokens[k + 3][0] if k + 3 < len(tokens) else ""
    if nxt[0] in GLUED_CUES and not after.startswith("们"):
        return 1
    if 1 <= len(nxt[0]) <= 2 and HAN.fullmatch(nxt[0]) and after in GLUED_CUES and not after2.startswith("们"):
        return 1 + len(nxt[0])
    return 0


def _cue_after(sentence: str, end: int) -> bool:
    rest = sentence[end : end + 3]
    return (rest[:1] in CLAUSE_ENDS or rest.startswith(tuple(AFTER_CUES) + tuple(FOLLOWERS) + GLUED_CUES)
            or is_title(rest[:2]) or is_title(rest))


def _words_allow(sentence: str, tokens, offsets, start: int, name: str) -> bool:
    """Whether jieba's words let `name` start at `start`: the surname opens a token, is
    not the start of an ordinary word, and what follows is no time or function word."""
    sl = surname_length(name) or 1
    if start not in offsets:
        # 由于建国同志, 向于医生: a preposition glued to the surname, a title or 同志 after it
        k = max(i for i, o in enumerate(offsets) if o <= start)
        word, flag = tokens[k]
        rest = sentence[start + len(name) : start + len(name) + 3]
        strong = rest.startswith(tuple(HONORIFICS)) and not rest[2:3] == "们"
        return flag in ("p", "c") and offsets[k] + len(word) == start + sl and strong
    k = offsets.index(start)
    word, flag = tokens[k]
    if len(word) > sl and len(word) <= len(name) + 1 and is_word(word) and flag not in PERSON_TAGS:
        return False
    if is_word(name[: sl + 1]) and not word == name:
        return False
    if len(word) == sl and k + 1 < len(tokens) and tokens[k + 1][1] in FUNCTION_TAGS and not is_title(tokens[k + 1][0]):
        return False
    return True


def _occurrence_holds(view: str, start: int, name: str) -> bool:
    """A name found elsewhere in the document, here too: the words of this sentence allow it."""
    lo = max(view.rfind(c, 0, start) for c in "。！？；\n\x1f\ue000\ue001") + 1
    m = SENTENCE.match(view, lo)
    sentence = m.group() if m else view[lo:]
    tokens = tagged(sentence)
    offsets, at = [], 0
    for word, _ in tokens:
        offsets.append(at)
        at += len(word)
    return _words_allow(sentence, tokens, offsets, start - lo, name)
