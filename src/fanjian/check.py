"""Do the renditions say what the source says? Entities, numbers, leftover script.

A notice with any `error` finding is held back; warnings and infos are published
with the notice.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .entities import RISKY_SURNAMES, people
from .model import Entity, Finding, Notice, Rendition, Report
from .script import converter, simplified_only, simplified_view

NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
HOLD_SEVERITIES = frozenset({"error"})


def notice_text(meta_title: str, blocks) -> str:
    parts = [meta_title]
    for b in blocks:
        parts.append(b.text)
        parts.extend("\t".join(row) for row in b.rows)
    return "\n".join(parts)


def numbers(text: str) -> Counter:
    return Counter(NUMBER.findall(text))


TARGET_CONFIG = {"zh-Hant": "s2t", "zh-Hant-TW": "s2tw", "zh-Hant-HK": "s2hk"}


def wrong_script_chars(text: str, target: str, allowed: str = "") -> list[str]:
    """Characters a rendition in `target` should not contain.

    >>> wrong_script_chars("区委書記", "zh-Hans")
    ['書', '記']
    """
    if target == "zh-Hans":
        view = simplified_view(text)
        return [a for a, b in zip(text, view) if a != b and a not in allowed]
    trad = converter(TARGET_CONFIG[target]).convert(text)
    if len(trad) != len(text):
        return []
    back = simplified_view(trad)
    # Simplified-only: s2t changes it and the Traditional form maps straight back to it.
    only = simplified_only()  # 征 占 注 are Traditional too: OpenCC changing them is no leftover
    return [a for a, b, c in zip(text, trad, back) if a != b and c == a and a not in allowed and a in only]


def check(notice: Notice, renditions: dict[str, Rendition], today: date | None = None) -> Report:
    findings: list[Finding] = []
    source_text = notice_text(notice.meta.title, notice.blocks)
    source_numbers = numbers(source_text)
    names = sorted(people(source_text))
    entities = [Entity("person", n, {}) for n in names]
    entities += [Entity("number", n, {}, c) for n, c in sorted(source_numbers.items())]

    for target, rendition in renditions.items():
        text = notice_text(rendition.meta.title, rendition.blocks)
        if len(rendition.blocks) != len(notice.blocks):
            findings.append(Finding("error", "block-count", f"{len(notice.blocks)} blocks in the source, {len(rendition.blocks)} here", target))
        got = numbers(text)
        for value in sorted((source_numbers - got) + (got - source_numbers)):
            findings.append(Finding("error", "number-changed", f"number {value} differs from the source", target))
        view = simplified_view(text)
        for name in names:
            expected = view.count(name)
            kept = text.count(_written(text, view, name)) if expected else 0
            risky = name[0] in RISKY_SURNAMES
            altered = [text[i : i + len(name)] for i in _find_all(view, name) if risky and text[i] != name[0]]
            if altered:
                findings.append(Finding("error", "person-altered", f"{name} written as {altered[0]}", target))
            elif expected == 0 or kept == 0:
                findings.append(Finding("error", "person-missing", f"{name} missing", target))
        allowed = "".join(n[0] for n in names) + "".join(c.text for c in rendition.changes)
        leftovers = wrong_script_chars(text, target, allowed)
        if leftovers:
            sample = "".join(dict.fromkeys(leftovers))[:20]
            findings.append(Finding("error", "wrong-script", f"{len(leftovers)} characters of the other script left: {sample}", target))

    findings += _check_meta(notice, today or date.today())
    decision = "hold" if any(f.severity in HOLD_SEVERITIES for f in findings) else "publish"
    return Report(tuple(entities), tuple(findings), decision)


def _find_all(haystack: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), haystack)]


def _written(text: str, view: str, name: str) -> str:
    positions = _find_all(view, name)
    return text[positions[0] : positions[0] + len(name)] if positions else name


def _check_meta(notice: Notice, today: date) -> list[Finding]:
    published = notice.meta.published
    if not published:
        return [Finding("warning", "no-date", "no publish date found", location="meta.published")]
    try:
        when = date.fromisoformat(published[:10])
    except ValueError:
        return [Finding("error", "bad-date", f"publish date {published!r} does not parse", location="meta.published")]
    if when > today:
        return [Finding("error", "future-date", f"publish date {published} lies in the future", location="meta.published")]
    return []
