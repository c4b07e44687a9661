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
def phrase_keys(config: str) -> frozenset[str] | None:
    """OpenCC's phrase keys for `config` (data/opencc_phrase_keys.tsv); None when the table
    is for another OpenCC."""
    rows = read_opencc_tsv("opencc_phrase_keys.tsv")
    if rows is None:
        return None
    return frozenset(" ".join(group for name, group in rows if name == config).split(" ")) - {""}


@lru_cache(maxsize=16)  # once per configuration and dictionary, not once per clause
def _keys_with(config: str, entries: tuple) -> frozenset[str] | None:
    """OpenCC's phrase keys of `config` with the project's and a user's entries."""
    table = phrase_keys(config)
    if table is None:
        return None
    return table | {k for pair in project_entries() + entries for k in pair if len(k) > 1}


@lru_cache(maxsize=16)
def _lengths_by_start(config: str, entries: tuple, size: int) -> dict[str, tuple[int, ...]]:
    """The lengths (longest first) of the keys of at least `size` characters, by their first
    `size` characters: built when first needed, apart from the keys."""
    lengths: dict[str, set[int]] = {}
    for k in _keys_with(config, entries):
        if len(k) >= size:
            lengths.setdefault(k[:size], set()).add(len(k))
    return {p: tuple(sorted(sizes, reverse=True)) for p, sizes in lengths.items()}


def opencc_segments(clause: str, config: str, entries=()) -> tuple[tuple[int, int], ...] | None:
    """The pieces OpenCC's maximum forward matching cuts `clause` into (its phrase keys,
    the project's and a user's entries); None without the key table."""
    return _segments(clause, config, tuple(entries))


@lru_cache(maxsize=16384)  # a clause is cut again for each target and each document holding it
def _segments(clause: str, config: str, entries: tuple) -> tuple[tuple[int, int], ...] | None:
    keys = _keys_with(config, entries)
    if keys is None:
        return None
    by_prefix = _lengths_by_start(config, entries, 2)  # every key: keys are two characters or more
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


KEY, LONGER = 1, 2  # kinds of a key's first characters: a key themselves / the start of a longer key
BITS = 21  # every code point fits: two are one number of 42 bits, three of 63


@lru_cache(maxsize=16)
def _starts(config: str, entries: tuple, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The first `size` characters (2 or 3) of every key at least that long, as sorted
    numbers, and the kind of each (KEY, LONGER); made with numpy, all keys at once."""
    lengths, at, points = _key_points(config, entries)
    lengths, at = lengths[lengths >= size], at[lengths >= size]
    numbers = np.zeros(len(at), dtype=np.uint64)
    for j in range(size):
        numbers = numbers << np.uint64(BITS) | points[at + j]
    order = np.argsort(numbers, kind="stable")
    numbers, kinds = numbers[order], np.where(lengths == size, KEY, LONGER).astype(np.uint8)[order]
    first = np.flatnonzero(np.r_[True, numbers[1:] != numbers[:-1]]) if len(numbers) else np.zeros(0, dtype=np.int64)
    return numbers[first], np.bitwise_or.reduceat(kinds, first) if len(first) else kinds


@lru_cache(maxsize=16)
def _key_points(config: str, entries: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The keys' lengths, where each starts in the code points of all of them, and those code points."""
    keys = list(_keys_with(config, entries))
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    points = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
    return lengths, np.cumsum(lengths) - lengths, points


def _kinds(numbers: np.ndarray, config: str, entries: tuple, size: int) -> np.ndarray:
    """The kind of each number (of `size` characters) among the keys' starts, 0 where none."""
    known, kinds = _starts(config, entries, size)
    if not len(known) or not len(numbers):
        return np.zeros(len(numbers), dtype=np.uint8)
    at = np.minimum(np.searchsorted(known, numbers), len(known) - 1)
    return np.where(known[at] == numbers, kinds[at], 0)


def key_starts(text: str, config: str, entries=()) -> dict[int, tuple[int, ...]] | None:
    """Where keys of `config` (with the project's and a user's entries) start in `text`:
    position -> the lengths of the keys found there, longest first; None without the key
    table. Keys of two and three characters are looked up for the whole text at once, as
    numbers; longer keys are compared only where their first three characters are."""
    entries = tuple(entries)
    keys = _keys_with(config, entries)
    if keys is None:
        return None
    points = code_points(text).astype(np.uint64)
    n = len(points)
    if n < 2:
        return {}
    pairs = points[:-1] << np.uint64(BITS) | points[1:]
    kind2 = _kinds(pairs, config, entries, 2)
    at = np.flatnonzero(kind2[: n - 2] & LONGER)  # a third character follows
    kind3 = _kinds(pairs[at] << np.uint64(BITS) | points[at + 2], config, entries, 3)
    found = dict.fromkeys(np.flatnonzero(kind2 & KEY).tolist(), (2,))
    for q in at[(kind3 & KEY) != 0].tolist():
        found[q] = (3, *found.get(q, ()))
    longer = at[(kind3 & LONGER) != 0].tolist()
    by_start = _lengths_by_start(config, entries, 3) if longer else {}
    for q in longer:
        lengths = [size for size in by_start[text[q : q + 3]] if size > 3 and q + size <= n and text[q : q + size] in keys]
        if lengths:
            found[q] = (*lengths, *found.get(q, ()))
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
    alone = _alone_table(text, steps, entries)
    odd = _odd_alone(steps, entries)
    each = text.translate(alone) if not odd or odd.isdisjoint(text) else None
    found: dict[int, list[str]] = {}
    for lo, hi in clauses:
        if written[lo:hi] != (each[lo:hi] if each is not None else text[lo:hi].translate(alone)):
            continue
        found[lo] = [text[q : q + size] for q in order[bisect_left(order, lo) : bisect_left(order, hi - 1)]
                     for size in starts[q] if q + size <= hi]
    decides = _deciding({k for held in found.values() for k in held}, alone, steps, entries)
    return {lo for lo, held in found.items() if not any(decides[k] for k in held)}


@lru_cache(maxsize=16)  # keyed by configuration, as OpenCC's tables: stays warm from text to text
def _alone_tables(steps, entries) -> tuple[dict[int, str], set[str], set[str]]:
    """code point -> the character converted alone (for str.translate); the characters in
    it; those of them written as more or fewer than one character."""
    return {}, set(), set()


def _alone_table(text: str, steps, entries) -> dict[int, str]:
    """The characters converted alone, each character of `text` among them."""
    table, seen, odd = _alone_tables(steps, entries)
    for c in set(text).difference(seen):
        table[ord(c)] = written = run_steps(c, steps, entries)
        if len(written) != 1:
            odd.add(c)
        seen.add(c)
    return table


def each_alone(text: str, steps, entries) -> str:
    """`text` with each character converted alone (no phrase), as `run_steps` writes it."""
    return text.translate(_alone_table(text, steps, entries))


def _odd_alone(steps, entries) -> set[str]:
    """The characters of `_alone_table` written as more or fewer than one character."""
    return _alone_tables(steps, entries)[2]


@lru_cache(maxsize=16)  # keyed by configuration; filled with OpenCC's keys, as its tables: warm from text to text
def _decisions(steps, entries) -> dict[str, bool]:
    """phrase key -> whether OpenCC writes it otherwise than its characters alone."""
    return {}


def _deciding(held: set[str], alone: dict[int, str], steps, entries) -> dict[str, bool]:
    """For each key (and others), whether OpenCC writes it otherwise than its characters
    alone (`alone`: an `_alone_table` holding them)."""
    decided = _decisions(steps, entries)
    keys = sorted(held.difference(decided))
    written = run_steps(SEP.join(keys), steps, entries).split(SEP) if len(keys) > BATCH else []
    if len(written) != len(keys):
        written = [converted(k, steps, entries) for k in keys]
    decided.update((k, w != k.translate(alone)) for k, w in zip(keys, written))
    return decided
