"""Single links the extractor kept inside the article that are page furniture.

Judged on trafilatura's output tree (p, item, ref, lb), where a line is the text between two
line breaks or the paragraph's ends:
- a control: a script link or a bare "#" ("字体放大", "打印"), with a short text;
- a link to a site's front page ("返回搜狐，查看更多");
- a line that is one link and nothing else, not a sentence ("点击查看高清原图", a headline);
- a short line made mostly of one link, not a sentence ("进入【某某股吧】讨论"), date stamps
  aside (a headline listed with its date).
Links to documents (附件) always stay.

>>> from lxml import etree
>>> body = etree.fromstring('<body><p>正文。<ref target="javascript:big()">字体放大</ref></p>'
...     '<p>第二段。<lb/><ref target="/a/b.html">相关新闻标题</ref><lb/>尾。</p>'
...     '<p>进入<ref target="http://bar.example.com/">【某某财经股吧】</ref>讨论</p></body>')
>>> prune_links(body)
[('字体放大', 'a script control (javascript: link)'), ('相关新闻标题', 'a line that is one link and nothing else'), ('进入【某某财经股吧】讨论', 'a short line made mostly of one link')]
>>> etree.tostring(body, encoding="unicode")
'<body><p>正文。</p><p>第二段。<lb/><lb/>尾。</p></body>'
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from fanjian.clean.attachments import is_attachment
from fanjian.clean.parse import drop_keeping_tail

CONTROL_MAX = 12  # characters of a control's or front-page link's text
LINE_LINK_MAX = 60  # characters of a line that is one link
MOSTLY_MAX = 30  # characters of a short line made mostly of one link
MOSTLY_SHARE = 0.6  # share of such a line that is the link's text
# Date and time stamps of a listing ("2024-05-23 09:41:17"), left out of a line's length.
STAMP = re.compile(r"[(（\[]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\d{1,2}:\d{2}(?::\d{2})?)?[)）\]]?")
SENTENCE_MARKS = re.compile(r"[。！？；]")
LINE_HOLDERS = frozenset({"p", "item", "cell", "quote"})
HAN_AT_END, HAN_AT_START = re.compile(r"[\u4e00-\u9fff][，、]?$"), re.compile(r"[\u4e00-\u9fff]")
FRONT_PAGES = frozenset({"", "/index.html", "/index.shtml", "/index.htm", "/index.php"})
LINE_ENDS = frozenset({"lb", "graphic"})


def _text(el: etree._Element) -> str:
    return "".join("".join(el.itertext()).split())


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def _alone_on_line(ref: etree._Element) -> bool:
    """Nothing but the link between the line breaks (or paragraph ends) around it; an image
    beside it ends a line too (<img><a>点击查看高清原图</a>)."""
    before, after, parent = ref.getprevious(), ref.getnext(), ref.getparent()
    starts = _blank(parent.text) if before is None else before.tag in LINE_ENDS and _blank(before.tail)
    ends = after is None or after.tag in LINE_ENDS
    return starts and ends and _blank(ref.tail)


def _in_sentence(ref: etree._Element) -> bool:
    """The link's words are part of a sentence: Han text runs into it on its line from
    before or after (院士、<a>土木工程学院</a>名誉院长…), as a control or a site's name
    standing in the chrome never does."""
    before = ref.getprevious()
    lead = (ref.getparent().text if before is None else (before.tail if before.tag == "lb" else "")) or ""
    tail = ref.tail or ""
    return bool(HAN_AT_END.search(lead) or HAN_AT_START.match(tail))


def link_reason(ref: etree._Element) -> str:
    """Why the link `ref` is page furniture, or ""."""
    target = (ref.get("target") or "").strip()
    text = _text(ref)
    if is_attachment(target) or not text:
        return ""
    if len(text) <= CONTROL_MAX and not _in_sentence(ref):
        if target.lower().startswith("javascript:") or target == "#":
            return "a script control (javascript: link)"
        parts = urlsplit(target)
        if parts.netloc and parts.path.rstrip("/") in FRONT_PAGES:
            return "a link to a site's front page"
    if len(text) <= LINE_LINK_MAX and "。" not in text and _alone_on_line(ref):
        return "a line that is one link and nothing else"
    return ""


def prune_links(body: etree._Element) -> list[tuple[str, str]]:
    """Remove furniture links (and short lines made of one) from the extractor's tree;
    return (text, reason) of each."""
    removed: list[tuple[str, str]] = []
    for holder in [el for el in body.iter(*LINE_HOLDERS)]:
        refs = [r for r in holder if r.tag == "ref"]
        if len(refs) == 1 and holder.find("lb") is None:
            whole, link = STAMP.sub("", _text(holder)), _text(refs[0])
            if (link != whole and len(whole) <= MOSTLY_MAX and len(link) >= MOSTLY_SHARE * len(whole)
                    and not SENTENCE_MARKS.search(whole) and not is_attachment(refs[0].get("target") or "")):
                removed.append((" ".join("".join(holder.itertext()).split()), "a short line made mostly of one link"))
                holder.getparent().remove(holder)
                continue
        for ref in refs:
            reason = link_reason(ref)
            if reason:
                removed.append((" ".join("".join(ref.itertext()).split()), reason))
                drop_keeping_tail(ref)
        if holder.tag == "p" and not _text(holder) and not len(holder):
            holder.getparent().remove(holder)
    return removed


__all__ = ["link_reason", "prune_links"]
