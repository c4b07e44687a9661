"""How plausible a candidate decoding reads as Chinese text.

A candidate's score is the log10 likelihood of its characters under a unigram model:
Han characters from a frequency table (data/han_char_freq.tsv), everything else by kind.
The right decoding of the same bytes scores far higher than the wrong ones, because wrong
decodings produce rare characters, kana, private-use or control characters.

>>> score("深圳市人民政府") > score("羶翓庈鏃鏍淉葡")
True
>>> posterior([-10.0, -12.0])
0.9900990099009901
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache, reduce
from operator import add

import numpy as np

from fanjian.data import read_tsv

HAN_UNLISTED = -7.5  # a Han character rarer than every one in the table
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


@lru_cache(maxsize=1)
def _han() -> dict[str, float]:
    return {ch: float(value) for ch, value in read_tsv("han_char_freq.tsv")}


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


def char_scores(text: str) -> np.ndarray:
    """Each character's score as an array; NaN for supplementary characters."""
    return _scores_of(_codes(text))


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
