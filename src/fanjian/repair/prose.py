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
NOT_PROSE = re.compile(
    r"(?P<block><(?P<raw>script|style)\b.*?</(?P=raw)\s*>|<!--.*?-->)"
    r"|(?P<tag></?(?P<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>|<[!?][^<>]*>)"
    r"|(?P<address>(?:https?|ftp)://" + _URL_TAIL + r"|www\.[A-Za-z0-9-]+\.[A-Za-z0-9.-]*" + _URL_TAIL
    + r"|[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
    r"|(?P<entity>&#?[A-Za-z0-9]+;)",
    re.S | re.I,
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


def prose(text: str) -> Prose:
    if "<" not in text and "://" not in text and "www." not in text and "@" not in text and "&" not in text:
        return Prose(text)
    out: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    length = last = 0
    for m in NOT_PROSE.finditer(text):
        if m.start() > last:
            starts.append(length)
            sources.append(last)
            out.append(text[last : m.start()])
            length += m.start() - last
        if m.group("address"):
            stand_in = "x"
        elif m.group("entity"):
            stand_in = " "
        elif m.group("name") and m.group("name").lower() in INLINE or m.group(0).startswith("<!--"):
            stand_in = ""
        else:
            stand_in = "\n"
        out.append(stand_in)
        length += len(stand_in)
        last = m.end()
    starts.append(length)
    sources.append(last)
    out.append(text[last:])
    return Prose("".join(out), tuple(starts), tuple(sources))
