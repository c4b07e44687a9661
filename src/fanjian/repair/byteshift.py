"""Byte-shift repair: text that a decoder read one byte out of step.

When a double-byte text (GBK or Big5) is cut inside a character, the lone lead byte
becomes a mark (`?` or U+FFFD) and the decoder pairs each trail byte with the next lead
byte, producing improbable characters until a trail byte in the ASCII range (or an
invalid pair, which becomes another mark) brings it back in step. We re-encode such a
run, decode it again one byte later, and keep the result only when the character model
finds it far more probable. The two edge characters each lost a byte; `edges` chooses
them from the bytes left and the document's evidence, and where no candidate is clearly
best the mark stays as U+FFFD, recorded as a "byte-shift-edge-unresolved" repair.

>>> [(r.before, r.after) for r in find_byte_shifts("這就是我們的奮斗目標?!狈兜路睆娬{,要緊盯目標干")]
[('?!狈兜路睆娬{', '。”范德繁強調')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fanjian.model import Repair
from fanjian.repair.edges import LINE, Edge, Evidence, best_char, ending_candidates, lead_lost_candidates
from fanjian.zh.plausibility import text_log_prob

MARKS = "?\ufffd"
REPLACEMENT = "\ufffd"
UNRESOLVED = "byte-shift-edge-unresolved"
ENCODINGS = ("gbk", "big5")
# Later steps fold full-width punctuation to ASCII, so inside a run we read them back.
UNFOLD = str.maketrans({",": "，", ":": "：", ";": "；", "!": "！", "(": "（", ")": "）"})
FOLDED = ",:;!()"
# Cheap gate: a mark followed by a non-ASCII character (maybe after folded punctuation).
START_AFTER_MARK = r"(?=[,:;!()]?[^\x00-\x7f\ufffd])"
START = re.compile(rf"[?\ufffd]{START_AFTER_MARK}")
# A text with one kind of mark is searched for it alone: a search for one character runs
# several times faster than one for either of two.
START_AT = {mark: re.compile(re.escape(mark) + START_AFTER_MARK) for mark in MARKS}
MAX_RUN = 400  # characters; a misaligned decoder rarely stays out of step longer
MIN_RUN = 2  # characters between the marks; shorter runs carry too little evidence
# A repair must beat the damaged text by this many nats per character on average.
MARGIN = 2.5
# An edge character is restored only this many nats ahead of the runner-up (`edges`
# scores): closer calls were wrong more often than right on generated damage.
EDGE_MARGIN = 1.0


@dataclass(frozen=True)
class Run:
    """A candidate run: text[start:end] is mark + body + ending."""

    start: int
    end: int
    body: str  # the improbable characters, folded punctuation read back as full-width
    ending: str  # "" | "mark" (the last trail byte was lost) | an ASCII trail character


@dataclass(frozen=True)
class Realigned:
    first: Edge
    middle: str
    last: Edge | None  # None when the run resynchronised on an ASCII trail byte

    @property
    def text(self) -> str:
        return self.first.char + self.middle + (self.last.char if self.last else "")


def find_run(text: str, start: int) -> Run | None:
    """The run that starts at the mark text[start], or None if it is too short."""
    j = start + 1
    limit = min(len(text), j + MAX_RUN)
    while j < limit:
        ch = text[j]
        if ch in MARKS:
            break
        if ch.isascii():
            nxt = text[j + 1 : j + 2]
            if not (ch in FOLDED and nxt and not nxt.isascii() and nxt not in MARKS):
                break
        j += 1
    body = text[start + 1 : j].translate(UNFOLD)
    if len(body) < MIN_RUN:
        return None
    ending, end = "", j
    if j < len(text) and text[j] in MARKS:
        ending, end = "mark", j + 1
    elif j < len(text) and "\x40" <= text[j] <= "\x7e":
        ending, end = text[j], j + 1
    return Run(start, end, body, ending)


def _double_bytes(text: str, encoding: str) -> bytes | None:
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        return None
    return raw if len(raw) == 2 * len(text) else None


def _decode(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class Shifted:
    """A run's bytes in one encoding, and the middle they decode to one byte later."""

    encoding: str
    raw: bytes
    rest: bytes  # the bytes after the first, with the ending's
    dangling: bool  # the last character lost its trail byte
    middle: str


def shift(run: Run, encoding: str) -> Shifted | None:
    """The run decoded one byte later; None if it cannot be (the cheap test, before any scoring)."""
    raw = _double_bytes(run.body, encoding)
    if raw is None:
        return None
    tail = run.ending.encode() if run.ending not in ("", "mark") else b""
    rest = raw[1:] + tail
    dangling = len(rest) % 2 == 1
    middle = _decode(rest[:-1] if dangling else rest, encoding)
    return Shifted(encoding, raw, rest, dangling, middle) if middle else None


def realign(shifted: Shifted, left: str, right: str, floor: float, evidence: Evidence) -> Realigned | None:
    """The shifted run with its lost bytes guessed; None if it cannot be.

    `floor` is the damaged text's score per character: when the re-decoded middle does
    not even beat it, the costly guessing of the lost bytes is skipped.
    """
    middle, encoding = shifted.middle, shifted.encoding
    if text_log_prob(middle) / len(middle) <= floor:
        return None
    after = middle + ("\ufffd" if shifted.dangling else "") + right  # the last edge is not chosen yet
    first = best_char(lead_lost_candidates(encoding, shifted.raw[0]), left, after, evidence)
    if first is None:
        return None
    last = None
    if shifted.dangling:
        before = (left + first.char + middle)[-LINE:]
        last = best_char(ending_candidates(encoding, shifted.rest[-1], _first_byte(right[:1], encoding)), before, right,
                         evidence)
        if last is None:
            return None
    return Realigned(first, middle, last)


def _first_byte(text: str, encoding: str) -> int | None:
    try:
        return text.encode(encoding)[0] if text else None
    except UnicodeEncodeError:
        return None


def find_byte_shifts(text: str) -> list[Repair]:
    """Runs of byte-shifted text and their far more probable re-decoding."""
    repairs: list[Repair] = []
    marks = [mark for mark in MARKS if mark in text]
    if not marks:
        return repairs
    start = START if len(marks) == 2 else START_AT[marks[0]]
    pos = 0
    evidence = None  # the document's, made for the first run that gets as far as its edges
    while (m := start.search(text, pos)) is not None:
        run = find_run(text, m.start())
        if run is None:
            pos = m.start() + 1
            continue
        # Most marks (a folded ？ before Chinese) start no run that decodes one byte later:
        # those are passed over before any scoring.
        shifts = [shifted for encoding in ENCODINGS if (shifted := shift(run, encoding))]
        if not shifts:
            pos = m.start() + 1
            continue
        left = text[max(run.start - LINE, 0) : run.start]
        right = text[run.end : run.end + LINE]
        damaged = text_log_prob(run.body, left[-1:], right[:1]) / len(run.body)
        evidence = evidence or Evidence(text)
        best, best_score = None, damaged + MARGIN
        for shifted in shifts:
            fixed = realign(shifted, left, right, damaged, evidence)
            if fixed is None:
                continue
            score = text_log_prob(fixed.text, left[-1:], right[:1]) / len(fixed.text)
            if score > best_score:
                best, best_score = fixed, score
        if best is None:
            pos = m.start() + 1
            continue
        repairs += _records(text, run, best)
        pos = run.end
    return repairs


def _records(text: str, run: Run, fixed: Realigned) -> list[Repair]:
    """The run's repair; an edge no candidate clearly wins stays a mark, with its own record."""
    start, end = run.start, run.end
    first, last = fixed.first.char, fixed.last.char if fixed.last else ""
    out = []
    if fixed.first.margin < EDGE_MARGIN:
        out.append(Repair(UNRESOLVED, start, start + 1, text[start], REPLACEMENT))
        start, first = start + 1, ""
    unresolved_last = None
    if fixed.last and fixed.last.margin < EDGE_MARGIN and run.ending == "mark":
        unresolved_last = Repair(UNRESOLVED, end - 1, end, text[end - 1], REPLACEMENT)
        end, last = end - 1, ""
    out.append(Repair("byte-shift", start, end, text[start:end], first + fixed.middle + last))
    if unresolved_last:
        out.append(unresolved_last)
    return out
