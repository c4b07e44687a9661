"""The first section of the review page: each character a machine should not decide alone,
in context, warnings first, so an editor checks a handful of characters, not the notice."""

from __future__ import annotations

from functools import lru_cache

from fanjian.emit.html import SLOT, around, each, h, label, shape


def put_ambiguities(fmt: list, texts: list, bundle: dict) -> None:
    """The section as pieces of a `fill` format (`fmt`) and their texts: every row's texts
    escaped in the one pass of the page, not one `h` call per cell."""
    rows = []
    for target, rendition in bundle.get("renditions", {}).items():
        for a in rendition.get("ambiguities", []):
            rows.append((a.get("severity") != "warning", target, a))
    rows.sort(key=lambda r: r[0])
    if not rows:
        fmt.append(_NONE_SECTION)
        return
    fmt.append(_SECTION_START)
    texts.append(f"{label('ambiguities')} ({len(rows)})")
    fmt += [_row_format(a["severity"], target) for _, target, a in rows]
    texts += [text for _, target, a in rows
              for text in (f"{a['severity']} {target} {a['location']}", a["context"][0], a["chosen"], a["context"][1], a["reason"])]
    fmt.append(_SECTION_END)


_NONE_SECTION = shape(h("section", h("h2", f"{label('ambiguities')} (0)"), h("p", label("none")), id="ambiguities"))
_SECTION_START = (around("section", id="ambiguities")[0] + "%s".join(around("h2")) + around("table")[0]
                  + shape(h("thead", h("tr", each("th", ("severity, target, location", "context", "choice, alternatives, reason")))))
                  + around("tbody")[0])
_SECTION_END = around("tbody")[1] + around("table")[1] + around("section")[1]


@lru_cache(maxsize=64)
def _row_format(severity: str, target: str) -> str:
    return shape(h("tr", h("td", SLOT, class_=severity),
                   h("td", SLOT, h("mark", SLOT, class_="ambiguous"), SLOT, lang=target), h("td", SLOT)))


__all__ = ["put_ambiguities"]
