"""Per-character tables applied to a whole text at once, with numpy.

`str.translate` and Python loops cost 20-50 ns a character; a text's code points
(UTF-32) looked up in a numpy array cost about 1 ns, so whole-text views (the Simplified
view, the fold) and "which positions hold one of these characters" stay cheap on long
notices. Short texts (a heading, a table cell) go through `str.translate`, which is
faster below a few dozen characters.

>>> view = CharMap({ord("區"): "区", ord("羅"): "罗"})
>>> view("羅湖區人民政府" * 8) == "罗湖区人民政府" * 8
True
>>> flags = CharFlags({"干": 1, "后": 2})
>>> positions(flags.of("實干，人后"), 1), positions(flags.of("實干，人后"), 3)
([1], [1, 4])
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SHORT = 24  # below this many characters str.translate wins
PLANES = 0x110000
FLAGGED = 0x32400  # flag tables end after CJK Extension H: 200 KB each, not 1.1 MB


@lru_cache(maxsize=4)  # several tables look at the same text in turn
def code_points(text: str) -> np.ndarray:
    """One uint32 per character (read-only): indexes are string indexes."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


class CharMap:
    """A one-character-to-one-character mapping, applied like `str.translate`."""

    def __init__(self, mapping: dict[int, str | int]):
        self.translation = {k: (v if isinstance(v, str) else chr(v)) for k, v in mapping.items()}
        if any(len(v) != 1 for v in self.translation.values()):
            raise ValueError("CharMap keeps lengths: every value must be one character")
        self.table = np.arange(PLANES, dtype=np.uint32)
        keys = np.fromiter(self.translation, dtype=np.uint32, count=len(self.translation))
        self.table[keys] = np.fromiter(map(ord, self.translation.values()), dtype=np.uint32, count=len(keys))

    def __call__(self, text: str) -> str:
        if len(text) < SHORT:
            return text.translate(self.translation)
        return self.table.take(code_points(text), mode="clip").tobytes().decode("utf-32-le", "surrogatepass")


class CharFlags:
    """Bit flags per character; `of(text)` gives one uint8 of flags per character."""

    def __init__(self, flags: dict[str, int]):
        top = max(map(ord, flags), default=0)
        self.table = np.zeros(max(FLAGGED, top + 1) + 1, dtype=np.uint8)  # the last entry stays 0
        for char, bits in flags.items():
            self.table[ord(char)] |= bits

    @classmethod
    def from_table(cls, table: np.ndarray) -> CharFlags:
        """Flags given as an array indexed by code point."""
        flags = cls({})
        used = np.flatnonzero(table)
        top = int(used[-1]) + 1 if len(used) else 0
        flags.table = np.zeros(max(FLAGGED, top) + 1, dtype=np.uint8)
        flags.table[: min(len(table), len(flags.table) - 1)] = table[: len(flags.table) - 1]
        return flags

    def of(self, text: str) -> np.ndarray:
        # "clip": a code point past the table reads its last entry, which is 0
        return self.table.take(code_points(text), mode="clip")

    def any(self, text: str, bits: int) -> bool:
        """Whether some character of `text` has one of `bits`."""
        return bool(np.bitwise_or.reduce(self.of(text), initial=0) & bits) if text else False


def positions(flags: np.ndarray, bits: int) -> list[int]:
    """Indexes whose flags share a bit with `bits`."""
    return np.flatnonzero((flags & bits) != 0).tolist()  # on booleans: 20x faster than on uint8


class AnyKey:
    """Whether any of some strings occurs in a text. Their first two characters are looked
    up in one table and only the places where both fit are compared: a regex alternation
    tries every key at every position that starts one, which costs more than OpenCC's own
    pass on text full of common first characters.

    >>> AnyKey(["純喫茶", "黃東樑"]).search("張三喝純喫茶"), AnyKey(["純喫茶"], "\uf900").search("純茶")
    (True, False)
    >>> AnyKey(["征程", "新征程"]).find("踏上新征程，征程")
    [2, 3, 6]
    """

    ALONE, FIRST, SECOND = 1, 2, 4

    def __init__(self, keys, chars=""):
        """`chars`: characters that count as keys of their own."""
        flags: dict[str, int] = dict.fromkeys(chars, self.ALONE)
        self.by_first: dict[str, list[str]] = {}
        for key in keys:
            if len(key) == 1:
                flags[key] = flags.get(key, 0) | self.ALONE
            elif key:
                self.by_first.setdefault(key[0], []).append(key)
                flags[key[0]] = flags.get(key[0], 0) | self.FIRST
                flags[key[1]] = flags.get(key[1], 0) | self.SECOND
        self.table = CharFlags(flags)

    def search(self, text: str) -> bool:
        return bool(self.find(text, first=True))

    def find(self, text: str, first: bool = False) -> list[int]:
        """Where a key starts (overlapping ones too), in order; only the first with `first`."""
        if not text:
            return []
        flags = self.table.of(text)
        alone = np.flatnonzero(flags & self.ALONE)
        if first and len(alone):
            return alone[:1].tolist()
        starts = np.flatnonzero(((flags[:-1] & self.FIRST) != 0) & ((flags[1:] & self.SECOND) != 0))
        found = []
        for i in starts.tolist():
            if any(text.startswith(key, i) for key in self.by_first[text[i]]):
                if first:
                    return [i]
                found.append(i)
        return sorted(set(found) | set(alone.tolist())) if len(alone) else found


__all__ = ["AnyKey", "CharFlags", "CharMap", "code_points", "positions"]
