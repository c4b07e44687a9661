"""Half-conversion repair: Traditional text with Simplified forms out of place, repaired in
phrase context before OpenCC's variant step."""

from __future__ import annotations

from functools import lru_cache

from fanjian.convert.steps import PIVOT, Fields, convert_pieces, inline_entries, with_chars
from fanjian.convert.wordlevel import refine_boundaries
from fanjian.data import read_opencc_tsv, read_tsv
from fanjian.zh.chartable import CharFlags, positions
from fanjian.zh.opencc import converter, project_converter
from fanjian.zh.opencc_split import is_compatibility
from fanjian.zh.script import simplified_only


@lru_cache(maxsize=1)
def half_converted_chars() -> dict[str, frozenset[str]]:
    """Characters the repair looks at, per rule (see data/half_converted.tsv)."""
    rules = dict(read_tsv("half_converted.tsv"))
    return {"context": simplified_only() | {c for c, r in rules.items() if r == "context"},
            "phrase": frozenset(c for c, r in rules.items() if r == "phrase")}


CONTEXT, PHRASE = 1, 2  # flags of the half-conversion rules


@lru_cache(maxsize=1)
def _half_flags() -> CharFlags:
    flags = dict.fromkeys(half_converted_chars()["context"], CONTEXT)
    for c in half_converted_chars()["phrase"]:
        flags[c] = flags.get(c, 0) | PHRASE
    return CharFlags(flags)


def _windows(positions: list[int], fields: Fields, margin: int = 12) -> list[tuple[int, int]]:
    """Spans around the given positions, merged, inside each text: enough context for OpenCC's phrases."""
    spans: list[tuple[int, int]] = []
    for i in positions:
        first, last = fields.bounds(i)
        lo, hi = max(first, i - margin), min(last, i + margin + 1)
        if spans and spans[-1][0] >= first and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def repair_half_converted(text: str, source: str, entries=(), fields: Fields | None = None) -> tuple[str, list[tuple[int, str, str]]]:
    """Traditional text with Simplified forms out of place, those forms repaired.

    Returns the text (OpenCC-standard forms where repaired) and (index, before, after).
    >>> repair_half_converted("實干為先，并為", "zh-Hant-TW")
    ('實幹為先，並為', [(1, '干', '幹'), (5, '并', '並')])
    """
    flags = _half_flags().of(text)
    context, phrase = (positions(flags, CONTEXT), positions(flags, PHRASE)) if flags.any() else ([], [])
    if not context and not phrase:
        return text, []
    fields = fields or Fields.one(text)
    neighbours = _phrase_neighbours(entries)
    # Before converting: a 'phrase' character whose neighbours cannot become a neighbour
    # of it in a phrase that changes it, whatever the pivot writes for them, is left alone.
    around = _phrase_neighbours_before_pivot(PIVOT[source], tuple(entries))
    phrase = [i for i in phrase if _phrase_may_apply(text, i, fields, around)]
    if not context and not phrase:
        return text, []
    rule = dict.fromkeys(context, "s2t_repair") | dict.fromkeys(phrase, "s2t_phrases")
    hits = sorted(rule)
    spans = _windows(hits, fields)
    pieces = [text[lo:hi] for lo, hi in spans]
    pivots = convert_pieces(converter(PIVOT[source]), pieces, text)
    inside_of, needed, k = [], {config: [] for config in set(rule.values())}, 0
    for n, ((lo, hi), piece, pivot) in enumerate(zip(spans, pieces, pivots)):
        inside = []
        while k < len(hits) and hits[k] < hi:
            inside.append(hits[k])
            k += 1
        if len(pivot) != len(piece):
            inside = []
        # A 'phrase' character changes only inside a phrase that changes it: skip the others.
        inside = [i for i in inside if rule[i] != "s2t_phrases" or _phrase_may_change(pivot, i - lo, text[i], neighbours)]
        inside_of.append(inside)
        for config in {rule[i] for i in inside}:
            needed[config].append(n)
    outputs = {config: dict(zip(ns, convert_pieces(project_converter(config, entries), [pivots[n] for n in ns], text)))
               for config, ns in needed.items() if ns}
    # A window starts where the hits put it, not where the text's words do: a phrase that
    # cuts a word there (年|历史 read as 年历) is refused, as in Simplified text.
    outputs = {config: {n: refine_boundaries(pivots[n], out, ("s2t",), entries, set())[0] for n, out in by_piece.items()}
               for config, by_piece in outputs.items()}
    fixed = []
    for n, ((lo, _), piece) in enumerate(zip(spans, pieces)):
        for i in inside_of[n]:
            converted = outputs[rule[i]][n]
            after = converted[i - lo] if len(converted) == len(piece) else text[i]
            if after != text[i]:
                fixed.append((i, text[i], after))
    return with_chars(text, {i: after for i, _, after in fixed}), sorted(fixed)


def _phrase_may_apply(text: str, i: int, fields: Fields, around) -> bool:
    """`_phrase_may_change` before the pivot, from the characters of the text: whether a
    neighbour may be written (data/pivot_forms.tsv) as a neighbour of it in a phrase
    that changes it."""
    sides = around.get(text[i]) if around is not None else None
    if sides is None:
        return True
    first, last = fields.bounds(i)
    return (i > first and text[i - 1] in sides[0]) or (i + 1 < last and text[i + 1] in sides[1])


@lru_cache(maxsize=16)
def _phrase_neighbours_before_pivot(config: str, entries: tuple[tuple[str, str], ...]):
    """`_phrase_neighbours` in terms of the text before the pivot: character -> (left,
    right) characters any form of which is a neighbour; characters the pivot may write
    otherwise are left out (always converted). None when a table is for another OpenCC."""
    neighbours, forms = _phrase_neighbours(entries), _pivot_forms(config)
    if neighbours is None or forms is None:
        return None
    written_for: dict[str, set[str]] = {}  # form -> characters the pivot may write it for
    wild = {c for c, f in forms.items() if "*" in f}
    for c, f in forms.items():
        for form in f:
            written_for.setdefault(form, set()).add(c)

    def widen(chars: set[str]) -> frozenset[str]:
        return frozenset(chars | {c for form in chars for c in written_for.get(form, ())} | wild)

    return {c: (widen(left), widen(right)) for c, (left, right) in neighbours.items() if forms.get(c, c) == c}


@lru_cache(maxsize=4)
def _pivot_forms(config: str) -> dict[str, str] | None:
    """character -> itself and every other character the pivot may write for it (as one
    string); None when the table is for another OpenCC."""
    rows = read_opencc_tsv("pivot_forms.tsv")
    if rows is None:
        return None
    return {c: c + forms for name, c, forms in rows if name == config}


def _phrase_may_change(pivot: str, j: int, original: str, neighbours) -> bool:
    """Whether an OpenCC phrase could change pivot[j]: one of its neighbours is a
    neighbour of that character in a phrase that changes it (half_converted_neighbours.tsv)."""
    sides = neighbours.get(original) if neighbours is not None else None
    if sides is None or pivot[j] != original:
        return True
    left = pivot[j - 1] if j > 0 else ""
    right = pivot[j + 1] if j + 1 < len(pivot) else ""
    if is_compatibility(left) or is_compatibility(right):
        return True
    return left in sides[0] or right in sides[1]


@lru_cache(maxsize=16)
def _phrase_neighbours(entries: tuple[tuple[str, str], ...]) -> dict[str, tuple[set[str], set[str]]] | None:
    """character -> (left, right) neighbours in the phrases that change it, from OpenCC's
    phrases (data/half_converted_neighbours.tsv), the project's inline entries of
    s2t_phrases and the user's entries; None when the table is for another OpenCC."""
    rows = read_opencc_tsv("half_converted_neighbours.tsv")
    if rows is None:
        return None
    table = {c: (set(left), set(right)) for c, left, right, alone in rows if alone == "no"}
    for key, value in inline_entries("s2t_phrases") + tuple(entries):
        for j, c in enumerate(key):
            if c not in table or (len(value) == len(key) and value[j] == c):
                continue
            if len(key) == 1:
                del table[c]
                continue
            if j > 0:
                table[c][0].add(key[j - 1])
            if j < len(key) - 1:
                table[c][1].add(key[j + 1])
    return table


