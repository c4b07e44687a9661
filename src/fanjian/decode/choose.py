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

from fanjian.decode.candidates import CHARDET_BYTES, WINDOW, Candidates, chardet_guess, posterior_share, ranked
from fanjian.decode.euctw import is_euc_tw
from fanjian.decode.euctw import refusal as euc_tw_refusal
from fanjian.decode.labels import BIG5_FAMILY, codec_for, family, find_declared
from fanjian.decode.mixed import decode_lines, has_utf8_lines
from fanjian.decode.validity import binary_kind, control_bytes, replacing, strict, strict_prefix, strip_controls
from fanjian.errors import InputError
from fanjian.model import Decoded
from fanjian.zh.plausibility import posterior, score, score_unless_all_above

__all__ = ["decode"]

STR_ERROR = "decode() takes bytes; to fix text that is already a str, use fanjian.repair.repair()"

BOMS = (  # UTF-32 LE before UTF-16 LE: its BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

BINARY_CONTROL_SHARE = 0.05  # more control bytes than this (outside UTF-16/32): binary
PLAUSIBLE_PER_CHAR = -5.0  # mean score a UTF-16/32 reading needs to be taken as text
NOT_TEXT_PER_CHAR = -6.5  # mean score below which a long "text" is refused as binary
FALLBACK_SLACK = 4  # invalid bytes: fallback readings this close are chosen by plausibility
WIDE_ASCII_MARGIN = 1.0  # log10: UTF-16 over plain ASCII only when 10× likelier


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
    candidates = Candidates(raw, favoured)
    decisive = candidates.decisive()
    if decisive:  # every other reading is out of reach: confidence 1.0, as confidence finds
        found = _take(raw, decisive, [decisive], utf8, label, declared_codec, utf8_score)
        if found:
            return found
    settled = candidates.settled()
    if settled:
        found = _take(raw, settled, candidates.readings(None), utf8, label, declared_codec, utf8_score)
        if found:
            return found
    guess, chardet_confidence = chardet_guess(raw)
    readings = candidates.readings(guess)
    for reading in ranked(readings, favoured, guess, chardet_confidence):
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
    confidence = posterior_share(readings, reading)
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
