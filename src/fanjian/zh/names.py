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

>>> view = "出席的有于晓丽、余建、涂志华等"
>>> [(view[s:e], confirmed) for s, e, _, confirmed in find_names(view)]
[('于晓丽', True), ('余建', True), ('涂志华', True)]
>>> find_names("关于同志们反映的问题，党员同志要带头，据悉，游客表示，其余同志")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from fanjian.zh.entities import AFTER_CUES, FOLLOWERS, HONORIFICS, SURNAMES, people_in_view
from fanjian.zh.gazetteer import is_place
from fanjian.zh.name_places import NAME_STARTS, held, occurrences, reaching, sentence_ends
from fanjian.zh.name_words import (
    BEFORE_NAME,
    CLAUSE_ENDS,
    COMMON_NOUN,
    COORDINATORS,
    FUNCTION_TAGS,
    GLUED_CUES,
    GLUED_INTRODUCERS,
    NAME_INTRODUCERS,
    OCCUPATIONS,
    PLACE_ENDINGS,
    RELATIONS,
    RIGHT_CUES,
    VERB_CUES,
    VERB_LIKE,
    address_form,
    address_suffix,
    after_glued_occupation,
    after_glued_preposition,
    candidate,
    cue_after,
    is_a_person,
    is_title,
    list_items,
    list_items_before,
    object_of_predicate,
    preposition_before_common_word,
    preposition_before_time,
    preposition_before_word,
    spaced_names,
    surname_length,
)
from fanjian.zh.segment import PERSON_TAGS, freq, is_word, tagged

SENTENCE = re.compile(r"[^。！？；\n\x1f\ue000\ue001]+")
CLAUSE = re.compile(r"[^。！？；，\n\x1f\ue000\ue001]+")  # a sentence cut at its commas too
HAN = re.compile(r"[\u4e00-\u9fff]+")


def find_names(view: str, worth=None, hot: list[int] | None = None,
               hot_starts: list[int] = ()) -> list[tuple[int, int, int, bool]]:
    """(start, end, surname length, confirmed) of each person name in `view`, left to
    right. confirmed: found by a rule or the document's own evidence, not the tagger alone.
    `worth(start, end)`: False for a clause of `view` whose names cannot matter to the caller
    (the tagger, the slow part, is not run on it). `hot`: the only positions where a name
    can matter to the caller, and `hot_starts` those where only a name starting there can
    (a name starts with a surname or a rules' name's first character); the names covering
    them are exactly those found without them (`name_places.reaching`), the names elsewhere may be missing."""
    found: dict[tuple[int, int], tuple[int, bool]] = {}
    ruled = {n for n in people_in_view(view)}
    pieces = SENTENCE if worth is None else CLAUSE  # a caller that filters: clause by clause, fewer tagged
    matches = [m for m in pieces.finditer(view) if worth is None or worth(m.start(), m.end())]
    if hot is not None and worth is None:
        firsts = NAME_STARTS | {n[0] for n in ruled}
        matches = reaching(view, matches, [*hot, *(p for p in hot_starts if view[p] in firsts)], ruled)
    holding = held(view, matches, ruled)
    for k, m in enumerate(matches):
        sentence = m.group()
        in_it = tuple(n for n in ruled if n in holding[k]) if holding[k] else ()
        for s, e, sl, confirmed in _sentence_names(sentence, in_it):
            found[(m.start() + s, m.start() + e)] = (sl, confirmed)
    names = {view[s:e]: confirmed for (s, e), (sl, confirmed) in found.items()}
    covered = {i for s, e in found for i in range(s, e)}  # positions inside a found span
    # the document: a name found once is the same name elsewhere; a surname alone (范局长)
    # is a name only where its title is
    wanted = [(name, confirmed) for name, confirmed in names.items() if len(name) > surname_length(name)]
    places = occurrences(view, [name for name, _ in wanted])
    ends = sentence_ends(view) if wanted else []
    for name, confirmed in wanted:
        for start in places[name]:
            if start not in covered and _occurrence_holds(view, start, name, ends):
                found[(start, start + len(name))] = (surname_length(name), confirmed)
                covered.update(range(start, start + len(name)))
    spans, last = [], 0
    for (s, e), (sl, confirmed) in sorted(found.items()):
        if s >= last:
            spans.append((s, e, sl, confirmed))
            last = e
    return spans


@lru_cache(maxsize=8192)
def _sentence_names(sentence: str, ruled: tuple[str, ...]) -> tuple[tuple[int, int, int, bool], ...]:
    """The names of one sentence; `ruled`: the rules' names of the document found in it (in
    the document set's order), all the sentence's result depends on beyond its text."""
    return tuple(_names_in(sentence, ruled))


def _names_in(sentence: str, ruled: tuple[str, ...]) -> list[tuple[int, int, int, bool]]:
    if not HAN.search(sentence) or not any(c in SURNAMES for c in sentence):
        return []
    tokens = tagged(sentence)
    offsets, at = [], 0
    for word, _ in tokens:
        offsets.append(at)
        at += len(word)
    found = []
    for k, (word, flag) in enumerate(tokens):
        called = address_form(tokens, k)
        if called < 0:
            called = address_suffix(tokens, k)
        if called >= 0:  # 老于, 小钟, 范局, 游姐: the surname alone is the name
            found.append((offsets[k] + called, offsets[k] + called + 1, 1, True))
            continue
        glued = after_glued_preposition(tokens, k) or after_glued_occupation(tokens, k)
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
        span = candidate(word, flag, sl, nxt, tokens[k + 2] if k + 2 < len(tokens) else ("", "x"))
        if span is None and flag in PERSON_TAGS and sl < len(word) <= sl + 2 \
                and _person_word_placed(sentence, prev, word, nxt[0], offsets[k] + len(word)):
            span = len(word), "listed"
        if span is None:
            continue
        length, kind = span
        if kind == "split" and flag == "c" and word in COORDINATORS and nxt[1] in PERSON_TAGS and surname_length(nxt[0]):
            continue  # 和|余乐: a conjunction before a name jieba tagged whole, not its surname (于|海涛 may be one)
        name = sentence[offsets[k] : offsets[k] + length]
        end = offsets[k] + length
        if flag not in PERSON_TAGS and kind != "title" and is_place(name):
            continue  # 韶关、|云浮|、河源: a place of the division list the tagger does not take for a person
        if (preposition_before_word(name, sl) and not _called_anyway(sentence, prev, name, sl, end)) \
                or preposition_before_time(tokens, offsets, k, end) or object_of_predicate(sentence, tokens, k, name, sl, end):
            continue  # 于现场, 于督导时: where or when, not who
        confirmed = (kind == "title" or name in ruled or prev in BEFORE_NAME or is_title(prev) or prev.endswith(OCCUPATIONS)
                     or prev in RELATIONS
                     or cue_after(sentence, end) or is_a_person(sentence, end))
        tagged_person = flag in PERSON_TAGS or (kind == "split" and nxt[1] in PERSON_TAGS | {"nz"})
        # within the sentence's words, or ending the sentence after them (负责人为余国栋。), or
        # after a word that introduces a person, whatever follows (授予余静“最美…”称号)
        in_sentence = ((HAN.match(sentence, end) or end == len(sentence)) and (not offsets[k] or HAN.match(sentence, offsets[k] - 1))) \
            or prev in NAME_INTRODUCERS
        if not confirmed and (not (tagged_person and in_sentence) or flag == "c" or preposition_before_common_word(name, sl)):
            # a rare token starting with a surname, or a tag in a list of words (张栋梁 蒋国梁);
            # or a conjunction jieba takes for one before a name (游晓燕和|郁|志强); or, with
            # nothing around to say who, a preposition before a common word (毕业|于华中|农学院)
            continue
        found.append((offsets[k], offsets[k] + length, sl, confirmed))
    found += _context_names(sentence, tokens, offsets, [(s, e) for s, e, _, _ in found])
    found += list_items(sentence, tokens, offsets, found)
    found += list_items_before(sentence, offsets, found)
    found += [n for n in spaced_names(sentence) if not any(s < n[1] and n[0] < e for s, e, _, _ in found)]
    # The rules' names the tagger missed, where the words agree.
    for name in ruled:
        for m in re.finditer(re.escape(name), sentence):
            if not any(s <= m.start() < e for s, e, _, _ in found) and _words_allow(sentence, tokens, offsets, m.start(), name):
                found.append((m.start(), m.end(), surname_length(name) or 1, True))
    return found


def _person_word_placed(sentence: str, prev: str, word: str, nxt: str, end: int) -> bool:
    """A dictionary word jieba tags a person (`word`) stands where a person does: an item of
    a list (有于海、|余晖|和党小龙), or between a title or occupation and a cue (教师|余晖|在)."""
    listed = prev in BEFORE_NAME and (nxt in COORDINATORS or nxt[:1] in CLAUSE_ENDS)
    titled = is_title(prev) or (len(prev) > 1 and prev.endswith(OCCUPATIONS))
    return listed or (titled and cue_after(sentence, end))


def _called_anyway(sentence: str, prev: str, name: str, sl: int, end: int) -> bool:
    """A surname that is also a preposition (于) with a one-character given name that is a
    word (海) is still a person where a title, an introducer or a list mark comes before and a
    verb cue, a list mark or 和 after (主任|于海|强调, 有|于海|、)."""
    left = is_title(prev) or prev in NAME_INTRODUCERS or prev in BEFORE_NAME
    return len(name) - sl == 1 and left and (sentence.startswith(VERB_CUES, end) or sentence[end : end + 1] in ("、", "和", "与"))


def _left_strong(tokens, k: int) -> bool:
    """A name can start here: the sentence starts, or a list mark, a label, a title, an
    occupation or a word that introduces a person comes before."""
    if k == 0:
        return True
    prev = tokens[k - 1][0]
    if prev.strip() == "" and k >= 2:
        prev = tokens[k - 2][0]
    occupation = len(prev) > 1 and prev.endswith(OCCUPATIONS) and tokens[k - 1][1] not in ("r", "m", "q")  # not 那家
    return (prev in BEFORE_NAME or prev[:1] in CLAUSE_ENDS or prev in NAME_INTRODUCERS or is_title(prev)
            or occupation or prev in RELATIONS or (len(prev) == 2 and prev[1] in GLUED_INTRODUCERS))


CLOSING_CUES = RIGHT_CUES + tuple(AFTER_CUES) + tuple(FOLLOWERS) + GLUED_CUES  # words that close a name


def _right_strong(sentence: str, end: int) -> bool:
    rest = sentence[end : end + 4]
    return not rest or rest[:1] in CLAUSE_ENDS or rest.startswith(CLOSING_CUES)


def _context_names(sentence: str, tokens, offsets, taken) -> list[tuple[int, int, int, bool]]:
    """Names the tagger did not see, found by their place: a surname opening a token, a
    given name of one or two characters ending where a token ends, a name-opening context
    before it and a name-closing one after it (联系人：丰立新，; 由云海平主持). Refused
    where the span is a dictionary word or the surname is a preposition before a
    time or function word (书记于会上强调)."""
    ends = {o + len(w) for o, (w, _) in zip(offsets, tokens)}
    found = []
    for k, (word, flag) in enumerate(tokens):
        start = offsets[k]
        sl = surname_length(word)
        if not sl or any(s <= start < e for s, e in taken):
            continue
        left = _left_strong(tokens, k)
        if len(word) > sl and is_word(word) and (flag in FUNCTION_TAGS or freq(word) >= COMMON_NOUN):
            continue  # 朴实, 余下, 范围: an ordinary word opens the span (党建|国 may be a name)
        if len(word) > sl and flag == "v" and freq(word):
            continue  # 工人|涂刷|完: a verb of the dictionary, however rare, is what the person does
        # a rare word of the dictionary right after a title is the person it names (副主席|于洋|昨日)
        # (or after an occupation and before a verb cue, a word less common than a noun's:
        # 歌手|余音|在, 队员|于洋|在; not 人民|周刊, 病人|陈述|过往)
        before = tokens[k - 1][0] if k else ""
        titled_word = k > 0 and len(word) <= sl + 2 and (is_title(before) or (
            len(before) > 1 and before.endswith(OCCUPATIONS) and freq(word) < COMMON_NOUN
            and sentence.startswith(VERB_CUES, start + len(word))))
        for size in (sl + 2, sl + 1):
            end = start + size
            span = sentence[start:end]
            # the name ends where a token ends, or inside one that a cue word finishes (云海/平说)
            verb_after = sentence.startswith(VERB_CUES, end)
            if (end not in ends and not verb_after) or not HAN.fullmatch(span) or (is_word(span) and not titled_word) \
                    or (len(span) > sl + 1 and freq(span) and is_word(span[: sl + 1])) \
                    or is_title(span[sl:]) \
                    or span[-1] in PLACE_ENDINGS or (left and is_place(span)) \
                    or preposition_before_word(span, sl):
                continue
            inside = [tag for o, (w, tag) in zip(offsets, tokens) if start + sl <= o < end]
            if word == span[:sl] and preposition_before_time(tokens, offsets, k, end):
                continue  # 书记于督导时强调: "when supervising", a time clause, not a name
            if word == span[:sl] and flag in ("p", "c") and any(tag in FUNCTION_TAGS - VERB_LIKE for tag in inside):
                continue  # 于周一, 于会上: the preposition's object (a given name read as a verb, 于建发说, may stand)
            if len(word) > sl and is_word(word) and any(o >= start + len(word) and tag in ("k", "u", "uj", "y", "d", "p", "c")
                                                      for o, (_, tag) in zip(offsets, tokens) if o < end):
                continue  # 干部/们, 余震/已: a word and its suffix, particle or adverb, not a given name
            # 由党建民|负责, 范志强|后来: a verb or a time word after the given name
            verb_next = end in offsets and tokens[offsets.index(end)][1] in ("v", "t")
            if (left and (_right_strong(sentence, end) or verb_next or _coordinated(tokens, offsets, k, taken + found))) \
                    or sentence.startswith("、", end) \
                    or (size == sl + 2 and sentence.startswith(GLUED_CUES, end)  # 有丰立新、于晓岚; 聘任游建新先生
                        and not is_word(span[sl:])):  # (not 在原|就诊|医生: a word after the surname)
                found.append((start, end, sl, True))
                break
    return found


def _coordinated(tokens, offsets, k: int, names) -> bool:
    """The token at `k` follows 和, 与 or 及 right after a name found (余秀兰和|范志强): the
    second of two names joined."""
    if k < 2 or tokens[k - 1][0] not in COORDINATORS:
        return False
    joined_at = offsets[k - 1]
    return any(name[1] == joined_at for name in names)


def _words_allow(sentence: str, tokens, offsets, start: int, name: str) -> bool:
    """Whether jieba's words let `name` start at `start`: the surname opens a token, is
    not the start of an ordinary word, and what follows is no time or function word."""
    sl = surname_length(name) or 1
    if preposition_before_word(name, sl):
        return False
    if start not in offsets:
        # 由于建国同志, 向于医生: a preposition glued to the surname, a title or 同志 after it
        k = max(i for i, o in enumerate(offsets) if o <= start)
        word, flag = tokens[k]
        rest = sentence[start + len(name) : start + len(name) + 3]
        strong = rest.startswith(tuple(HONORIFICS)) and not rest[2:3] == "们"
        return flag in ("p", "c") and offsets[k] + len(word) == start + sl and strong
    k = offsets.index(start)
    word, flag = tokens[k]
    if len(word) == sl and preposition_before_time(tokens, offsets, k, start + len(name)):
        return False  # 书记于督导时强调: a time clause
    if len(word) > sl and len(word) <= len(name) + 1 and is_word(word) and flag not in PERSON_TAGS:
        return False
    if len(word) > len(name) and is_word(word):
        return False  # 郁金 found elsewhere, inside the word 郁金香 here (whatever jieba tags it)
    if is_word(name[: sl + 1]) and not word == name:
        return False
    if len(word) == sl and k + 1 < len(tokens) and tokens[k + 1][1] in FUNCTION_TAGS and not is_title(tokens[k + 1][0]):
        return False
    return True


def _occurrence_holds(view: str, start: int, name: str, ends: list[int]) -> bool:
    """A name found elsewhere in the document, here too: the words of this sentence allow it.
    `ends`: `sentence_ends(view)`."""
    k = bisect_left(ends, start)
    lo = ends[k - 1] + 1 if k else 0
    m = SENTENCE.match(view, lo)
    sentence = m.group() if m else view[lo:]
    tokens = tagged(sentence)
    offsets, at = [], 0
    for word, _ in tokens:
        offsets.append(at)
        at += len(word)
    return _words_allow(sentence, tokens, offsets, start - lo, name)
