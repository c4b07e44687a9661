"""The candidate readings of a notice's bytes, and how they are ranked: each codec decodes a
window of the bytes strictly (or a valid start of it), the plausibility model scores the text,
chardet's guess gets a small head start and the declared codec a margin. `Candidates.decisive`
and `settled` find the winner without asking chardet when no answer of its could change it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import chardet
from chardet.output_names import apply_compat_names
from chardet.registry import normalize_encodings

from fanjian.decode.labels import BIG5_FAMILY, codec_for, family, strip_declarations
from fanjian.decode.validity import strict, strict_prefix, valid_prefix
from fanjian.zh.plausibility import posterior, score

NON_ASCII = re.compile(rb"[\x80-\xff]")
WINDOW = 4096  # bytes of non-ASCII text the candidates are scored on
CHARDET_BYTES = 65536  # chardet reads at most this much; the rest is only validated
CHARDET_ENCODINGS = ("utf-8", "gb18030", "big5", "cp950", "big5hkscs", "hz-gb-2312",
                     "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
DECLARED_MARGIN = 3.0  # log10: another family must read 1000× likelier to overrule
CHARDET_HEAD_START = 1.0  # log10 bonus × chardet's confidence
UNEXPLAINED_BYTE = -2.0  # log10 per byte a partial reading leaves undecoded
PROBE_CHARS = 256  # characters of each reading that pick the one to test first
PROBE_PER_CHAR = 7.0  # log10: a wrong reading's typical cost per character, to size a first probe
DECISIVE = 17.0  # log10: a reading this much likelier than every other ranks first whatever
#   chardet says, and the others change its posterior by less than the float's precision


@dataclass(frozen=True)
class Reading:
    codec: str
    text: str
    score: float
    partial: bool = False  # only a start of the window decodes: a candidate for "mixed"


def window_of(raw: bytes) -> tuple[bytes, bool]:
    """Bytes from a little before the first non-ASCII byte: where the encodings differ."""
    found = NON_ASCII.search(raw, 0, CHARDET_BYTES)
    first = found.start() if found else 0
    start = first - first % 4  # ASCII before it: a character boundary in every codec we try
    end = start + WINDOW
    return raw[start:end], end >= len(raw)


def chardet_guess(raw: bytes) -> tuple[str | None, float]:
    """chardet's guess on the bytes with declarations removed, and its confidence."""
    result = chardet.detect(chardet_sample(raw), include_encodings=CHARDET_ENCODINGS, max_bytes=CHARDET_BYTES,
                            no_match_encoding="utf-8")  # utf-8 already failed: "no guess"
    return codec_for(result.get("encoding")), float(result.get("confidence") or 0.0)


def chardet_sample(raw: bytes) -> bytes:
    return strip_declarations(raw[:CHARDET_BYTES])


@lru_cache(maxsize=1)
def chardet_answers() -> tuple[str, ...]:
    """Every codec chardet can name for CHARDET_ENCODINGS: its own names for them (it folds
    big5 and cp950 into big5hkscs, reported as Big5 when the bytes decode as Big5) and the
    no-match answer, utf-8."""
    names = sorted(normalize_encodings(CHARDET_ENCODINGS, "include_encodings") | {"utf-8"})
    shown = [apply_compat_names({"encoding": name})["encoding"] for name in names]
    return tuple(dict.fromkeys(c for c in map(codec_for, names + shown) if c))


class Candidates:
    """The readings of the window in each codec, decoded and scored once."""

    def __init__(self, raw: bytes, favoured: list[str]):
        self.raw = raw
        self.favoured = favoured
        self.window, self.whole = window_of(raw)
        self.wide = len(raw) % 2 == 0 or len(raw) > WINDOW
        self._readings: dict[str, Reading | None] = {}
        self._scores: dict[str, float] = {}
        self._answered: dict[str, bool] = {}

    def readings(self, guess: str | None) -> list[Reading]:
        """Readings in the order they are tried, for chardet's guess (None: no guess)."""
        return [r for c in self._order(guess) if (r := self.reading(c))]

    def _order(self, guess: str | None) -> list[str]:
        order = [*self.favoured, guess, "gb18030", *BIG5_FAMILY]
        if self.wide:
            order += ["utf-16-le", "utf-16-be"]
        return list(dict.fromkeys(c for c in order if c))

    def reading(self, codec: str) -> Reading | None:
        if codec not in self._readings:
            self._readings[codec] = self._read(codec)
        return self._readings[codec]

    def _score(self, text: str) -> float:
        if text not in self._scores:  # the Big5 codecs mostly read alike
            self._scores[text] = score(text)
        return self._scores[text]

    def _read(self, codec: str) -> Reading | None:
        window = self.window
        decoded = strict(window, codec) if self.whole else strict_prefix(window, codec)
        if isinstance(decoded, tuple):
            decoded = decoded[0]
        if decoded is not None:
            return Reading(codec, decoded, self._score(decoded))
        if family(codec) in ("gb", "big5"):
            start, covered = valid_prefix(window, codec)
            if not start.isascii():
                # Bytes left unexplained cost a little more than a right reading's bytes do.
                value = self._score(start) + UNEXPLAINED_BYTE * (len(window) - covered)
                return Reading(codec, start, value, partial=True)
        return None

    def decisive(self) -> Reading | None:
        """The reading `settled` returns, found without scoring every reading in full; or None.

        That is a whole reading (UTF-8 when the bytes are valid UTF-8) that every other
        reading stays behind whatever chardet answers, leaving its confidence at 1.0
        (`_cannot_pass`): it does not decode the window (no reading, or a partial one), it
        reads the same text but comes later and is never chardet's answer, or it scores
        more than DECISIVE below. Every character scores at most 0, so a start of a reading
        scores at least as much as all of it: a start far enough below settles a codec
        without scoring the whole window in it.
        """
        base = self._order(None)
        texts = {c: t for c in dict.fromkeys([*base, *chardet_answers()]) if (t := self._decoded(c))}
        if "utf-8" in self.favoured:
            leader = "utf-8"
        else:  # the likeliest by the start of its text (a wrong pick is only slower)
            distinct = {texts[c]: c for c in reversed(base) if c in texts}  # text: its first codec
            leader = max(distinct.values(), default=None,
                         key=lambda c: score(texts[c][:PROBE_CHARS]) / len(texts[c][:PROBE_CHARS]))
        first = self.reading(leader) if leader in texts else None
        if first is None or first.partial:
            return None
        floor = first.score - DECISIVE
        probe = int(-floor / PROBE_PER_CHAR) + 1  # characters a wrong reading needs to fall below
        for codec, text in texts.items():
            if codec == leader:
                continue
            if text == first.text:
                later = codec in base and base.index(codec) > base.index(leader)
                if not later or (codec in chardet_answers() and self._answerable(codec)):
                    return None
                continue
            if len(text) > probe and score(text[:probe]) < floor:
                continue
            reading = self.reading(codec)
            if not (reading is None or reading.partial or reading.score < floor):
                return None
        return first

    def _decoded(self, codec: str) -> str | None:
        """The window decoded whole in codec, as _read decodes it; None if it does not decode."""
        if codec in self._readings:
            reading = self._readings[codec]
            return reading.text if reading and not reading.partial else None
        decoded = strict(self.window, codec) if self.whole else strict_prefix(self.window, codec)
        return decoded[0] if isinstance(decoded, tuple) else decoded

    def settled(self) -> Reading | None:
        """The reading ranked first whatever chardet would answer, or None if its answer counts.

        chardet's answer moves its codec up the order and gives it a head start of
        0 to CHARDET_HEAD_START; the first reading moves monotonically with that confidence,
        so trying both ends for every answer that has a reading covers every case. The
        confidence reported must not depend on the answer either.
        """
        base = self.readings(None)
        first = ranked(base, self.favoured, None, 0.0)[0] if base else None
        if first is None or first.partial:
            return None
        answers = [r for c in chardet_answers() if (r := self.reading(c))]
        if all(self._cannot_pass(r, first, base) for r in [*base, *answers]):
            return first
        confidence = posterior_share(base, first)
        for guess in chardet_answers():
            answer = self.reading(guess)
            if answer is None or answer.partial:
                continue  # ranked after every whole reading, and left out of the confidence
            readings = self.readings(guess)
            if (any(ranked(readings, self.favoured, guess, c)[0] is not first for c in (0.0, 1.0))
                    or posterior_share(readings, first) != confidence) and self._answerable(guess):
                return None
        return first

    def _cannot_pass(self, r: Reading, first: Reading, base: list[Reading]) -> bool:
        """Whether r stays behind first whatever chardet answers, leaving its confidence at 1.0:
        far less likely (no head start reaches, the posterior does not move), or reading
        the same (as the Big5 codecs mostly do) but tried later and never chardet's answer."""
        if r is first or r.partial or r.score < first.score - DECISIVE:
            return True
        later = r in base and base.index(r) > base.index(first)
        return later and r.text == first.text and not (r.codec in chardet_answers() and self._answerable(r.codec))

    def _answerable(self, guess: str) -> bool:
        """Whether chardet can answer guess here: it names big5hkscs Big5 when that decodes."""
        if guess != "big5hkscs":
            return True
        if guess in self._answered:
            return self._answered[guess]
        answer = apply_compat_names({"encoding": "big5hkscs"}, chardet_sample(self.raw))["encoding"]
        self._answered[guess] = codec_for(answer) == guess
        return self._answered[guess]


def ranked(readings, favoured, guess, chardet_confidence):
    """Best first: likelihood, chardet's head start, and the margin of the favoured codecs
    (the declared one, then UTF-8 when the bytes are valid UTF-8)."""

    def weight(r: Reading) -> float:
        return r.score + (CHARDET_HEAD_START * chardet_confidence if r.codec == guess else 0.0)

    # Whole readings before partial ones; stable sort keeps BIG5_FAMILY order on ties.
    ranked = sorted(readings, key=lambda r: (not r.partial, weight(r)), reverse=True)
    declared = next((r for c in favoured for r in ranked if r.codec == c and not r.partial), None)
    if declared:
        best = ranked[0]
        if family(best.codec) != family(declared.codec) and weight(best) - weight(declared) < DECLARED_MARGIN:
            ranked.remove(declared)
            ranked.insert(0, declared)
    return ranked


def posterior_share(readings, chosen: Reading) -> float:
    distinct = {r.text: r.score for r in readings if not r.partial}
    others = [s for t, s in distinct.items() if t != chosen.text]
    return round(posterior([chosen.score, *others]) if others else 1.0, 4)


__all__ = ["CHARDET_BYTES", "WINDOW", "Candidates", "Reading", "chardet_answers", "chardet_guess", "posterior_share", "ranked",
           "window_of"]
