"""jieba.posseg's tagger, its HMM step (Viterbi over 256 part-of-speech states, for runs of
characters its dictionary does not join) computed with numpy: the same additions in the
same order and ties broken the same way (the greater state), so the same tags, about five
times faster. jieba's own loop is kept for what numpy would not reproduce (a step with no
state to come from). The dictionary's DAG and best route (`RouteTokenizer`) are jieba's,
with fewer lookups and a table of each word's log probability (`lexicon`); the cut around
them (`_Tagger`) is jieba's, in one pass making plain pairs. jieba's dictionary, posseg's
tags, patterns and HMM tables come from `lexicon` (loaded as a text's characters need
them); jieba.posseg itself is imported only where jieba's own Viterbi runs.

>>> from jieba import posseg
>>> tag("出席的有于晓丽、余建、涂志华等") == [(p.word, p.flag) for p in posseg.dt.cut("出席的有于晓丽、余建、涂志华等")]
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import SimpleNamespace

import numpy as np

from fanjian.zh.lexicon import RouteTokenizer, lexicon, tokenizer


class _Model:
    """jieba.posseg's HMM as arrays; states numbered in their sort order (ties go to the greater)."""

    def __init__(self):
        self.chars, self.start, self.trans_p, self.emit, self.min_float, min_inf = lexicon().hmm()
        self.states = sorted(self.trans_p)
        self.index = {s: i for i, s in enumerate(self.states)}
        self.all = list(self.trans_p.keys())
        size = len(self.states)
        self.trans = np.full((size, size), min_inf)
        self.follows = np.zeros((size, size), dtype=bool)  # a transition is listed
        for y0, nexts in self.trans_p.items():
            for y, p in nexts.items():
                self.trans[self.index[y0], self.index[y]] = p
                self.follows[self.index[y0], self.index[y]] = True
        self.onward = self.follows.any(axis=1)
        self.start_row = np.array([self.start[s] for s in self.states])
        self.known = all(s in self.index for states in self.chars.values() for s in states) and \
            set(self.emit) >= set(self.states) and set(self.start) >= set(self.states)


@lru_cache(maxsize=8192)
def _emitted(char: str) -> np.ndarray:
    """Each state's emission log probability of `char` (MIN_FLOAT where none)."""
    m = _model()
    return np.array([m.emit[s].get(char, m.min_float) for s in m.states])


@lru_cache(maxsize=8192)
def _allowed(char: str) -> np.ndarray:
    """The states `char` may take (all, for a character jieba's table lacks)."""
    m = _model()
    mask = np.zeros(len(m.states), dtype=bool)
    mask[[m.index[y] for y in m.chars.get(char, m.all)]] = True
    return mask


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model()


def _jieba_viterbi(obs: str, m: _Model) -> tuple[float, list]:
    # importing jieba.posseg reads its whole dictionary file: only here
    from jieba.posseg.viterbi import viterbi as jieba_viterbi

    return jieba_viterbi(obs, m.chars, m.start, m.trans_p, m.emit)


def viterbi(obs: str) -> tuple[float, list]:
    """`jieba.posseg.viterbi(obs, char_state_tab_P, start_P, trans_P, emit_P)`, the same result."""
    m = _model()
    if not m.known:
        return _jieba_viterbi(obs, m)
    cur = np.flatnonzero(_allowed(obs[0]))  # states in order
    vals = (m.start_row + _emitted(obs[0]))[cur]
    back = []
    for t in range(1, len(obs)):
        keep = m.onward[cur]
        rows, pv = cur[keep], vals[keep]
        if not len(rows):  # jieba fails here; let it
            return _jieba_viterbi(obs, m)
        expect = m.follows[rows].any(axis=0)
        ys = np.flatnonzero(_allowed(obs[t]) & expect)
        if not len(ys):
            ys = np.flatnonzero(expect)
        scores = (pv[:, None] + m.trans[np.ix_(rows, ys)]) + _emitted(obs[t])[ys][None, :]
        best = len(rows) - 1 - scores[::-1].argmax(axis=0)  # the last (greatest state) of equal maxima
        vals = scores[best, np.arange(len(ys))]
        came = np.zeros(len(m.states), dtype=np.int64)
        came[ys] = rows[best]
        back.append(came)
        cur = ys
    k = len(cur) - 1 - int(vals[::-1].argmax())  # max of (value, state): the greatest state of equal maxima
    prob, state = float(vals[k]), int(cur[k])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = m.states[state]
        if i:
            state = int(back[i - 1][state])
    return prob, route


class _Tagger:
    """jieba.posseg's cut (with its HMM) giving (word, tag) pairs: jieba's steps in one
    pass, without its chain of generators and pair objects; the HMM step is `viterbi`."""

    def __init__(self, words: RouteTokenizer, tags: dict[str, str], patterns: dict[str, re.Pattern]):
        self.freq, self.words, self.tags = words.FREQ, words, tags
        self.posseg = SimpleNamespace(**patterns)  # posseg's patterns, under its names

    def cut(self, sentence: str) -> list[tuple[str, str]]:  # jieba: __cut_internal
        out: list[tuple[str, str]] = []
        posseg = self.posseg
        for blk in posseg.re_han_internal.split(sentence):
            if posseg.re_han_internal.match(blk):
                self._by_route(blk, out)
                continue
            for x in posseg.re_skip_internal.split(blk):
                if posseg.re_skip_internal.match(x):
                    out.append((x, "x"))
                    continue
                eng = posseg.re_eng.match(x)  # (of the whole piece, as jieba has it)
                out += [(c, "m" if posseg.re_num.match(c) else "eng" if eng else "x") for c in x]
        return out

    def _by_route(self, blk: str, out: list) -> None:  # jieba: __cut_DAG
        route: dict = {}
        self.words.calc(blk, self.words.get_DAG(blk), route)
        x, buf, tags = 0, "", self.tags
        while x < len(blk):
            y = route[x][1] + 1
            if y - x == 1:
                buf += blk[x]
            else:
                if buf:
                    self._unjoined(buf, out)
                    buf = ""
                out.append((blk[x:y], tags.get(blk[x:y], "x")))
            x = y
        if buf:
            self._unjoined(buf, out)

    def _unjoined(self, buf: str, out: list) -> None:
        """Characters the route left single: one, a dictionary word, or the HMM's."""
        if len(buf) == 1:
            out.append((buf, self.tags.get(buf, "x")))
        elif not self.freq.get(buf):
            self._detail(buf, out)
        else:
            out += [(c, self.tags.get(c, "x")) for c in buf]

    def _detail(self, sentence: str, out: list) -> None:  # jieba: __cut_detail
        posseg = self.posseg
        for blk in posseg.re_han_detail.split(sentence):
            if posseg.re_han_detail.match(blk):
                self._hmm(blk, out)
                continue
            out += [(x, "m" if posseg.re_num.match(x) else "eng" if posseg.re_eng.match(x) else "x")
                    for x in posseg.re_skip_detail.split(blk) if x]

    def _hmm(self, sentence: str, out: list) -> None:  # jieba: __cut
        _, pos_list = viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                out.append((sentence[begin : i + 1], pos_list[i][1]))
                nexti = i + 1
            elif pos == "S":
                out.append((char, pos_list[i][1]))
                nexti = i + 1
        if nexti < len(sentence):
            out.append((sentence[nexti:], pos_list[nexti][1]))


@lru_cache(maxsize=1)
def _tagger() -> _Tagger:
    words = lexicon()
    return _Tagger(tokenizer(), words.tags, words.patterns)  # the tokenizer's dictionary and posseg's tags


def tag(sentence: str) -> list[tuple[str, str]]:
    """(word, part of speech) pairs, as `jieba.posseg.dt.cut(sentence)` gives them."""
    return _tagger().cut(sentence)
