"""The top of the review page, what an editor reads first: the decision, each error on one
line linked to the exact place (highlighted in the rendition's column), then the warnings
and the flags worth a look, then everything else collapsed.

Labels are Chinese, the page's language; the English of each is in its `title`, and a
finding's full English message is in its line's `title`.
"""

from __future__ import annotations

import re
from functools import cache

from fanjian.data import read_tsv
from fanjian.emit.html import Markup, h, label
from fanjian.zh.script import fold


@cache
def _labels() -> dict[str, tuple[str, str]]:
    return {key: (zh, en) for key, zh, en in read_tsv("review_labels.tsv")}


def words(key: str) -> tuple[str, str]:
    """(Chinese, English) for a key of data/review_labels.tsv; the key itself when unknown."""
    return _labels().get(key, (key, key))


def say(key: str, tag: str = "span", **attrs) -> Markup:
    """An element holding the Chinese label, its English as the title."""
    zh, en = words(key)
    return h(tag, zh, title=en, **attrs)


# Changes of these kinds were decided by a rule or a tagger, not by OpenCC: always shown.
ALWAYS_SHOWN_CHANGES = frozenset({"boundary", "word"})
NAME_REASON = re.compile(r"\bname\b", re.I)
_BLOCK = re.compile(r"block (\d+)(?: cell (\d+)\.(\d+))?$")


def always_shown(change: dict) -> bool:
    """A phrase pick refused across a word boundary, a word-level form, or a name a rule or tagger decided."""
    return change.get("kind") in ALWAYS_SHOWN_CHANGES or (change.get("kind") == "protect"
                                                          and bool(NAME_REASON.search(change.get("reason", ""))))


def kind_words(kind: str) -> tuple[str, str]:
    """A finding kind in Chinese and English: person-missing -> 人名缺失."""
    if kind in _labels():
        return words(kind)
    head, _, tail = kind.rpartition("-")
    if head in _labels() and tail in ("missing", "added"):
        return words(head)[0] + words(tail)[0], kind
    return kind, kind


def anchor(target: str, location: str) -> str:
    """The id of the element a finding points to in the column of `target`."""
    m = _BLOCK.match(location)
    if m:
        return f"at-{target}-block-{m.group(1)}"
    return f"at-{target}-meta-title" if location == "meta.title" else f"at-{target}-meta"


def where_words(location: str) -> str:
    m = _BLOCK.match(location)
    if m:
        out = words("block")[0].format(int(m.group(1)) + 1)
        if m.group(2) is not None:
            out += words("cell")[0].format(int(m.group(2)) + 1, int(m.group(3)) + 1)
        return out
    if location.startswith("meta."):
        field = location[5:]
        try:
            return label(field)
        except KeyError:
            return field
    return location


def detail(finding: dict) -> str:
    """The message after its lead (`numbers differ: 1600亿元 missing` -> `1600亿元 缺失`)."""
    message = finding.get("message", "")
    _, sep, rest = message.partition(": ")
    text = rest if sep and finding.get("kind") != "ambiguous-char" else message
    if finding.get("kind") in ("number-changed", "value-changed"):
        text = text.replace(" missing", " " + words("missing")[0]).replace(" added", " " + words("added")[0])
        text = text.replace(", ", "，")
    return text


def error_terms(finding: dict) -> list[str]:
    """The exact text a finding is about, as it stands in the rendition (folded): the added
    numbers, the other form of a name, the characters of the other script."""
    kind, message = finding.get("kind", ""), finding.get("message", "")
    _, _, rest = message.partition(": ")
    if kind in ("number-changed", "value-changed"):
        return [item[: -len(" added")] for item in rest.split(", ") if item.endswith(" added")]
    if kind == "person-altered":
        return [message.partition(" written as ")[2]]
    if kind == "written-two-ways":
        return rest.split(" / ")
    if kind == "wrong-script":
        return list(rest)
    return []


def error_spans(text: str, finding: dict) -> list[tuple[int, int]]:
    """Where the finding's terms are in `text` (compared folded: 億 finds 亿), in order, not overlapping."""
    folded = fold(text)
    spans = []
    for term in filter(None, error_terms(finding)):
        key = fold(term)
        start = folded.find(key)
        while start >= 0:
            spans.append((start, start + len(key)))
            start = folded.find(key, start + len(key))
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


def finding_item(finding: dict, first_target: str) -> Markup:
    """One line: kind, rendition and place, detail; linked to the place; English in the title."""
    zh, en = kind_words(finding.get("kind", ""))
    target = finding.get("target") or first_target
    place = " ".join(filter(None, [label(finding["target"]) if finding.get("target") else "",
                                   where_words(finding.get("location", ""))]))
    title = f"{finding.get('severity', '')} ({en}): {finding.get('message', '')}"
    text = f"{zh}｜{place}：{detail(finding)}" if place else f"{zh}：{detail(finding)}"
    return h("li", h("a", text, href=f"#{anchor(target, finding.get('location', ''))}", title=title),
             class_=finding.get("severity", "info"))


def banner(bundle: dict, errors: list[dict]) -> Markup:
    """The decision, big and coloured, with each error on one line."""
    decision = bundle.get("decision", "hold")
    first = next(iter(bundle.get("renditions", {})), "")
    head = say(f"decision-{decision}", "h2")
    body = (h("ol", *[finding_item(f, first) for f in errors], class_="errors") if errors
            else say("no-errors", "p"))
    return h("section", head, body, id="decision", class_=f"decision {decision}", role="status")


def findings_section(id_: str, key: str, findings: list[dict], first_target: str) -> Markup | None:
    if not findings:
        return None
    zh, en = words(key)
    return h("section", h("h2", f"{zh} ({len(findings)})", title=en),
             h("ul", *[finding_item(f, first_target) for f in findings]), id=id_)


def changes_shown(bundle: dict) -> list[tuple[str, dict]]:
    """(target, change) of the changes always shown to an editor."""
    return [(t, c) for t, r in bundle.get("renditions", {}).items() for c in r.get("changes", []) if always_shown(c)]


def decided_section(bundle: dict) -> Markup | None:
    """Names and words a rule or tagger decided: always listed, with the reason."""
    shown = changes_shown(bundle)
    if not shown:
        return None
    zh, en = words("decided")
    items = [h("li", h("span", label(t)), "：", h("mark", c.get("text", ""), class_="change"),
               f"（OpenCC：{c.get('opencc', '')}）", words(f"src-{c.get('kind', '')}")[0], "：", c.get("reason", ""),
               class_="warning") for t, c in shown]
    return h("section", h("h2", f"{zh} ({len(shown)})", title=en),
             h("ul", *items), id="decided")


RULE_KINDS = ("replace-before", "replace-after")


def change_rows(renditions: dict, rules_log: list[dict]) -> list[tuple[str, ...]]:
    """(source, target, where, before, after, reason) of every change the conversion and a
    rules file made (repairs and chrome have their own lists)."""
    rows = [(words(f"src-{c.get('kind', '')}")[0] if f"src-{c.get('kind', '')}" in _labels() else c.get("kind", ""),
             t, "", c.get("opencc", ""), c.get("text", ""), c.get("reason", ""))
            for t, r in renditions.items() for c in r.get("changes", [])]
    rows += [(f"{words('src-rules')[0]} {e['kind']}", e.get("target", ""), where_words(e.get("location", "")),
              e.get("before", ""), e.get("after", ""), f"{e.get('rule', '')} ×{e.get('count', 1)}")
             for e in rules_log if e.get("kind") in RULE_KINDS]
    return rows


__all__ = [
    "ALWAYS_SHOWN_CHANGES",
    "always_shown",
    "anchor",
    "banner",
    "change_rows",
    "changes_shown",
    "decided_section",
    "detail",
    "error_spans",
    "error_terms",
    "finding_item",
    "findings_section",
    "kind_words",
    "say",
    "where_words",
    "words",
]
