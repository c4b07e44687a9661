"""How probable a run of Chinese text is: character and bigram frequencies.

A smoothed bigram model over the tables in `data/char_freq.tsv` and
`data/char_bigrams.tsv` (from jieba's word frequencies). Traditional text is scored
through its length-preserving Simplified view, so one table serves both scripts.

>>> text_log_prob("范德繁强调") > text_log_prob("狈兜路睆娬")
True
"""

from __future__ import annotations

import math
from functools import lru_cache

from fanjian.data import read_lines
from fanjian.zh.script import simplified_view

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


def _counts(name: str) -> dict[str, int]:
    return {k: int(v) for k, v in (line.split("\t") for line in read_lines(name))}


@lru_cache(maxsize=1)
def model() -> CharModel:
    """The packaged model, loaded on first use (about 0.2 s)."""
    return CharModel(_counts("char_freq.tsv"), _counts("char_bigrams.tsv"))


def text_log_prob(text: str, left: str = "", right: str = "") -> float:
    return model().log_prob(text, left, right)
