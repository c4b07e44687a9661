"""Regional quotation marks: Taiwan and Hong Kong write 「」 and 『』 where the mainland
writes “” and ‘’. Optional per target (`Settings.regional_quotes`); never inside URLs or
protected spans (names, protected terms, document numbers).

>>> regional_quotes("他说“见‘网址’http://a.cn/?q=“x””", ("‘网址’",))
('他说「见‘网址’http://a.cn/?q=“x”」', 2)
"""

from __future__ import annotations

import re

QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
MARKS = re.compile("[“”‘’]")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"，。；、！？（）()「」]+", re.I)
CLOSES = {"”": "“", "’": "‘"}


def _url_spans(text: str) -> list[tuple[int, int]]:
    """URLs, without the closing marks of a quote opened before them (“见http://a.cn/”)."""
    spans = []
    for m in URL.finditer(text):
        start, end = m.span()
        while end > start and text[end - 1] in CLOSES and text.count(CLOSES[text[end - 1]], start, end) < text.count(text[end - 1], start, end):
            end -= 1
        spans.append((start, end))
    return spans


def regional_quotes(text: str, protected: tuple[str, ...] = ()) -> tuple[str, int]:
    """The text with curly quotes as Taiwan and Hong Kong write them, and how many changed."""
    if not MARKS.search(text):
        return text, 0
    keep = _url_spans(text)
    for term in protected:
        if term and MARKS.search(term):
            start = text.find(term)
            while start != -1:
                keep.append((start, start + len(term)))
                start = text.find(term, start + 1)
    chars, n = list(text), 0
    for m in MARKS.finditer(text):
        if not any(s <= m.start() < e for s, e in keep):
            chars[m.start()] = m.group().translate(QUOTES)
            n += 1
    return "".join(chars), n


__all__ = ["regional_quotes"]
