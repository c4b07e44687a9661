"""Script conversion with OpenCC, keeping names and repairing half-converted text.

Simplified text goes through OpenCC's configuration for the target (s2t, s2tw, s2hk; the
phrase-localising s2twp/s2hkp only when asked), with the project dictionary
(`data/protected_terms.tsv`) added as an inline OpenCC dictionary. Traditional text keeps
what is right: only Simplified forms out of place are changed, in phrase context
(half-conversion repair), then OpenCC's variant step (t2tw, t2hk, tw2t, ...) runs.
Surnames of people found by the entity rules stay as written. Every character that
differs from plain OpenCC is recorded as a `Change`.

>>> convert_text("区委书记范德繁强调新征程", "zh-Hant-TW")
'區委書記范德繁強調新征程'
>>> convert_text("實干為先，不甘人后，作示范，奮斗，擂起奮進催征的戰鼓", "zh-Hant-TW")
'實幹為先，不甘人後，作示範，奮鬥，擂起奮進催征的戰鼓'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from fanjian.data import read_opencc_tsv, read_tsv
from fanjian.errors import SettingsError
from fanjian.model import Change, Notice, Rendition, map_texts, texts_of
from fanjian.zh.chartable import AnyKey, CharFlags, code_points, positions
from fanjian.zh.entities import HONORIFICS, RISKY_SURNAMES, people_in_view, risky_name_runs, risky_surnames_at
from fanjian.zh.opencc import converter, packaged_spec, project_converter
from fanjian.zh.opencc_split import config_nodes, hit_lines, is_compatibility
from fanjian.zh.script import ScriptProfile, char_class, profile, simplified_only, view_code_points, view_uncached

TARGETS = ("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK")
# Configurations per (source, target), with phrase localisation in the second slot.
# Configurations with a project version in data/opencc/ are marked there.
FROM_SIMPLIFIED = {"zh-Hans": ((), ()), "zh-Hant": (("s2t",), ("s2t",)),
                   "zh-Hant-TW": (("s2tw",), ("s2twp",)), "zh-Hant-HK": (("s2hk",), ("s2hkp",))}
FROM_TRADITIONAL = {
    "zh-Hant": {"zh-Hans": ("t2s",), "zh-Hant": (), "zh-Hant-TW": ("t2tw",), "zh-Hant-HK": ("t2hk",)},
    "zh-Hant-TW": {"zh-Hans": ("tw2s",), "zh-Hant": ("tw2t",), "zh-Hant-TW": ("t2tw",), "zh-Hant-HK": ("tw2t", "t2hk")},
    "zh-Hant-HK": {"zh-Hans": ("hk2s",), "zh-Hant": ("hk2t",), "zh-Hant-TW": ("hk2t", "t2tw"), "zh-Hant-HK": ("t2hk",)},
}
PHRASE_TO_SIMPLIFIED = {"tw2s": "tw2sp", "hk2s": "hk2sp"}
PROJECT_CONFIGS = frozenset({"s2t", "s2tw", "s2hk", "s2twp", "s2hkp", "t2s", "tw2s", "hk2s", "tw2sp", "hk2sp"})
PIVOT = {"zh-Hant": "t2s", "zh-Hant-TW": "tw2s", "zh-Hant-HK": "hk2s"}


@dataclass(frozen=True)
class ConvertOptions:
    """How to convert, beyond the target.

    phrases: localise vocabulary (s2twp, s2hkp, tw2sp, hk2sp). It changes wording
        (发布时间 -> 釋出時間), so it is off unless asked for.
    entries: a user's dictionary as (simplified, traditional) pairs; a protected term is
        a pair of the term with itself. See `fanjian.rules`.
    """

    phrases: bool = False
    entries: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=1)
def project_entries() -> tuple[tuple[str, str], ...]:
    """Entries of every configuration (not those scoped to the half-conversion repair)."""
    return tuple((row[0], row[1] or row[0]) if len(row) > 1 else (row[0], row[0])
                 for row in read_tsv("protected_terms.tsv") if len(row) < 3 or row[2] != "repair")


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


@lru_cache(maxsize=64)
def _first_chars(keys: tuple[str, ...]) -> CharFlags:
    return CharFlags({k[0]: 1 for k in keys if k})


@lru_cache(maxsize=8)
def _variant_keys(config: str) -> AnyKey | None:
    """Keys of a Traditional-to-Traditional configuration (data/opencc_variant_keys.tsv);
    None when the file was read from another OpenCC version or does not list it."""
    rows = read_opencc_tsv("opencc_variant_keys.tsv")
    if rows is None:
        return None
    chars = "".join(value for name, kind, value in rows if name == config and kind == "chars")
    phrases = [value for name, kind, value in rows if name == config and kind != "chars"]
    return AnyKey(phrases, chars) if chars or phrases else None


def _unchanged_by(config: str, text: str) -> bool:
    """True when no key of `config` occurs in `text`: OpenCC would return it as it is."""
    keys = _variant_keys(config)
    return keys is not None and bool(text) and not keys.search(text)


@lru_cache(maxsize=32)
def _keys_pattern(keys: tuple[str, ...]) -> re.Pattern | None:
    keys = tuple(k for k in keys if k)
    return re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True)))) if keys else None


@lru_cache(maxsize=8)  # one search per notice, not one per target
def _risky_people(text: str) -> frozenset[str]:
    """People whose surname OpenCC would change (范 -> 範), found by the entity rules in
    the runs of Han characters that may hold one (the rest of the text cannot)."""
    runs = risky_name_runs(text)
    if not runs:
        return frozenset()
    view = view_uncached("\n".join(text[lo:hi] for lo, hi in runs))
    addressed = {m.group() for m in _honorific_pattern().finditer(view)}  # 于小姐: surname alone
    return frozenset(n for n in people_in_view(view) if n[0] in RISKY_SURNAMES) | addressed


@lru_cache(maxsize=1)
def _honorific_pattern() -> re.Pattern:
    words = "|".join(map(re.escape, HONORIFICS))
    return re.compile(f"{char_class(RISKY_SURNAMES)}(?:{words})")


def steps_for(source: str, target: str, phrases: bool) -> tuple[str, ...]:
    if source == "zh-Hans":
        return FROM_SIMPLIFIED[target][phrases]
    steps = FROM_TRADITIONAL[source][target]
    return tuple(PHRASE_TO_SIMPLIFIED.get(s, s) for s in steps) if phrases else steps


def run_steps(text: str, steps: tuple[str, ...], entries: tuple[tuple[str, str], ...] | None) -> str:
    """Convert through `steps`; entries=None means plain OpenCC, else the project's configs."""
    for step in steps:
        if entries is not None and step in PROJECT_CONFIGS:
            text = project_converter(step, keyed_for(step, entries)).convert(text)
        elif not _unchanged_by(step, text):
            text = converter(step).convert(text)
    return text


def keyed_for(step: str, entries: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """User entries keyed the way the step reads: Simplified for s2*, Traditional otherwise."""
    return entries if step.startswith("s2") else tuple((t, s) for s, t in entries)


def _runs(a: str, b: str) -> list[tuple[int, int]]:
    """Spans where two equally long strings differ (only called when they do).
    >>> _runs("實干為先並", "實幹為先并")
    [(1, 2), (4, 5)]
    """
    differ = np.flatnonzero(code_points(a) != code_points(b))
    breaks = np.flatnonzero(np.diff(differ) != 1) + 1  # where a new span starts
    starts, ends = differ[np.r_[0, breaks]], differ[np.r_[breaks - 1, len(differ) - 1]] + 1
    return list(zip(starts.tolist(), ends.tolist()))


def _dictionary_changes(text: str, out: str, steps, entries, fields: Fields) -> list[tuple[int, Change]]:
    """Changes the project/user dictionary made, found by rerunning plain OpenCC, with their positions."""
    all_entries = project_entries() + entries
    keys = tuple(dict(keyed_for(steps[0], all_entries)).keys()) if steps else ()
    pattern = _keys_pattern(keys)
    if pattern is None or not _first_chars(keys).any(text, 1) or not pattern.search(text):
        return []
    plain = _plain_where_keys(text, out, steps, pattern) if len(out) == len(text) else None
    if plain is None:
        plain = run_steps(text, steps, None)
    if plain == out or len(plain) != len(out):
        return [] if plain == out else [(0, Change("dictionary", out, plain, "project dictionary"))]
    user = {k for pair in entries for k in pair}
    changes = []
    for start, end in _runs(out, plain):
        first, last = fields.bounds(start)
        lo, hi = max(first, start - 8), min(last, end + 8)
        hits = [m.group() for m in pattern.finditer(text, lo, hi)]
        kind = "user" if any(h in user for h in hits) else "dictionary"
        changes.append((start, Change(kind, out[start:end], plain[start:end], f"{kind} entry {' '.join(hits) or '?'}")))
    return changes


def _plain_where_keys(text: str, out: str, steps, pattern: re.Pattern) -> str | None:
    """What plain OpenCC writes for `text`, rerun only on the lines holding a dictionary key:
    elsewhere the project's configuration writes as OpenCC does (`opencc_split.InlineGuarded`),
    so `out` is taken there. None when a key spans lines or a line changes length."""
    found = list(pattern.finditer(text))
    if any("\n" in m.group() for m in found):
        return None
    spans = hit_lines(text, [m.start() for m in found])
    lines = run_steps("\n".join(text[lo:hi] for lo, hi in spans), steps, None).split("\n")
    if len(lines) != len(spans) or any(len(line) != hi - lo for line, (lo, hi) in zip(lines, spans)):
        return None
    pieces, last = [], 0
    for line, (lo, hi) in zip(lines, spans):
        pieces += [out[last:lo], line]
        last = hi
    return "".join(pieces) + out[last:]


class Fields:
    """Where each text of a notice lies in their joined form (one OpenCC call for all)."""

    def __init__(self, starts: list[int], size: int):
        self.starts, self.size = starts, size

    @classmethod
    def one(cls, text: str) -> Fields:
        return cls([0], len(text))

    def index(self, pos: int) -> int:
        return bisect_right(self.starts, pos) - 1

    def bounds(self, pos: int) -> tuple[int, int]:
        """Start and end of the text holding `pos` (the end excludes the separator)."""
        if len(self.starts) == 1:
            return 0, self.size
        k = self.index(pos)
        return self.starts[k], (self.starts[k + 1] - 1 if k + 1 < len(self.starts) else self.size)


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
    pivots = _convert_pieces(converter(PIVOT[source]), pieces, text)
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
    outputs = {config: dict(zip(ns, _convert_pieces(project_converter(config, entries), [pivots[n] for n in ns], text)))
               for config, ns in needed.items() if ns}
    fixed = []
    for n, ((lo, _), piece) in enumerate(zip(spans, pieces)):
        for i in inside_of[n]:
            converted = outputs[rule[i]][n]
            after = converted[i - lo] if len(converted) == len(piece) else text[i]
            if after != text[i]:
                fixed.append((i, text[i], after))
    return _with_chars(text, {i: after for i, _, after in fixed}), sorted(fixed)


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


@lru_cache(maxsize=4)
def inline_entries(config: str) -> tuple[tuple[str, str], ...]:
    """The inline dictionary entries of a project configuration (data/opencc/<config>.json)."""
    spec = packaged_spec(config)
    return tuple(pair for node in config_nodes(spec) if node.get("type") == "inline" for pair in node["entries"].items())


# Window separators: no OpenCC dictionary key holds one, so no phrase spans two windows.
SEPARATORS = ("\n", "\x1f", "\ue000", "\ue001")


def _convert_pieces(conv, pieces: list[str], whole: str) -> list[str]:
    """Each piece (of `whole`) converted as if alone, in one OpenCC call (a call costs more than a window)."""
    sep = next((c for c in SEPARATORS if c not in whole), None)
    if sep is not None:
        out = conv.convert(sep.join(pieces)).split(sep)
        if len(out) == len(pieces):
            return out
    return [conv.convert(piece) for piece in pieces]


def _protect_names(source: str, out: str, names: frozenset[str], convert_piece,
                   explain: bool = True) -> tuple[str, list[tuple[int, Change]]]:
    """Surnames of the given people written as in Simplified (范 not 範) in every script."""
    hits = _name_spans(source, names)
    if len(out) == len(source):
        hits = [(s, e, name) for s, e, name in hits if out[s] != name[0]]
    if not hits:
        return out, []
    if len(out) != len(source):  # phrase localisation changed lengths: convert around the surnames
        pieces, last = [], 0
        for s, _, name in hits:
            pieces += [convert_piece(source[last:s]), name[0]]
            last = s + 1
        out = "".join(pieces + [convert_piece(source[last:])])
        return out, [(s, Change("protect", name, "", f"person name {name}")) for s, _, name in hits] if explain else []
    changes = [(s, Change("protect", name[0] + out[s + 1 : e], out[s:e], f"person name {name}: surname {name[0]} kept"))
               for s, e, name in hits] if explain else []
    return _with_chars(out, {s: name[0] for s, _, name in hits}), changes


def _name_spans(source: str, names: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, name) of each occurrence of the names in the Simplified view of
    `source`, left to right without overlaps (longest first, as `re.finditer`). Every
    name starts with a risky surname, so only those positions are tried, and only where
    the next character can continue a name."""
    pattern = _keys_pattern(tuple(sorted(names)))
    at = risky_surnames_at(source) if pattern is not None else ()
    if not len(at):
        return []
    following = view_code_points().take(code_points(source).take(at + 1, mode="clip"))
    may = np.zeros(len(at), dtype=bool)
    for second in {n[1] for n in names if len(n) > 1}:
        may |= following == ord(second)
    spans, resume, longest = [], 0, max(map(len, names))
    for start in (at[may] if all(len(n) > 1 for n in names) else at).tolist():
        if start >= resume and (m := pattern.match(view_uncached(source[start : start + longest]))):
            spans.append((start, start + m.end(), m.group()))
            resume = start + m.end()
    return spans


def _with_chars(text: str, replaced: dict[int, str]) -> str:
    """`text` with the characters at the given positions replaced (list(text) costs far more)."""
    pieces, last = [], 0
    for i in sorted(replaced):
        pieces += [text[last:i], replaced[i]]
        last = i + 1
    return "".join(pieces) + text[last:]


def config_name(source: str, target: str, options: ConvertOptions = ConvertOptions()) -> str:
    """The conversion recorded in the bundle, e.g. 'data/opencc/s2tw.json'."""
    steps = steps_for(source, target, options.phrases)
    named = [f"data/opencc/{s}.json" if s in PROJECT_CONFIGS else f"{s}.json" for s in steps]
    if source != "zh-Hans" and target != "zh-Hans":
        named.insert(0, "half-conversion repair")
    return " + ".join(named) or "none"


def convert_explained(text: str, target: str, source: str | None = None, names: frozenset[str] | None = None,
                      options: ConvertOptions = ConvertOptions()) -> tuple[str, list[Change]]:
    """Convert `text` to `target`; return the text and the changes beyond plain OpenCC.

    `source` is a BCP 47 tag (zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK), found by
    `profile` when None. `names` are people to protect, found in `text` when None.
    """
    return _convert_one(text, target, source, names, options, explain=True)


def _convert_one(text: str, target: str, source: str | None, names: frozenset[str] | None, options: ConvertOptions,
                 explain: bool) -> tuple[str, list[Change]]:
    if target not in TARGETS:
        raise SettingsError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    if source is None:
        source = profile(text).source
    if source not in TARGETS:
        raise SettingsError(f"unknown source {source!r}; choose from {', '.join(TARGETS)}")
    if names is None:
        names = _risky_people(text)
    out, located = _convert_located(text, target, source, names, options, Fields.one(text), explain)
    return out, [change for _, change in sorted(located, key=lambda c: c[0][1:])]


def _convert_located(text: str, target: str, source: str, names: frozenset[str], options: ConvertOptions,
                     fields: Fields, explain: bool = True) -> tuple[str, list[tuple[tuple[int, int, int], Change]]]:
    """The conversion of `convert_explained`; each change keyed (text index, kind order, position).
    With explain=False only the text is made (no change is listed, nothing is rerun to explain)."""
    entries = options.entries
    steps = steps_for(source, target, options.phrases)
    # (position, kind order, change): a text lists half-conversion repairs (0), then
    # dictionary changes (1), then protected names (2), each in position order.
    changes: list[tuple[int, int, Change]] = []
    if source != "zh-Hans" and target != "zh-Hans":
        repaired, fixed = repair_half_converted(text, source, entries, fields)
        out = run_steps(repaired, steps, entries)
        if fixed and explain:
            plain = run_steps(text, steps, None)
            if len(plain) == len(out):
                changes += [(i, 0, Change("half-conversion", out[i], plain[i], f"{before} is a Simplified form here: {after}"))
                            for i, before, after in fixed if out[i] != plain[i]]
    else:
        out = run_steps(text, steps, entries)
        if explain:
            changes += [(i, 1, change) for i, change in _dictionary_changes(text, out, steps, entries, fields)]
    if len(fields.starts) > 1 and len(out) != len(text):
        raise _LengthChanged
    out, protected = _protect_names(text, out, names, lambda piece: run_steps(piece, steps, entries), explain)
    changes += [(i, 2, change) for i, change in protected]
    return out, [((fields.index(i), order, i), change) for i, order, change in changes]


class _LengthChanged(Exception):
    """A conversion changed the length of joined texts: convert them one by one instead."""


def convert_text(text: str, target: str, source: str | None = None, *, phrases: bool = False,
                 entries: tuple[tuple[str, str], ...] = ()) -> str:
    """Convert one text to a target script; names and protected terms are kept."""
    return _convert_one(text, target, source, None, ConvertOptions(phrases, tuple(entries)), explain=False)[0]


def convert_notice(notice: Notice, target: str, source: str | None = None,
                   options: ConvertOptions = ConvertOptions()) -> Rendition:
    """One rendition of a notice: every block and metadata text converted alike.

    The texts are joined by a separator no dictionary key holds and converted in one
    pass (an OpenCC call per text costs more than the text); each text's windows,
    dictionary hits and changes stay within it, so the result is that of converting
    each text alone.
    """
    whole = "\n".join([notice.meta.title] + [b.text for b in notice.blocks])
    source = source or profile(whole).source
    names = _risky_people(whole)
    texts = texts_of(notice.meta, notice.blocks)
    converted, changes = _convert_all(texts, target, source, names, options)
    if converted == texts:  # nothing to convert (Simplified to zh-Hans): the notice's own texts
        meta, blocks = notice.meta, notice.blocks
    else:
        parts = iter(converted)
        meta, blocks = map_texts(notice.meta, notice.blocks, lambda s: next(parts))
    return Rendition(target, config_name(source, target, options), meta, blocks, tuple(changes))


def _convert_all(texts: list[str], target: str, source: str, names: frozenset[str],
                 options: ConvertOptions) -> tuple[list[str], list[Change]]:
    if source == target == "zh-Hans" and not names:  # no OpenCC step, no surname to restore
        return texts, []
    sep = next((c for c in SEPARATORS if not any(c in t for t in texts)), None)
    if sep is not None and not options.phrases:
        joined = sep.join(texts)
        starts, at = [], 0
        for t in texts:
            starts.append(at)
            at += len(t) + 1
        try:
            out, located = _convert_located(joined, target, source, names, options, Fields(starts, len(joined)))
        except _LengthChanged:
            out = None
        parts = out.split(sep) if out is not None else []
        if len(parts) == len(texts):
            return parts, [change for _, change in sorted(located, key=lambda c: c[0])]
    converted, changes = [], []
    for t in texts:  # one by one: no free separator, or lengths changed
        c, found = convert_explained(t, target, source, names, options)
        converted.append(c)
        changes += found
    return converted, changes


__all__ = ["TARGETS", "ConvertOptions", "ScriptProfile", "config_name", "convert_explained", "convert_notice",
           "convert_text", "profile", "repair_half_converted"]
