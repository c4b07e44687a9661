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

from fanjian.emit.html import BASE_CSS, SLOT, Markup, around, each, fill, fragment, h, label, page, shape
from fanjian.emit.review_flags import put_ambiguities

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
sup a{margin:0;font-size:.75em}
@media print{.columns{display:block}.columns>section{border:0;break-inside:auto}}
"""
def _squash(line: str) -> str:
    """The line without its blanks (`str.split` splits where the pattern `\\s` matches)."""
    return "".join(line.split())


def _squashed_lines(text: str) -> list[str]:
    return [_squash(line) for line in text.split("\n")]


def _chrome_set(chrome: list[str]) -> set[str]:
    """The chrome lines squashed; a line of blanks alone is never taken for chrome."""
    squashed = {_squash(c) for c in chrome}
    squashed.discard("")
    return squashed


@lru_cache(maxsize=1024)
def _repair_marks(kind: str, before: str, after: str) -> str:
    """A repair in place (a `fill` piece): what it removed struck out, what it put in.
    Cached: most repairs of a notice are a few kinds of the same change (a comma's width)."""
    title = f"{kind}: {before!r} → {after!r}"
    marks = [h("del", before, class_="repair", title=title)] if before else []
    if after:
        marks.append(h("ins", after, class_="repair", title=title))
    return shape(fragment(*marks))


@lru_cache(maxsize=1024)
def _repair_link(number: int) -> str:
    """The footnote link to row `number` of the repairs table (a `fill` piece): the same on every page."""
    return shape(h("sup", h("a", str(number), href=f"#repair-{number}")))


# Where a line of the received text starts in its `fill` format, until the line is known
# to be chrome or not. XML forbids the character, so nothing `h` writes holds it.
_LINE = "\x01"


def _put_lines(fmt: list, texts: list, segment: str, next_line: str) -> None:
    """A segment of the received text: a slot per piece, a line break at each line end."""
    if "\n" not in segment:  # most text between two repairs is within one line
        if segment:
            fmt.append("%s")
            texts.append(segment)
        return
    pieces = segment.split("\n")
    fmt.append(("%s" + next_line) * (len(pieces) - 1) + "%s")
    texts += pieces


def received_text(text: str, repairs: list[dict], chrome: list[str]) -> tuple[str, list[str]]:
    """Lines of a text source with its repairs marked in place and chrome lines struck,
    as a `fill` format and its texts: each line a <span>.

    A line is chrome when, repaired, it is a chrome line; only a line end of the text
    itself ends a line (one inside a repair is within its marks).
    """
    chrome_set = _chrome_set(chrome)
    spans = [(r["start"], r["end"], i, r) for i, r in enumerate(repairs) if 0 <= r["start"] <= r["end"] <= len(text)]
    spans.sort()
    start, end = around("span")
    next_line = end + "\n" + _LINE
    fmt: list[str] = [_LINE]
    texts: list[str] = []
    repaired: list[str] = []  # the text after repair, line ends only where lines end

    pos = 0
    for begin, stop, i, repair in spans:
        if begin < pos:  # overlapping spans cannot both be shown in place; the table lists it
            continue
        if begin > pos:
            segment = text[pos:begin]
            _put_lines(fmt, texts, segment, next_line)
            repaired.append(segment)
        after = repair["after"]
        fmt += (_repair_marks(repair["kind"], repair["before"], after), _repair_link(i + 1))
        repaired.append(after.replace("\n", ""))  # a blank to chrome's squashing, and no line end
        pos = stop
    tail = text[pos:]
    _put_lines(fmt, texts, tail, next_line)
    fmt.append(end + "\n")
    if not chrome_set:
        return "".join(fmt).replace(_LINE, start), texts
    repaired.append(tail)
    chrome_start, _ = around("span", class_="chrome", title=label("chrome"))
    starts = [chrome_start if line in chrome_set else start for line in _squashed_lines("".join(repaired))]
    lines = "".join(fmt).split(_LINE)[1:]
    return "".join([piece for pair in zip(starts, lines) for piece in pair]), texts


def received_html(lines: list[str], chrome: list[str]) -> tuple[str, list[str]]:
    """The lines an HTML source displays (`Notice.shown`), chrome lines struck, as a `fill` format and its texts."""
    chrome_set = _chrome_set(chrome)
    if not chrome_set:
        return "%s\n" * len(lines), lines
    chrome_line = "%s".join(around("span", class_="chrome", title=label("chrome"))) + "\n"
    # The lines are stripped and hold no line end: squashed together, then split.
    return "".join([chrome_line if line in chrome_set else "%s\n" for line in _squashed_lines("\n".join(lines))]), lines


def _marked(text: str, pattern: re.Pattern | None, changes: dict) -> list:
    """Text with every conversion change wrapped in <mark>, its reason in the title."""
    if pattern is None:
        return [text]
    parts, pos = [], 0
    for m in pattern.finditer(text):
        change = changes[m.group(0)]
        parts += [text[pos:m.start()], h("mark", m.group(0), class_="change",
                                             title=f"{change['kind']}: OpenCC → {change['opencc']}; {change.get('reason', '')}")]
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


def _put_blocks(fmt: list, texts: list, blocks: list[dict], flagged: dict, pattern: re.Pattern | None, changes: dict) -> None:
    """The blocks of one rendition column as `fill` pieces."""
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
            attrs = {"class_": "flagged", "title": finding["message"]} if finding else {}
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
            el_start, el_end = around(tag, class_="flagged", title=finding["message"])
            if tag == "li":
                el_start, el_end = around("ul")[0] + el_start, el_end + around("ul")[1]
        else:
            el_start, _, el_end = _BLOCK_FORMATS.get(kind, _PARAGRAPH).partition("%s")
        fmt.append(el_start)
        _put_marked(fmt, texts, block.get("text", ""), pattern, changes)
        fmt.append(el_end)


@lru_cache(maxsize=64)
def _column_start(target: str) -> str:
    """A rendition column's start tag and heading, linking the rendition's page."""
    heading = h("h2", label(target, target), h("sup", " ", h("a", f"{target}.html", href=f"{target}.html")))
    return around("section", lang=target, class_="rendition")[0] + shape(heading)


_BLOCK_AT = re.compile(r"block (\d+)(?: cell |$)")  # check's locations: block N, block N cell r.c


def _put_column(fmt: list, texts: list, target: str, rendition: dict, findings: list[dict]) -> None:
    """One rendition column as `fill` pieces."""
    changes = {c["text"]: c for c in rendition.get("changes", []) if c.get("text")}
    pattern = re.compile("|".join(map(re.escape, sorted(changes, key=len, reverse=True)))) if changes else None
    # A check's error or warning about block N of this rendition (or of the source: target
    # ""), or one of its cells, flags that block; the first error before any warning.
    # Character defaults (ambiguous-char) have their own section, with context.
    flagged: dict[str, dict] = {}
    for f in sorted(findings, key=lambda f: f.get("severity") != "error"):
        at = _BLOCK_AT.match(f.get("location", ""))
        if at and f.get("severity") in ("error", "warning") and f.get("kind") != "ambiguous-char" \
                and f.get("target", "") in ("", target):
            flagged.setdefault(at.group(1), f)
    fmt.append(_column_start(target))
    own = [f for f in findings if f.get("target") == target]
    if own:
        _put_findings(fmt, texts, own, with_place=False)
    meta = rendition.get("meta", {})
    fmt.append(_H3[0])
    _put_marked(fmt, texts, rendition.get("title", ""), pattern, changes)
    fmt.append(_H3[1])
    _put_blocks(fmt, texts, rendition.get("blocks", []), flagged, pattern, changes)
    if meta.get("source") or meta.get("published"):
        fmt.append(_META)
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
_FINDINGS_START = around("section", id="findings")[0] + shape(h("h2", label("findings")))
_COLUMNS_START = (around("div", class_="columns")[0] + around("section", class_="source", lang="zh")[0]
                  + shape(h("h2", label("received"))) + around("pre", class_="received")[0])
_RECEIVED_END = around("pre")[1] + _SECTION_END
_REPAIR_HEADERS = ("#", "kind", "start–end", label("before"), label("after"))
_CHANGE_HEADERS = ("target", "kind", label("after"), "OpenCC", "reason")


def render_review(bundle: dict, received: str, source_format: str = "text", page_lines: tuple[str, ...] = ()) -> bytes:
    """The review page of one notice, from its bundle and the text as decoded (`received`);
    for an HTML source, the lines its page displays as the clean stage read them (`page_lines`, from `fanjian.clean.visible_lines`).

    The whole body is one `fill`: its elements as one format, every text escaped in one pass.
    """
    findings = bundle.get("findings", [])
    repairs = bundle.get("repairs", [])
    chrome = bundle.get("chrome", [])
    renditions = bundle.get("renditions", {})
    title = bundle.get("meta", {}).get("title") or bundle["id"]
    source = bundle.get("source", {})
    decoding = bundle.get("decoding", {})
    fmt: list[str] = [_header_format(tuple(renditions))]
    texts: list = [f"{label('review')}：{title}",
                   f"{label('source')}：{source.get('path', '')}　{decoding.get('encoding', '')} ({decoding.get('method', '')})　"
                   f"{label('decision')}：{label(bundle.get('decision', 'hold'))}"]
    put_ambiguities(fmt, texts, bundle)

    fmt.append(_FINDINGS_START)
    if findings:
        _put_findings(fmt, texts, findings, with_place=True)
    else:
        fmt.append(_NONE)
    fmt.append(_SECTION_END)

    shown, shown_texts = received_text(received, repairs, chrome) if source_format == "text" else received_html(list(page_lines), chrome)
    fmt += (_COLUMNS_START, shown, _RECEIVED_END)
    texts += shown_texts
    for t, r in renditions.items():
        _put_column(fmt, texts, t, r, findings)
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

    change_values = [value for t, r in renditions.items() for c in r.get("changes", [])
                     for value in (t, c["kind"], c["text"], c["opencc"], c.get("reason", ""))]
    fmt.append(_section_start("changes"))
    texts.append(f"{label('changes')} ({len(change_values) // 5})")
    if change_values:
        _put_table(fmt, texts, _CHANGE_HEADERS, _row_format(5, None) * (len(change_values) // 5), change_values)
    else:
        fmt.append(_NONE)
    fmt.append(_SECTION_END)
    return page(f"{label('review')}：{title}", "zh-Hans", [fill("".join(fmt), texts)], REVIEW_CSS)
