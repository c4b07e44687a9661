"""The prose of a text: what a reader sees, with markup, addresses and entities set aside.

Folded punctuation is judged on prose. Inline markup (`<strong>`, `<a>`) is dropped so the
characters on both sides of it meet (`好优化</strong>(DPO)` reads `好优化(DPO)`); block
markup becomes a line break; a URL, an e-mail address or an entity becomes one Latin
placeholder, so a colon before it still reads as a colon before Latin text.

>>> view = prose('<p>网址:<a href="x">https://www.gov.cn/a?b=1</a>,见<b>附件</b>.</p>')
>>> view.text
'\\n网址:x,见附件.\\n'
>>> view.origin(3)  # where the view's colon stands in the text
5
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import repeat
from operator import add, sub

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A URL ends before trailing punctuation and never takes a parenthesis or comma along.
_URL_TAIL = r"(?:[A-Za-z0-9\-._~/?#@&=+$%*]*[A-Za-z0-9_/#=&~+%-])?"
MARKUP = re.compile(
    r"<(?P<raw>script|style)\b.*?</(?P=raw)\s*>|<!--.*?-->|</?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>|<[!?][^<>]*>",
    re.S | re.I,
)
# Separate from markup, and one set of first characters before the branches: a pattern that
# opens with alternatives is tried in full at every position of the text.
ADDRESS = re.compile(
    r"[HhFfw&](?:(?<=[Hh])[Tt][Tt][Pp][Ss]?://" + _URL_TAIL + r"|(?<=[Ff])[Tt][Pp]://" + _URL_TAIL
    + r"|(?<=w)ww\.[A-Za-z0-9-]+\.[A-Za-z0-9.-]*" + _URL_TAIL + r"|(?<=&)#?[A-Za-z0-9]+;)"
)
# ADDRESS in a text with no URL (no "://" and no "www."): entities alone, searched for their
# & (a search for one character runs several times faster than one for a set of six).
ENTITY = re.compile(r"&#?[A-Za-z0-9]+;")
# An e-mail address is found from its @: a pattern that starts with the local part's set
# is tried at every Latin character of a page.
MAILBOX = re.compile(r"[A-Za-z0-9_.+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
LOCAL_PART = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.+-")
START, END, GROUP = re.Match.start, re.Match.end, re.Match.group
# Elements that sit inside a line of text; every other tag ends a line.
INLINE = frozenset(
    "a abbr b big cite code em font i img ins kbd label mark q s samp small span strike strong sub sup "
    "time tt u var".split()
)


@dataclass(frozen=True)
class Prose:
    text: str
    starts: tuple[int, ...] = (0,)  # where each kept piece starts in `text`
    sources: tuple[int, ...] = (0,)  # and where it starts in the original

    def origin(self, i: int) -> int:
        """The original index of text[i] (a kept character, not a placeholder)."""
        k = bisect_right(self.starts, i) - 1
        return self.sources[k] + i - self.starts[k]

    def origins(self, indices: list[int]) -> list[int]:
        """`origin` of each index, mapped in C: a folded page has hundreds."""
        shift = [0, *map(sub, self.sources, self.starts)]  # shift[k]: of the piece that starts at starts[k - 1]
        return list(map(add, map(shift.__getitem__, map(bisect_right, repeat(self.starts), indices)), indices))


def _set_aside(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stand-in) of markup, addresses and entities, in order, not overlapping."""
    spans = []
    if "<" in text:  # a page has hundreds of tags: their places are taken in C
        tags = list(MARKUP.finditer(text))
        stand_ins = ["" if name and name.lower() in INLINE else "\n" for name in map(GROUP, tags, repeat("name"))]
        spans = list(zip(map(START, tags), map(END, tags), stand_ins))
        if "<!--" in text:  # a comment goes without a trace too
            spans = [(start, end, "" if text.startswith("<!--", start) else stand_in) for start, end, stand_in in spans]
    if "://" in text or "www." in text or "@" in text or "&" in text:
        addresses = _addresses(text)
        if spans and addresses:  # an address inside a tag (href="http://...") went with the tag
            merged, last = [], 0
            for span in sorted(spans + addresses):
                if span[0] >= last:
                    merged.append(span)
                    last = span[1]
            return merged
        spans = spans or addresses
    return spans


def _addresses(text: str) -> list[tuple[int, int, str]]:
    """URLs, e-mail addresses and entities as one left-to-right scan would take them."""
    pattern = ADDRESS if "://" in text or "www." in text else ENTITY
    if "@" not in text:
        return [(m.start(), m.end(), " " if text[m.start()] == "&" else "x") for m in pattern.finditer(text)]
    spans: list[tuple[int, int, str]] = []
    pos = 0
    address = pattern.search(text)
    mailbox = _mailbox(text, 0)
    while address or mailbox:
        if mailbox and (not address or mailbox[0] < address.start()):
            spans.append(mailbox)
            pos = mailbox[1]
        else:
            spans.append((address.start(), address.end(), " " if text[address.start()] == "&" else "x"))
            pos = address.end()
        if address and address.start() < pos:
            address = pattern.search(text, pos)
        if mailbox and mailbox[0] < pos:
            mailbox = _mailbox(text, pos)
    return spans


def _mailbox(text: str, pos: int) -> tuple[int, int, str] | None:
    """The first e-mail address that starts at `pos` or later, at a word's start."""
    at = text.find("@", pos)
    while at != -1:
        start = at
        while start and text[start - 1] in LOCAL_PART:
            start -= 1
        m = MAILBOX.match(text, start) if pos <= start < at else None
        if m:
            return start, m.end(), "x"
        at = text.find("@", at + 1)
    return None


def prose(text: str) -> Prose:
    spans = _set_aside(text)
    if not spans:
        return Prose(text)
    out: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    length = last = 0
    for start, end, stand_in in spans:
        if start > last:
            starts.append(length)
            sources.append(last)
            out.append(text[last:start])
            length += start - last
        out.append(stand_in)
        length += len(stand_in)
        last = end
    starts.append(length)
    sources.append(last)
    out.append(text[last:])
    return Prose("".join(out), tuple(starts), tuple(sources))
