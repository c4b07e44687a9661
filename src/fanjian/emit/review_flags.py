"""The review page's tables of character defaults, in context: the ones worth a look (the
check's `ambiguous-char` warnings, ranked and capped there) near the top, the rest in the
collapsed section, so an editor checks a handful of characters, not the notice."""

from __future__ import annotations

from functools import lru_cache

from fanjian.emit.html import SLOT, around, each, h, label, shape


def ambiguity_rows(bundle: dict) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """(target, ambiguity) rows shown by default and on request: shown when the check
    listed its character and choice as a warning for that rendition."""
    shown_keys = {(f.get("target", ""), f.get("message", "").partition(":")[0])
                  for f in bundle.get("findings", []) if f.get("kind") == "ambiguous-char" and f.get("severity") == "warning"}
    shown, hidden = [], []
    for target, rendition in bundle.get("renditions", {}).items():
        for a in rendition.get("ambiguities", []):
            key = (target, f"{a['char']} -> {a['chosen']}")
            (shown if key in shown_keys else hidden).append((target, a))
    return shown, hidden


def put_ambiguities(fmt: list, texts: list, rows: list[tuple[str, dict]], id_: str, heading: tuple[str, str]) -> None:
    """A section of `rows` as pieces of a `fill` format (`fmt`) and their texts: every row's
    texts escaped in the one pass of the page, not one `h` call per cell."""
    zh, en = heading
    if not rows:
        fmt.append(shape(h("section", h("h2", f"{zh} (0)", title=en), h("p", label("none")), id=id_)))
        return
    fmt.append(_section_start(id_, en))
    texts.append(f"{zh} ({len(rows)})")
    fmt += [_row_format(a["severity"], target) for target, a in rows]
    texts += [text for target, a in rows
              for text in (f"{label(target)} {a['location']}", a["context"][0], a["chosen"], a["context"][1], a["reason"])]
    fmt.append(_SECTION_END)


@lru_cache(maxsize=8)
def _section_start(id_: str, title: str) -> str:
    return (around("section", id=id_)[0] + "%s".join(around("h2", title=title)) + around("table")[0]
            + shape(h("thead", h("tr", each("th", ("译本、位置", "上下文", "选择、其他写法、原因")))))
            + around("tbody")[0])


_SECTION_END = around("tbody")[1] + around("table")[1] + around("section")[1]


@lru_cache(maxsize=64)
def _row_format(severity: str, target: str) -> str:
    return shape(h("tr", h("td", SLOT, class_=severity),
                   h("td", SLOT, h("mark", SLOT, class_="ambiguous"), SLOT, lang=target), h("td", SLOT)))


__all__ = ["ambiguity_rows", "put_ambiguities"]
