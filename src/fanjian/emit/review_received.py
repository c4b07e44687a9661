"""The text as received, for the review page: a text source as decoded with its repairs
marked in place (struck out, what replaced it, a footnote to the repairs table) and its
chrome lines struck; an HTML source as the lines its page displays. Both as `fill` pieces.
"""

from __future__ import annotations

from functools import lru_cache

from fanjian.emit.html import around, fragment, h, label, shape


def _squash(line: str) -> str:
    """The line without its blanks (`str.split` splits where the pattern `\\s` matches)."""
    return "".join(line.split())


def _squashed_lines(text: str) -> list[str]:
    return [_squash(line) for line in text.split("\n")]


def _chrome_set(chrome: list[str]) -> set[str]:
    """The chrome lines squashed; a line of blanks alone is never taken for chrome."""
    squashed = {_squash(c) for c in chrome}
    squashed.discard("")
    return squashed


@lru_cache(maxsize=1024)
def _repair_marks(kind: str, before: str, after: str) -> str:
    """A repair in place (a `fill` piece): what it removed struck out, what it put in.
    Cached: most repairs of a notice are a few kinds of the same change (a comma's width)."""
    title = f"{kind}: {before!r} → {after!r}"
    marks = [h("del", before, class_="repair", title=title)] if before else []
    if after:
        marks.append(h("ins", after, class_="repair", title=title))
    return shape(fragment(*marks))


@lru_cache(maxsize=1024)
def _repair_link(number: int) -> str:
    """The footnote link to row `number` of the repairs table (a `fill` piece): the same on every page."""
    return shape(h("sup", h("a", str(number), href=f"#repair-{number}")))


# Where a line of the received text starts in its `fill` format, until the line is known
# to be chrome or not. XML forbids the character, so nothing `h` writes holds it.
_LINE = "\x01"


def _put_lines(fmt: list, texts: list, segment: str, next_line: str) -> None:
    """A segment of the received text: a slot per piece, a line break at each line end."""
    if "\n" not in segment:  # most text between two repairs is within one line
        if segment:
            fmt.append("%s")
            texts.append(segment)
        return
    pieces = segment.split("\n")
    fmt.append(("%s" + next_line) * (len(pieces) - 1) + "%s")
    texts += pieces


def received_text(text: str, repairs: list[dict], chrome: list[str]) -> tuple[str, list[str]]:
    """Lines of a text source with its repairs marked in place and chrome lines struck,
    as a `fill` format and its texts: each line a <span>.

    A line is chrome when, repaired, it is a chrome line; only a line end of the text
    itself ends a line (one inside a repair is within its marks).
    """
    chrome_set = _chrome_set(chrome)
    spans = [(r["start"], r["end"], i, r) for i, r in enumerate(repairs) if 0 <= r["start"] <= r["end"] <= len(text)]
    spans.sort()
    start, end = around("span")
    next_line = end + "\n" + _LINE
    fmt: list[str] = [_LINE]
    texts: list[str] = []
    repaired: list[str] = []  # the text after repair, line ends only where lines end

    pos = 0
    for begin, stop, i, repair in spans:
        if begin < pos:  # overlapping spans cannot both be shown in place; the table lists it
            continue
        if begin > pos:
            segment = text[pos:begin]
            _put_lines(fmt, texts, segment, next_line)
            repaired.append(segment)
        after = repair["after"]
        fmt += (_repair_marks(repair["kind"], repair["before"], after), _repair_link(i + 1))
        repaired.append(after.replace("\n", ""))  # a blank to chrome's squashing, and no line end
        pos = stop
    tail = text[pos:]
    _put_lines(fmt, texts, tail, next_line)
    fmt.append(end + "\n")
    if not chrome_set:
        return "".join(fmt).replace(_LINE, start), texts
    repaired.append(tail)
    chrome_start, _ = around("span", class_="chrome", title=label("chrome"))
    starts = [chrome_start if line in chrome_set else start for line in _squashed_lines("".join(repaired))]
    lines = "".join(fmt).split(_LINE)[1:]
    return "".join([piece for pair in zip(starts, lines) for piece in pair]), texts


def received_html(lines: list[str], chrome: list[str]) -> tuple[str, list[str]]:
    """The lines an HTML source displays (`Notice.shown`), chrome lines struck, as a `fill` format and its texts."""
    chrome_set = _chrome_set(chrome)
    if not chrome_set:
        return "%s\n" * len(lines), lines
    chrome_line = "%s".join(around("span", class_="chrome", title=label("chrome"))) + "\n"
    # The lines are stripped and hold no line end: squashed together, then split.
    return "".join([chrome_line if line in chrome_set else "%s\n" for line in _squashed_lines("\n".join(lines))]), lines


__all__ = ["received_html", "received_text"]
