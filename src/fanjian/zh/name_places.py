"""Where a document's names occur: each name's places in the text, the sentences holding
them, and the sentences a caller that cares about a few positions (`hot`) must tag so
that the names covering those positions come out as with every sentence tagged.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from fanjian.data import read_lines
from fanjian.zh.chartable import code_points
from fanjian.zh.entities import SURNAMES

DOUBLE_SURNAMES = frozenset(read_lines("double_surnames.txt"))


def held(view: str, matches: list, ruled: set[str]) -> list[set[str]]:
    """For each match (a sentence or clause of `view`, in order), the names of `ruled` it holds."""
    held: list[set[str]] = [set() for _ in matches]
    starts = [m.start() for m in matches]
    for name, places in occurrences(view, sorted(ruled)).items():
        for p in places:
            k = bisect_right(starts, p) - 1
            if k >= 0 and p + len(name) <= matches[k].end():
                held[k].add(name)
    return held


SENTENCE_ENDS = "。！？；\n\x1f\ue000\ue001"  # the characters SENTENCE stops at
NAME_STARTS = frozenset(SURNAMES) | {d[0] for d in DOUBLE_SURNAMES}


def reaching(view: str, sentences: list, hot: list[int], ruled: set[str]) -> list:
    """The sentences to tag for the names covering `hot` positions to come out as with every
    sentence tagged. Why that holds: a sentence's own names depend on its text and the
    rules' names in it alone. No span holds a comma or a sentence end (a jieba token holding
    one is that character alone; the rules' names are Han): spans of different clauses never
    meet in `covered` or in the final overlap pass. So a hot clause (holding a hot position)
    needs its sentence tagged and the names propagated into it, which came from sentences
    holding them: a propagated name has two characters or more (len > surname length, a
    rules' name of one character turns this off) and starts with a surname or a rules'
    name's first character, so each sentence sharing such a first pair with a hot clause is
    tagged. Then every sentence holding a name that occurs in a hot clause is tagged, so that
    name is found in the same places, with the same `confirmed` and in the same order among
    such names; names missing are ones no hot clause holds."""
    if any(len(n) < 2 or "，" in n for n in ruled):
        return sentences
    starts = [m.start() for m in sentences]
    hot_k, spans = set(), set()
    for p in hot:
        k = bisect_right(starts, p) - 1
        if k >= 0 and p < sentences[k].end():
            hot_k.add(k)
            lo, hi = view.rfind("，", starts[k], p), view.find("，", p, sentences[k].end())  # p's clause
            spans.add((starts[k] if lo == -1 else lo + 1, sentences[k].end() if hi == -1 else hi))
    firsts = NAME_STARTS | {n[0] for n in ruled}
    pairs = {view[i : i + 2] for lo, hi in spans for i in range(lo, hi - 1) if view[i] in firsts}
    if not pairs:
        return [sentences[k] for k in sorted(hot_k)]
    cp = code_points(view).astype(np.int64)
    codes = cp[:-1] * 0x110000 + cp[1:]
    wanted = np.array([ord(a) * 0x110000 + ord(b) for a, b in pairs], dtype=np.int64)
    for i in np.flatnonzero(np.isin(codes, wanted)).tolist():  # a pair holds no sentence end: i's sentence holds it
        k = bisect_right(starts, i) - 1
        if k >= 0 and i < sentences[k].end():
            hot_k.add(k)
    return [sentences[k] for k in sorted(hot_k)]


def sentence_ends(view: str) -> list[int]:
    """Positions of the characters that end a sentence, in order."""
    return np.flatnonzero(np.isin(code_points(view), [ord(c) for c in SENTENCE_ENDS])).tolist()


def occurrences(view: str, names: list[str]) -> dict[str, list[int]]:
    """Every place (overlapping ones too) where each name occurs, in order: one pass over
    the places of the names' first characters, not a search of the text per name."""
    places: dict[str, list[int]] = {name: [] for name in names}
    by_pair: dict[str, list[str]] = {}
    for name in names:
        if len(name) >= 2:
            by_pair.setdefault(name[:2], []).append(name)
        else:  # one character (or none): searched for on its own
            start = view.find(name)
            while start != -1:
                places[name].append(start)
                start = view.find(name, start + 1)
    if by_pair:
        firsts = [ord(c) for c in {pair[0] for pair in by_pair}]
        for p in np.flatnonzero(np.isin(code_points(view), firsts)).tolist():
            for name in by_pair.get(view[p : p + 2], ()):
                if view.startswith(name, p):
                    places[name].append(p)
    return places


__all__ = ["DOUBLE_SURNAMES", "NAME_STARTS", "SENTENCE_ENDS", "held", "occurrences", "reaching", "sentence_ends"]
