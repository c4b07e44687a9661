"""The review page: the source as received beside each rendition, every change marked.

An editor sees in one place what was repaired (struck out, with what replaced it),
which lines were removed as page chrome, where the conversion departed from plain
OpenCC (protected terms, dictionary fixes) and what the checks found. It is built from
the bundle, so it explains exactly what the bundle records.

A text source is shown as received, repairs marked where they happened. An HTML source
is shown as the text its page displays, one block per line: its markup is never
reproduced, so nothing active from it reaches this page either.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat
from operator import itemgetter

from fanjian.emit.html import BASE_CSS, SLOT, Markup, around, each, fill, h, label, page, shape
from fanjian.emit.review_flags import ambiguity_rows, put_ambiguities
from fanjian.emit.review_received import received_html, received_text
from fanjian.emit.review_top import (
    RULE_KINDS,
    anchor,
    banner,
    change_rows,
    decided_section,
    error_spans,
    findings_section,
    words,
)

REVIEW_CSS = BASE_CSS + """
body{max-width:none}
.columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(18em,1fr));gap:1em;align-items:start}
.columns>section{border:1px solid #ccc;padding:0 .8em;min-width:0}
pre.received{white-space:pre-wrap;word-break:break-all;font-family:inherit;margin:0}
del.repair{background:#fdd;color:#900}ins.repair{background:#dfd;text-decoration:none}
.chrome{background:#eee;color:#777;text-decoration:line-through}
mark.change{background:#ffe58a}mark.ambiguous{background:#fcc}
.error{color:#a00}.warning{color:#a60}.info{color:#555}
.flagged{outline:2px solid #a00;outline-offset:2px}
header h1{font-size:1.2em;margin:.3em 0}
.decision{border:3px solid #070;background:#efe;padding:.2em .8em;margin:.5em 0}
.decision.hold{border-color:#a00;background:#fee}
.decision h2{font-size:1.35em;margin:.2em 0}.decision.hold h2{color:#a00}.decision.publish h2{color:#070}
.decision ol{margin:.2em 0;padding-left:1.5em}.decision li a{color:#a00;font-weight:bold}
mark.error{background:#f99;outline:2px solid #a00}
:target{outline:3px solid #06c;outline-offset:2px}
details>summary{cursor:pointer;font-weight:bold}
sup a{margin:0;font-size:.75em}
@media print{.columns{display:block}.columns>section{border:0;break-inside:auto}}
"""
def _marked(text: str, pattern: re.Pattern | None, changes: dict) -> list:
    """Text with every conversion change wrapped in <mark>, its reason in the title."""
    if pattern is None:
        return [text]
    parts, pos = [], 0
    for m in pattern.finditer(text):
        change = changes[m.group(0)]
        parts += [text[pos:m.start()], h("mark", m.group(0), class_="change", title=_change_title(change))]
        pos = m.end()
    return parts + [text[pos:]]


def _put_marked(fmt: list, texts: list, text: str, pattern: re.Pattern | None, changes: dict) -> None:
    """`_marked(text, …)` as `fill` pieces: a slot per text, the marks as markup."""
    if pattern is None:
        fmt.append("%s")
        texts.append(text)
        return
    for part in _marked(text, pattern, changes):
        if type(part) is Markup:
            fmt.append(shape(part))
        else:
            fmt.append("%s")
            texts.append(part)


_PARAGRAPH = "%s".join(around("p"))
# A list item is shown as a list of its own, as each block stands alone here.
_BLOCK_FORMATS = {"heading": "%s".join(around("h4")),
                  "list_item": around("ul")[0] + "%s".join(around("li")) + around("ul")[1]}
_KIND = itemgetter("kind")


def _change_title(change: dict) -> str:
    return f"{change['kind']}: OpenCC → {change['opencc']}; {change.get('reason', '')}"


def _change_at(text: str, start: int, end: int, pattern: re.Pattern | None, changes: dict) -> dict | None:
    """The change a span of `text` lies within, if any."""
    if pattern is None:
        return None
    for m in pattern.finditer(text):
        if m.start() <= start and end <= m.end():
            return changes[m.group(0)]
    return None


def _put_with_errors(fmt: list, texts: list, text: str, finding: dict | None, pattern: re.Pattern | None,
                     changes: dict) -> None:
    """`_put_marked`, with the exact text a finding is about marked as an error."""
    spans = error_spans(text, finding) if finding else []
    pos = 0
    for start, end in spans:
        _put_marked(fmt, texts, text[pos:start], pattern, changes)
        change = _change_at(text, start, end, pattern, changes)
        if change is None:
            fmt.append(shape(h("mark", text[start:end], class_="error", title=finding["message"])))
        else:  # the change that caused the error (a rules file's replacement): both said
            fmt.append(shape(h("mark", text[start:end], class_="error change",
                               title=f"{finding['message']} ← {_change_title(change)}")))
        pos = end
    _put_marked(fmt, texts, text[pos:], pattern, changes)


def _put_blocks(fmt: list, texts: list, blocks: list[dict], flagged: dict, pattern: re.Pattern | None, changes: dict,
                target: str = "") -> None:
    """The blocks of one rendition column as `fill` pieces; a flagged block carries the id
    the findings link to."""
    kinds = list(map(_KIND, blocks))
    if pattern is None and not flagged and "table" not in kinds:  # most columns: text blocks alone
        fmt.append("".join(map(_BLOCK_FORMATS.get, kinds, repeat(_PARAGRAPH, len(kinds)))))
        texts += map(dict.get, blocks, repeat("text", len(kinds)), repeat("", len(kinds)))
        return
    cell, cell_end = around("td")
    row, row_end = around("tr")
    for i, block in enumerate(blocks):
        kind = block["kind"]
        finding = flagged.get(str(i)) if flagged else None
        if kind == "table":
            attrs = {"class_": "flagged", "title": finding["message"], "id": anchor(target, f"block {i}")} if finding else {}
            fmt.append(around("table", **attrs)[0] + around("tbody")[0])
            for cells in block.get("rows", []):
                fmt.append(row)
                for c in cells:
                    fmt.append(cell)
                    _put_marked(fmt, texts, c, pattern, changes)
                    fmt.append(cell_end)
                fmt.append(row_end)
            fmt.append(around("tbody")[1] + around("table")[1])
            continue
        if finding:
            tag = "h4" if kind == "heading" else "li" if kind == "list_item" else "p"
            el_start, el_end = around(tag, class_="flagged", title=finding["message"], id=anchor(target, f"block {i}"))
            if tag == "li":
                el_start, el_end = around("ul")[0] + el_start, el_end + around("ul")[1]
        else:
            el_start, _, el_end = _BLOCK_FORMATS.get(kind, _PARAGRAPH).partition("%s")
        fmt.append(el_start)
        _put_with_errors(fmt, texts, block.get("text", ""), finding, pattern, changes)
        fmt.append(el_end)


@lru_cache(maxsize=64)
def _column_start(target: str) -> str:
    """A rendition column's start tag and heading, linking the rendition's page."""
    heading = h("h2", label(target, target), h("sup", " ", h("a", f"{target}.html", href=f"{target}.html")))
    return around("section", lang=target, class_="rendition")[0] + shape(heading)


_BLOCK_AT = re.compile(r"block (\d+)(?: cell |$)")  # check's locations: block N, block N cell r.c


def _put_column(fmt: list, texts: list, target: str, rendition: dict, findings: list[dict],
                rules_log: list[dict] = ()) -> None:
    """One rendition column as `fill` pieces."""
    changes = {c["text"]: c for c in rendition.get("changes", []) if c.get("text")}
    # What a rules file put in this rendition is marked too, with the rule as its reason.
    for entry in rules_log:
        if entry.get("kind") in RULE_KINDS and entry.get("after") and entry.get("target", "") in ("", target):
            changes.setdefault(entry["after"], {"kind": f"{words('src-rules')[0]} {entry['kind']}", "opencc": entry.get("before", ""),
                                                "reason": f"{entry.get('rule', '')}: {entry.get('before', '')} → {entry['after']}"})
    pattern = re.compile("|".join(map(re.escape, sorted(changes, key=len, reverse=True)))) if changes else None
    # A check's error or warning about block N of this rendition (or of the source: target
    # ""), or one of its cells, flags that block; the first error before any warning.
    # Character defaults (ambiguous-char) have their own section, with context.
    flagged: dict[str, dict] = {}
    title_finding = None
    for f in sorted(findings, key=lambda f: f.get("severity") != "error"):
        if f.get("severity") not in ("error", "warning") or f.get("kind") == "ambiguous-char" \
                or f.get("target", "") not in ("", target):
            continue
        at = _BLOCK_AT.match(f.get("location", ""))
        if at:
            flagged.setdefault(at.group(1), f)
        elif f.get("location") == "meta.title" and title_finding is None:
            title_finding = f
    fmt.append(_column_start(target))
    own = [f for f in findings if f.get("target") == target and f.get("kind") != "ambiguous-char"
           and f.get("severity") in ("error", "warning")]
    if own:
        _put_findings(fmt, texts, own, with_place=False)
    meta = rendition.get("meta", {})
    fmt.append(around("h3", id=anchor(target, "meta.title"))[0])
    _put_with_errors(fmt, texts, rendition.get("title", ""), title_finding, pattern, changes)
    fmt.append(_H3[1])
    _put_blocks(fmt, texts, rendition.get("blocks", []), flagged, pattern, changes, target)
    fmt.append("%s".join(around("p", class_="meta", id=anchor(target, "meta"))))
    texts.append(f"{label('source', target)}：{meta.get('source', '')}　{label('published', target)}：{meta.get('published', '')}")
    fmt.append(_SECTION_END)


def _put_table(fmt: list, texts: list, headers: tuple[str, ...], rows: str, values: list) -> None:
    """A table of `headers` and rows (a `fill` format of <tr> elements, their `values`)."""
    fmt += (_table_start(headers), rows, _TABLE_END)
    texts += values


@lru_cache(maxsize=16)
def _table_start(headers: tuple[str, ...]) -> str:
    return around("table")[0] + shape(h("thead", h("tr", each("th", headers)))) + around("tbody")[0]


@lru_cache(maxsize=1024)
def _row_format(cells: int, row_id: str | None) -> str:
    return shape(h("tr", each("td", [SLOT] * cells), id=row_id))


@lru_cache(maxsize=1024)
def _repair_row(number: int) -> str:
    """Row `number` of the repairs table, its number in place, slots for the repair."""
    return shape(h("tr", each("td", [str(number)] + [SLOT] * 4), id=f"repair-{number}"))


def _put_findings(fmt: list, texts: list, findings: list[dict], with_place: bool) -> None:
    """A <ul> of an <li> per finding, its severity as its class; `with_place`: its target and location too."""
    fmt += (_UL[0], "".join([_finding_item(f["severity"]) for f in findings]), _UL[1])
    if not with_place:
        texts += [f"{f['severity']}: {f['message']}" for f in findings]
        return
    texts += [f"{f['severity']}: {f['message']}" + (f" [{f['target']}]" if f.get("target") else "")
              + (f" ({f['location']})" if f.get("location") else "") for f in findings]


@lru_cache(maxsize=16)
def _finding_item(severity: str) -> str:
    return "%s".join(around("li", class_=severity))


@lru_cache(maxsize=16)
def _header_format(targets: tuple[str, ...]) -> str:
    """The page's header: title and source (two slots), and a link to each rendition."""
    links = [h("a", label(t, t), href=f"{t}.html", hreflang=t, lang=t) for t in targets]
    return shape(h("header", h("h1", SLOT), h("p", SLOT, class_="meta"), h("nav", *links, class_="links")))


def _section_start(id_: str) -> str:
    """A section's start tag and a heading slot."""
    return around("section", id=id_)[0] + _H2


_H2 = "%s".join(around("h2"))
_H3 = around("h3")
_UL = around("ul")
_META = "%s".join(around("p", class_="meta"))
_NONE = shape(h("p", label("none")))
_SECTION_END = around("section")[1]
_TABLE_END = around("tbody")[1] + around("table")[1]
_CHROME_ITEM = shape(h("li", h("del", SLOT, class_="chrome")))
_COLUMNS_START = (around("div", class_="columns")[0] + around("section", class_="source", lang="zh")[0]
                  + shape(h("h2", label("received"))) + around("pre", class_="received")[0])
_RECEIVED_END = around("pre")[1] + _SECTION_END
_REPAIR_HEADERS = ("#", "kind", "start–end", label("before"), label("after"))
CHANGE_HEADERS = tuple(words(k)[0] for k in ("change-source", "target", "change-where", "change-before", "change-after",
                                               "change-reason"))


def render_review(bundle: dict, received: str, source_format: str = "text", page_lines: tuple[str, ...] = ()) -> bytes:
    """The review page of one notice, from its bundle and the text as decoded (`received`);
    for an HTML source, the lines its page displays as the clean stage read them (`page_lines`, from `fanjian.clean.visible_lines`).

    First the decision and each error (linked to its place), the warnings and the flags
    worth a look; the rest collapsed; then the text as received beside each rendition,
    then every change with its reason. The body after the top is one `fill`: its elements
    as one format, every text escaped in one pass.
    """
    findings = bundle.get("findings", [])
    repairs = bundle.get("repairs", [])
    chrome = [c if isinstance(c, str) else c.get("text", "") for c in bundle.get("chrome", [])]
    renditions = bundle.get("renditions", {})
    title = bundle.get("meta", {}).get("title") or bundle["id"]
    source = bundle.get("source", {})
    decoding = bundle.get("decoding", {})
    rules_log = bundle.get("review", {}).get("log", [])
    first = next(iter(renditions), "")
    errors = [f for f in findings if f.get("severity") == "error"]
    warnings = [f for f in findings if f.get("severity") == "warning" and f.get("kind") != "ambiguous-char"]
    infos = [f for f in findings if f.get("severity") == "info" and f.get("kind") != "ambiguous-char"]
    shown, hidden = ambiguity_rows(bundle)

    fmt: list[str] = [_header_format(tuple(renditions)), shape(banner(bundle, errors))]
    texts: list = [f"{label('review')}：{title}",
                   f"{label('source')}：{source.get('path', '')}　{decoding.get('encoding', '')} ({decoding.get('method', '')})　"
                   f"{label('decision')}：{label(bundle.get('decision', 'hold'))}"]
    for section in (findings_section("warnings", "warnings", warnings, first), decided_section(bundle)):
        if section is not None:
            fmt.append(shape(section))
    put_ambiguities(fmt, texts, shown, "ambiguities", words("flags"))
    fmt.append(around("details", id="info")[0] + shape(h("summary", *_summary(len(infos) + len(hidden)))))
    if infos:
        fmt.append(shape(findings_section("findings-info", "info", infos, first)))
    put_ambiguities(fmt, texts, hidden, "ambiguities-info", words("more-flags"))
    fmt.append(around("details")[1])

    shown_text, shown_texts = (received_text(received, repairs, chrome) if source_format == "text"
                               else received_html(list(page_lines), chrome))
    fmt += (_COLUMNS_START, shown_text, _RECEIVED_END)
    texts += shown_texts
    for t, r in renditions.items():
        _put_column(fmt, texts, t, r, findings, rules_log)
    fmt.append(around("div")[1])

    fmt.append(_section_start("repairs"))
    texts.append(f"{label('repairs')} ({len(repairs)})")
    if repairs:
        values = []
        for r in repairs:
            values += (r["kind"], f"{r['start']}–{r['end']}", r["before"], r["after"])
        _put_table(fmt, texts, _REPAIR_HEADERS, "".join(map(_repair_row, range(1, len(repairs) + 1))), values)
    else:
        fmt.append(_NONE)
    fmt.append(_SECTION_END)

    fmt.append(_section_start("chrome"))
    texts.append(f"{label('chrome')} ({len(chrome)})")
    if chrome:
        fmt += (around("ol")[0], _CHROME_ITEM * len(chrome), around("ol")[1])
        texts += chrome
    else:
        fmt.append(_NONE)
    fmt.append(_SECTION_END)

    rows = change_rows(renditions, rules_log)
    fmt.append(_section_start("changes"))
    texts.append(f"{words('all-changes')[0]} ({len(rows)})")
    if rows:
        _put_table(fmt, texts, CHANGE_HEADERS, _row_format(len(CHANGE_HEADERS), None) * len(rows), [v for r in rows for v in r])
    else:
        fmt.append(_NONE)
    fmt.append(_SECTION_END)
    held = bundle.get("decision") != "publish"
    return page(f"{label('review')}：{title}", "zh-Hans", [fill("".join(fmt), texts)], REVIEW_CSS, noindex=held)


def _summary(count: int) -> list:
    zh, en = words("info")
    return [h("span", f"{zh} ({count})", title=en)]
