"""Character defaults the conversion recorded (`Rendition.ambiguities`) as findings: one
per character and choice, after the checks' own findings (info or warning: the decision
stands; the review page lists them in their own section).
"""

from __future__ import annotations

import dataclasses

from fanjian.model import Ambiguity, Finding, Rendition, Report


def findings(rendition: Rendition) -> list[Finding]:
    """One finding per character and choice: the count, where it first occurs, in context."""
    groups: dict[tuple[str, str, str], list[Ambiguity]] = {}
    for a in rendition.ambiguities:
        groups.setdefault((a.severity, a.char, a.chosen), []).append(a)
    out = []
    for (severity, _char, chosen), items in sorted(groups.items(), key=lambda g: (g[0][0] != "warning", g[0][1:])):
        first = items[0]
        where = f"{first.context[0]}[{chosen}]{first.context[1]}"
        times = f"{len(items)} times, first " if len(items) > 1 else ""
        out.append(Finding(severity, "ambiguous-char", f"{first.reason}; {times}{where}", rendition.target, first.location))
    return out


def with_flags(report: Report, renditions: dict[str, Rendition]) -> Report:
    """The report with the character defaults after the checks' findings (info or warning:
    the decision stands; the review page lists them first, in their own section)."""
    flags = sorted((f for r in renditions.values() for f in findings(r)), key=lambda f: f.severity != "warning")
    return dataclasses.replace(report, findings=report.findings + tuple(flags)) if flags else report


__all__ = ["findings", "with_flags"]
