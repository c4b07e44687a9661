"""How plausible a text reads as Chinese: the one character model.

One table of character counts (data/char_freq.tsv, from jieba's word frequencies, made by
scripts/make_char_freq.py with data/char_bigrams.tsv) gives two views:

- `score`: the log10 likelihood of a candidate decoding under a unigram model, Han
  characters by their share of jieba's Han characters (Traditional forms counted through
  the words converted whole, so text in either script scores alike; characters below the
  99.95% coverage cutoff count as unlisted), everything else by kind. The right decoding
  of the same bytes scores far higher than the wrong ones, because wrong decodings produce
  rare characters, kana, private-use or control characters. `fanjian.decode` ranks
  candidate decodings with it.
- `text_log_prob`: a smoothed bigram model (natural log) over the counts and the pairs of
  data/char_bigrams.tsv; Traditional text is scored through its length-preserving
  Simplified view. Byte-shift repair (`fanjian.repair`) and the final check
  (`fanjian.check.plausible`) use it.

>>> score("深圳市人民政府") > score("羶翓庈鏃鏍淉葡")
True
>>> posterior([-10.0, -12.0])
0.9900990099009901
>>> text_log_prob("范德繁强调") > text_log_prob("狈兜路睆娬")
True
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from functools import lru_cache, reduce
from operator import add

import numpy as np

from fanjian.data import read_tsv
from fanjian.zh.script import simplified_view

COVERAGE = 0.9995  # the unigram view lists the Han characters covering this share of the mass
HAN_UNLISTED = -7.5  # a Han character below the cutoff: rarer than every one in the unigram view
IMPOSSIBLE = -12.0  # control, private-use, unassigned, surrogate, U+FFFD
PINYIN = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛÜ")  # glosses in notices

# Unicode ranges by how often they turn up in a Chinese notice (log10 per character).
_RANGES = (
    (0x3001, 0x3003, -2.5),  # CJK punctuation 、。〃
    (0x3008, 0x3011, -2.5),  # 〈〉《》「」『』【】
    (0x3014, 0x3017, -2.5),  # 〔〕〖〗
    (0x301C, 0x301F, -3.5),  # 〜〝〞〟
    (0x3000, 0x303F, -6.0),  # other CJK symbols: rare in notices
    (0xFF01, 0xFF5E, -2.5),  # fullwidth ASCII forms ，：；（）～
    (0xFFE0, 0xFFE6, -3.5),  # fullwidth ￥￠￡
    (0x2000, 0x206F, -3.5),  # general punctuation — “ ” … ‧ •
    (0x2460, 0x24FF, -5.0),  # enclosed numbers ① ⑴
    (0x2160, 0x217F, -5.0),  # Roman numerals Ⅰ
    (0x3040, 0x30FF, -7.0),  # kana: not in these notices, but frequent in wrong readings
    (0x3100, 0x312F, -7.0),  # bopomofo
    (0xFF61, 0xFF9F, -9.0),  # halfwidth katakana
    (0xAC00, 0xD7AF, -8.0),  # Hangul
    (0xE000, 0xF8FF, IMPOSSIBLE),  # private use
)


def is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def coverage_cutoff(counts: Iterable[int]) -> int:
    """The least count among the most common characters that cover COVERAGE of the mass."""
    ranked = sorted(counts, reverse=True)
    total = sum(ranked)
    mass, cutoff = 0, 0
    for n in ranked:
        if mass / total >= COVERAGE:
            break
        mass, cutoff = mass + n, n
    return cutoff


@lru_cache(maxsize=1)
def _counts() -> dict[str, tuple[int, int]]:
    """char_freq.tsv: each character's count as written and with its Traditional forms."""
    return {ch: (int(written), int(either)) for ch, written, either in read_tsv("char_freq.tsv")}


@lru_cache(maxsize=1)
def _han() -> dict[str, float]:
    """log10 of each common Han character's share (2 decimals, as the table once held them)."""
    written = {ch: n for ch, (n, _) in _counts().items() if is_han(ch) and n}
    total = sum(written.values())
    cutoff = coverage_cutoff(written.values())
    return {ch: float(f"{math.log10(either / total):.2f}")
            for ch, (_, either) in _counts().items() if is_han(ch) and either >= cutoff}


def _by_kind(ch: str) -> float:
    code = ord(ch)
    if ch in "\n\r\t \u3000":
        return -1.5
    if code < 0x80:
        return -2.0 if ch.isprintable() else (-4.0 if ch == "\x0c" else IMPOSSIBLE)
    if ch in PINYIN:
        return -4.5
    for start, end, value in _RANGES:
        if start <= code <= end:
            return value
    category = unicodedata.category(ch)
    if category.startswith("L") and ("\u3400" <= ch <= "\u9fff" or code >= 0x20000 or "\uf900" <= ch <= "\ufaff"):
        return HAN_UNLISTED - (0.5 if code >= 0x20000 else 0.0)
    if category in ("Cc", "Co", "Cs", "Cn") or ch == "\ufffd":
        return IMPOSSIBLE
    if category[0] in "LM":
        return -6.0  # letters of other scripts: Latin with accents, Greek, Cyrillic
    return -5.5  # other symbols and punctuation


_memo: dict[str, float] = {}


def char_score(ch: str) -> float:
    value = _memo.get(ch)
    if value is None:
        value = _han().get(ch)
        if value is None:
            value = _by_kind(ch)
        _memo[ch] = value
    return value


# Scores of the Basic Multilingual Plane by code point, filled as characters turn up (NaN:
# not yet known); index 0x10000 stands for every supplementary character and stays NaN.
_BMP = np.full(0x10001, np.nan)
SHORT = 64  # below this many characters the plain loop is faster than the table


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _scores_of(codes: np.ndarray) -> np.ndarray:
    values = _BMP.take(codes, mode="clip")
    if np.isnan(values.sum()):
        unknown = np.unique(codes[np.isnan(values)]).tolist()
        for code in unknown:
            if code <= 0xFFFF:
                _BMP[code] = char_score(chr(code))
        if unknown[-1] <= 0xFFFF:
            values = _BMP.take(codes)
    return values


def score(text: str) -> float:
    """log10 likelihood of the text, character by character, added left to right."""
    if len(text) >= SHORT:
        codes = _codes(text)
        # A running sum adds left to right. Characters not in the table yet make it NaN.
        total = float(np.add.accumulate(_BMP.take(codes, mode="clip"))[-1])
        if total != total:
            total = float(np.add.accumulate(_scores_of(codes))[-1])
        if total == total:  # not NaN: no supplementary character
            return total
    memo = _memo
    try:  # reduce, not sum(): from Python 3.12 on sum() compensates rounding, the table cannot
        return reduce(add, map(memo.__getitem__, text), 0.0)
    except KeyError:
        for ch in set(text).difference(memo):
            char_score(ch)
        return reduce(add, map(memo.__getitem__, text), 0.0)


def all_above(text: str, floor: float) -> bool:
    """Whether every non-ASCII character of text scores at least floor."""
    if len(text) >= SHORT:
        codes = _codes(text)
        values = _scores_of(codes)[codes >= 0x80]
        if (values >= floor).all():
            return True
        if not np.isnan(values).any():
            return False
    return all(char_score(ch) >= floor for ch in set(text) if ch >= "\x80")


def score_unless_all_above(text: str, floor: float) -> float | None:
    """None when `all_above(text, floor)`, else `score(text)`: one lookup of the scores for both."""
    if len(text) >= SHORT:
        codes = _codes(text)
        values = _scores_of(codes)
        high = values[codes >= 0x80]
        if (high >= floor).all():
            return None
        if not np.isnan(values).any():
            return float(np.add.accumulate(values)[-1])  # as score() adds them
    return None if all_above(text, floor) else score(text)


def posterior(scores: list[float]) -> float:
    """Probability the best of these scores is right, if all candidates were equally likely."""
    best = max(scores)
    return 1.0 / sum(10.0 ** (s - best) for s in scores)


# ---- the bigram view (natural log) ------------------------------------------------------------

BIGRAM_WEIGHT = 0.6  # interpolation weight of P(b|a) against P(b)
UNSEEN = 0.5  # count given to characters the table lacks


class CharModel:
    def __init__(self, chars: dict[str, int], pairs: dict[str, int]):
        self.chars = chars
        self.pairs = pairs
        self.total = sum(chars.values())
        self.floor = math.log(UNSEEN / self.total)

    def unigram(self, ch: str) -> float:
        return self.chars.get(ch, UNSEEN) / self.total

    def step(self, prev: str, ch: str) -> float:
        """log P(ch | prev); `prev` may be "" (no context)."""
        p = self.unigram(ch)
        pair = self.pairs.get(prev + ch) if prev else None
        if pair:
            p = BIGRAM_WEIGHT * pair / self.chars.get(prev, pair) + (1 - BIGRAM_WEIGHT) * p
        return math.log(p)

    def log_prob(self, text: str, left: str = "", right: str = "") -> float:
        """log P(text) given one character of context on each side (either may be "")."""
        view = simplified_view(left + text + right)
        prev = view[0] if left else ""
        total = 0.0
        for ch in view[len(left) : len(left) + len(text)]:
            total += self.step(prev, ch)
            prev = ch
        if right:
            total += self.step(prev, view[-1]) - math.log(self.unigram(view[-1]))
        return total


@lru_cache(maxsize=1)
def model() -> CharModel:
    """The bigram view over the counts as written, loaded on first use (about 0.2 s)."""
    chars = {ch: written for ch, (written, _) in _counts().items() if written}
    return CharModel(chars, {pair: int(n) for pair, n in read_tsv("char_bigrams.tsv")})


def text_log_prob(text: str, left: str = "", right: str = "") -> float:
    """log P(text) under the bigram view, one character of context on each side."""
    return model().log_prob(text, left, right)


# ---- the bigram view over a whole notice at once ------------------------------------------------

HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


class _Arrays:
    """The bigram view as arrays: every character an id (0: not in the tables), each pair a
    sorted key, so a notice's characters are scored in numpy rather than one call each."""

    def __init__(self, m: CharModel):
        known = sorted(set(m.chars) | {ch for pair in m.pairs for ch in pair if len(pair) == 2})
        known = [ch for ch in known if ord(ch) < 0x10000]
        self.ids = np.zeros(0x10000, np.int64)
        self.ids[[ord(ch) for ch in known]] = np.arange(1, len(known) + 1)
        self.size = len(known) + 1
        self.unigram = np.array([UNSEEN] + [m.chars.get(ch, UNSEEN) for ch in known]) / m.total
        # P(b|a)'s denominator: a's count, or the pair's own where the table lacks a (as `step`)
        self.before = np.array([np.nan] + [m.chars.get(ch, np.nan) for ch in known])
        keyed = sorted((self.ids[ord(p[0])] * self.size + self.ids[ord(p[1])], n) for p, n in m.pairs.items()
                       if len(p) == 2 and ord(p[0]) < 0x10000 and ord(p[1]) < 0x10000 and n)
        self.keys = np.array([k for k, _ in keyed] or [-1], np.int64)
        self.counts = np.array([n for _, n in keyed] or [0], np.float64)
        self.han = np.zeros(0x10000, bool)  # every Han range is in the BMP
        for lo, hi in HAN_RANGES:
            self.han[lo : hi + 1] = True


@lru_cache(maxsize=1)
def _arrays() -> _Arrays:
    return _Arrays(model())


def han_means(parts: list[str]) -> list[tuple[float, int]]:
    """For each part, `(mean log P per Han character of its Han runs, their count)`: each run
    scored by `text_log_prob` (no context outside it), all parts in one numpy pass.

    >>> [(round(mean, 6), n) for mean, n in han_means(["深圳市政府", "", "a通知b"])] == [
    ...     (round(text_log_prob("深圳市政府") / 5, 6), 5), (0.0, 0), (round(text_log_prob("通知") / 2, 6), 2)]
    True
    """
    text = "\n".join(parts)
    if not text:
        return [(0.0, 0)] * len(parts)
    a = _arrays()
    codes = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    han = a.han[codes & 0xFFFF] & (codes <= 0xFFFF)
    view = np.frombuffer(simplified_view(text).encode("utf-32-le"), np.uint32)
    ids = np.where(view < 0x10000, a.ids[view & 0xFFFF], 0)
    p = a.unigram[ids]
    # A Han character after another of the same run, both in the tables.
    paired = han & (ids != 0)
    at = np.flatnonzero(paired[1:] & paired[:-1]) + 1
    if len(at):
        keys = ids[at - 1] * a.size + ids[at]
        # Each distinct pair looked up once (a notice repeats a third of its pairs), in
        # order, so the binary searches walk the table forwards.
        distinct, each = np.unique(keys, return_inverse=True)
        where = np.minimum(np.searchsorted(a.keys, distinct), len(a.keys) - 1)[each]
        hit = a.keys[where] == keys
        at, pair = at[hit], a.counts[where[hit]]
        before = a.before[ids[at - 1]]
        before = np.where(np.isnan(before), pair, before)
        p[at] = BIGRAM_WEIGHT * pair / before + (1 - BIGRAM_WEIGHT) * p[at]
    scores = np.where(han, np.log(p), 0.0)
    starts = np.cumsum([0] + [len(part) + 1 for part in parts[:-1]])
    padded = np.append(scores, 0.0)  # an empty last part starts at the end
    sums = np.add.reduceat(padded, starts)
    counts = np.add.reduceat(np.append(han, False).astype(np.int64), starts)
    out = []
    for k, part in enumerate(parts):
        n = int(counts[k]) if part else 0
        out.append((float(sums[k]) / n if n else 0.0, n))
    return out
