"""jieba's dictionary loaded by first character (fanjian.zh.lexicon) answers as jieba's own."""

from __future__ import annotations

import jieba
import pytest
from jieba import posseg
from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF

from fanjian.zh.lexicon import load
from fanjian.zh.segment import tagged, words

TEXTS = ["出席的有于晓丽、余建、涂志华等，村干部带头发展", "会议由县长主持，干部群众参加。", "ABC 2024年 第3号 㐀𠀀"]


@pytest.fixture(scope="module")
def whole_and_cached(tmp_path_factory):
    path = tmp_path_factory.mktemp("lexicon") / "jieba.cache"
    whole = load(path)  # no cache yet: jieba's tables, written to path
    assert path.is_file()
    return whole, load(path)


def test_cache_holds_jiebas_tables(whole_and_cached):
    whole, cached = whole_and_cached
    words = jieba.Tokenizer()
    words.initialize()
    assert whole.freq == words.FREQ and whole.tags == posseg.dt.word_tag_tab
    assert cached.total == whole.total == words.total
    assert cached.hmm() == (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P, MIN_FLOAT, MIN_INF)
    assert {name: p.pattern for name, p in cached.patterns.items()} == \
        {name: getattr(posseg, name).pattern for name in cached.patterns}


@pytest.mark.parametrize("text", TEXTS)
def test_needed_characters_bring_all_their_entries(whole_and_cached, text):
    whole, cached = whole_and_cached
    cached.need(text)
    loaded = set(cached.freq) | set(cached.tags)
    chars = {word[0] for word in loaded}
    assert chars <= set("".join(TEXTS))  # only characters asked for
    for char in set(text):
        assert {w: n for w, n in whole.freq.items() if w[0] == char} == {w: n for w, n in cached.freq.items() if w[0] == char}
        assert {w: t for w, t in whole.tags.items() if w[0] == char} == {w: t for w, t in cached.tags.items() if w[0] == char}


@pytest.mark.parametrize("text", TEXTS)
def test_words_and_tags_are_jiebas(text):
    assert words(text) == jieba.lcut(text)
    assert list(tagged(text)) == [(p.word, p.flag) for p in posseg.dt.cut(text)]
