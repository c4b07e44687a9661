"""The two characters at the edges of a byte-shift run, which each lost a byte.

The first lost its lead byte: any character with the trail byte we still have could be
it. The last lost its trail byte to a mark: a character with the lead byte we have whose
trail could not pair with the byte after the mark (else the decoder would have paired
them, and the run gone on). Among the candidates the character model decides, helped by
the words a candidate makes with the characters around it (jieba's dictionary: 出席座谈会,
not 出席做谈会), by the marks its line leaves unpaired (“ where a ” follows), and by the document's own evidence: its script (a Simplified notice writes
将, not 將), the pairs and three-character strings it writes elsewhere (a name, a term it
repeats), the characters it favours, and, at a line's end, the marks that end sentences.

>>> [ending_candidates("gbk", 0xA1, None)[k] for k in (1, 2)]
['、', '。']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from fanjian.zh.plausibility import is_han, text_log_prob
from fanjian.zh.script import SIMPLIFIED_ONLY, TRADITIONAL_ONLY, script_of, simplified_view
from fanjian.zh.segment import fit_scores, route_score

# The weights below were fitted on generated damage (tests/test_repair_generated.py) over
# the clean paragraphs and notice documents, never on the held-out fresh documents.
# Nats for each pair a candidate makes with a neighbour that the document writes elsewhere.
REPEATED = 4.0
# ... and for each three-character string (two neighbours on one side, or one on each).
TRIPLE = 2.0
# Weight of how much more often the document writes a candidate than Chinese at large,
# and the least that can count (a character the document lacks is not ruled out).
AFFINITY = 0.8
AFFINITY_FLOOR = -3.0
# Nats for a sentence-ending mark where a line ends: paragraphs end sentences.
LINE_END = 10.0
# Weight of the words a candidate makes with CONTEXT characters on each side (jieba's best
# route through them, natural log); the character bigram counts once.
WORDS = 1.6
CONTEXT = 3
# Nats for an opening mark that its line closes after it, or a closing mark that its line
# opened before it (“心成长” not 野心成长”), taken from a mark the line leaves unpaired.
PAIRED = 6.0
LINE = 80  # characters read on each side for the pairs
OPENS, CLOSES = "“‘（《「『【〔", "”’）》」』】〕"
SENTENCE_END = frozenset("。！？；…”")
NOT_CHINESE = re.compile(r"[\x00-\u2fff]+")  # ASCII, markup, Latin: nothing a candidate can be
LINE_BREAKS = ("", "\n", "\r", "<")  # "<": markup ends a run of text


def _decode(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


@lru_cache(maxsize=4096)
def lead_lost_candidates(encoding: str, trail: int) -> tuple[str, ...]:
    """Characters whose trail byte is `trail` (their lead byte was lost)."""
    found = []
    for lead in range(0x81, 0xFF):
        ch = _decode(bytes([lead, trail]), encoding)
        if ch and len(ch) == 1 and not ch.isascii():
            found.append(ch)
    return tuple(found)


@lru_cache(maxsize=4096)
def ending_candidates(encoding: str, lead: int, next_byte: int | None) -> tuple[str, ...]:
    """Characters with lead byte `lead` whose trail byte the decoder turned into a mark:
    alone at the text's end, or unable to pair with the next byte."""
    found = []
    for trail in range(0x40, 0x100):
        ch = _decode(bytes([lead, trail]), encoding)
        if not ch or len(ch) != 1 or ch.isascii():
            continue
        if trail >= 0x80 and (next_byte is None or _decode(bytes([trail, next_byte]), encoding) is None):
            found.append(ch)
    return tuple(found)


@dataclass
class Evidence:
    """What the rest of the document says about a lost character. Built lazily, once per
    document: only a damaged one gets this far."""

    text: str
    _neighbours: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict, init=False)

    @cached_property
    def wrong_script(self) -> frozenset[str]:
        """Characters only the other script writes."""
        return TRADITIONAL_ONLY if script_of(self.text) == "simplified" else SIMPLIFIED_ONLY

    @cached_property
    def view(self) -> str:
        return simplified_view(self.text)

    @cached_property
    def counts(self) -> Counter:
        return Counter(NOT_CHINESE.sub("", self.view))

    @cached_property
    def size(self) -> int:
        return sum(self.counts.values())

    def neighbours(self, ch: str, side: int) -> frozenset[str]:
        """The characters the document writes right after (side 1) or before (side -1) `ch`."""
        key = (ch, side)
        if key not in self._neighbours:
            view, found, at = self.view, set(), self.view.find(ch)
            while at != -1:
                found.add(view[at + side : at + side + 1] if at + side >= 0 else "")
                at = view.find(ch, at + 1)
            self._neighbours[key] = frozenset(found)
        return self._neighbours[key]

    def triples(self, left: str, ch: str, right: str) -> int:
        """How many of the three-character strings `ch` makes with its neighbours (two on
        the left, one on each side, two on the right; Simplified view) the document writes."""
        strings = (left[-2:] + ch if len(left) > 1 else "", left[-1:] + ch + right[:1] if left and right else "",
                   ch + right[:2] if len(right) > 1 else "")
        return sum(s in self.view for s in strings if s)

    def affinity(self, ch: str) -> float:
        """log(how often the document writes `ch` / how often Chinese at large does)."""
        ratio = math.log((self.counts[ch] + 0.5) / (self.size + 1)) - text_log_prob(ch)
        return max(ratio, AFFINITY_FLOOR)


def pairing(mark: str, left: str, right: str) -> int:
    """1 when the line pairs `mark` (an opening mark closed after it before it opens again,
    a closing mark opened before it), -1 when it leaves it unpaired."""
    if mark in OPENS:
        pair, text = CLOSES[OPENS.index(mark)], right[:LINE]
    else:
        pair, text = OPENS[CLOSES.index(mark)], left[-LINE:][::-1]  # read back from the mark
    text = re.split(r"[\n<]", text, maxsplit=1)[0]
    depth = 0
    for ch in text:
        if ch == mark:
            depth += 1
        elif ch == pair:
            if depth == 0:
                return 1
            depth -= 1
    return -1


@dataclass(frozen=True)
class Edge:
    char: str
    margin: float  # nats ahead of the runner-up (inf when there was no other candidate)


def best_char(candidates: tuple[str, ...], left: str, right: str, evidence: Evidence) -> Edge | None:
    """The most probable of the characters a lost byte could give between `left` and
    `right` (the text around it: CONTEXT characters for words, LINE for paired marks), and
    by how much."""
    wrong = evidence.wrong_script
    candidates = tuple(ch for ch in candidates if ch not in wrong) or candidates
    if not candidates:
        return None
    before, after = left[-1:], right[:1]
    line_end = after in LINE_BREAKS
    after_before = evidence.neighbours(simplified_view(before), 1) if before else frozenset()
    before_after = evidence.neighbours(simplified_view(after), -1) if after else frozenset()
    seen = [simplified_view(ch) for ch in candidates]
    near = simplified_view(left[-CONTEXT:]), simplified_view(right[:CONTEXT])
    fits = fit_scores(near[0], tuple(seen), near[1])
    apart = None  # a candidate that is no Han character ends the words on both sides
    scored = []
    for ch, view, fit in zip(candidates, seen, fits):
        if not is_han(view):
            apart = route_score(near[0]) + route_score(near[1]) if apart is None else apart
            fit = apart + text_log_prob(view)
        score = text_log_prob(ch, before, after) + WORDS * fit
        score += REPEATED * ((view in after_before) + (view in before_after))
        score += AFFINITY * evidence.affinity(view)
        if line_end and ch in SENTENCE_END:
            score += LINE_END
        if ch in OPENS or ch in CLOSES:
            score += PAIRED * pairing(ch, left, right)
        scored.append([score, ch, view])
    scored.sort(reverse=True)
    reach = scored[0][0] - 3 * TRIPLE  # only these can still come first
    for row in scored:
        if row[0] < reach:
            break
        row[0] += TRIPLE * evidence.triples(near[0], row[2], near[1])
    scored.sort(reverse=True)
    margin = scored[0][0] - scored[1][0] if len(scored) > 1 else math.inf
    return Edge(scored[0][1], margin)
