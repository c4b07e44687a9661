"""Character defaults the conversion recorded (`Rendition.ambiguities`) as findings: one
per character and choice, after the checks' own findings. The decision stands; the review
page lists them in their own section.

An editor acts on a few flags, not on every 家 and 个: a default is shown (a `warning`)
only when the conversion marked it a warning and its character is often wrong by default
(data/flag_risk.tsv: OpenCC words needing another form, per million occurrences, at least
MIN_RISK), and only the riskiest SHOWN_PER_THOUSAND per 1,000 characters of the notice;
the others are `info`, listed on request. Frequent defaults with few or no such words
(家 向 局: none; 了 个 后: a handful for a very common character) are always info.
"""

from __future__ import annotations

import dataclasses

from fanjian.model import Ambiguity, Finding, Rendition, Report, texts_of
from fanjian.zh.opencc import default_risks

SHOWN_PER_THOUSAND = 5
# Per million occurrences. The defaults above it are wrong often enough to be worth an
# editor's look (干 114, 征 105, 系 54, 里 38, 制 37); below it they are almost always
# right (发 9.8, 并 8.3, 后 3.2, 了 2.1, 个 2.0).
MIN_RISK = 20.0


def shown_budget(renditions: dict[str, Rendition]) -> int:
    """How many ranked flags are shown: SHOWN_PER_THOUSAND per 1,000 characters, at least one."""
    first = next(iter(renditions.values()), None)
    chars = sum(map(len, texts_of(first.meta, first.blocks))) if first else 0
    return max(1, chars * SHOWN_PER_THOUSAND // 1000)


def _groups(rendition: Rendition) -> dict[tuple[str, str], list[Ambiguity]]:
    groups: dict[tuple[str, str], list[Ambiguity]] = {}
    for a in rendition.ambiguities:
        groups.setdefault((a.char, a.chosen), []).append(a)
    return groups


def _finding(target: str, items: list[Ambiguity], severity: str, note: str = "") -> Finding:
    first = items[0]
    where = f"{first.context[0]}[{first.chosen}]{first.context[1]}"
    times = f"{len(items)} times, first " if len(items) > 1 else ""
    return Finding(severity, "ambiguous-char", f"{first.reason}; {times}{where}{note}", target, first.location)


def findings(rendition: Rendition, shown: int | None = None) -> list[Finding]:
    """One finding per character and choice, the count and where it first occurs, in
    context; ranked by risk, then by count. The first `shown` ranked ones are warnings
    (all ranked ones when None), the rest info."""
    risk = default_risks()
    groups = _groups(rendition)
    order = sorted(groups, key=lambda key: (-risk.get(key[0], 0.0), -len(groups[key]), key))
    out = []
    for key in order:
        ranked = risk.get(key[0], 0.0) >= MIN_RISK and groups[key][0].severity == "warning"
        if ranked and (shown is None or shown > 0):
            out.append(_finding(rendition.target, groups[key], "warning"))
            shown = None if shown is None else shown - 1
        elif ranked:
            out.append(_finding(rendition.target, groups[key], "info", " (ranked below the flags shown)"))
        else:
            out.append(_finding(rendition.target, groups[key], "info"))
    return out


def with_flags(report: Report, renditions: dict[str, Rendition]) -> Report:
    """The report with the character defaults after the checks' findings, warnings (the
    flags shown, within the notice's budget) before infos."""
    budget = shown_budget(renditions)
    flags: list[Finding] = []
    for rendition in renditions.values():
        found = findings(rendition, budget)
        budget -= sum(f.severity == "warning" for f in found)
        flags += found
    flags.sort(key=lambda f: f.severity != "warning")
    return dataclasses.replace(report, findings=report.findings + tuple(flags)) if flags else report


__all__ = ["MIN_RISK", "SHOWN_PER_THOUSAND", "findings", "shown_budget", "with_flags"]
