"""A site's template: the blocks its pages repeat, in the same place with the same text.

Where an inbox holds several pages of one site, what they all show (menus, footers, follow-us
boxes, disclaimers) is that site's furniture, whatever words it is written in. `learn_template`
reads the pages' texts and returns the blocks found on at least two of them, each named by
its place (the tags and class words from <body> down) and its text; `apply_template` removes
them from a page. The value is plain data (`to_json`/`from_json`) so it can be stored beside
the output and reused when one page is reprocessed alone: a page's output then does not
depend on which other pages happen to be in the inbox.

Inside the article only short lines without a sentence or a number are removed: a closing
formula every notice of an office repeats ("特此通知。") and its contact line stay.

>>> pages = ['<html><body><div class="nav"><a href="/">首页</a></div><div class="text"><p>第%d篇正文，各不相同。</p>'
...          '<p>扫码关注我们</p></div><div class="foot">版权所有 某某网</div></body></html>' % i for i in (1, 2, 3)]
>>> template = learn_template(pages, "example.cn")
>>> sorted(text for _, text in template.blocks)
['扫码关注我们', '版权所有 某某网', '首页']
>>> from fanjian.clean import clean
>>> notice = clean(pages[0], "html", template=template)
>>> [b.text for b in notice.blocks], notice.chrome_reasons[0]
(['第1篇正文，各不相同。'], 'repeated in the same place on other pages of example.cn (site template)')
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from fanjian.clean.parse import parse_html
from fanjian.clean.structure import class_words

SKIPPED = frozenset({"script", "style", "noscript", "template", "select", "option", "textarea"})
BLOCK_TAGS = frozenset({"div", "p", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "section",
                        "article", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "form", "center", "main"})
PLACE_DEPTH = 4  # elements, the block's own included, that name its place
PAGES_MIN = 2  # pages of a site that must show a block for it to be the site's
LINE_MAX = 40  # characters of a template line removed inside the article
SENTENCE_OR_NUMBER = re.compile(r"[。！？；，\d]")


@dataclass(frozen=True)
class Template:
    """The blocks (place, text) a site's pages repeat."""

    site: str
    blocks: frozenset[tuple[str, str]]

    def to_json(self) -> dict:
        return {"site": self.site, "blocks": sorted(map(list, self.blocks))}

    @classmethod
    def from_json(cls, data: dict) -> Template:
        return cls(str(data.get("site", "")), frozenset((str(p), str(t)) for p, t in data.get("blocks", [])))

    def digest(self) -> str:
        """Names this template in a bundle and in the skip key."""
        text = json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _text(el: etree._Element) -> str:
    return " ".join(" ".join(t for t in el.itertext() if t).split())


def page_blocks(tree: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """(element, place, text) of each innermost block element with text under <body>."""
    body = tree.find(".//body")
    if body is None:
        return []
    elements = [e for e in body.iter() if isinstance(e.tag, str)]
    holds_block: dict = {}
    for el in reversed(elements):  # children first
        holds_block[el] = any(isinstance(c.tag, str) and (c.tag in BLOCK_TAGS or holds_block.get(c)) for c in el)
    step = {body: "body"}
    found = []
    for el in elements[1:]:
        words = ".".join(sorted(class_words(el)))
        step[el] = f"{el.tag}{'.' + words if words else ''}"
        if el.tag in BLOCK_TAGS and not holds_block[el] and el.tag not in SKIPPED:
            text = _text(el)
            if text:
                found.append((el, _place(el, step), text))
    return found


def _place(el: etree._Element, step: dict) -> str:
    """The element and its nearest ancestors, by tag and class words: where a block stands in
    its template, whatever wraps the page around it."""
    chain = [step.get(el, el.tag)]
    for anc in el.iterancestors():
        if len(chain) == PLACE_DEPTH or anc not in step:
            break
        chain.append(step[anc])
    return "/".join(reversed(chain))


def learn_template(pages: list[str], site: str = "") -> Template:
    """The blocks shown, in the same place with the same text, on at least two of `pages`."""
    seen: Counter = Counter()
    for page in pages:
        seen.update({(p, t) for _, p, t in page_blocks(parse_html(page))})
    return Template(site, frozenset(b for b, n in seen.items() if n >= PAGES_MIN))


def apply_template(tree: etree._Element, template: Template, article: etree._Element | None) -> list[tuple[str, str]]:
    """Remove the template's blocks from `tree`; (text, reason) of each removed."""
    if not template.blocks:
        return []
    inside = set(article.iter()) if article is not None else set()
    reason = f"repeated in the same place on other pages of {template.site or 'this site'} (site template)"
    removed = []
    for el, place, text in page_blocks(tree):
        if (place, text) not in template.blocks:
            continue
        if el in inside and (len(text) > LINE_MAX or SENTENCE_OR_NUMBER.search(text)):
            continue
        removed.append((text, reason))
        parent = el.getparent()
        if parent is not None:
            if el.tail and el.tail.strip():
                prev = el.getprevious()
                if prev is not None:
                    prev.tail = (prev.tail or "") + el.tail
                else:
                    parent.text = (parent.text or "") + el.tail
            parent.remove(el)
    return removed


__all__ = ["Template", "apply_template", "learn_template", "page_blocks"]
