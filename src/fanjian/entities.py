"""Entity rules without a model, over a Simplified, length-preserving view of the text.

People are found by title + name, name + cue and name + honorific; places and
organisations by the gazetteer (`gazetteer`); document titles in 《》 and short quoted
terms by their marks. `named_entities` returns keys in folded form (`scriptchars.fold`),
so every occurrence in either script can be found again with `str.find`.

>>> sorted(people("区委书记范德繁发出号令，副区长夏东现场部署，黄生文主持会议"))
['夏东', '范德繁', '黄生文']
>>> sorted(people("王明先生、李华女士出席"))
['李华', '王明']
>>> found = named_entities(fold("区委书记范德繁部署《2024年羅湖區攻堅克難任務書》「三力三區」"))
>>> found["person"], found["title"], found["term"], sorted(found["place"])
({'范德繁'}, {'《2024年罗湖区攻坚克难任务书》'}, {'“三力三区”'}, ['罗湖', '罗湖区'])
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import read_lines, read_tsv
from .gazetteer import places_and_orgs
from .script import simplified_view
from .scriptchars import fold

SURNAMES = {row[0]: (row[1] if len(row) > 1 else "") for row in read_tsv("surnames.tsv")}
RISKY_SURNAMES = frozenset(s for s, risk in SURNAMES.items() if risk)
CUES = read_tsv("person_cues.tsv")
TITLES = sorted((c for c, pos in CUES if pos == "before"), key=len, reverse=True)
AFTER_CUES = sorted((c for c, pos in CUES if pos == "after"), key=len, reverse=True)
FOLLOWERS = read_lines("name_followers.txt")

HAN = r"[\u4e00-\u9fff]"
TITLE = re.compile("《[^《》\n]{1,80}》")
TERM = re.compile("“[^“”\n]{1,16}”|‘[^‘’\n]{1,16}’")


SURNAME_CLASS = "[" + "".join(SURNAMES) + "]"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    titles = "|".join(map(re.escape, TITLES))
    after = "|".join(map(re.escape, AFTER_CUES))
    after_title = re.compile(f"(?:{titles})({SURNAME_CLASS}{HAN}{{1,2}})")
    before_cue = re.compile(f"(?<![\u4e00-\u9fff])({SURNAME_CLASS}{HAN}{{1,2}})(?:{after})")
    return after_title, before_cue


def _trim(name: str, rest: str) -> str:
    """Drop a third character that starts a follower word (夏东现场 -> 夏东)."""
    if len(name) == 3 and any((name[2] + rest).startswith(f) for f in FOLLOWERS):
        return name[:2]
    return name


def people(text: str) -> set[str]:
    """Person names in Simplified form, found by title + name and name + cue."""
    return people_in_view(simplified_view(text))


def people_in_view(view: str) -> set[str]:
    after_title, before_cue = _patterns()
    found = set()
    for m in after_title.finditer(view):
        found.add(_trim(m.group(1), view[m.end(1) : m.end(1) + 2]))
    for m in before_cue.finditer(view):
        name = m.group(1)
        if len(name) == 3 and name[1:] in AFTER_CUES:
            continue
        found.add(name)
    # 李强在 next to 李强: the shorter name is the person, the third character a word.
    return {n for n in found if not (len(n) == 3 and n[:2] in found)}


def named_entities(folded: str) -> dict[str, set[str]]:
    """kind -> keys: person, place, org, title (《》) and term (quoted), in folded text."""
    found = places_and_orgs(folded)
    found["person"] = people_in_view(folded)
    found["title"] = set(TITLE.findall(folded))
    found["term"] = set(TERM.findall(folded))
    return found
