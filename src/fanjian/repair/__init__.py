"""Undo damage that earlier pipelines left in the text, explaining every change.

Each fixer is a pure function that returns the repairs it would make; `repair`
applies them in order. Order matters: the byte-shift repair exposes glosses after the
characters it restores and must see the `?` mark before punctuation is widened;
metadata labels only match once glosses go.

Owns pinyin glosses, GBK/Big5 byte shifts (with their edges) and folded punctuation.
Imports only the shared layers (`fanjian.zh`, `model`, `errors`, `data`).

>>> repair("羅湖區(qū)委書記范德繁發(fā)出").text
'羅湖區委書記范德繁發出'
>>> repair("區(qū)委發(fā)出:一年春作首,萬事行為先").text
'區委發出：一年春作首，萬事行為先'
>>> repair("奮斗目標?!狈兜路睆娬{(diào),要緊盯目標干(gàn)").text
'奮斗目標。”范德繁強調，要緊盯目標干'
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import repeat
from operator import attrgetter, getitem

from fanjian.model import Finding, Repair, Repaired
from fanjian.repair.byteshift import UNRESOLVED, find_byte_shifts
from fanjian.repair.gloss import find_glosses, looks_like_pinyin_gloss, normalise_syllable, readings
from fanjian.repair.punctuation import find_folded_punctuation, folded_marks, widen_marks, width_repairs

__all__ = [
    "FIXERS",
    "UNRESOLVED",
    "apply_repairs",
    "find_byte_shifts",
    "find_folded_punctuation",
    "find_glosses",
    "folded_marks",
    "looks_like_pinyin_gloss",
    "normalise_syllable",
    "readings",
    "repair",
    "repair_findings",
]

BYTES_ERROR = "repair() takes str; decode bytes first with fanjian.decode.decode()"

_start = attrgetter("start")
# name -> function(text) -> repairs, in the order they run.
FIXERS: dict[str, Callable[[str], list[Repair]]] = {
    "byte-shift": find_byte_shifts,
    "pinyin-gloss": find_glosses,
    "punctuation-width": find_folded_punctuation,
}


def apply_repairs(text: str, repairs: list[Repair] | tuple[Repair, ...]) -> str:
    """Replay repairs made against one text (non-overlapping spans)."""
    out, last = [], 0
    for r in sorted(repairs, key=_start):
        out.append(text[last : r.start])
        out.append(r.after)
        last = r.end
    out.append(text[last:])
    return "".join(out)


def repair(text: str) -> Repaired:
    """Run every fixer in order. Spans in the result are in the *input* text."""
    if isinstance(text, bytes):
        raise TypeError(BYTES_ERROR)
    all_repairs: list[Repair] = []
    current = text
    for fixer in FIXERS.values():
        if fixer is find_folded_punctuation:  # a folded notice has hundreds: made in place, in order
            at, wide, widened = widen_marks(current)
            if at:
                if all_repairs:
                    all_repairs = _widen_in_input(text, current, all_repairs, at, wide)
                else:
                    all_repairs = width_repairs(current, at, wide)
                current = widened
            continue
        found = fixer(current)
        if found:
            all_repairs = rebase(all_repairs, found)
            current = apply_repairs(current, found)
    return Repaired(current, tuple(all_repairs))


def _widen_in_input(text: str, current: str, earlier: list[Repair], at: list[int], wide: list[str]) -> list[Repair]:
    """The earlier repairs and one width repair per mark of `current` (the text after them;
    `at`, `wide` as `widen_marks` gives them), each made once at its place in the input
    rather than made and then moved."""
    ends, offsets = _moved_ends(earlier)  # in order, not overlapping: as the fixers before this one make them
    # Each mark's place in the input: the marks and the repairs' ends walked together, in order
    # (a folded notice has hundreds of marks and may have a hundred glosses).
    where, k = [], 0
    for i in at:
        while k < len(ends) and ends[k] <= i:
            k += 1
        where.append(i - offsets[k])
    if (any(a > b for a, b in zip(ends, ends[1:])) or not 0 <= min(where) <= max(where) < len(text)
            or list(map(getitem, repeat(text), where)) != list(map(getitem, repeat(current), at))):
        # overlapping earlier repairs, or a mark inside an earlier repair's text: the slow way
        return rebase(earlier, width_repairs(current, at, wide))
    return sorted(earlier + width_repairs(text, where, wide), key=_start)


def repair_findings(repaired: Repaired) -> tuple[Finding, ...]:
    """Warnings for what the repairs could not settle: each byte-shift edge left as U+FFFD.

    >>> repair_findings(Repaired("a\ufffdb", (Repair(UNRESOLVED, 1, 2, "?", "\ufffd"),)))[0].message
    'a character lost a byte at offset 1 of the received text and no candidate was clearly best: U+FFFD stands in its place'
    """
    return tuple(
        Finding("warning", UNRESOLVED, f"a character lost a byte at offset {r.start} of the received text and no "
                "candidate was clearly best: U+FFFD stands in its place")
        for r in repaired.repairs if r.kind == UNRESOLVED
    )


def rebase(earlier: list[Repair], later: list[Repair]) -> list[Repair]:
    """Express `later` spans (in the text after `earlier`) in the original input."""
    if not earlier:  # nothing moved yet: the spans already are
        return sorted(later, key=_start)
    ordered = sorted(earlier, key=_span_and_shift)
    ends, offsets = _moved_ends(ordered)
    if any(a > b for a, b in zip(ends, ends[1:])):  # overlapping repairs: walk them in order
        return rebase_walk(list(map(_span_and_shift, ordered)), earlier, later)
    moved = []
    for r in later:
        start = r.start - offsets[bisect_right(ends, r.start)]
        end = r.end - offsets[bisect_right(ends, r.end)]
        moved.append(r if start == r.start and end == r.end else Repair(r.kind, start, end, r.before, r.after))
    return sorted(earlier + moved, key=_start)


def _span_and_shift(r: Repair) -> tuple[int, int, int]:
    return r.start, r.end, len(r.after) - (r.end - r.start)


def _moved_ends(repairs: list[Repair]) -> tuple[list[int], list[int]]:
    """Where each repair (in order) ends in the repaired text, and offsets[k], the shift of
    the first k repairs: a position moves back by the shift of the repairs that end at or
    before it."""
    ends, offsets, offset = [], [0], 0
    for r in repairs:
        offset += len(r.after) - (r.end - r.start)
        ends.append(r.end + offset)
        offsets.append(offset)
    return ends, offsets


def rebase_walk(shifts: list[tuple[int, int, int]], earlier: list[Repair], later: list[Repair]) -> list[Repair]:
    """`rebase` by walking the earlier repairs for each position (they may overlap)."""
    def back(pos: int) -> int:
        offset = 0
        for start, end, delta in shifts:
            if start + offset + (end - start) + delta <= pos:
                offset += delta
            else:
                break
        return pos - offset

    moved = [Repair(r.kind, back(r.start), back(r.end), r.before, r.after) for r in later]
    return sorted(earlier + moved, key=lambda r: r.start)
