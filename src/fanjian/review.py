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

from lxml import etree
from lxml import html as lxml_html

from .html_page import BASE_CSS, SLOT, Markup, around, each, fill, fragment, h, label, page, shape
from .review_ambiguity import ambiguity_section

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
DROPPED_TAGS = ("script", "style", "noscript", "iframe", "frame", "object", "embed", "template", "svg", "math", "head")
DROPPED_BLOCK = re.compile(r"<(%s)\b.*?</\1\s*>" % "|".join(DROPPED_TAGS), re.I | re.S)
TAG = re.compile(r"<[^>]*>")
SPACES = re.compile(r"\s+")
LINE_TAGS = ("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article", "dd", "dt", "title")


def visible_lines(markup: str) -> list[str]:
    """The text an HTML page displays, one line per block; scripts, styles and frames dropped.

    >>> visible_lines('<p>甲<script>alert(1)</script></p><div onclick="x()">乙<br>丙</div>')
    ['甲', '乙', '丙']
    """
    parser = lxml_html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False)
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):  # nothing parseable: strip by pattern instead
        text = DROPPED_BLOCK.sub("\n", markup)
        return [line.strip() for line in TAG.sub("\n", text).splitlines() if line.strip()]
    for el in list(root.iter(*DROPPED_TAGS)):
        el.drop_tree()
    for el in root.iter(*LINE_TAGS):
        el.tail = "\n" + (el.tail or "")
    text = root.text_content()
    return [line.strip() for line in text.splitlines() if line.strip()]


def _squash(line: str) -> str:
    return SPACES.sub("", line)


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


def received_text(text: str, repairs: list[dict], chrome: list[str]) -> list:
    """Lines of a text source with its repairs marked in place and chrome lines struck.

    Each line a <span>, all written by one `fill`: `fmt` gets the markup, `texts` the text.
    """
    chrome_set = {_squash(c) for c in chrome}
    spans = sorted((r["start"], r["end"], i, r) for i, r in enumerate(repairs) if 0 <= r["start"] <= r["end"] <= len(text))
    start, end = around("span")
    line_end = end + "\n"
    fmt: list = [None]  # None: the start tag of a line, known once the line is (chrome or not)
    texts: list[str] = []
    starts = [0]  # where each line's start tag goes in fmt
    plain: list[str] = [""]  # each line after repair, to recognise chrome

    def put_plain(segment: str) -> None:
        if "\n" not in segment:  # most text between two repairs is within one line
            if segment:
                fmt.append("%s")
                texts.append(segment)
                plain[-1] += segment
            return
        for k, piece in enumerate(segment.split("\n")):
            if k:
                fmt.append(line_end)
                starts.append(len(fmt))
                fmt.append(None)
                plain.append("")
            if piece:
                fmt.append("%s")
                texts.append(piece)
                plain[-1] += piece

    pos = 0
    for begin, stop, i, repair in spans:
        if begin < pos:  # overlapping spans cannot both be shown in place; the table lists it
            continue
        put_plain(text[pos:begin])
        fmt += (_repair_marks(repair["kind"], repair["before"], repair["after"]), _repair_link(i + 1))
        plain[-1] += repair["after"]
        pos = stop
    put_plain(text[pos:])
    fmt.append(line_end)
    chrome_start, _ = around("span", class_="chrome", title=label("chrome"))
    for at, after in zip(starts, plain):
        fmt[at] = chrome_start if chrome_set and after.strip() and _squash(after) in chrome_set else start
    return [fill("".join(fmt), texts)]


def received_html(markup: str, chrome: list[str]) -> list:
    chrome_set = {_squash(c) for c in chrome}
    chrome_line = "%s".join(around("span", class_="chrome", title=label("chrome"))) + "\n"
    lines = visible_lines(markup)
    fmt = [chrome_line if _squash(line) in chrome_set else "%s\n" for line in lines]
    return [fill("".join(fmt), lines)]


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


def _blocks(target: str, blocks: list[dict], flagged: dict, pattern: re.Pattern | None, changes: dict):
    """The blocks of one rendition column, written by one `fill`."""
    fmt: list[str] = []
    texts: list[str] = []
    cell, cell_end = around("td")
    row, row_end = around("tr")
    # A list item is shown as a list of its own, as each block stands alone here.
    plain = {"heading": around("h4"), "list_item": (around("ul")[0] + around("li")[0], around("li")[1] + around("ul")[1])}
    paragraph = around("p")
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
            el_start, el_end = plain.get(kind, paragraph)
        fmt.append(el_start)
        if pattern is None:
            fmt.append("%s")
            texts.append(block.get("text", ""))
        else:
            _put_marked(fmt, texts, block.get("text", ""), pattern, changes)
        fmt.append(el_end)
    return fill("".join(fmt), texts)


def rendition_column(target: str, rendition: dict, findings: list[dict]) -> object:
    changes = {c["text"]: c for c in rendition.get("changes", []) if c.get("text")}
    pattern = re.compile("|".join(map(re.escape, sorted(changes, key=len, reverse=True)))) if changes else None
    # A finding about block N of this rendition (or of the source: target "") flags that block.
    flagged = {f["location"]: f for f in findings
               if f.get("location", "").isdigit() and f.get("target", "") in ("", target)}
    body = [h("h2", label(target, target), h("sup", " ", h("a", f"{target}.html", href=f"{target}.html")))]
    own = [f for f in findings if f.get("target") == target]
    if own:
        body.append(h("ul", _finding_items(own, with_place=False)))
    meta = rendition.get("meta", {})
    body.append(h("h3", *_marked(rendition.get("title", ""), pattern, changes)))
    body.append(_blocks(target, rendition.get("blocks", []), flagged, pattern, changes))
    if meta.get("source") or meta.get("published"):
        body.append(h("p", f"{label('source', target)}：{meta.get('source', '')}　"
                           f"{label('published', target)}：{meta.get('published', '')}", class_="meta"))
    return h("section", *body, lang=target, class_="rendition")


def _table(headers: list[str], rows: list[list], row_ids: list[str] | None = None):
    head = h("tr", each("th", headers))
    fmt = [_row_format(len(row), row_ids[i] if row_ids else None) for i, row in enumerate(rows)]
    return h("table", h("thead", head), h("tbody", fill("".join(fmt), [value for row in rows for value in row])))


@lru_cache(maxsize=1024)
def _row_format(cells: int, row_id: str | None) -> str:
    return shape(h("tr", each("td", [SLOT] * cells), id=row_id))


def _finding_items(findings: list[dict], with_place: bool):
    """An <li> per finding, its severity as its class; `with_place`: its target and location too."""
    fmt = "".join("%s".join(around("li", class_=f["severity"])) for f in findings)
    if not with_place:
        return fill(fmt, [f"{f['severity']}: {f['message']}" for f in findings])
    return fill(fmt, [f"{f['severity']}: {f['message']}" + (f" [{f['target']}]" if f.get("target") else "")
                      + (f" ({f['location']})" if f.get("location") else "") for f in findings])


_CHROME_ITEM = shape(h("li", h("del", SLOT, class_="chrome")))


def render_review(bundle: dict, received: str, source_format: str = "text") -> bytes:
    """The review page of one notice, from its bundle and the text as decoded."""
    findings = bundle.get("findings", [])
    repairs = bundle.get("repairs", [])
    chrome = bundle.get("chrome", [])
    renditions = bundle.get("renditions", {})
    title = bundle.get("meta", {}).get("title") or bundle["id"]
    source = bundle.get("source", {})
    decoding = bundle.get("decoding", {})
    header = h(
        "header",
        h("h1", f"{label('review')}：{title}"),
        h("p", f"{label('source')}：{source.get('path', '')}　{decoding.get('encoding', '')} ({decoding.get('method', '')})　"
               f"{label('decision')}：{label(bundle.get('decision', 'hold'))}", class_="meta"),
        h("nav", *[h("a", label(t, t), href=f"{t}.html", hreflang=t, lang=t) for t in renditions], class_="links"),
    )
    finding_list = h("ul", _finding_items(findings, with_place=True)) if findings else h("p", label("none"))
    shown = received_text(received, repairs, chrome) if source_format == "text" else received_html(received, chrome)
    columns = h(
        "div",
        h("section", h("h2", label("received")), h("pre", *shown, class_="received"), class_="source", lang="zh"),
        *[rendition_column(t, r, findings) for t, r in renditions.items()],
        class_="columns",
    )
    repair_rows = [[str(i + 1), r["kind"], f"{r['start']}–{r['end']}", r["before"], r["after"]] for i, r in enumerate(repairs)]
    change_rows = [[t, c["kind"], c["text"], c["opencc"], c.get("reason", "")]
                   for t, r in renditions.items() for c in r.get("changes", [])]
    body = [
        header,
        ambiguity_section(bundle),
        h("section", h("h2", label("findings")), finding_list, id="findings"),
        columns,
        h("section", h("h2", f"{label('repairs')} ({len(repairs)})"),
          _table(["#", "kind", "start–end", label("before"), label("after")], repair_rows,
                 [f"repair-{i + 1}" for i in range(len(repairs))]) if repairs else h("p", label("none")), id="repairs"),
        h("section", h("h2", f"{label('chrome')} ({len(chrome)})"),
          h("ol", fill(_CHROME_ITEM * len(chrome), chrome)) if chrome else h("p", label("none")),
          id="chrome"),
        h("section", h("h2", f"{label('changes')} ({len(change_rows)})"),
          _table(["target", "kind", label("after"), "OpenCC", "reason"], change_rows) if change_rows else h("p", label("none")),
          id="changes"),
    ]
    return page(f"{label('review')}：{title}", "zh-Hans", body, REVIEW_CSS)
