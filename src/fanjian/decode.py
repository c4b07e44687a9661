"""Bytes to text, with the reason for the choice of encoding.

The chain: BOM, cheap exits (ASCII, strict UTF-8), the declared charset, chardet on
the bytes with declarations removed, strict validation, a replacing last resort.

>>> decode("羅湖區委書記強調，要緊盯目標幹。".encode("big5")).text
'羅湖區委書記強調，要緊盯目標幹。'
>>> decode(b"\\xef\\xbb\\xbfabc").method
'bom'
"""

from __future__ import annotations

import codecs
import re

import chardet

from .errors import InputError
from .model import Decoded

STR_ERROR = "decode() takes bytes; to fix text that is already a str, use fanjian.repair.repair()"

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Declared or detected names to the codec that decodes them safely: the supersets
# keep characters the narrow codecs lose or mis-map (gb2312 A1AA is ― there, — in gb18030).
PROMOTE = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5",
    "big5-hkscs": "big5hkscs",
    "cp950": "cp950",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "hz-gb-2312": "hz",
    "hz": "hz",
}
BIG5_FAMILY = ("big5", "cp950", "big5hkscs")

DECLARATION = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def find_declared(raw: bytes) -> str | None:
    """The charset an HTML <meta> or XML declaration names in the first 1024 bytes."""
    match = DECLARATION.search(raw[:1024])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii").lower()


def codec_for(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower().replace("_", "-")
    if label in PROMOTE:
        return PROMOTE[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def try_decode(raw: bytes, codec: str) -> str | None:
    candidates = BIG5_FAMILY if codec in BIG5_FAMILY else (codec,)
    for name in candidates:
        try:
            return raw.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def looks_binary(raw: bytes) -> bool:
    """NULs outside UTF-16/32, or control bytes that no text carries."""
    sample = raw[:4096]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return controls > max(2, len(sample) // 50)


def decode(raw: bytes, declared: str | None = None) -> Decoded:
    if isinstance(raw, str):
        raise TypeError(STR_ERROR)
    if not raw:
        raise InputError("empty input: nothing to decode")
    for bom, codec in BOMS:
        if raw.startswith(bom):
            return Decoded(raw.decode(codec, errors="replace"), codec.replace("-sig", ""), "bom")
    if looks_binary(raw):
        raise InputError("binary data, not text: refused")
    if raw.isascii():
        return Decoded(raw.decode("ascii"), "ascii", "ascii")
    declared = declared or find_declared(raw)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8", "utf-8", declared=declared,
                       overruled=bool(declared) and codec_for(declared) != "utf-8")
    except UnicodeDecodeError:
        pass
    stripped = DECLARATION.sub(b"", raw)
    guess = chardet.detect(stripped)
    detected = codec_for(guess.get("encoding"))
    confidence = float(guess.get("confidence") or 0.0)
    declared_codec = codec_for(declared)
    if declared_codec and declared_codec != detected:
        text = try_decode(raw, declared_codec)
        if text is not None and (detected is None or try_decode(raw, detected) is None):
            return Decoded(text, declared_codec, "declared", confidence, declared)
    if detected:
        text = try_decode(raw, detected)
        if text is not None:
            method = "declared" if detected == declared_codec else "detected"
            return Decoded(text, detected, method, confidence, declared,
                           overruled=bool(declared_codec) and detected != declared_codec)
    codec = declared_codec or detected or "gb18030"
    text = raw.decode(codec, errors="replace")
    return Decoded(text, codec, "fallback", confidence, declared, replaced=text.count("\ufffd"))
