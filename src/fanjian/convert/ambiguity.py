"""Conversions a machine should not decide alone: one-to-many characters (干 -> 幹 乾 干)
whose form came from OpenCC's single-character default, not from a phrase, a protected
term or a dictionary entry.

How it is known: the conversion runs once more with OpenCC's character table replaced by
a marker for each one-to-many character (`data/one_to_many.tsv`); segmentation, phrases
and the project and user dictionaries stay as they are. Where the marker comes out, no
phrase or entry covered the character, so its form is the character default. How risky a
default is comes from `data/ambiguity_risk.tsv` (warning for the listed pairs, else info);
a warning the words around it settle (`word_evidence`: 干 used alone is 幹, but not a cited “干”) is info.

>>> [(a.char, a.chosen, a.alternatives, a.severity) for a in flags("作者系研究员，接着干，“干”字当头", "zh-Hans", "zh-Hant-TW")]
[('系', '系', ('係', '繫'), 'warning'), ('干', '幹', ('乾', '干'), 'info'), ('干', '幹', ('乾', '干'), 'warning')]
>>> flags("头发干了，皇后和以后，书记范德繁", "zh-Hans", "zh-Hant-TW")  # phrases, and a protected name
[]
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from fanjian.convert import windows as opencc_windows
from fanjian.convert.halfconv import half_converted_chars, repair_half_converted
from fanjian.convert.steps import PIVOT, PROJECT_CONFIGS, keyed_for, run_steps, spelled_for, steps_for
from fanjian.convert.text import convert_text
from fanjian.convert.word_evidence import settle
from fanjian.data import read_tsv
from fanjian.model import Ambiguity, Notice, Rendition, replaced
from fanjian.zh.chartable import CharFlags
from fanjian.zh.layout import document
from fanjian.zh.opencc import converter, packaged_spec, wheel_file, wheel_spec, write_config
from fanjian.zh.opencc_split import InlineGuarded, inline_keys, unsegmented
from fanjian.zh.script import char_class, find_all

MARK = "\ue000"  # a private-use character: never in a notice, never in an OpenCC table
CHAR_TABLES = {"STCharacters.ocd2": "s2t", "TSCharacters.ocd2": "t2s"}
CONTEXT = 8  # characters of context either side, for the review page


@dataclass(frozen=True)
class Flag:
    """One character default at `offset` of the source text."""

    offset: int
    char: str  # as in the source
    chosen: str  # as written in the rendition
    alternatives: tuple[str, ...]
    severity: str  # info | warning
    reason: str


def written_form(value: str, direction: str) -> bool:
    """Whether text in the target script writes `value`: a Simplified value GBK cannot
    encode (開 -> 𫔭) is an extension-block variant no Simplified publication uses; every
    Traditional value counts (Hong Kong writes characters beyond Big5). Applied by
    scripts/make_one_to_many.py to the values of `data/one_to_many.tsv`.

    >>> written_form("开", "t2s"), written_form("𫔭", "t2s"), written_form("麪", "s2t")
    (True, False, True)
    """
    if direction == "s2t":
        return True
    try:
        value.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def one_to_many() -> dict[str, dict[str, tuple[str, ...]]]:
    """direction (s2t | t2s) -> character -> its values, OpenCC's default first."""
    out: dict[str, dict[str, tuple[str, ...]]] = {"s2t": {}, "t2s": {}}
    for char, direction, values in read_tsv("one_to_many.tsv"):
        out[direction][char] = tuple(values.split())
    return out


@lru_cache(maxsize=1)
def risks() -> dict[str, tuple[int, str, str]]:
    """character -> (rank, severity, note) of `ambiguity_risk.tsv`."""
    return {c: (int(rank), severity, note) for c, rank, severity, note in read_tsv("ambiguity_risk.tsv")}


@lru_cache(maxsize=2)
def _chars(direction: str) -> frozenset[str]:
    return frozenset(one_to_many()[direction])


@lru_cache(maxsize=2)
def _chars_pattern(direction: str) -> re.Pattern:
    """Finds a one-to-many character: one search, not a set of the whole text."""
    return re.compile(char_class(_chars(direction)))


@lru_cache(maxsize=2)
def _char_flags(direction: str) -> CharFlags:
    return CharFlags(dict.fromkeys(_chars(direction), 1))


@lru_cache(maxsize=1)
def _repairable_pattern() -> re.Pattern | None:
    """Finds a one-to-many Simplified character that the half-conversion repair looks at:
    without one, the repair fixes none that has a character default."""
    chars = _chars("s2t") & frozenset().union(*half_converted_chars().values())
    return re.compile(char_class(chars)) if chars else None


def _config(step: str) -> dict:
    if step in PROJECT_CONFIGS or step in ("s2t_repair", "s2t_phrases"):
        return packaged_spec(step)
    return wheel_spec(step)


@lru_cache(maxsize=32)
def marker_converter(step: str, extra: tuple[tuple[str, str], ...] = (), through_table: bool = False):
    """OpenCC `step` (with the project dictionary and `extra` entries, as the conversion
    uses them) whose character tables write MARK for every one-to-many character.
    `through_table`: without the steps after the last character table (variants), which
    neither write nor remove a marker; only where no step changes lengths."""
    import opencc

    marked = False

    def rewrite(node):
        nonlocal marked
        if isinstance(node, dict):
            if node.get("type") == "ocd2" and node.get("file") in CHAR_TABLES:
                marked = True
                return {"type": "inline", "entries": dict.fromkeys(one_to_many()[CHAR_TABLES[node["file"]]], MARK)}
            if node.get("type") == "inline" and extra:
                node = {**node, "entries": {**node["entries"], **dict(extra)}}
            if node.get("type") in ("ocd2", "text") and (found := wheel_file(node["file"])):
                node = {**node, "file": found}
            return {k: rewrite(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    original = _config(step)
    config = rewrite(original)
    if not marked:
        return None
    if through_table:
        chain = config["conversion_chain"]
        last = max(k for k, part in enumerate(chain) if MARK in json.dumps(part, ensure_ascii=False))
        config["conversion_chain"] = chain[: last + 1]
        original["conversion_chain"] = original["conversion_chain"][: last + 1]
    name = f"marked-{step}{'-table' if through_table else ''}"
    whole = opencc.OpenCC(write_config(config, name))
    # Segmenting costs OpenCC twice the conversion: drop it where that changes nothing
    # (checked on the configuration before its character table was replaced by markers).
    fast = unsegmented(config) if unsegmented(original) is not None else None
    if fast is None:
        return whole
    return InlineGuarded(whole, opencc.OpenCC(write_config(fast, f"{name}-unsegmented")),
                         inline_keys(original) + [k for k, _ in extra])


def _marked_run(text: str, steps: tuple[str, ...], entries) -> str:
    """The conversion with markers: steps without a character table run as they are."""
    for step in steps:
        extra = keyed_for(step, entries) if step in PROJECT_CONFIGS else ()
        marked = marker_converter(step, extra)
        text = marked.convert(text) if marked is not None else converter(step).convert(text)
    return text


def _marks(text: str, steps: tuple[str, ...], entries, direction: str) -> list[int] | None:
    """Where the conversion with markers writes MARK; None when it changed the length.
    One step: only the stretches around one-to-many characters are converted (see
    `opencc_windows`), with the same result as the whole text."""
    if len(steps) == 1:
        step = steps[0]
        extra = keyed_for(step, entries) if step in PROJECT_CONFIGS else ()
        marked = marker_converter(step, extra, True) if opencc_windows.listed(step) else None
        if marked is not None:
            at = np.flatnonzero(_char_flags(direction).of(text))
            hit = opencc_windows.marked_at(text, at, step, extra, marked, MARK)
            if hit is not None:
                return at[hit].tolist()
    marked = _marked_run(text, steps, entries)
    return find_all(marked, MARK) if len(marked) == len(text) else None


def _alternatives(values: tuple[str, ...], chosen: str, target: str, direction: str) -> tuple[str, ...]:
    """The other forms, spelled as the target spells them (裏 -> 裡 in Taiwan)."""
    if direction == "s2t":
        values = tuple(spelled_for(v, target) for v in values)
    return tuple(v for v in dict.fromkeys(values) if v != chosen)


@lru_cache(maxsize=4096)
def _describe(char: str, chosen: str, target: str, direction: str, how: str):
    """(alternatives, severity, reason) of one character and choice, or None when the target
    spells every form alike (才 纔 -> 才 in Taiwan): no choice."""
    _rank, severity, note = risks().get(char, (0, "info", ""))
    alts = _alternatives(one_to_many()[direction][char], chosen, target, direction)
    if not alts:
        return None
    return alts, severity, f"{char} -> {chosen}: {how}; could be {' '.join(alts)}" + (f" ({note})" if note else "")


def flags(text: str, source: str, target: str, out: str | None = None, entries: tuple[tuple[str, str], ...] = (),
          phrases: bool = False) -> list[Flag]:
    """Character defaults in the conversion of `text` (a zh-* source) to `target`.

    `out` is the conversion already made (computed when None); a position whose output
    differs from the character default was decided by something else (a protected name).
    """
    return [Flag(i, c, chosen, *described) for i, c, chosen, described in _found(text, source, target, out, entries, phrases)]


def _found(text: str, source: str, target: str, out: str | None, entries, phrases: bool) -> list[tuple]:
    """(offset, char, chosen, (alternatives, severity, reason)) of each flag, in order."""
    if not _may_flag(text, source, target):
        return []
    if source != "zh-Hans" and target != "zh-Hans":
        return _repair_flags(text, source, target, out, entries)
    direction = "s2t" if source == "zh-Hans" else "t2s"
    present = _chars(direction)
    if out is None:
        out = convert_text(text, target, source, entries=entries, phrases=phrases)
    steps = steps_for(source, target, phrases)
    marks = _marks(text, steps, entries, direction) if len(out) == len(text) else None
    if marks is None:
        return []  # phrase localisation changed lengths: positions do not carry over
    found, defaults = [], {}
    for i in marks:
        c = text[i]
        if c not in present:
            continue
        default = defaults.get(c)
        if default is None:
            default = defaults[c] = _default(c, steps, entries)
        chosen = out[i]
        if chosen == default:
            described = _describe(c, chosen, target, direction, "character default, no phrase or entry decided it")
            if described:
                found.append((i, c, chosen, described))
    return settle(text, found, target) if direction == "s2t" else found


@lru_cache(maxsize=4096)
def _default(char: str, steps: tuple[str, ...], entries) -> str:
    return run_steps(char, steps, entries)


def _repair_flags(text: str, source: str, target: str, out: str | None, entries) -> list[tuple]:
    """Half-converted Traditional text (one `_may_flag` admits): leftover Simplified forms
    repaired by a character default."""
    _, fixed = repair_half_converted(text, source, entries)
    fixed = [(i, before) for i, before, _ in fixed if before in one_to_many()["s2t"]]
    if not fixed:
        return []
    pivot = converter(PIVOT[source]).convert(text)
    marked = marker_converter("s2t_repair", entries).convert(pivot) if len(pivot) == len(text) else ""
    if len(marked) != len(text):
        return []
    if out is None:
        out = convert_text(text, target, source, entries=entries)
    if len(out) != len(text):
        return []
    how = "Simplified form left in Traditional text, repaired by the character default"
    found = [(i, before, out[i], _describe(before, out[i], target, "s2t", how)) for i, before in fixed if marked[i] == MARK]
    return [f for f in found if f[3]]


def _may_flag(text: str, source: str, target: str) -> bool:
    """False when `_found` finds nothing whatever the rendition says: no conversion, or
    no character it looks at (known without laying out the rendition)."""
    if source == target == "zh-Hans":
        return False
    if source != "zh-Hans" and target != "zh-Hans":
        repairable = _repairable_pattern()
        return repairable is not None and repairable.search(text) is not None
    return _chars_pattern("s2t" if source == "zh-Hans" else "t2s").search(text) is not None


def annotate(notice: Notice, rendition: Rendition, source: str, entries: tuple[tuple[str, str], ...] = (),
             phrases: bool = False, protected: tuple[str, ...] = (), layout=None) -> Rendition:
    """The rendition with its character defaults (`Rendition.ambiguities`), found on the
    whole notice at once. Characters inside `protected` terms were decided by protection.
    `layout`: the notice's `check.document`, when the caller has it already."""
    src = layout if layout is not None else document(notice.meta, notice.blocks)
    if not _may_flag(src.text, source, rendition.target):
        return rendition
    out = document(rendition.meta, rendition.blocks)
    if len(out.text) != len(src.text) or out.starts != src.starts:
        return rendition  # phrase localisation moved the parts: positions do not carry over
    found = _found(src.text, source, rendition.target, out.text, entries, phrases)
    if found and protected:
        covered = {p for term in protected if term for s in find_all(out.text, term) for p in range(s, s + len(term))}
        found = [f for f in found if f[0] not in covered]
    text, starts, labels = out.text, src.starts, src.labels
    listed = []
    for offset, char, chosen, (alternatives, severity, reason) in found:
        part = bisect_right(starts, offset) - 1
        before, _, after = context(text, offset)
        listed.append(Ambiguity(labels[part], offset - starts[part], char, chosen, alternatives, severity, reason,
                                (before, after)))
    return replaced(rendition, ambiguities=tuple(listed)) if listed else rendition


def context(text: str, offset: int, size: int = CONTEXT) -> tuple[str, str, str]:
    """(before, character, after) around `offset`, within its line."""
    lo, hi = max(0, offset - size), min(len(text), offset + 1 + size)
    start = text.rfind("\n", lo, offset) + 1 or lo  # only the context's reach is searched
    end = text.find("\n", offset, hi)
    return text[start:offset], text[offset], text[offset + 1 : hi if end == -1 else end]


__all__ = ["MARK", "Flag", "annotate", "context", "flags", "marker_converter", "one_to_many", "risks"]
