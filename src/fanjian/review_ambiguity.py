"""The first section of the review page: each character a machine should not decide alone,
in context, warnings first, so an editor checks a handful of characters, not the notice."""

from __future__ import annotations

from .html_page import each, h, label


def ambiguity_section(bundle: dict):
    rows = []
    for target, rendition in bundle.get("renditions", {}).items():
        for a in rendition.get("ambiguities", []):
            rows.append((a.get("severity") != "warning", target, a))
    rows.sort(key=lambda r: r[0])
    if not rows:
        return h("section", h("h2", f"{label('ambiguities')} (0)"), h("p", label("none")), id="ambiguities")
    items = [h("tr", h("td", f"{a['severity']} {target} {a['location']}", class_=a["severity"]),
               h("td", a["context"][0], h("mark", a["chosen"], class_="ambiguous"), a["context"][1], lang=target),
               each("td", (a["reason"],)))
             for _, target, a in rows]
    head = h("tr", each("th", ("severity, target, location", "context", "choice, alternatives, reason")))
    return h("section", h("h2", f"{label('ambiguities')} ({len(rows)})"),
             h("table", h("thead", head), h("tbody", *items)), id="ambiguities")


__all__ = ["ambiguity_section"]
