"""Which clauses of a Simplified text can hold a name that changes its conversion to
Traditional (`name_may_matter`): `find_names` tags only those; where a name can change the
conversion of a Traditional text (`traditional_hot`)."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import numpy as np

from fanjian.convert.phrasekeys import each_alone
from fanjian.convert.steps import run_steps
from fanjian.convert.wordlevel import LONGEST_PHRASE, SEP
from fanjian.zh.chartable import CharFlags, code_points, positions
from fanjian.zh.entities import RISKY_SURNAMES, SURNAMES

NAME_MAX = 4  # characters of a name: a double surname and a two-character given name


def name_may_matter(view: str, whole: str, steps, entries):
    """`worth(start, end)` for `find_names`: True for a clause with a surname OpenCC would
    change, or with a character OpenCC writes otherwise in a phrase than alone within a
    phrase's and a name's reach of a surname (only there can a name's boundary change the
    conversion). `whole`: OpenCC's conversion of `view`; each character's form alone comes
    from a table per configuration (`each_alone`), as OpenCC's own tables stay loaded."""
    alone = _alone(view, steps, entries)
    if len(whole) != len(view) or len(alone) != len(view):
        return None  # lengths moved: every clause is looked at
    decided = np.flatnonzero(code_points(whole) != code_points(alone)).tolist()
    flags = _surname_flags().of(view)
    risky, surnamed = positions(flags, 2), positions(flags, 1)
    reach = NAME_MAX + LONGEST_PHRASE  # a phrase crossing into or out of a name

    def has(at: list[int], lo: int, hi: int) -> bool:  # a position in [lo, hi)
        k = bisect_left(at, lo)
        return k < len(at) and at[k] < hi

    def worth(start: int, end: int) -> bool:
        if has(risky, start, end):
            return True
        lo = bisect_left(decided, start)
        return any(has(surnamed, max(start, i - reach), min(end, i + reach)) for i in decided[lo : bisect_left(decided, end)])
    return worth


def _alone(view: str, steps, entries) -> str:
    """`view` converted character by character (each alone: no phrase), without its separators."""
    if SEP in view:
        return run_steps(SEP.join(view), steps, entries).replace(SEP, "")
    return each_alone(view, steps, entries)


@lru_cache(maxsize=1)
def _surname_flags() -> CharFlags:
    """Bit 1: a surname; bit 2: a surname OpenCC would change (RISKY_SURNAMES)."""
    return CharFlags({c: 1 | (2 if c in RISKY_SURNAMES else 0) for c in set(SURNAMES) | RISKY_SURNAMES})


def traditional_hot(text: str, decided, out: str, open_sites=()) -> list[int]:
    """The positions of a Traditional text where a name can change its conversion, for
    `find_names(hot=...)`: `decided`, the sites the name-free `choose_simplified` changed
    (see text._choose_simplified), and each surname `write_names` keeps as written where the
    conversion it is given, `out`, writes it otherwise (in "surname" mode a name changes
    nothing else: RISKY_SURNAMES kept, the rest as `out`); `open_sites`: where `out` may
    still change before `write_names`."""
    risky = positions(_surname_flags().of(text), 2)
    if len(out) == len(text):  # (else write_names changes nothing; all are kept all the same)
        may = set(open_sites)
        risky = [i for i in risky if out[i] != text[i] or i in may]
    return sorted(set(decided).union(risky))
