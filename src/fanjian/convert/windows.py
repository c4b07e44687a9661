"""Where a marked OpenCC conversion writes its marker, converting only the text around
the positions asked about.

OpenCC matches keys from left to right, longest first. Between two neighbouring characters
that form no pair of `data/opencc_key_pairs.tsv` (neighbours inside a key of the
segmentation or of a conversion step up to the character table, the later steps' keys
taken back through what the earlier ones may write), no match runs, so matching restarts
there whatever came before. The stretch from the last such gap before a position to the
first one after it (at most the longest key further) is therefore converted, up to that
position, as inside the whole text; steps after the character table neither write nor
remove the marker, and no key changes length. Configurations the table does not list, or
texts it cannot cut (NUL, surrogates, compatibility ideographs), give None: convert whole.

>>> import numpy as np
>>> from fanjian.convert.ambiguity import MARK, marker_converter
>>> text, at = "“干”字当头，以后", np.array([1, 4, 8])  # 干 by the character table; 当头, 以后 phrases
>>> marked = marker_converter("s2tw")
>>> marked_at(text, at, "s2tw", (), marked, MARK).tolist(), [marked.convert(text)[i] == MARK for i in at]
([True, False, False], [True, False, False])
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from fanjian.convert.steps import PROJECT_CONFIGS, inline_entries
from fanjian.data import read_opencc_tsv
from fanjian.zh.chartable import CharFlags, code_points
from fanjian.zh.opencc_split import COMPATIBILITY_RANGES

SEP = "\n"  # joins the stretches: in no key, so no match spans two of them
SHIFT = 21  # a pair of code points as one number: first << SHIFT | second
BITS = 24  # pairs are looked up in a table of 2**24 bits (2 MB) by a hash of the number


def _hash(numbers: np.ndarray) -> np.ndarray:
    """A spread of pair numbers over the table; two pairs may share a bit, which only
    joins a pair that is in no key (a stretch a little longer, never a wrong one)."""
    return ((numbers * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - BITS)).astype(np.intp)


def _bit_table(numbers: np.ndarray) -> np.ndarray:
    bits = np.zeros(1 << BITS, dtype=bool)
    bits[_hash(numbers)] = True
    return np.packbits(bits, bitorder="little")


def _in_table(table: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    h = _hash(numbers)
    return (table[h >> 3] >> (h & 7).astype(np.uint8)) & 1 == 1


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[int, str, int]], dict[str, np.ndarray]] | None:
    """configuration -> (longest key, pairs set, step of the character table); pairs set ->
    its bit table. None when the table was read from another OpenCC version."""
    rows = read_opencc_tsv("opencc_key_pairs.tsv")
    if rows is None:
        return None
    configs, parts = {}, {}
    for row in rows:
        if row[0] == "config":
            configs[row[1]] = (int(row[2]), row[3], int(row[4]))
        else:
            following = np.frombuffer(row[3].encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
            parts.setdefault(row[1], []).append((np.uint64(ord(row[2])) << np.uint64(SHIFT)) | following)
    return configs, {name: _bit_table(np.concatenate(p)) for name, p in parts.items()}


def listed(step: str) -> bool:
    """Whether `step` can be read from stretches: its keys keep lengths and are tabled."""
    table = _table()
    return table is not None and step in table[0]


def _pair_numbers(keys) -> np.ndarray:
    return np.array([(ord(a) << SHIFT) | ord(b) for key in keys for a, b in zip(key, key[1:])], dtype=np.uint64)


@lru_cache(maxsize=32)
def _bounds(step: str, extra: tuple[tuple[str, str], ...]) -> tuple[int, np.ndarray, np.ndarray, CharFlags | None] | None:
    """(longest key, bit table, pair numbers of entries not in it, characters never cut
    around) of `step` with its inline entries and `extra`. An entry that writes a character
    otherwise, read by a later step before the character table, may join anything on either
    side of that character."""
    table = _table()
    if table is None or step not in table[0]:
        return None
    longest, name, marker = table[0][step]
    entries = (inline_entries(step) if step in PROJECT_CONFIGS else ()) + tuple(extra)
    if any(len(key) != len(value) or SEP in key for key, value in entries):
        return None
    bits = table[1][name]
    pairs = np.unique(_pair_numbers(key for key, _ in entries))
    sticky = {a for key, value in entries for a, b in zip(key, value) if a != b} if marker else set()
    return (max([longest] + [len(key) for key, _ in entries]), bits, pairs[~_in_table(bits, pairs)],
            CharFlags(dict.fromkeys(sticky, 1)) if sticky else None)


@lru_cache(maxsize=1)
def _odd() -> CharFlags:
    """NUL (OpenCC stops there), surrogates and compatibility ideographs (normalised first)."""
    ranges = ((0, 0), (0xD800, 0xDFFF), *COMPATIBILITY_RANGES)  # inclusive
    return CharFlags({chr(c): 1 for lo, hi in ranges for c in range(lo, hi + 1)})


def marked_at(text: str, at: np.ndarray, step: str, extra: tuple[tuple[str, str], ...], marked, mark: str):
    """Whether `marked` (OpenCC `step` with `extra` entries, its character table writing
    `mark`) writes `mark` at each of the sorted positions `at` of `text`, as a boolean
    array; None when that cannot be read from stretches."""
    bounds = _bounds(step, extra)
    if bounds is None or _odd().any(text, 1):
        return None
    if not len(at):
        return np.zeros(0, dtype=bool)
    longest, bits, pairs, sticky = bounds
    points = code_points(text)
    n = len(points)
    numbers = (points[:-1].astype(np.uint64) << np.uint64(SHIFT)) | points[1:]
    joined = _in_table(bits, numbers)
    if len(pairs) > 8:
        joined |= np.isin(numbers, pairs)
    else:
        for pair in pairs:
            joined |= numbers == pair
    if sticky is not None:
        held = sticky.of(text) != 0  # a table lookup: np.isin sorts the text
        joined |= held[:-1] | held[1:]
    gaps = np.concatenate(([0], np.flatnonzero(~joined) + 1, [n]))
    after = np.searchsorted(gaps, at, side="right")
    lo, hi = gaps[after - 1], np.minimum(gaps[after], at + longest)
    # lo and hi never decrease: a stretch starting inside the previous one joins it.
    first = np.concatenate(([True], lo[1:] > hi[:-1]))
    group = np.cumsum(first) - 1
    starts, ends = lo[first], hi[np.concatenate((np.flatnonzero(first)[1:] - 1, [len(at) - 1]))]
    offsets = np.concatenate(([0], np.cumsum(ends - starts + 1)[:-1]))
    stretches = SEP.join([text[a:b] for a, b in zip(starts.tolist(), ends.tolist())])
    out = marked.convert(stretches)
    if len(out) != len(stretches):
        return None
    written = np.frombuffer(out.encode("utf-32-le"), dtype=np.uint32)
    return written[at - starts[group] + offsets[group]] == ord(mark)


__all__ = ["listed", "marked_at"]
