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

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A URL ends before trailing punctuation and never takes a parenthesis or comma along.
_URL_TAIL = r"(?:[A-Za-z0-9\-._~/?#@&=+$%*]*[A-Za-z0-9_/#=&~+%-])?"
MARKUP = re.compile(
    r"<(?P<raw>script|style)\b.*?</(?P=raw)\s*>|<!--.*?-->|</?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>|<[!?][^<>]*>",
    re.S | re.I,
)
# Separate from markup, and without IGNORECASE, so each branch starts from a literal.
ADDRESS = re.compile(
    r"(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://" + _URL_TAIL + r"|www\.[A-Za-z0-9-]+\.[A-Za-z0-9.-]*" + _URL_TAIL
    + r"|(?<![A-Za-z0-9_.+-])[A-Za-z0-9_.+-]++@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # from a word's start only
    + r"|&#?[A-Za-z0-9]+;"
)
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


def _set_aside(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stand-in) of markup, addresses and entities, in order, not overlapping."""
    spans = []
    if "<" in text:
        for m in MARKUP.finditer(text):
            name = m.group("name")
            inline = (name is not None and name.lower() in INLINE) or m.group().startswith("<!--")
            spans.append((m.start(), m.end(), "" if inline else "\n"))
    if "://" in text or "www." in text or "@" in text or "&" in text:
        addresses = [(m.start(), m.end(), " " if m.group().startswith("&") else "x") for m in ADDRESS.finditer(text)]
        if spans and addresses:  # an address inside a tag (href="http://...") went with the tag
            merged, last = [], 0
            for span in sorted(spans + addresses):
                if span[0] >= last:
                    merged.append(span)
                    last = span[1]
            return merged
        spans = spans or addresses
    return spans


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
