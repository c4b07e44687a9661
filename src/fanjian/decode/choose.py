"""Bytes to text, with the reason for the choice of encoding.

The chain, in order:

1. BOM (UTF-8, UTF-16, UTF-32): method ``bom``.
2. Binary files (PNG, PDF, ZIP, …, or many control bytes) are refused with InputError.
   UTF-16/32 without BOM are recognised by their NULs first; NULs in other text are
   dropped and counted in ``replaced``.
3. Cheap exits: pure ASCII (or HZ, when it holds ``~{…~}``) and strict UTF-8. They report
   method ``declared`` when a declaration named that encoding, else ``detected``.
4. Candidates: the declared charset (caller's, else an HTML ``<meta>`` or XML declaration
   in the first 1024 bytes, mapped through the WHATWG label table, gbk and gb2312 promoted
   to gb18030), chardet's guess on the bytes with declarations removed, and the codecs of
   every encoding notices arrive in (gb18030, big5, cp950, big5hkscs, UTF-16 without BOM).
   Each decodes a window of the bytes strictly; the survivors are scored by how plausible
   their text is (``decode_score``). The declaration wins unless another family reads far
   better; chardet's guess gets a small head start. ``confidence`` is the winner's share
   of the likelihood among the distinct readings. chardet (the slowest step by far) runs
   only when some answer it can give would change the winner or its confidence. A start
   of a reading bounds its score (no character scores above 0), so a reading far behind
   the winner is set aside without scoring all of it.
5. The winner decodes the whole input strictly. A sequence cut off at the very end becomes
   one U+FFFD (``replaced`` counts its bytes) and the method stays. Lines in UTF-8 inside
   a legacy file make the result ``mixed``, decoded line by line with ``segments``.
6. Last resort: the candidate that replaces fewest bytes, method ``fallback``.

>>> decode("羅湖區委書記強調，要緊盯目標幹。".encode("big5")).text
'羅湖區委書記強調，要緊盯目標幹。'
>>> decode(b"\\xef\\xbb\\xbfabc").method
'bom'
>>> got = decode('<meta charset="utf-8"><p>发布时间'.encode("gbk"))
>>> got.encoding, got.method, got.declared, got.overruled
('gb18030', 'detected', 'utf-8', True)
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

import chardet
from chardet.output_names import apply_compat_names
from chardet.registry import normalize_encodings

from fanjian.decode.euctw import is_euc_tw
from fanjian.decode.euctw import refusal as euc_tw_refusal
from fanjian.decode.validity import (binary_kind, control_bytes, replacing, strict, strict_prefix,
                                    strip_controls, valid_prefix)
from fanjian.decode.labels import BIG5_FAMILY, codec_for, family, find_declared, strip_declarations
from fanjian.decode.mixed import decode_lines, has_utf8_lines
from fanjian.zh.plausibility import posterior, score, score_unless_all_above
from fanjian.errors import InputError
from fanjian.model import Decoded

__all__ = ["decode"]

STR_ERROR = "decode() takes bytes; to fix text that is already a str, use fanjian.repair.repair()"

BOMS = (  # UTF-32 LE before UTF-16 LE: its BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

NON_ASCII = re.compile(rb"[\x80-\xff]")
WINDOW = 4096  # bytes of non-ASCII text the candidates are scored on
CHARDET_BYTES = 65536  # chardet reads at most this much; the rest is only validated
CHARDET_ENCODINGS = ("utf-8", "gb18030", "big5", "cp950", "big5hkscs", "hz-gb-2312",
                     "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
DECLARED_MARGIN = 3.0  # log10: another family must read 1000× likelier to overrule
CHARDET_HEAD_START = 1.0  # log10 bonus × chardet's confidence
BINARY_CONTROL_SHARE = 0.05  # more control bytes than this (outside UTF-16/32): binary
PLAUSIBLE_PER_CHAR = -5.0  # mean score a UTF-16/32 reading needs to be taken as text
UNEXPLAINED_BYTE = -2.0  # log10 per byte a partial reading leaves undecoded
NOT_TEXT_PER_CHAR = -6.5  # mean score below which a long "text" is refused as binary
FALLBACK_SLACK = 4  # invalid bytes: fallback readings this close are chosen by plausibility
WIDE_ASCII_MARGIN = 1.0  # log10: UTF-16 over plain ASCII only when 10× likelier
PROBE_CHARS = 256  # characters of each reading that pick the one to test first
PROBE_PER_CHAR = 7.0  # log10: a wrong reading's typical cost per character, to size a first probe
DECISIVE = 17.0  # log10: a reading this much likelier than every other ranks first whatever
#   chardet says, and the others change its posterior by less than the float's precision


@dataclass(frozen=True)
class _Reading:
    codec: str
    text: str
    score: float
    partial: bool = False  # only a start of the window decodes: a candidate for "mixed"


def decode(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode bytes of a notice; `declared` is a charset from HTTP headers or the CLI."""
    if isinstance(raw, str):
        raise TypeError(STR_ERROR)
    raw = bytes(raw)
    if not raw:
        raise InputError("empty input: nothing to decode")
    label = declared or find_declared(raw)
    declared_codec = codec_for(label)
    for bom, codec in BOMS:
        if raw.startswith(bom):
            text, replaced = strict(raw[len(bom):], codec) or replacing(raw[len(bom):], codec)
            return Decoded(text, codec, "bom", 1.0, label, _overruled(codec, declared_codec, label), replaced)
    kind = binary_kind(raw)
    if kind:
        raise InputError(f"binary data ({kind}), not text: refused")
    head = raw[:CHARDET_BYTES]
    controls = control_bytes(head)
    if controls:
        wide = _wide_unicode(raw, label, declared_codec, PLAUSIBLE_PER_CHAR)
        if wide:
            return wide
        nuls = raw.count(b"\0")
        others = controls - head.count(b"\0")
        if others > max(3, BINARY_CONTROL_SHARE * len(head)) or nuls > len(raw) // 4:
            # UTF-16 of rare characters rather than binary, if it reads as text at all.
            wide = _wide_unicode(raw, label, declared_codec, NOT_TEXT_PER_CHAR)
            if wide:
                return wide
            if nuls <= len(raw) // 4 and (text := _without_controls(raw, label, declared_codec)):
                return text
            raise InputError("binary data (control bytes), not text: refused")
        if nuls:
            result = _not_euc_tw(raw, _decode_text(raw.replace(b"\0", b""), label, declared_codec))
            return dataclasses.replace(result, replaced=result.replaced + nuls)
    return _not_euc_tw(raw, _decode_text(raw, label, declared_codec))


def _not_euc_tw(raw: bytes, result: Decoded) -> Decoded:
    if result.encoding == "gb18030" and is_euc_tw(raw, result.text):
        raise InputError(euc_tw_refusal())
    return result


def _without_controls(raw: bytes, label: str | None, declared_codec: str | None) -> Decoded | None:
    """Text with a run of control bytes in it (a damaged copy, a stray binary field): the
    controls removed and counted in `replaced`, when every other byte decodes strictly into
    plausible text; None when it does not (binary data)."""
    rest = strip_controls(raw)
    if not rest.strip():
        return None
    try:
        result = _not_euc_tw(rest, _decode_text(rest, label, declared_codec))
    except InputError:
        return None
    if result.method == "fallback" or result.replaced:
        return None
    return dataclasses.replace(result, replaced=len(raw) - len(rest))


def _method(codec: str, declared_codec: str | None) -> str:
    return "declared" if declared_codec and family(codec) == family(declared_codec) else "detected"


def _overruled(codec: str, declared_codec: str | None, label: str | None) -> bool:
    if not label:
        return False
    return declared_codec is None or family(codec) != family(declared_codec)


def _wide_unicode(raw: bytes, label: str | None, declared_codec: str | None, floor: float) -> Decoded | None:
    """UTF-16/32 without a BOM: text whose ASCII characters come with NULs."""
    readings = []
    for codec in ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"):
        decoded = strict(raw, codec)
        if decoded is None:
            continue
        text, replaced = decoded
        sample = text[:WINDOW]
        value = score(sample)
        if value / max(1, len(sample)) >= floor:
            readings.append((value, codec, text, replaced))
    if not readings:
        return None
    value, codec, text, replaced = max(readings)
    confidence = posterior([r[0] for r in readings])
    return Decoded(text, codec, _method(codec, declared_codec), confidence, label,
                   _overruled(codec, declared_codec, label), replaced)


def _plausible_han(text: str) -> bool:
    han = "".join(ch for ch in text if "\u3400" <= ch <= "\u9fff")
    return bool(han) and score(han) / len(han) >= PLAUSIBLE_PER_CHAR


def _decode_text(raw: bytes, label: str | None, declared_codec: str | None) -> Decoded:
    if raw.isascii():
        return _ascii(raw, label, declared_codec)
    utf8 = strict(raw, "utf-8")
    # Plausible UTF-8 (no character a wrong reading typically produces: Arabic, Greek, private
    # use, …) is taken at once; otherwise its sample's score is kept for _refuse_implausible.
    utf8_score = score_unless_all_above(utf8[0][:WINDOW], PLAUSIBLE_PER_CHAR) if utf8 else None
    if utf8 and utf8_score is None:
        return Decoded(utf8[0], "utf-8", _method("utf-8", declared_codec), 1.0, label,
                       _overruled("utf-8", declared_codec, label), utf8[1])
    # Short legacy bytes can be valid UTF-8 by chance (責同 in GBK reads ؟ͬ): weigh them.
    favoured = [c for c in (declared_codec, "utf-8" if utf8 else None) if c]
    candidates = _Candidates(raw, favoured)
    decisive = candidates.decisive()
    if decisive:  # every other reading is out of reach: confidence 1.0, as _confidence finds
        found = _take(raw, decisive, [decisive], utf8, label, declared_codec, utf8_score)
        if found:
            return found
    settled = candidates.settled()
    if settled:
        found = _take(raw, settled, candidates.readings(None), utf8, label, declared_codec, utf8_score)
        if found:
            return found
    guess, chardet_confidence = _chardet(raw)
    readings = candidates.readings(guess)
    for reading in _ranked(readings, favoured, guess, chardet_confidence):
        found = _take(raw, reading, readings, utf8, label, declared_codec, utf8_score)
        if found:
            return found
    return _fallback(raw, readings, label, declared_codec, guess)


def _take(raw, reading, readings, utf8, label, declared_codec, utf8_score=None) -> Decoded | None:
    """The input decoded with a ranked reading's codec, or None when the whole does not decode.
    `utf8_score`: the score of the UTF-8 text's first WINDOW characters, when known."""
    if family(reading.codec) == "gb" or reading.codec in BIG5_FAMILY:
        if has_utf8_lines(raw, reading.codec):
            mixed = _mixed(raw, reading.codec, label, declared_codec)
            if mixed:
                return mixed
    whole = utf8 if reading.codec == "utf-8" else strict(raw, reading.codec)
    if whole is None:
        return None
    text, replaced = whole
    _refuse_implausible(text, utf8_score if reading.codec == "utf-8" else None)
    confidence = _confidence(readings, reading)
    return Decoded(text, reading.codec, _method(reading.codec, declared_codec), confidence,
                   label, _overruled(reading.codec, declared_codec, label), replaced)


def _ascii(raw: bytes, label: str | None, declared_codec: str | None) -> Decoded:
    """Plain ASCII, unless it is HZ (~{…~}) or UTF-16 whose code units are all ASCII bytes."""
    text = raw.decode("ascii")
    if b"~{" in raw:
        hz = strict(raw, "hz")
        if hz and _plausible_han(hz[0]):
            return Decoded(hz[0], "hz", _method("hz", declared_codec), 1.0, label,
                           _overruled("hz", declared_codec, label), hz[1])
    if len(raw) % 2 == 0:
        window = raw[:WINDOW]
        plain = score(text[:WINDOW])
        wide = [(score(w), c) for c in ("utf-16-le", "utf-16-be") if (w := strict_prefix(window, c))]
        value, codec = max(wide, default=(plain, None))
        if codec and value > plain + WIDE_ASCII_MARGIN:
            decoded = raw.decode(codec)
            return Decoded(decoded, codec, _method(codec, declared_codec),
                           round(posterior([value, plain]), 4), label, _overruled(codec, declared_codec, label))
    return Decoded(text, "ascii", _method("ascii", declared_codec), 1.0, label)


def _window(raw: bytes) -> tuple[bytes, bool]:
    """Bytes from a little before the first non-ASCII byte: where the encodings differ."""
    found = NON_ASCII.search(raw, 0, CHARDET_BYTES)
    first = found.start() if found else 0
    start = first - first % 4  # ASCII before it: a character boundary in every codec we try
    end = start + WINDOW
    return raw[start:end], end >= len(raw)


def _chardet(raw: bytes) -> tuple[str | None, float]:
    """chardet's guess on the bytes with declarations removed, and its confidence."""
    result = chardet.detect(_chardet_sample(raw), include_encodings=CHARDET_ENCODINGS, max_bytes=CHARDET_BYTES,
                            no_match_encoding="utf-8")  # utf-8 already failed: "no guess"
    return codec_for(result.get("encoding")), float(result.get("confidence") or 0.0)


def _chardet_sample(raw: bytes) -> bytes:
    return strip_declarations(raw[:CHARDET_BYTES])


@lru_cache(maxsize=1)
def _chardet_answers() -> tuple[str, ...]:
    """Every codec chardet can name for CHARDET_ENCODINGS: its own names for them (it folds
    big5 and cp950 into big5hkscs, reported as Big5 when the bytes decode as Big5) and the
    no-match answer, utf-8."""
    names = sorted(normalize_encodings(CHARDET_ENCODINGS, "include_encodings") | {"utf-8"})
    shown = [apply_compat_names({"encoding": name})["encoding"] for name in names]
    return tuple(dict.fromkeys(c for c in map(codec_for, names + shown) if c))


class _Candidates:
    """The readings of the window in each codec, decoded and scored once."""

    def __init__(self, raw: bytes, favoured: list[str]):
        self.raw = raw
        self.favoured = favoured
        self.window, self.whole = _window(raw)
        self.wide = len(raw) % 2 == 0 or len(raw) > WINDOW
        self._readings: dict[str, _Reading | None] = {}
        self._scores: dict[str, float] = {}
        self._answered: dict[str, bool] = {}

    def readings(self, guess: str | None) -> list[_Reading]:
        """Readings in the order they are tried, for chardet's guess (None: no guess)."""
        return [r for c in self._order(guess) if (r := self.reading(c))]

    def _order(self, guess: str | None) -> list[str]:
        order = [*self.favoured, guess, "gb18030", *BIG5_FAMILY]
        if self.wide:
            order += ["utf-16-le", "utf-16-be"]
        return list(dict.fromkeys(c for c in order if c))

    def reading(self, codec: str) -> _Reading | None:
        if codec not in self._readings:
            self._readings[codec] = self._read(codec)
        return self._readings[codec]

    def _score(self, text: str) -> float:
        if text not in self._scores:  # the Big5 codecs mostly read alike
            self._scores[text] = score(text)
        return self._scores[text]

    def _read(self, codec: str) -> _Reading | None:
        window = self.window
        decoded = strict(window, codec) if self.whole else strict_prefix(window, codec)
        if isinstance(decoded, tuple):
            decoded = decoded[0]
        if decoded is not None:
            return _Reading(codec, decoded, self._score(decoded))
        if family(codec) in ("gb", "big5"):
            start, covered = valid_prefix(window, codec)
            if not start.isascii():
                # Bytes left unexplained cost a little more than a right reading's bytes do.
                value = self._score(start) + UNEXPLAINED_BYTE * (len(window) - covered)
                return _Reading(codec, start, value, partial=True)
        return None

    def decisive(self) -> _Reading | None:
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
        texts = {c: t for c in dict.fromkeys([*base, *_chardet_answers()]) if (t := self._decoded(c))}
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
                if not later or (codec in _chardet_answers() and self._answerable(codec)):
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

    def settled(self) -> _Reading | None:
        """The reading ranked first whatever chardet would answer, or None if its answer counts.

        chardet's answer moves its codec up the order and gives it a head start of
        0 to CHARDET_HEAD_START; the first reading moves monotonically with that confidence,
        so trying both ends for every answer that has a reading covers every case. The
        confidence reported must not depend on the answer either.
        """
        base = self.readings(None)
        first = _ranked(base, self.favoured, None, 0.0)[0] if base else None
        if first is None or first.partial:
            return None
        answers = [r for c in _chardet_answers() if (r := self.reading(c))]
        if all(self._cannot_pass(r, first, base) for r in [*base, *answers]):
            return first
        confidence = _confidence(base, first)
        for guess in _chardet_answers():
            answer = self.reading(guess)
            if answer is None or answer.partial:
                continue  # ranked after every whole reading, and left out of the confidence
            readings = self.readings(guess)
            if (any(_ranked(readings, self.favoured, guess, c)[0] is not first for c in (0.0, 1.0))
                    or _confidence(readings, first) != confidence) and self._answerable(guess):
                return None
        return first

    def _cannot_pass(self, r: _Reading, first: _Reading, base: list[_Reading]) -> bool:
        """Whether r stays behind first whatever chardet answers, leaving its confidence at 1.0:
        far less likely (no head start reaches, the posterior does not move), or reading
        the same (as the Big5 codecs mostly do) but tried later and never chardet's answer."""
        if r is first or r.partial or r.score < first.score - DECISIVE:
            return True
        later = r in base and base.index(r) > base.index(first)
        return later and r.text == first.text and not (r.codec in _chardet_answers() and self._answerable(r.codec))

    def _answerable(self, guess: str) -> bool:
        """Whether chardet can answer guess here: it names big5hkscs Big5 when that decodes."""
        if guess != "big5hkscs":
            return True
        if guess in self._answered:
            return self._answered[guess]
        answer = apply_compat_names({"encoding": "big5hkscs"}, _chardet_sample(self.raw))["encoding"]
        self._answered[guess] = codec_for(answer) == guess
        return self._answered[guess]


def _ranked(readings, favoured, guess, chardet_confidence):
    """Best first: likelihood, chardet's head start, and the margin of the favoured codecs
    (the declared one, then UTF-8 when the bytes are valid UTF-8)."""

    def weight(r: _Reading) -> float:
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


def _confidence(readings, chosen: _Reading) -> float:
    distinct = {r.text: r.score for r in readings if not r.partial}
    others = [s for t, s in distinct.items() if t != chosen.text]
    return round(posterior([chosen.score, *others]) if others else 1.0, 4)


def _refuse_implausible(text: str, sample_score: float | None = None) -> None:
    """Bytes that decode, but to characters no notice is written in (random or compressed data)."""
    sample = text[:WINDOW]
    if sample_score is None and len(sample) >= 64:
        sample_score = score(sample)
    if len(sample) >= 64 and sample_score / len(sample) < NOT_TEXT_PER_CHAR:
        raise InputError("binary data (decodes only to improbable characters), not text: refused")


def _mixed(raw, legacy, label, declared_codec) -> Decoded | None:
    text, segments, replaced = decode_lines(raw, legacy)
    encodings = list(dict.fromkeys(s["encoding"] for s in segments))
    if len(encodings) < 2:
        return None
    return Decoded(text, "+".join(encodings), "mixed", 1.0, label,
                   _overruled(legacy, declared_codec, label), replaced, segments)


def _fallback(raw, readings, label, declared_codec, guess) -> Decoded:
    """No codec reads every byte: the reading with the fewest invalid bytes, or, among
    readings within a few bytes of that, the most plausible text (Big5 with one stray byte
    also decodes as GB18030 with one or two, but into characters no notice is written in)."""
    order = [r.codec for r in readings] + [c for c in (declared_codec, guess, "gb18030", *BIG5_FAMILY) if c]
    decoded = []
    for codec in dict.fromkeys(order):
        try:
            decoded.append((*replacing(raw, codec), codec))
        except LookupError:
            continue
    fewest = min(replaced for _, replaced, _ in decoded)
    if fewest > len(raw) // 20:
        raise InputError(f"not text: {fewest} of {len(raw)} bytes invalid in every encoding tried; refused")
    near = [d for d in decoded if d[1] <= fewest + FALLBACK_SLACK]
    text, replaced, codec = max(near, key=lambda d: (score(d[0][:WINDOW]) / max(1, len(d[0][:WINDOW])), -d[1])) \
        if len(near) > 1 else near[0]
    _refuse_implausible(text)
    return Decoded(text, codec, "fallback", 0.0, label, _overruled(codec, declared_codec, label), replaced)
