"""A user's dictionary of protected terms and fixes, as TOML or text.

Text: one entry a line, `simplified<TAB>traditional` (a fix) or a single term (protected:
written the same in every script); `#` starts a comment line. TOML:

    protect = ["范德繁", "于小明"]
    [fixes]
    "新征程" = "新征程"

Entries become inline OpenCC dictionary entries (see `fanjian.convert.ConvertOptions`).

>>> parse_entries("征程\\n发布\\t發布\\n", "my.txt")
(('征程', '征程'), ('发布', '發布'))
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from .errors import InputError


def parse_entries(text: str, name: str) -> tuple[tuple[str, str], ...]:
    """Entries of one dictionary; `name` ending in .toml selects TOML."""
    pairs: list[tuple[str, str]] = []
    if name.endswith(".toml"):
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"not valid TOML: {err}", name) from None
        unknown = set(data) - {"protect", "fixes"}
        if unknown:
            raise InputError(f"unknown key(s) {', '.join(sorted(unknown))}; use 'protect' and 'fixes'", name)
        pairs += [(t, t) for t in data.get("protect", [])]
        pairs += list(data.get("fixes", {}).items())
    else:
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith(("#", "@")):  # @: a rule (fanjian.sidecar)
                continue
            cols = line.rstrip("\r").split("\t")
            if len(cols) > 2:
                raise InputError(f"line {number}: expected 'term' or 'simplified<TAB>traditional'", name)
            pairs.append((cols[0].strip(), (cols[-1] or cols[0]).strip()))
    for simp, trad in pairs:
        if not isinstance(simp, str) or not isinstance(trad, str) or not simp or not trad:
            raise InputError(f"empty or non-text entry {simp!r} -> {trad!r}", name)
        if len(simp) != len(trad):
            raise InputError(f"{simp} -> {trad}: both sides must have the same length", name)
    return tuple(dict(pairs).items())


def load_entries(paths) -> tuple[tuple[str, str], ...]:
    """Entries of every dictionary file, later files winning on the same term."""
    merged: dict[str, str] = {}
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read dictionary: {err}", str(path)) from None
        merged.update(parse_entries(text, str(path)))
    return tuple(merged.items())


__all__ = ["load_entries", "parse_entries"]
