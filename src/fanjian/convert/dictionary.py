"""Changes the project's or a user's dictionary made, found by rerunning plain OpenCC."""

from __future__ import annotations

import re

from fanjian.convert.steps import (
    Fields,
    differing_runs,
    first_chars,
    keyed_for,
    keys_pattern,
    project_entries,
    run_steps,
)
from fanjian.model import Change
from fanjian.zh.opencc_split import hit_lines


def dictionary_changes(text: str, out: str, steps, entries, fields: Fields) -> list[tuple[int, Change]]:
    """Changes the project/user dictionary made, found by rerunning plain OpenCC, with their positions."""
    all_entries = project_entries() + entries
    keys = tuple(dict(keyed_for(steps[0], all_entries)).keys()) if steps else ()
    pattern = keys_pattern(keys)
    if pattern is None or not first_chars(keys).any(text, 1) or not pattern.search(text):
        return []
    plain = _plain_where_keys(text, out, steps, pattern) if len(out) == len(text) else None
    if plain is None:
        plain = run_steps(text, steps, None)
    if plain == out or len(plain) != len(out):
        return [] if plain == out else [(0, Change("dictionary", out, plain, "project dictionary"))]
    user = {k for pair in entries for k in pair}
    changes = []
    for start, end in differing_runs(out, plain):
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


