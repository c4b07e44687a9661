"""User rules, in one format and one `Rule` type: per-document rules files beside an input
and user dictionaries. Pure: the edge (`fanjian.store`) reads the files and passes their text.

Per-document rules an editor writes without code, in `NAME.rules.toml` beside an input
(`notice.txt.rules.toml` or `notice.rules.toml`):

    protect = ["新征程"]                       # written as in the source, in every rendition
    [[replace-before]]                         # in the source, before conversion
    find = "实干"
    replace = "实干"
    [[replace-after]]                          # in renditions, after conversion
    target = "zh-Hant-TW"                      # optional: every target when absent
    find = "幹部"
    replace = "干部"

The same rules fit on one line of a text user dictionary: `@protect<TAB>term`,
`@replace-before<TAB>find<TAB>replace`, `@replace-after<TAB>find<TAB>replace[<TAB>target]`.
Each rule application is logged (rule, target, location, before, after, count) for the bundle.

User dictionaries:

Text: one entry a line, `simplified<TAB>traditional` (a fix) or a single term (protected:
written the same in every script); `#` starts a comment line. TOML:

    protect = ["范德繁", "于小明"]
    [fixes]
    "新征程" = "新征程"

Entries become inline OpenCC dictionary entries (see `fanjian.convert.ConvertOptions`).

>>> parse_entries("征程\\n发布\\t發布\\n", "my.txt")
(('征程', '征程'), ('发布', '發布'))

>>> [(r.kind, r.find, r.replace) for r in parse_rule_lines("@replace-after\\t幹部\\t干部\\n征程\\n", "my.txt")]
[('replace-after', '幹部', '干部')]
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

from fanjian.errors import InputError
from fanjian.model import META_TEXT_FIELDS, Notice, Rendition

KINDS = ("protect", "replace-before", "replace-after")


@dataclass(frozen=True)
class Rule:
    kind: str  # protect | replace-before | replace-after
    find: str
    replace: str = ""
    target: str = ""  # replace-after: only this target; "" for every one
    origin: str = ""  # file and rule, e.g. "a.rules.toml replace-after 1"


def sidecar_for(path: Path) -> Path | None:
    """The rules file of an input, if there is one."""
    for candidate in (path.with_name(path.name + ".rules.toml"), path.with_name(path.stem + ".rules.toml")):
        if candidate.is_file():
            return candidate
    return None


def parse_rules(text: str, name: str) -> tuple[Rule, ...]:
    """Rules of a TOML sidecar; InputError naming the file for anything malformed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"not valid TOML: {err}", name) from None
    if unknown := set(data) - set(KINDS):
        raise InputError(f"unknown key(s) {', '.join(sorted(unknown))}; use {', '.join(KINDS)}", name)
    rules = [Rule("protect", t, t, "", f"{name} protect {i + 1}") for i, t in enumerate(data.get("protect", []))]
    for kind in KINDS[1:]:
        for i, item in enumerate(data.get(kind, [])):
            if not isinstance(item, dict) or set(item) - {"find", "replace", "target"}:
                raise InputError(f"{kind} {i + 1}: expected find, replace and optionally target", name)
            rules.append(Rule(kind, item.get("find", ""), item.get("replace", ""), item.get("target", ""), f"{name} {kind} {i + 1}"))
    return _valid(rules, name)


def parse_rule_lines(text: str, name: str) -> tuple[Rule, ...]:
    """The `@kind<TAB>...` lines of a text user dictionary (other lines are entries)."""
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("@"):
            continue
        kind, *cols = line.rstrip("\r").split("\t")
        kind = kind[1:]
        if kind == "protect" and len(cols) == 1:
            rules.append(Rule(kind, cols[0], cols[0], "", f"{name} line {number}"))
        elif kind in KINDS[1:] and len(cols) in (2, 3 if kind == "replace-after" else 2):
            rules.append(Rule(kind, cols[0], cols[1], cols[2] if len(cols) == 3 else "", f"{name} line {number}"))
        else:
            raise InputError(f"line {number}: expected @protect<TAB>term, @replace-before<TAB>find<TAB>replace "
                             "or @replace-after<TAB>find<TAB>replace[<TAB>target]", name)
    return _valid(rules, name)


def _valid(rules: list[Rule], name: str) -> tuple[Rule, ...]:
    for r in rules:
        if not isinstance(r.find, str) or not isinstance(r.replace, str) or not r.find:
            raise InputError(f"{r.origin}: 'find' must be non-empty text", name)
    return tuple(rules)


def load_dictionary_rules(paths) -> tuple[Rule, ...]:
    """Rules written as lines in text user dictionaries (TOML ones hold entries only)."""
    rules: list[Rule] = []
    for path in paths:
        if not str(path).endswith(".toml"):
            rules += parse_rule_lines(Path(path).read_text(encoding="utf-8"), Path(path).name)
    return tuple(rules)


def _replace_all(texts: dict[str, str], rule: Rule, target: str, log: list[dict]) -> dict[str, str]:
    out = {}
    for location, text in texts.items():
        n = text.count(rule.find)
        if n:
            text = text.replace(rule.find, rule.replace)
            log.append({"rule": rule.origin, "kind": rule.kind, "target": target, "location": location,
                        "before": rule.find, "after": rule.replace, "count": n})
        out[location] = text
    return out


def _texts(meta, blocks) -> dict[str, str]:
    texts = {f"meta.{f}": getattr(meta, f) for f in META_TEXT_FIELDS}
    for i, b in enumerate(blocks):
        texts[f"block {i}"] = b.text
        for r, row in enumerate(b.rows):
            for c, cell in enumerate(row):
                texts[f"block {i} cell {r}.{c}"] = cell
    return texts


def _rebuild(meta, blocks, texts: dict[str, str]):
    meta = dataclasses.replace(meta, **{f: texts[f"meta.{f}"] for f in META_TEXT_FIELDS})
    blocks = tuple(dataclasses.replace(b, text=texts[f"block {i}"],
                                       rows=tuple(tuple(texts[f"block {i} cell {r}.{c}"] for c in range(len(row)))
                                                  for r, row in enumerate(b.rows)))
                   for i, b in enumerate(blocks))
    return meta, blocks


def _apply(meta, blocks, rules, target: str, log: list[dict]):
    if not rules:
        return meta, blocks
    texts = _texts(meta, blocks)
    for rule in rules:
        texts = _replace_all(texts, rule, target, log)
    return _rebuild(meta, blocks, texts)


def apply_before(notice: Notice, rules: tuple[Rule, ...], log: list[dict]) -> Notice:
    """The source with every replace-before rule applied."""
    todo = [r for r in rules if r.kind == "replace-before"]
    if not todo:
        return notice
    meta, blocks = _apply(notice.meta, notice.blocks, todo, "", log)
    return dataclasses.replace(notice, meta=meta, blocks=blocks)


def apply_after(rendition: Rendition, rules: tuple[Rule, ...], log: list[dict]) -> Rendition:
    """A rendition with the replace-after rules for its target applied."""
    todo = [r for r in rules if r.kind == "replace-after" and r.target in ("", rendition.target)]
    if not todo:
        return rendition
    meta, blocks = _apply(rendition.meta, rendition.blocks, todo, rendition.target, log)
    return dataclasses.replace(rendition, meta=meta, blocks=blocks)





def with_rules(source, path: Path):
    """`source` (a SourceInfo) carrying the text of the input's rules file, if any."""
    found = sidecar_for(Path(path))
    if found is None:
        return source
    try:
        text = found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read rules file {found.name}: {err}", source.path) from None
    return dataclasses.replace(source, rules=text, rules_path=found.name)


def rules_digest(source) -> str:
    """Part of the skip-if-unchanged key: editing a rules file reprocesses its notice."""
    import hashlib

    return hashlib.sha256(source.rules.encode("utf-8")).hexdigest() if source.rules_path else ""

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
            if not line.strip() or line.startswith(("#", "@")):  # @: a rule (fanjian.rules)
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


__all__ = [
    "KINDS",
    "Rule",
    "apply_after",
    "apply_before",
    "load_dictionary_rules",
    "load_entries",
    "parse_entries",
    "parse_rule_lines",
    "parse_rules",
    "rules_digest",
    "sidecar_for",
    "with_rules",
]
