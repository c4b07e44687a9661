"""A user's rules, in one format and one `Rule` type, whether they come from a user dictionary
(`--dict`, `user_dicts`) or from a per-document rules file beside an input (`NAME.rules.toml`).

Pure: the edge (`fanjian.store.rules_files`) reads the files and passes their text here.
TOML:

    protect = ["新征程", "范德繁"]               # written as in the source, in every rendition
    [fixes]                                     # dictionary entries: Simplified = Traditional
    "干部" = "幹部"
    [[replace-before]]                          # in the source, before conversion
    find = "实干"
    replace = "实干"
    [[replace-after]]                           # in renditions, after conversion
    target = "zh-Hant-TW"                       # optional: every target when absent
    find = "幹部"
    replace = "干部"
    url = "https://www.gov.cn/zhengce/2024/notice.html"   # the page's own address (rules file only)

Text, one rule a line (`#` starts a comment): `term` (protect), `simplified<TAB>traditional`
(a fix), `@protect<TAB>term`, `@replace-before<TAB>find<TAB>replace`,
`@replace-after<TAB>find<TAB>replace[<TAB>target]`, `@url<TAB>address`. Each application of a
replace rule is logged (rule, target, location, before, after, count) for the bundle.

A `url` rule gives the address of the one page a rules file sits beside (`page_address`): an
absolute http(s) address, or InputError naming the file.

>>> [(r.kind, r.find, r.replace) for r in parse_rules("征程\\n发布\\t發布\\n@replace-after\\t幹部\\t干部\\n", "my.txt")]
[('protect', '征程', '征程'), ('fix', '发布', '發布'), ('replace-after', '幹部', '干部')]
>>> fix_entries(parse_rules('[fixes]\\n"公里" = "公裏"\\n', "my.toml"))
(('公里', '公裏'),)
>>> page_address(parse_rules('url = "https://x.gov.cn/a/b.html"\\n', "b.rules.toml"))
Rule(kind='url', find='https://x.gov.cn/a/b.html', replace='', target='', origin='b.rules.toml url')
>>> parse_rules("@url\\t/a/b.html\\n", "b.txt")
Traceback (most recent call last):
fanjian.errors.InputError: b.txt: b.txt line 1: the page address '/a/b.html' is not an absolute http or https address
"""

from __future__ import annotations

import dataclasses
import hashlib
import tomllib
from dataclasses import dataclass
from urllib.parse import urlsplit

from fanjian.errors import InputError
from fanjian.model import META_TEXT_FIELDS, Notice, Rendition

KINDS = ("protect", "fix", "replace-before", "replace-after")
TOML_KEYS = ("protect", "fixes", "replace-before", "replace-after", "url")
LINE_FORMS = ("'term', 'simplified<TAB>traditional', @protect<TAB>term, @replace-before<TAB>find<TAB>replace, "
              "@replace-after<TAB>find<TAB>replace[<TAB>target] or @url<TAB>address")


@dataclass(frozen=True)
class Rule:
    kind: str  # protect | fix | replace-before | replace-after | url (`find` holds the address)
    find: str
    replace: str = ""
    target: str = ""  # replace-after: only this target; "" for every one
    origin: str = ""  # file and rule, e.g. "a.rules.toml replace-after 1" or "my.txt line 3"


def parse_rules(text: str, name: str) -> tuple[Rule, ...]:
    """The rules of one file (TOML when `name` ends in .toml); InputError naming it when malformed."""
    return _valid(_parse_toml(text, name) if name.endswith(".toml") else _parse_lines(text, name), name)


def _parse_toml(text: str, name: str) -> list[Rule]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"not valid TOML: {err}", name) from None
    if unknown := set(data) - set(TOML_KEYS):
        raise InputError(f"unknown key(s) {', '.join(sorted(unknown))}; use {', '.join(TOML_KEYS)}", name)
    if not isinstance(data.get("protect", []), list) or not isinstance(data.get("fixes", {}), dict):
        raise InputError("protect must be a list of terms and fixes a table of simplified = traditional", name)
    rules = [Rule("protect", t, t, "", f"{name} protect {i + 1}") for i, t in enumerate(data.get("protect", []))]
    rules += [Rule("fix", s, t, "", f"{name} fixes {s}") for s, t in data.get("fixes", {}).items()]
    for kind in KINDS[2:]:
        for i, item in enumerate(data.get(kind, [])):
            if not isinstance(item, dict) or set(item) - {"find", "replace", "target"}:
                raise InputError(f"{kind} {i + 1}: expected find, replace and optionally target", name)
            rules.append(Rule(kind, item.get("find", ""), item.get("replace", ""), item.get("target", ""),
                              f"{name} {kind} {i + 1}"))
    if "url" in data:
        if not isinstance(data["url"], str):
            raise InputError(f"{name} url: expected a string, the page's address", name)
        rules.append(Rule("url", data["url"].strip(), "", "", f"{name} url"))
    return rules


def _parse_lines(text: str, name: str) -> list[Rule]:
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        origin = f"{name} line {number}"
        cols = line.split("\t")
        if line.startswith("@"):
            kind, *cols = cols
            kind = kind[1:]
            if kind == "url" and len(cols) == 1:
                rules.append(Rule(kind, cols[0].strip(), "", "", origin))
                continue
            if kind == "protect" and len(cols) == 1:
                rules.append(Rule(kind, cols[0], cols[0], "", origin))
                continue
            if kind in KINDS[2:] and len(cols) in (2, 3 if kind == "replace-after" else 2):
                rules.append(Rule(kind, cols[0], cols[1], cols[2] if len(cols) == 3 else "", origin))
                continue
        elif len(cols) == 1 or (len(cols) == 2 and not cols[1].strip()):
            rules.append(Rule("protect", cols[0].strip(), cols[0].strip(), "", origin))
            continue
        elif len(cols) == 2:
            rules.append(Rule("fix", cols[0].strip(), cols[1].strip(), "", origin))
            continue
        raise InputError(f"line {number}: expected {LINE_FORMS}", name)
    return rules


def _valid(rules: list[Rule], name: str) -> tuple[Rule, ...]:
    for r in rules:
        if r.kind == "url":
            if not is_address(r.find):
                raise InputError(f"{r.origin}: the page address {r.find!r} is not an absolute http or https address", name)
            continue
        if not isinstance(r.find, str) or not isinstance(r.replace, str) or not r.find:
            raise InputError(f"{r.origin}: 'find' must be non-empty text", name)
        if r.kind in ("protect", "fix") and (not r.replace or len(r.find) != len(r.replace)):
            raise InputError(f"{r.origin}: {r.find} -> {r.replace}: both sides must have the same length", name)
    return tuple(rules)


def is_address(value: str) -> bool:
    """An absolute http(s) address a page can have: scheme, host, no spaces.

    >>> is_address("https://www.gov.cn/a.html"), is_address("/a.html"), is_address("ftp://x.cn/a")
    (True, False, False)
    """
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in value)


def page_address(rules: tuple[Rule, ...]) -> Rule | None:
    """The `url` rule of a rules file (the last one, when several), or None."""
    found = [r for r in rules if r.kind == "url"]
    return found[-1] if found else None


def fix_entries(rules: tuple[Rule, ...]) -> tuple[tuple[str, str], ...]:
    """The fixes as dictionary entries (simplified, traditional), a later rule winning on the same term."""
    return tuple({r.find: r.replace for r in rules if r.kind == "fix"}.items())


def conversion_entries(rules: tuple[Rule, ...]) -> tuple[tuple[str, str], ...]:
    """Fixes and protected terms (a term paired with itself) as dictionary entries, for converting
    text alone (`fanjian convert`); a notice's protected terms are also recorded as such."""
    pairs = {r.find: r.replace for r in rules if r.kind in ("protect", "fix")}
    return tuple(pairs.items())


def rules_digest(source) -> str:
    """Part of the skip-if-unchanged key: editing a rules file reprocesses its notice."""
    return hashlib.sha256(source.rules.encode("utf-8")).hexdigest() if source.rules_path else ""


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


__all__ = ["KINDS", "Rule", "apply_after", "apply_before", "conversion_entries", "fix_entries", "is_address",
           "page_address", "parse_rules", "rules_digest"]
