"""Checks of the review issue that `check.check` calls: values in any notation, character
defaults. Kept apart so `check` stays small.
"""

from __future__ import annotations

from fanjian.model import Finding
from fanjian.zh.docnumbers import check_numbers, find
from fanjian.zh.numerals import changed, show


def value_findings(src, doc, same_layout: bool, target: str, flagged: set[str]) -> list[Finding]:
    """A part whose numbers have other values than the source's (一百二十 -> 一百三十) is an
    error, unless the quantity check already reported that part."""
    pairs = ([(label, src.part(i), doc.part(i)) for i, label in enumerate(src.labels)] if same_layout
             else [("", src.folded, doc.folded)])
    out = []
    for location, a, b in pairs:
        if a == b or location in flagged:
            continue
        lost, gained = changed(a, b)
        if lost or gained:
            detail = ", ".join([f"{show(v)} missing" for v in sorted(lost)] + [f"{show(v)} added" for v in sorted(gained)])
            out.append(Finding("error", "value-changed", f"values differ from the source: {detail}", target, location))
    return out


def docnumber_findings(src, doc, target: str) -> list[Finding]:
    """Every 文号 and 索引号 of the source is in the rendition, digits and body unchanged."""
    if "号" not in src.text and "號" not in src.text:
        return []
    numbers = find(src.text)
    return check_numbers(numbers, doc.text, target, "fold", folded=doc.folded) if numbers else []


__all__ = ["docnumber_findings", "value_findings"]
