"""Document numbers (文号: 国发〔2024〕5号) and index numbers (索引号) in a notice.

A 文号 is an issuing-body abbreviation, a year in brackets and a serial number. It is the
key a document is cited and searched by, so by default (`Settings.doc_numbers =
"original"`) every rendition writes it as issued; "body" keeps only the issuing body as
issued (国发〔2024〕5號); "convert" converts it like the text around it. Numbers are found
on the Simplified view, so one pattern serves both scripts.

>>> [n.text for n in find("根据国发〔2024〕5号和深羅府辦函〔2024〕12號文件")]
['国发〔2024〕5号', '深羅府辦函〔2024〕12號']
>>> find("索引号：11440303007542718J/2024-00123")[0].kind
'index'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fanjian.data import read_lines
from fanjian.model import Finding
from fanjian.zh.opencc import converter
from fanjian.zh.script import simplified_view

MODES = ("original", "body", "convert")
BODY_CHARS = 12  # at most, before the year: [\u4e00-\u9fff]{1,12}
# A 文号 is up to BODY_CHARS ideographs (the body), then this (year and serial). The year's
# opening bracket is searched for, and the body read backwards from it: matching the body
# first would try twelve characters at every ideograph of the text.
YEAR_SERIAL = re.compile(
    r"(?P<year>[〔\[［【（(]\s*(?:19|20)\d\d\s*[〕\]］】）)])"
    r"(?P<serial>第?\s*[\d０-９]{1,5}\s*号)"
)
INDEX_NUMBER = re.compile(r"索引号\s*[:：]?\s*(?P<number>[0-9A-Za-z][0-9A-Za-z\-/_.]{5,60})")


@dataclass(frozen=True)
class DocNumber:
    kind: str  # doc (文号) | index (索引号)
    text: str  # as written in the source
    start: int
    body: str = ""  # issuing body, as written (国发)


@lru_cache(maxsize=1)
def _leadin() -> re.Pattern:
    words = sorted(read_lines("doc_number_leadins.txt"), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def find(text: str) -> list[DocNumber]:
    """Document and index numbers in `text`, in order, as written."""
    return list(_find(text))


@lru_cache(maxsize=4)  # the source is searched when prepared and again when checked
def _find(text: str) -> tuple[DocNumber, ...]:
    view = simplified_view(text)
    found = []
    last_end = 0  # matches do not overlap: a body starts after the previous number
    for m in YEAR_SERIAL.finditer(view):
        body_end = start = m.start()
        lowest = max(body_end - BODY_CHARS, last_end)
        while start > lowest and "\u4e00" <= view[start - 1] <= "\u9fff":
            start -= 1
        if start == body_end:
            continue
        last_end = m.end()
        cut = [x.end() for x in _leadin().finditer(view, start, body_end)]
        body_start = cut[-1] if cut else start
        if body_start >= body_end:
            continue
        found.append(DocNumber("doc", text[body_start : m.end()], body_start, text[body_start:body_end]))
    for m in INDEX_NUMBER.finditer(view):
        found.append(DocNumber("index", text[m.start("number") : m.end("number")], m.start("number")))
    return tuple(sorted(found, key=lambda n: n.start))


def protected_entries(numbers: list[DocNumber], mode: str) -> tuple[tuple[str, str], ...]:
    """(Simplified, Traditional) dictionary entries that write each 文号 as `mode` says.

    >>> protected_entries(find("国发〔2024〕5号"), "body")
    (('国发〔2024〕5号', '国发〔2024〕5號'),)
    """
    if mode not in MODES:
        raise ValueError(f"doc_numbers must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "convert":
        return ()
    out = {}
    for n in numbers:
        if n.kind != "doc":
            continue
        if mode == "original":
            out[n.text] = n.text
        else:
            rest = n.text[len(n.body):]
            out[n.body + converter("t2s").convert(rest)] = n.body + converter("s2t").convert(rest)
    return tuple(out.items())


def check_numbers(numbers: list[DocNumber], rendered: str, target: str, mode: str, location: str = "",
                  folded: str | None = None) -> list[Finding]:
    """Each number must be in the rendition: as issued (mode original), else in some script.

    `rendered` is the rendition's text laid out as the source was (check.document);
    `folded` the same folded, when the caller has it.
    """
    from fanjian.zh.script import fold

    out = []
    folded = fold(rendered) if folded is None else folded
    for n in numbers:
        exact = n.kind == "index" or mode == "original"
        expected = n.text if exact else fold(n.text)
        have = (rendered if exact else folded).count(expected)
        want = sum(1 for m in numbers if m.text == n.text)
        if have < want:
            label = "document number" if n.kind == "doc" else "index number"
            out.append(Finding("error", "docnumber-changed", f"{label} {n.text}: {want} in the source, {have} here"
                               + (" as issued" if exact else ""), target, location))
    return list({f.message: f for f in out}.values())


__all__ = ["MODES", "DocNumber", "check_numbers", "find", "protected_entries"]
