"""The first section of the review page: each character a machine should not decide alone,
in context, warnings first, so an editor checks a handful of characters, not the notice."""

from __future__ import annotations

from functools import lru_cache

from .html_page import SLOT, each, fill, h, label, shape


def ambiguity_section(bundle: dict):
    rows = []
    for target, rendition in bundle.get("renditions", {}).items():
        for a in rendition.get("ambiguities", []):
            rows.append((a.get("severity") != "warning", target, a))
    rows.sort(key=lambda r: r[0])
    if not rows:
        return h("section", h("h2", f"{label('ambiguities')} (0)"), h("p", label("none")), id="ambiguities")
    # Every row's texts escaped in one pass (`fill`), not one `h` call per cell.
    fmt = [_row_format(a["severity"], target) for _, target, a in rows]
    texts = [text for _, target, a in rows
             for text in (f"{a['severity']} {target} {a['location']}", a["context"][0], a["chosen"], a["context"][1], a["reason"])]
    head = h("tr", each("th", ("severity, target, location", "context", "choice, alternatives, reason")))
    return h("section", h("h2", f"{label('ambiguities')} ({len(rows)})"),
             h("table", h("thead", head), h("tbody", fill("".join(fmt), texts))), id="ambiguities")


@lru_cache(maxsize=64)
def _row_format(severity: str, target: str) -> str:
    return shape(h("tr", h("td", SLOT, class_=severity),
                   h("td", SLOT, h("mark", SLOT, class_="ambiguous"), SLOT, lang=target), h("td", SLOT)))


__all__ = ["ambiguity_section"]
