"""Entity rules without a model, over a Simplified, length-preserving view of the text.

People are found by title + name, name + cue and name + honorific; places and
organisations by the gazetteer (`gazetteer`); document titles in 《》 and short quoted
terms by their marks. `named_entities` returns keys in folded form (`script.fold`),
so every occurrence in either script can be found again with `str.find`.

>>> sorted(people("区委书记范德繁发出号令，副区长夏东现场部署，黄生文主持会议"))
['夏东', '范德繁', '黄生文']
>>> sorted(people("王明先生、李华女士出席"))
['李华', '王明']
>>> from fanjian.zh.script import fold
>>> found = named_entities(fold("区委书记范德繁部署《2024年羅湖區攻堅克難任務書》「三力三區」"))
>>> found["person"], found["title"], found["term"], sorted(found["place"])
({'范德繁'}, {'《2024年罗湖区攻坚克难任务书》'}, {'“三力三区”'}, ['罗湖', '罗湖区'])
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from fanjian.data import read_lines, read_tsv
from fanjian.zh.chartable import PLANES, CharFlags
from fanjian.zh.gazetteer import places_and_orgs
from fanjian.zh.script import simplified_view, view_code_points

SURNAMES = {row[0]: (row[1] if len(row) > 1 else "") for row in read_tsv("surnames.tsv")}
RISKY_SURNAMES = frozenset(s for s, risk in SURNAMES.items() if risk)
CUES = read_tsv("person_cues.tsv")
TITLES = sorted((c for c, pos in CUES if pos == "before"), key=len, reverse=True)
AFTER_CUES = sorted((c for c, pos in CUES if pos == "after"), key=len, reverse=True)
FOLLOWERS = read_lines("name_followers.txt")
FOLLOWER_TUPLE = tuple(FOLLOWERS)
HONORIFICS = read_lines("honorifics.txt")  # 于小姐: a surname alone is a name before these

HAN = r"[\u4e00-\u9fff]"
TITLE = re.compile("《[^《》\n]{1,80}》")
TERM = re.compile("“[^“”\n]{1,16}”|‘[^‘’\n]{1,16}’")


SURNAME_CLASS = "[" + "".join(SURNAMES) + "]"


@lru_cache(maxsize=1)
def name_patterns() -> tuple[re.Pattern, re.Pattern]:
    titles = "|".join(map(re.escape, TITLES))
    after = "|".join(map(re.escape, AFTER_CUES))
    after_title = re.compile(f"(?:{titles})({SURNAME_CLASS}{HAN}{{1,2}})")
    before_cue = re.compile(f"(?<![\u4e00-\u9fff])({SURNAME_CLASS}{HAN}{{1,2}})(?:{after})")
    return after_title, before_cue


def trim_name(name: str, rest: str) -> str:
    """Drop a third character that starts a follower word (夏东现场 -> 夏东)."""
    if len(name) == 3 and (name[2] + rest).startswith(FOLLOWER_TUPLE):
        return name[:2]
    return name


def people(text: str) -> set[str]:
    """Person names in Simplified form, found by title + name and name + cue."""
    return people_in_view(simplified_view(text))


SCAN_BELOW = 256  # characters: below this, trying every position costs less than finding where to try


def people_in_view(view: str, at_starts: bool | None = None) -> set[str]:
    """`people` of a Simplified view. The rules are tried only where they can start
    (`_rule_starts`), or at every position in a short view (or when at_starts is False)."""
    after_title, before_cue = name_patterns()
    if at_starts is False or (at_starts is None and len(view) < SCAN_BELOW):
        titles, cues = after_title.finditer(view), before_cue.finditer(view)
    else:
        title_starts, cue_starts = _rule_starts(view)
        titles, cues = finditer_at(after_title, view, title_starts), finditer_at(before_cue, view, cue_starts)
    found = set()
    for m in titles:
        found.add(trim_name(m.group(1), view[m.end(1) : m.end(1) + 2]))
    for m in cues:
        name = m.group(1)
        if len(name) == 3 and name[1:] in AFTER_CUES:
            continue
        found.add(name)
    # 李强在 next to 李强: the shorter name is the person, the third character a word.
    return {n for n in found if not (len(n) == 3 and n[:2] in found)}


def finditer_at(pattern: re.Pattern, text: str, starts: list[int]):
    """`pattern.finditer(text)` when every match starts at one of `starts` (sorted):
    the same matches, with `match` tried only there instead of at every position."""
    resume = 0
    for start in starts:
        if start >= resume and (m := pattern.match(text, start)):
            yield m
            resume = m.end()


SURNAME_AT, TITLE_LAST, CUE_FIRST, HAN_CHAR = 1, 2, 4, 8


@lru_cache(maxsize=1)
def _rule_flags() -> CharFlags:
    table = np.zeros(PLANES, dtype=np.uint8)
    for chars, bit in ((SURNAMES, SURNAME_AT), ((t[-1] for t in TITLES), TITLE_LAST), ((c[0] for c in AFTER_CUES), CUE_FIRST)):
        for c in chars:
            table[ord(c)] |= bit
    table[0x4E00:0xA000] |= HAN_CHAR
    return CharFlags.from_table(table)


@lru_cache(maxsize=1)
def _title_lengths() -> tuple[frozenset[str], tuple[int, ...]]:
    """The titles, and their lengths: a title ending at a place is one of a few slices
    looked up in a set (not every title with that last character tried)."""
    return frozenset(TITLES), tuple(sorted({len(t) for t in TITLES}))


def _rule_starts(view: str) -> tuple[list[int], list[int]]:
    """Where a title + name match and a name + cue match can start: a title right
    before a surname and a Han character; a surname not after a Han character, a Han
    character after it and a cue two or three characters on."""
    n = len(view)
    padded = np.zeros(n + 4, dtype=np.uint8)  # one place before the view, three after: no flags
    padded[1 : n + 1] = _rule_flags().of(view)

    def at(offset: int, bit: int) -> np.ndarray:  # flags[i + offset] has `bit`, False off the ends
        return (padded[1 + offset : 1 + offset + n] & bit) != 0

    surname_then_han = at(0, SURNAME_AT) & at(1, HAN_CHAR)
    if not surname_then_han.any():
        return [], []
    titles, lengths = _title_lengths()
    title_starts = sorted({e - size for e in np.flatnonzero(surname_then_han & at(-1, TITLE_LAST)).tolist()
                           for size in lengths if size <= e and view[e - size : e] in titles})
    cue = at(2, CUE_FIRST) | (at(2, HAN_CHAR) & at(3, CUE_FIRST))
    cue_starts = np.flatnonzero(surname_then_han & ~at(-1, HAN_CHAR) & cue).tolist()
    return title_starts, cue_starts


# Flags of a character's Simplified view, for `risky_name_runs`. Titles, cues and
# honorifics all have two characters or more, so their first two (last two for titles)
# characters can be asked for.
RISKY, TITLE_END, HONORIFIC_START, CUE_START, HAN_VIEW, TITLE_PENULT, HONORIFIC_SECOND, CUE_SECOND = (1 << b for b in range(8))


@lru_cache(maxsize=1)
def _name_flags() -> CharFlags:
    wanted = [(RISKY_SURNAMES, RISKY), ((t[-1] for t in TITLES), TITLE_END), ((t[-2] for t in TITLES), TITLE_PENULT),
              ((h[0] for h in HONORIFICS), HONORIFIC_START), ((h[1] for h in HONORIFICS), HONORIFIC_SECOND),
              ((c[0] for c in AFTER_CUES), CUE_START), ((c[1] for c in AFTER_CUES), CUE_SECOND)]
    by_view = np.zeros(PLANES, dtype=np.uint8)
    for chars, bit in wanted:
        for c in chars:
            by_view[ord(c)] |= bit
    by_view[0x4E00:0xA000] |= HAN_VIEW
    return CharFlags.from_table(by_view.take(view_code_points()))


# Each candidate's flags from two characters before it to five after, as the bytes of one
# uint64 (byte 2 is the surname): a rule is a set of bits that must be on and off.
_BEFORE2, _BEFORE, _NEXT1, _NEXT2, _NEXT3, _NEXT4 = (8 * k for k in (0, 1, 3, 4, 5, 6))
_RULES = [  # (bits that must be on, bits that must be off)
    (TITLE_PENULT << _BEFORE2 | TITLE_END << _BEFORE | HAN_VIEW << _NEXT1, 0),  # title + name
    (HONORIFIC_START << _NEXT1 | HONORIFIC_SECOND << _NEXT2, 0),  # surname + honorific
    (HAN_VIEW << _NEXT1 | CUE_START << _NEXT2 | CUE_SECOND << _NEXT3, HAN_VIEW << _BEFORE),  # name of two + cue
    (HAN_VIEW << _NEXT1 | HAN_VIEW << _NEXT2 | CUE_START << _NEXT3 | CUE_SECOND << _NEXT4, HAN_VIEW << _BEFORE),
]
_RULE_MASKS = np.array([on | off for on, off in _RULES], dtype=np.uint64)
_RULE_VALUES = np.array([on for on, _ in _RULES], dtype=np.uint64)


@lru_cache(maxsize=4)  # the name search and the name protection of one notice look at the same text
def _name_scan(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The name flags of each character, and the positions of risky surnames."""
    flags = _name_flags().of(text)
    return flags, np.flatnonzero((flags & RISKY) != 0)


def risky_surnames_at(text: str) -> np.ndarray:
    """Positions of the surnames at risk (范, 于, ... in the Simplified view)."""
    return _name_scan(text)[1]


def _risky_candidates(text: str) -> list[int]:
    """Positions of a risky surname (in the Simplified view) with a title before it, or an
    honorific or a cue (each known by its first or last two characters) after it."""
    flags, at = _name_scan(text)
    if not len(at):
        return []
    padded = np.zeros(len(flags) + 8, dtype=np.uint8)
    padded[2 : 2 + len(flags)] = flags
    windows = np.ndarray((len(flags),), dtype="<u8", buffer=padded, strides=(1,))[at]
    hit = ((windows[:, None] & _RULE_MASKS) == _RULE_VALUES).any(axis=1)
    return at[hit].tolist()


def risky_name_runs(text: str) -> list[tuple[int, int]]:
    """Spans of the runs of Han characters (in the Simplified view) that may hold a person
    whose surname is at risk. Every word of the rules is Han, so the rules find in each run
    alone what they find there in the whole text, and nothing outside these runs.
    >>> risky_name_runs("對於此事。區委書記範德繁強調，範圍")
    [(5, 14)]
    """
    candidates = _risky_candidates(text)
    if not candidates:
        return []
    breaks = np.concatenate(([-1], np.flatnonzero((_name_scan(text)[0] & HAN_VIEW) == 0), [len(text)]))
    after = np.searchsorted(breaks, candidates)  # the first break after each candidate
    return sorted(set(zip((breaks[after - 1] + 1).tolist(), breaks[after].tolist())))


def named_entities(folded: str) -> dict[str, set[str]]:
    """kind -> keys: person, place, org, title (《》) and term (quoted), in folded text."""
    found = places_and_orgs(folded)
    found["person"] = people_in_view(folded)
    found["title"] = set(TITLE.findall(folded))
    found["term"] = set(TERM.findall(folded))
    return found
