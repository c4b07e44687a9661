"""s2tw and s2hk run as s2t followed by t2tw or t2hk: the same output in a third of the time.

OpenCC's s2tw segments the text (maximum matching with its phrase dictionaries), then
converts each segment through two steps: phrases and characters (the step s2t is made of),
then Taiwan variants (the step t2tw is made of). s2t and t2tw have no segmentation and
match over the whole text, which OpenCC does far faster (s2tw costs about three times s2t
plus t2tw). The results are the same because:

- the segmentation dictionary is the first dictionary of the first step, so matching it over
  the whole text cuts the text where the segments end: s2t writes each segment as s2tw's
  first step does;
- the variant step's one-character keys convert alike inside a segment or across the
  whole text; only its longer keys (data/opencc_split_guards.tsv, those written unchanged
  included: they still hold characters together) could match across a segment's end, and
  a text in which one occurs goes through s2tw itself;
- the second configuration normalises compatibility ideographs again: a text still
  holding one after s2t goes through s2tw itself too.

The split is used only when the configurations have exactly that shape (`splits`) and the
guard table was read from the installed OpenCC. A project configuration (OpenCC's plus
inline dictionaries, `data/opencc/`) converts a text in which no inline key occurs as
OpenCC's does, so it is split the same way for such texts (`without_inline`); the lines
holding an inline key go through it whole. By the first point, a one-step configuration
converts such texts alike without its segmentation (`unsegmented`: the marked conversions
of `ambiguity`). tests/test_opencc_split.py compares all of these with the whole
configurations on the shared corpora and on random text built from dictionary keys.

>>> from fanjian.zh.opencc import converter
>>> converter("s2tw").convert("区委书记强调，纯吃茶")  # 純喫茶 holds a key of t2tw: s2tw whole
'區委書記強調，純喫茶'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath

from fanjian.data import read_opencc_tsv
from fanjian.zh.chartable import AnyKey

SPLITS = {"s2tw": ("s2t", "t2tw"), "s2hk": ("s2t", "t2hk")}  # configuration -> (first, second)
COMPATIBILITY_RANGES = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))  # CJK compatibility ideographs, inclusive
COMPATIBILITY = "".join(chr(c) for lo, hi in COMPATIBILITY_RANGES for c in range(lo, hi + 1))


def is_compatibility(ch: str) -> bool:
    """A CJK compatibility ideograph: OpenCC normalises them before matching phrases.

    >>> is_compatibility("\uf900"), is_compatibility("豈"), is_compatibility("")
    (True, False, False)
    """
    return len(ch) == 1 and any(lo <= ord(ch) <= hi for lo, hi in COMPATIBILITY_RANGES)


def _canonical(node):
    """A configuration with dictionary files named without their folder (the project's
    configurations carry the wheel's full paths)."""
    if isinstance(node, dict):
        return {k: (PurePath(v).name if k == "file" else _canonical(v)) for k, v in node.items() if k != "name"}
    if isinstance(node, list):
        return [_canonical(v) for v in node]
    return node


def splits(whole: dict, first: dict, second: dict) -> bool:
    """Whether `whole` is `first` then `second` in the shape the module docstring relies on:
    segmentation by the first dictionary of the first step, two steps, the same normalisation,
    and neither part segmenting."""
    whole, first, second = map(_canonical, (whole, first, second))
    chain = whole.get("conversion_chain", [])
    segmentation = whole.get("segmentation", {})
    if len(chain) != 2 or segmentation.get("type") != "mmseg" or "segmentation" in first or "segmentation" in second:
        return False
    step = chain[0].get("dict", {})
    leads = step.get("type") == "group" and step.get("match_policy") == "short_circuit" and \
        step.get("dicts", [None])[0] == segmentation.get("dict")
    same_norm = whole.get("normalization") == first.get("normalization") == second.get("normalization")
    return leads and same_norm and first.get("conversion_chain") == chain[:1] and second.get("conversion_chain") == chain[1:]


def without_inline(node):
    """A configuration with its inline dictionaries taken out of their groups."""
    if isinstance(node, dict):
        return {k: ([without_inline(d) for d in v if d.get("type") != "inline"] if k == "dicts" else without_inline(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [without_inline(v) for v in node]
    return node


def same_config(a: dict, b: dict) -> bool:
    return _canonical(a) == _canonical(b)


@lru_cache(maxsize=4)
def guard(second: str) -> AnyKey | None:
    """What sends a text back to the whole configuration: a longer key of `second`'s
    dictionaries, or a compatibility ideograph. None when the table is for another OpenCC."""
    rows = read_opencc_tsv("opencc_split_guards.tsv")
    if rows is None:
        return None
    return AnyKey([key for config, key in rows if config == second], COMPATIBILITY)


def unsegmented(spec: dict) -> dict | None:
    """`spec` without its segmentation, when that converts every text in which no inline
    key occurs alike: one conversion step, a group whose first dictionary is the
    segmentation's, inline dictionaries aside (the first point of the module docstring).
    The marked conversions of `ambiguity` are such configurations."""
    plain = _canonical(without_inline(spec))
    chain, segmentation = plain.get("conversion_chain", []), plain.get("segmentation", {})
    step = chain[0].get("dict", {}) if len(chain) == 1 else {}
    if segmentation.get("type") != "mmseg" or step.get("type") != "group" or step.get("match_policy") != "short_circuit":
        return None
    if step.get("dicts", [None])[0] != segmentation.get("dict"):
        return None
    return {k: v for k, v in spec.items() if k != "segmentation"}


def config_nodes(node):
    """Every dictionary (JSON object) of an OpenCC configuration, outermost first."""
    if isinstance(node, dict):
        yield node
        for value in list(node.values()):
            yield from config_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from config_nodes(value)


def inline_keys(spec: dict) -> list[str]:
    """The keys of every inline dictionary of a configuration."""
    return [key for node in config_nodes(spec) if node.get("type") == "inline" for key in node["entries"]]


def _by_lines(text: str, hits: list[int], slow, fast) -> str:
    """`slow` for the lines holding a hit, `fast` for the rest, each stretch of lines in
    one call. No OpenCC key holds a newline, so no match, segment or phrase runs across one
    (runs without a match convert a character at a time): lines convert alike apart or
    together."""
    pieces, done = [], 0
    for start, end in hit_lines(text, hits):
        pieces += [fast(text[done:start]) if start > done else "", slow(text[start:end])]
        done = end
    return "".join(pieces) + (fast(text[done:]) if done < len(text) else "")


def hit_lines(text: str, hits: list[int]) -> list[tuple[int, int]]:
    r"""(start, end) of each line holding one of the sorted positions `hits`, once each, in
    order; the end is that of the line's text (before its newline).

    >>> hit_lines("甲\n乙丙\n丁", [2, 3, 5])
    [(2, 4), (5, 6)]
    """
    spans: list[tuple[int, int]] = []
    for i in hits:
        if spans and i < spans[-1][1]:
            continue
        end = text.find("\n", i)
        spans.append((text.rfind("\n", 0, i) + 1, len(text) if end == -1 else end))
    return spans


class InlineGuarded:
    """`fast` for texts in which no inline key occurs, `whole` (the configuration with its
    inline dictionaries) for the lines that hold one. A project configuration's split and
    the unsegmented marked conversions are both this."""

    def __init__(self, whole, fast, keys):
        keys = [k for k in keys if k]
        self.whole, self.fast, self.inline = whole, fast, AnyKey(keys) if keys else None
        self.lines = not any("\n" in k for k in keys)  # else a key may span lines: whole texts

    def convert(self, text: str) -> str:
        hits = self.inline.find(text, first=not self.lines) if self.inline is not None else []
        if not hits:
            return self.fast.convert(text)
        return _by_lines(text, hits, self.whole.convert, self.fast.convert) if self.lines else self.whole.convert(text)


class SplitOpenCC:
    """A configuration run as two (see the module docstring); the same `convert`."""

    def __init__(self, whole, first, second, guard_keys: AnyKey):
        self.whole, self.first, self.second, self.guard = whole, first, second, guard_keys

    def convert(self, text: str) -> str:
        middle = self.first.convert(text)
        if self.guard.search(middle):
            return self.whole.convert(text)
        return self.second.convert(middle)


__all__ = ["SPLITS", "InlineGuarded", "SplitOpenCC", "config_nodes", "guard", "hit_lines", "inline_keys", "is_compatibility", "same_config",
           "splits", "unsegmented", "without_inline"]
