"""Word boundaries and person tags from jieba, over Simplified text.

jieba was chosen over rjieba, pkuseg and thulac (bench/bench_convert.py, README): its
dictionary ships in the wheel (it runs offline), `posseg` tags person names (nr), and the
dictionary's word frequencies tell an ordinary word (党员, 游客, 其余) from a name. It is
pure Python, so the converter segments only the clauses where a boundary or a name can
change the result. Its dictionary is Simplified: Traditional text is segmented through a
Simplified view.

>>> words("头发干了再去发展干部")
['头发', '干', '了', '再', '去', '发展', '干部']
>>> is_word("党员"), is_word("范东")
(True, False)
"""

from __future__ import annotations

from functools import lru_cache
from math import log

from fanjian.zh.lexicon import lexicon, tokenizer
from fanjian.zh.tagger import tag

# A word at least this frequent in jieba's dictionary is an ordinary word, not a name's
# first two characters (余震 24, 于今 209; given names there are rarer: 范志 10, 范东升 3).
WORD_FREQ = 20
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})


def freq(word: str) -> int:
    """The word's count in jieba's dictionary (0 when absent)."""
    tok = tokenizer()
    tok.need(word[:1])
    return tok.FREQ.get(word) or 0


def is_word(word: str) -> bool:
    """An ordinary dictionary word (frequent enough not to be a made-up name)."""
    return freq(word) >= WORD_FREQ


def dictionary_tag(word: str) -> str:
    """The word's part of speech in jieba's dictionary ("" when absent)."""
    words = lexicon()
    words.need(word[:1])
    return words.tags.get(word, "")


@lru_cache(maxsize=4096)
def words(clause: str) -> list[str]:
    """jieba's words of a clause (with its HMM for words not in the dictionary)."""
    return tokenizer().lcut(clause)


@lru_cache(maxsize=4096)
def tagged(clause: str) -> tuple[tuple[str, str], ...]:
    """jieba.posseg's (word, part of speech) pairs of a clause (its HMM step with numpy: `tagger`)."""
    return tuple(tag(clause))


def starts_and_ends(tokens) -> tuple[set[int], set[int]]:
    """Offsets where the tokens start and end."""
    starts, ends, at = set(), set(), 0
    for token in tokens:
        starts.add(at)
        at += len(token)
        ends.add(at)
    return starts, ends


@lru_cache(maxsize=4096)
def route_score(clause: str) -> float:
    """Log probability of jieba's best path through the dictionary (no HMM): how much
    the clause reads as words. Compares two spellings of one clause."""
    tok = tokenizer()
    dag = tok.get_DAG(clause)
    route: dict[int, tuple[float, int]] = {}
    tok.calc(clause, dag, route)
    return route[0][0] if clause else 0.0


def unknown_cost() -> float:
    return -log(tokenizer().total)


def fit_scores(left: str, candidates: tuple[str, ...], right: str) -> list[float]:
    """For each candidate character c, `route_score(left + c + right)`: how well c makes
    words with its neighbours (Simplified text). The best routes of left's prefixes and of
    right's suffixes are found once, so each candidate costs only the words through it.

    >>> [round(s, 1) for s in fit_scores("出席", ("座", "做"), "谈会")]
    [-20.5, -32.3]
    """
    tok = tokenizer()
    tok.need(left + "".join(candidates) + right)
    freq, total, at = tok.FREQ, log(tok.total), len(left)
    ahead = [route_score(left[:i]) for i in range(at + 1)]
    behind = [route_score(right[j:]) for j in range(len(right) + 1)]
    # Where a word through the candidate can start: the dictionary holds every word's prefixes.
    starts = [i for i in range(at) if left[i:] in freq] + [at]
    out = []
    for ch in candidates:
        window = left + ch + right
        best = ahead[at] + log(freq.get(ch) or 1) - total + behind[0]
        for i in starts:
            for j in range(at + 1, len(window) + 1):
                f = freq.get(window[i:j])
                if f is None:
                    break
                if f and j - i > 1:
                    best = max(best, ahead[i] + log(f) - total + behind[j - at - 1])
        out.append(best)
    return out
