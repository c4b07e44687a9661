"""index.html over an output folder: counts first, linking the held and failed sections;
published notices newest first; held ones apart, each with why; inputs that failed, each
with its reason (the `out/failed/*.error.json` records the caller passes).

A page lists at most PAGE_SIZE published notices: older ones continue on index-2.html,
index-3.html, ... (every page links to the others), so a folder of 100,000 notices stays
readable. Held notices, which wait for an editor, are all on the first page.

>>> entries = [
...     {"id": "a", "title": "旧", "published": "2024-01-02", "source": "甲", "decision": "publish",
...      "links": [("zh-Hans", "notices/a/zh-Hans.html")], "review": "notices/a/review.html", "findings": []},
...     {"id": "b", "title": "新", "published": "2024-03-01", "source": "乙", "decision": "publish",
...      "links": [("zh-Hans", "notices/b/zh-Hans.html")], "review": "notices/b/review.html", "findings": []},
...     {"id": "c", "title": "扣", "published": "", "source": "", "decision": "hold",
...      "links": [], "review": "held/c/review.html", "findings": ["error: number 3 differs"]}]
>>> [e["id"] for e in newest_first(entries)]
['b', 'a']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from fanjian.emit.html import BASE_CSS, h, label, page, safe_href, time_el


def newest_first(entries: list[dict]) -> list[dict]:
    """Published entries by date, newest first; undated last; ties by id for a stable page."""
    published = sorted((e for e in entries if e["decision"] == "publish"), key=lambda e: e["id"])
    return sorted(published, key=lambda e: e.get("published") or "", reverse=True)


def _link(text: str, href: str, **attrs):
    safe = safe_href(href)
    return h("a", text, href=safe, **attrs) if safe else h("span", text)


def published_item(entry: dict):
    first = entry["links"][0][1] if entry["links"] else entry.get("review", "")
    meta = [time_el(entry["published"]) if entry.get("published") else None,
            "　" + entry["source"] if entry.get("source") else None]
    links = [_link(label(tag, tag), href, hreflang=tag, lang=tag) for tag, href in entry["links"]]
    if entry.get("review"):
        links.append(_link(label("review"), entry["review"]))
    return h("li", h("a", entry["title"] or entry["id"], href=safe_href(first)),
             h("p", *meta, class_="meta"), h("p", *links, class_="links"), id=entry["id"])


def _finding_item(finding: str):
    """A summary line `severity: message`, styled by its severity."""
    severity, sep, message = finding.partition(": ")
    if not sep or severity not in SEVERITY_WORDS:
        return h("li", finding, class_="warning")
    zh, en = SEVERITY_WORDS[severity]
    return h("li", h("span", zh, title=en), "：", message, class_=severity)


SEVERITY_WORDS = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("信息", "info")}
INDEX_CSS = BASE_CSS + ".error{color:#a00}.warning{color:#a60}.counts a{margin-right:1.5em}\n"


def held_item(entry: dict):
    review = _link(label("review"), entry["review"]) if entry.get("review") else None
    findings = h("ul", *map(_finding_item, entry.get("findings", []))) if entry.get("findings") else None
    return h("li", entry["title"] or entry["id"], " ", h("small", entry["id"]), " ", review, findings, id=entry["id"])


def failed_item(record: dict):
    """An input that produced nothing: its path and the reason (out/failed/ID.error.json)."""
    return h("li", h("code", record.get("input") or record.get("id", "")), "：", record.get("error", ""),
             class_="error", id=f"failed-{record.get('id', '')}")


PAGE_SIZE = 500  # published notices a page


def page_name(number: int) -> str:
    """The file of a page of the index.

    >>> page_name(1), page_name(2)
    ('index.html', 'index-2.html')
    """
    return "index.html" if number == 1 else f"index-{number}.html"


def render_index(entries: list[dict], failed: list[dict] = ()) -> bytes:
    """The first page, index.html. entries: summaries {id, title, published, source,
    decision, links, review, findings}; failed: {input, id, error} of each failed input."""
    published, held = _split(entries)
    count = _page_count(len(published), PAGE_SIZE)
    return _render_page(published[:PAGE_SIZE], len(published), held, 1, count, PAGE_SIZE, _sorted_failed(failed))


def render_index_pages(entries: list[dict], page_size: int | None = None,
                       failed: list[dict] = ()) -> Iterator[tuple[str, bytes]]:
    """(file name, page) for each page of `page_size` (PAGE_SIZE) published notices, made
    one at a time, the first page last: the pages it links to come before it. `failed`:
    the records of out/failed/*.error.json, listed on the first page."""
    published, held = _split(entries)
    return render_pages(published, len(published), held, page_size, failed)


def render_pages(published: Iterable[dict], published_count: int, held: list[dict], page_size: int | None = None,
                 failed: list[dict] = ()) -> Iterator[tuple[str, bytes]]:
    """What `render_index_pages` makes, from the published summaries already newest first
    (`newest_first`), read as the pages need them: one page of them in memory at a time,
    with the first (kept until last) and the held ones (`_split`'s order)."""
    page_size = page_size or PAGE_SIZE
    count = _page_count(published_count, page_size)
    failed = _sorted_failed(failed)
    rows = iter(published)
    first = list(islice(rows, page_size))
    for number in range(2, count + 1):
        chunk = list(islice(rows, page_size))
        yield page_name(number), _render_page(chunk, published_count, held, number, count, page_size, failed)
    yield page_name(1), _render_page(first, published_count, held, 1, count, page_size, failed)


def _sorted_failed(failed) -> list[dict]:
    return sorted((r for r in failed if isinstance(r, dict)), key=lambda r: str(r.get("input") or r.get("id", "")))


def _split(entries: list[dict]) -> tuple[list[dict], list[dict]]:
    return newest_first(entries), sorted((e for e in entries if e["decision"] != "publish"), key=lambda e: e["id"])


def _page_count(published: int, page_size: int) -> int:
    return max(1, -(-published // page_size))  # one page, empty, for no notice


def _counts(published: int, held: int, failed: int, first_page: bool):
    """The counts, each linking its section (held and failed ones are on the first page)."""
    where = "" if first_page else page_name(1)
    return h("p", h("a", f"{label('publish')} {published}", href="#published"),
             h("a", f"{label('held')} {held}", href=f"{where}#held", class_="warning" if held else None),
             h("a", f"{label('failed')} {failed}", href=f"{where}#failed", class_="error" if failed else None),
             class_="counts")


def _render_page(chunk: list[dict], published: int, held: list[dict], number: int, count: int, page_size: int,
                 failed: list[dict] = ()) -> bytes:
    """Page `number` of `count`, listing `chunk`, its share of the `published` notices."""
    first = (number - 1) * page_size
    listed = (h("ol", *[published_item(e) for e in chunk], class_="notices", start=str(first + 1) if first else None)
              if chunk else h("p", label("none")))
    body = [h("h1", label("index")), _counts(published, len(held), len(failed), number == 1), _pager(number, count)]
    if number == 1:  # what waits for an editor first: held, then failed, then the published list
        body.append(h("section", h("h2", f"{label('held')} ({len(held)})"),
                      h("ul", *[held_item(e) for e in held], class_="held") if held else h("p", label("none")),
                      id="held"))
        body.append(h("section", h("h2", f"{label('failed')} ({len(failed)})"),
                      h("ul", *map(failed_item, failed), class_="failed") if failed else h("p", label("none")),
                      id="failed"))
    body.append(h("section", h("h2", f"{label('publish')} ({published})"), listed, id="published"))
    body.append(_pager(number, count))
    title = label("index") if number == 1 else f"{label('index')} · {label('page').format(number)}"
    return page(title, "zh-Hans", body, INDEX_CSS)


def _pager(number: int, count: int):
    """Links to the previous, every and the next page; nothing when there is one page."""
    if count == 1:
        return None
    links = [h("a", label("previous"), href=page_name(number - 1), rel="prev") if number > 1 else None]
    links += [h("a", str(k), href=page_name(k)) if k != number else h("strong", str(k), aria_current="page")
              for k in range(1, count + 1)]
    links.append(h("a", label("next"), href=page_name(number + 1), rel="next") if number < count else None)
    return h("nav", *[piece for link in links if link is not None for piece in (link, " ")], class_="pages")
