"""Files a publisher can use: HTML and plain text per rendition, the JSON bundle, the index.

HTML is built element by element from the notice's blocks with lxml, never copied
from input markup, so nothing from the input page (scripts, handlers, styles) can
reach it; lxml escapes every text node.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import builder as E

from .model import Block, Meta, Rendition

SCHEMA = "fanjian.bundle/1"
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; base-uri 'none'; form-action 'none'"
CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans CJK TC",sans-serif;line-height:1.8;max-width:42em;margin:0 auto;padding:1em;color:#222}
h1{font-size:1.5em;line-height:1.4}h2{font-size:1.15em}
.meta{color:#555;font-size:.9em}.meta dt{display:inline;font-weight:bold}.meta dd{display:inline;margin:0 1em 0 .3em}
nav a{margin-right:1em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}
@media print{nav{display:none}body{max-width:none}}
"""
META_LABELS = {
    "zh-Hans": {"source": "来源", "published": "发布时间", "doc_number": "文号", "author": "作者", "site": "网站"},
    "trad": {"source": "來源", "published": "發布時間", "doc_number": "文號", "author": "作者", "site": "網站"},
}


def safe_href(href: str) -> str | None:
    """Only http(s) and relative links pass.

    >>> safe_href("javascript:alert(1)"), safe_href("/a.pdf"), safe_href("https://x.cn/a")
    (None, '/a.pdf', 'https://x.cn/a')
    """
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") or (not parts.scheme and not href.startswith("//")):
        return href or None
    return None


def labels(target: str) -> dict[str, str]:
    return META_LABELS["zh-Hans" if target == "zh-Hans" else "trad"]


def block_element(block: Block):
    if block.kind == "heading":
        return E.H2(block.text)
    if block.kind == "list_item":
        return E.UL(E.LI(block.text))
    if block.kind == "table":
        return E.TABLE(*[E.TR(*[E.TD(cell) for cell in row]) for row in block.rows])
    if block.kind in ("attachment", "image"):
        href = safe_href(block.href)
        if block.kind == "image" and href:
            return E.FIGURE(E.IMG(src=href, alt=block.text), E.FIGCAPTION(block.text))
        return E.P(E.A(block.text, href=href) if href else block.text)
    return E.P(block.text)


def meta_list(meta: Meta, target: str):
    names = labels(target)
    items = []
    for field in ("source", "published", "doc_number", "author"):
        value = getattr(meta, field)
        if not value:
            continue
        shown = E.TIME(value, datetime=value) if field == "published" else value
        items += [E.DT(names[field]), E.DD(shown)]
    return E.DL(E.CLASS("meta"), *items)


def render_html(rendition: Rendition, others: list[str]) -> bytes:
    """One rendition as a standalone, safe HTML5 page."""
    meta = rendition.meta
    body = [E.H1(meta.title)] if meta.title else []
    body.append(meta_list(meta, rendition.target))
    body += [block_element(b) for b in rendition.blocks]
    for item in meta.attachments:
        href = safe_href(item.get("href", ""))
        body.append(E.P(E.A(item.get("name", href or ""), href=href) if href else item.get("name", "")))
    nav = E.NAV(*[E.A(tag, href=f"{tag}.html", hreflang=tag) for tag in others])
    page = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(**{"http-equiv": "Content-Security-Policy", "content": CSP}),
            E.META(name="viewport", content="width=device-width, initial-scale=1"),
            E.TITLE(meta.title or meta.site or rendition.target),
            E.STYLE(CSS),
        ),
        E.BODY(nav, E.ARTICLE(*body)),
        lang=rendition.target,
    )
    return b"<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="utf-8")


def render_text(rendition: Rendition) -> bytes:
    """Title, metadata lines, blank-line separated blocks; tables as tab-separated rows."""
    meta, names = rendition.meta, labels(rendition.target)
    lines = [meta.title] if meta.title else []
    lines += [f"{names[f]}：{getattr(meta, f)}" for f in ("source", "published", "doc_number", "author") if getattr(meta, f)]
    parts = ["\n".join(lines)] if lines else []
    for b in rendition.blocks:
        parts.append("\n".join("\t".join(row) for row in b.rows) if b.kind == "table" else b.text)
    return ("\n\n".join(parts) + "\n").encode("utf-8")


def render_bundle(bundle: dict) -> bytes:
    return (json.dumps(bundle, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def render_index(entries: list[dict]) -> bytes:
    """entries: bundles' summaries {id, title, published, source, decision, links, findings}."""
    published = sorted((e for e in entries if e["decision"] == "publish"), key=lambda e: e.get("published", ""), reverse=True)
    held = [e for e in entries if e["decision"] == "hold"]
    rows = [
        E.LI(E.A(e["title"] or e["id"], href=e["links"][0][1]) if e["links"] else e["title"], " ",
             E.TIME(e.get("published", ""), datetime=e.get("published", "")), " ", e.get("source", ""), " ",
             *[E.A(tag, href=href, hreflang=tag) for tag, href in e["links"]])
        for e in published
    ]
    held_rows = [E.LI(e["title"] or e["id"], E.UL(*[E.LI(f) for f in e.get("findings", [])])) for e in held]
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.META(**{"http-equiv": "Content-Security-Policy", "content": CSP}),
               E.META(name="viewport", content="width=device-width, initial-scale=1"),
               E.TITLE("fanjian"), E.STYLE(CSS)),
        E.BODY(E.H1("Notices"), E.UL(*rows), E.H2("Held"), E.UL(*held_rows)),
        lang="zh",
    )
    return b"<!DOCTYPE html>\n" + etree.tostring(page, method="html", encoding="utf-8")
