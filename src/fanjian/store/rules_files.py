"""User rules read from disk, once, at the edge: user dictionaries (`Settings.user_dicts`,
`--dict`) and the per-document rules file beside an input (`notice.txt.rules.toml` or
`notice.rules.toml`). Parsing is `fanjian.rules`; nothing past this module reads a rules file.
"""

from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from pathlib import Path

from fanjian.errors import InputError
from fanjian.model import SourceInfo
from fanjian.rules import Rule, page_address, parse_rules


def read_rules(paths) -> tuple[Rule, ...]:
    """The rules of every dictionary file, in order; InputError naming a file that cannot be
    read or parsed. A file is read again only when its size or modification time changed."""
    rules: list[Rule] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError as err:
            raise InputError(f"cannot read dictionary: {err.strerror or err}", str(path)) from None
        rules += _read(str(path), st.st_mtime_ns, st.st_size)
    return tuple(rules)


@lru_cache(maxsize=64)
def _read(path: str, mtime_ns: int, size: int) -> tuple[Rule, ...]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read dictionary: {err}", path) from None
    try:
        rules = parse_rules(text, Path(path).name)  # rules are named by file name in the bundle
    except InputError as err:
        raise err.with_path(path) from None
    if (address := page_address(rules)) is not None:  # a dictionary applies to every input, a url to one
        raise InputError(f"{address.origin}: a url names one page's address: put it in the rules file beside "
                         "that input (NAME.rules.toml), or give --base-url", path)
    return rules


def sidecar_for(path: Path) -> Path | None:
    """The rules file of an input, if there is one."""
    for candidate in (path.with_name(path.name + ".rules.toml"), path.with_name(path.stem + ".rules.toml")):
        if candidate.is_file():
            return candidate
    return None


def with_rules(source: SourceInfo, path: Path) -> SourceInfo:
    """`source` carrying the text of the input's rules file, if any."""
    found = sidecar_for(Path(path))
    if found is None:
        return source
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read rules file {found.name}: {err}", source.path) from None
    return dataclasses.replace(source, rules=text, rules_path=found.name)


__all__ = ["read_rules", "sidecar_for", "with_rules"]
