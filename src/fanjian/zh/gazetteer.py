"""Places and organisations, found with the division list in `data/places.csv`.

Works on folded text (`script.fold`), so one lookup serves both scripts. Full names
are found from their last character backwards (a handful of suffix characters, so the
scan stays cheap); short forms count when their full name occurs in the same document,
province short forms and longer city short forms always.

>>> found = places_and_orgs("深圳市罗湖区人民政府召开会议，罗湖将聚焦深港融合。")
>>> sorted(found["place"]), sorted(found["org"])
(['深圳', '深圳市', '深港', '罗湖', '罗湖区'], ['深圳市罗湖区人民政府'])
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from fanjian.data import read_lines, read_tsv
from fanjian.zh.chartable import CharFlags
from fanjian.zh.script import fold

_SKIP = frozenset(read_lines("place_skip.txt"))
_PLACES = [(code, fold(name), fold(short)) for code, name, short in (line.split(",") for line in read_lines("places.csv"))]
FULL = {name: short for _, name, short in _PLACES if len(name) > 2 and name not in _SKIP}
# Short forms that name a place on their own: provinces, and cities of three characters or more.
ALWAYS = sorted(
    {short for code, _, short in _PLACES if short and (code.endswith("0" * 10) or (code.endswith("0" * 8) and len(short) > 2))}
    | {fold(name) for name in read_lines("place_combined.txt")}
)
# The short forms by their first two characters, longest first (the one a left-to-right
# search takes).
_ALWAYS_BY_START: dict[str, list[str]] = defaultdict(list)
for _name in sorted(ALWAYS, key=len, reverse=True):
    _ALWAYS_BY_START[_name[:2]].append(_name)
if min(map(len, ALWAYS)) < 2:
    raise ValueError("place short forms that name a place on their own have two characters or more")
# Lengths of the full names, by their last two characters (罗湖区: "湖区" -> [3]).
_LENGTHS: dict[str, set[int]] = defaultdict(set)
for _name in FULL:
    _LENGTHS[_name[-2:]].add(len(_name))
LENGTHS = {tail: sorted(lengths, reverse=True) for tail, lengths in _LENGTHS.items()}

# What a character may be: the last or the one before the last of a full name, the first
# or second of a short form.
FULL_END, FULL_PENULT, SHORT_FIRST, SHORT_SECOND = 1, 2, 4, 8
_ROLES: dict[str, int] = defaultdict(int)
for _chars, _bit in (({n[-1] for n in FULL}, FULL_END), ({n[-2] for n in FULL}, FULL_PENULT),
                     ({n[0] for n in ALWAYS}, SHORT_FIRST), ({n[1] for n in ALWAYS}, SHORT_SECOND)):
    for _c in _chars:
        _ROLES[_c] |= _bit
_FLAGS = CharFlags(_ROLES)

_SUFFIXES = read_tsv("org_suffixes.tsv")
_FIXED = "|".join(re.escape(fold(s)) for s, *_ in sorted(_SUFFIXES, key=lambda r: -len(r[0])))
_LOOSE = "|".join(re.escape(fold(s)) for s, *mid in _SUFFIXES if mid and mid[0] == "any")
# After a place: 委 or 政府 with an optional suffix, a suffix, or up to four characters and a loose suffix.
ORG_AFTER_PLACE = re.compile(
    f"(?:委|政府)(?:{_FIXED})?|(?:{_FIXED})|[\u4e00-\u9fff]{{1,4}}?(?:{_LOOSE})"
)


def _full_names(folded: str, flags: np.ndarray) -> list[tuple[int, int]]:
    """Spans of the full names, found from their last character (`flags`: `_FLAGS.of(folded)`)."""
    spans = []
    for end in (np.flatnonzero(((flags[:-1] & FULL_PENULT) != 0) & ((flags[1:] & FULL_END) != 0)) + 2).tolist():
        for length in LENGTHS.get(folded[end - 2 : end], ()):
            if end >= length and folded[end - length : end] in FULL:
                spans.append((end - length, end))
                break
    return spans


def _short_forms(folded: str, flags: np.ndarray) -> set[str]:
    """The short forms (ALWAYS) a left-to-right search finds, longest first at each place:
    tried only where a short form's first two characters may stand."""
    found, resume = set(), 0
    for p in np.flatnonzero(((flags[:-1] & SHORT_FIRST) != 0) & ((flags[1:] & SHORT_SECOND) != 0)).tolist():
        if p < resume:
            continue
        for name in _ALWAYS_BY_START.get(folded[p : p + 2], ()):
            if folded.startswith(name, p):
                found.add(name)
                resume = p + len(name)
                break
    return found


def is_place(name: str) -> bool:
    """A division's full name or short form (南平, 黄石市): in a list of places, not a person."""
    return name in _PLACE_NAMES


_PLACE_NAMES = frozenset(name for _, full, short in _PLACES for name in (full, short) if name)


def places_and_orgs(folded: str) -> dict[str, set[str]]:
    """{"place": names, "org": names} occurring in folded text."""
    flags = _FLAGS.of(folded)
    spans = _full_names(folded, flags)
    found = {"place": {folded[s:e] for s, e in spans}, "org": set()}
    found["place"] |= {FULL[name] for name in found["place"] if FULL[name]}
    found["place"] |= _short_forms(folded, flags)
    chain_start = {}
    for start, end in spans:
        # 深圳市罗湖区: an organisation's name starts at the first place of a chain.
        chain_start[end] = chain_start.get(start, start)
        m = ORG_AFTER_PLACE.match(folded, end)
        if m:
            found["org"].add(folded[chain_start[end] : m.end()])
    return found
