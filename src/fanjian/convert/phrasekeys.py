"""OpenCC's phrase keys (data/opencc_phrase_keys.tsv): how OpenCC cuts a clause into
pieces, and whether it writes a clause, and every stretch of it, as its characters alone
(`as_characters`); pieces converted alone (`converted`)."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import numpy as np

from fanjian.convert.steps import project_entries, run_steps
from fanjian.data import read_opencc_tsv
from fanjian.zh.chartable import code_points

SEP = "\x1f"  # no OpenCC key holds it: words converted alone
# One-step configurations that segment by the s2t keys (STPhrases and its generated
# regional phrases, with the project's and a user's inline entries) before converting.
S2T_SEGMENTED = frozenset({("s2t",), ("s2tw",), ("s2hk",)})
BATCH = 32  # more pieces than this are converted in one OpenCC call, fewer one by one (cached)


@lru_cache(maxsize=4)
def phrase_keys(config: str) -> tuple[frozenset[str], frozenset[str], int] | None:
    """OpenCC's phrase keys for `config` (data/opencc_phrase_keys.tsv), their first two
    characters and the longest key's length; None when the table is for another OpenCC."""
    rows = read_opencc_tsv("opencc_phrase_keys.tsv")
    if rows is None:
        return None
    keys = frozenset(k for name, group in rows if name == config for k in group.split(" "))
    return keys, frozenset(k[:2] for k in keys), max(map(len, keys), default=1)


@lru_cache(maxsize=16)  # once per configuration and dictionary, not once per clause
def _keys_with(config: str, entries: tuple) -> tuple[frozenset[str], dict[str, tuple[int, ...]]] | None:
    """OpenCC's phrase keys of `config` with the project's and a user's entries, and the
    lengths of the keys (longest first) of each first two characters."""
    table = phrase_keys(config)
    if table is None:
        return None
    keys = table[0] | {k for pair in project_entries() + entries for k in pair if len(k) > 1}
    lengths: dict[str, set[int]] = {}
    for k in keys:
        lengths.setdefault(k[:2], set()).add(len(k))
    return keys, {p: tuple(sorted(sizes, reverse=True)) for p, sizes in lengths.items()}


def opencc_segments(clause: str, config: str, entries=()) -> tuple[tuple[int, int], ...] | None:
    """The pieces OpenCC's maximum forward matching cuts `clause` into (its phrase keys,
    the project's and a user's entries); None without the key table."""
    return _segments(clause, config, tuple(entries))


@lru_cache(maxsize=16384)  # a clause is cut again for each target and each document holding it
def _segments(clause: str, config: str, entries: tuple) -> tuple[tuple[int, int], ...] | None:
    table = _keys_with(config, entries)
    if table is None:
        return None
    keys, by_prefix = table
    pieces, i, n = [], 0, len(clause)
    while i < n:
        size = 1
        for length in by_prefix.get(clause[i : i + 2], ()):  # the longest key that matches here
            if length <= n - i and clause[i : i + length] in keys:
                size = length
                break
        pieces.append((i, i + size))
        i += size
    return tuple(pieces)


@lru_cache(maxsize=16)
def _prefix_codes(config: str, entries: tuple) -> np.ndarray:
    """The first two characters of every key (all have two or more) as sorted numbers
    (first << 21 | second: every code point fits in 21 bits)."""
    by_prefix = _keys_with(config, entries)[1]
    return np.unique(np.array([ord(p[0]) << 21 | ord(p[1]) for p in by_prefix], dtype=np.uint64))


def key_starts(text: str, config: str, entries=()) -> dict[int, tuple[int, ...]] | None:
    """Where keys of `config` (with the project's and a user's entries) start in `text`:
    position -> the lengths of the keys found there, longest first; None without the key
    table. The places that start with a key's first two characters (one in five in a
    notice) are found for the whole text at once; keys are compared only there."""
    entries = tuple(entries)
    table = _keys_with(config, entries)
    if table is None:
        return None
    keys, by_prefix = table
    known = _prefix_codes(config, entries)
    points = code_points(text)
    if len(points) < 2 or not len(known):
        return {}
    pairs = points[:-1].astype(np.uint64) << np.uint64(21) | points[1:]
    nearest = known[np.minimum(np.searchsorted(known, pairs), len(known) - 1)]
    found, n = {}, len(text)
    for q in np.flatnonzero(nearest == pairs).tolist():
        lengths = tuple(size for size in by_prefix[text[q : q + 2]] if q + size <= n and text[q : q + size] in keys)
        if lengths:
            found[q] = lengths
    return found


def long_segments(starts: dict[int, tuple[int, ...]], order: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    """The pieces of two characters or more that `opencc_segments` cuts text[lo:hi] into,
    from `key_starts` of the text (`order`: its positions sorted), as (start, end) in the text."""
    pieces, at = [], lo
    for q in order[bisect_left(order, lo) : bisect_left(order, hi - 1)]:
        if q < at:
            continue  # inside the piece before
        size = next((size for size in starts[q] if q + size <= hi), 0)
        if size:
            pieces.append((q, q + size))
            at = q + size
    return pieces


@lru_cache(maxsize=65536)
def converted(piece: str, steps: tuple[str, ...], entries: tuple[tuple[str, str], ...]) -> str:
    return run_steps(piece, steps, entries)


def as_characters(text: str, written: str, clauses, steps: tuple[str, ...], entries,
                  starts: dict[int, tuple[int, ...]] | None = None) -> set[int]:
    """The starts of those Han runs `clauses` ((start, end) in `text`) that `written`, OpenCC's
    conversion of `text`, writes as their characters each converted alone, and in which
    OpenCC writes any stretch, or the words apart, so too. Why: OpenCC (these configurations:
    S2T_SEGMENTED; no compatibility ideograph in a Han run for its normalisation to join)
    cuts a text into segments, each a key of its segmentation dictionaries or one character,
    and converts each segment on its own, as it converts the segment alone
    (`fanjian.zh.opencc_split`; `SEP` keeps segments apart). A stretch's segments are keys
    occurring in the run or characters: when no such key is written otherwise than its
    characters, neither is the stretch. Empty when that cannot be told. `starts`: the
    text's `key_starts` for "s2t", when the caller has them."""
    entries = tuple(entries)
    if steps not in S2T_SEGMENTED or _keys_with("s2t", entries) is None or len(written) != len(text):
        return set()
    starts = key_starts(text, "s2t", entries) if starts is None else starts
    order = sorted(starts)
    alone = _alone_map(text, steps, entries)
    each = _written_alone(text, alone)
    found: dict[int, list[str]] = {}
    for lo, hi in clauses:
        if written[lo:hi] != (each[lo:hi] if each is not None else "".join(alone[c] for c in text[lo:hi])):
            continue
        found[lo] = [text[q : q + size] for q in order[bisect_left(order, lo) : bisect_left(order, hi - 1)]
                     for size in starts[q] if q + size <= hi]
    decides = _deciding({k for held in found.values() for k in held}, alone, steps, entries)
    return {lo for lo, held in found.items() if not any(decides[k] for k in held)}


def _alone_map(text: str, steps, entries) -> dict[str, str]:
    """Each distinct character of `text` converted alone."""
    return {c: _character(c, steps, entries) for c in set(text)}


def _written_alone(text: str, alone: dict[str, str]) -> str | None:
    """`text` with each character as `alone` writes it, when each is one character (else None)."""
    if any(len(v) != 1 for v in alone.values()):
        return None
    return text.translate({ord(c): v for c, v in alone.items()})


@lru_cache(maxsize=65536)  # keyed by a character, as OpenCC's tables: stays warm from text to text
def _character(char: str, steps, entries) -> str:
    return run_steps(char, steps, entries)


def _deciding(held: set[str], alone: dict[str, str], steps, entries) -> dict[str, bool]:
    """For each key, whether OpenCC writes it otherwise than its characters alone."""
    keys = sorted(held)
    written = run_steps(SEP.join(keys), steps, entries).split(SEP) if len(keys) > BATCH else []
    if len(written) != len(keys):
        written = [converted(k, steps, entries) for k in keys]
    return {k: w != "".join(alone[c] for c in k) for k, w in zip(keys, written)}
