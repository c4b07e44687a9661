"""Places and organisations, found with the division list in `data/places.csv`.

Works on folded text (`scriptchars.fold`), so one lookup serves both scripts. Full names
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

from .data import read_lines, read_tsv
from .scriptchars import fold

_SKIP = frozenset(read_lines("place_skip.txt"))
_PLACES = [(code, fold(name), fold(short)) for code, name, short in (line.split(",") for line in read_lines("places.csv"))]
FULL = {name: short for _, name, short in _PLACES if len(name) > 2 and name not in _SKIP}
# Short forms that name a place on their own: provinces, and cities of three characters or more.
ALWAYS = sorted(
    {short for code, _, short in _PLACES if short and (code.endswith("0" * 10) or (code.endswith("0" * 8) and len(short) > 2))}
    | {fold(name) for name in read_lines("place_combined.txt")}
)
_ALWAYS_RE = re.compile("|".join(map(re.escape, sorted(ALWAYS, key=len, reverse=True))))
# Lengths of the full names, by their last two characters (罗湖区: "湖区" -> [3]).
_LENGTHS: dict[str, set[int]] = defaultdict(set)
for _name in FULL:
    _LENGTHS[_name[-2:]].add(len(_name))
LENGTHS = {tail: sorted(lengths, reverse=True) for tail, lengths in _LENGTHS.items()}
_ENDS = re.compile("[" + "".join(sorted({name[-1] for name in FULL})) + "]")

_SUFFIXES = read_tsv("org_suffixes.tsv")
_FIXED = "|".join(re.escape(fold(s)) for s, *_ in sorted(_SUFFIXES, key=lambda r: -len(r[0])))
_LOOSE = "|".join(re.escape(fold(s)) for s, *mid in _SUFFIXES if mid and mid[0] == "any")
# After a place: 委 or 政府 with an optional suffix, a suffix, or up to four characters and a loose suffix.
ORG_AFTER_PLACE = re.compile(
    f"(?:委|政府)(?:{_FIXED})?|(?:{_FIXED})|[\u4e00-\u9fff]{{1,4}}?(?:{_LOOSE})"
)


def _full_names(folded: str) -> list[tuple[int, int]]:
    spans = []
    for m in _ENDS.finditer(folded, 1):
        end = m.end()
        for length in LENGTHS.get(folded[end - 2 : end], ()):
            if end >= length and folded[end - length : end] in FULL:
                spans.append((end - length, end))
                break
    return spans


def places_and_orgs(folded: str) -> dict[str, set[str]]:
    """{"place": names, "org": names} occurring in folded text."""
    spans = _full_names(folded)
    found = {"place": {folded[s:e] for s, e in spans}, "org": set()}
    found["place"] |= {FULL[name] for name in found["place"] if FULL[name]}
    found["place"] |= set(_ALWAYS_RE.findall(folded))
    chain_start = {}
    for start, end in spans:
        # 深圳市罗湖区: an organisation's name starts at the first place of a chain.
        chain_start[end] = chain_start.get(start, start)
        m = ORG_AFTER_PLACE.match(folded, end)
        if m:
            found["org"].add(folded[chain_start[end] : m.end()])
    return found
