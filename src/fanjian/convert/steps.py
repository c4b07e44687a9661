"""OpenCC configurations per source and target, and running them (with the project's and a
user's dictionary entries); the pieces every conversion step shares."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from fanjian.data import read_opencc_tsv, read_tsv
from fanjian.zh.chartable import AnyKey, CharFlags, code_points
from fanjian.zh.opencc import converter, packaged_spec, project_converter
from fanjian.zh.opencc_split import config_nodes

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
VARIANT = {"zh-Hant-TW": "t2tw", "zh-Hant-HK": "t2hk"}  # OpenCC's standard Traditional -> the target's


@lru_cache(maxsize=1024)
def spelled_for(traditional: str, target: str) -> str:
    """OpenCC's standard Traditional form as `target` spells it (裏 -> 裡 in Taiwan)."""
    return converter(VARIANT[target]).convert(traditional) if target in VARIANT else traditional


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


@lru_cache(maxsize=64)
def first_chars(keys: tuple[str, ...]) -> CharFlags:
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


def unchanged_by(config: str, text: str) -> bool:
    """True when no key of `config` occurs in `text`: OpenCC would return it as it is."""
    keys = _variant_keys(config)
    return keys is not None and bool(text) and not keys.search(text)


@lru_cache(maxsize=32)
def keys_pattern(keys: tuple[str, ...]) -> re.Pattern | None:
    keys = tuple(k for k in keys if k)
    return re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True)))) if keys else None


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
        elif not unchanged_by(step, text):
            text = converter(step).convert(text)
    return text


def keyed_for(step: str, entries: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """User entries keyed the way the step reads: Simplified for s2*, Traditional otherwise."""
    return entries if step.startswith("s2") else tuple((t, s) for s, t in entries)


def differing_runs(a: str, b: str) -> list[tuple[int, int]]:
    """Spans where two equally long strings differ (only called when they do).
    >>> differing_runs("實干為先並", "實幹為先并")
    [(1, 2), (4, 5)]
    """
    differ = np.flatnonzero(code_points(a) != code_points(b))
    breaks = np.flatnonzero(np.diff(differ) != 1) + 1  # where a new span starts
    starts, ends = differ[np.r_[0, breaks]], differ[np.r_[breaks - 1, len(differ) - 1]] + 1
    return list(zip(starts.tolist(), ends.tolist()))


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


@lru_cache(maxsize=4)
def inline_entries(config: str) -> tuple[tuple[str, str], ...]:
    """The inline dictionary entries of a project configuration (data/opencc/<config>.json)."""
    spec = packaged_spec(config)
    return tuple(pair for node in config_nodes(spec) if node.get("type") == "inline" for pair in node["entries"].items())


# Window separators: no OpenCC dictionary key holds one, so no phrase spans two windows.
SEPARATORS = ("\n", "\x1f", "\ue000", "\ue001")


def convert_pieces(conv, pieces: list[str], whole: str) -> list[str]:
    """Each piece (of `whole`) converted as if alone, in one OpenCC call (a call costs more than a window)."""
    sep = next((c for c in SEPARATORS if c not in whole), None)
    if sep is not None:
        out = conv.convert(sep.join(pieces)).split(sep)
        if len(out) == len(pieces):
            return out
    return [conv.convert(piece) for piece in pieces]


def with_chars(text: str, replaced: dict[int, str]) -> str:
    """`text` with the characters at the given positions replaced (list(text) costs far more)."""
    pieces, last = [], 0
    for i in sorted(replaced):
        pieces += [text[last:i], replaced[i]]
        last = i + 1
    return "".join(pieces) + text[last:]


