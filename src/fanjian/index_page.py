"""index.html over an output folder: published notices newest first, held ones apart.

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

from .html_page import h, label, page, safe_href, time_el


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


def held_item(entry: dict):
    review = _link(label("review"), entry["review"]) if entry.get("review") else None
    findings = h("ul", *[h("li", f, class_="error") for f in entry.get("findings", [])]) if entry.get("findings") else None
    return h("li", entry["title"] or entry["id"], " ", h("small", entry["id"]), " ", review, findings, id=entry["id"])


def render_index(entries: list[dict]) -> bytes:
    """entries: summaries {id, title, published, source, decision, links, review, findings}."""
    published = newest_first(entries)
    held = sorted((e for e in entries if e["decision"] != "publish"), key=lambda e: e["id"])
    body = [
        h("h1", label("index")),
        h("section", h("h2", f"{label('publish')} ({len(published)})"),
          h("ol", *[published_item(e) for e in published], class_="notices") if published else h("p", label("none")),
          id="published"),
        h("section", h("h2", f"{label('held')} ({len(held)})"),
          h("ul", *[held_item(e) for e in held], class_="held") if held else h("p", label("none")),
          id="held"),
    ]
    return page(label("index"), "zh-Hans", body)
