"""Charset labels: the WHATWG label table, declarations in HTML and XML, codec families.

>>> codec_for("GB2312"), codec_for("x-x-big5"), codec_for("no-such-charset"), codec_for("base64")
('gb18030', 'big5', None, None)
>>> find_declared(b'<html><head><meta charset="gbk"><title>')
'gbk'
>>> strip_declarations(b'<?xml version="1.0" encoding="big5"?><a/>')
b'<?xml version="1.0" ?><a/>'
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from fanjian.data import read_tsv

# Python codecs the decoder knows how to weigh against each other, by family: a declaration
# is overruled only when the bytes read better in another family.
FAMILY = {
    "gb18030": "gb", "hz": "gb",
    "big5": "big5", "cp950": "big5", "big5hkscs": "big5",
    "utf-8": "utf-8", "ascii": "utf-8",
    "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be",
    "utf-32-le": "utf-32-le", "utf-32-be": "utf-32-be",
}
BIG5_FAMILY = ("big5", "cp950", "big5hkscs")  # tried in this order; they differ on some pairs

# Labels WHATWG does not list that callers still send; Python's own aliases settle them.
_PYTHON_ALIASES = {"utf-16": "utf-16-le", "utf-32": "utf-32-le", "utf-16le": "utf-16-le",
                   "utf-16be": "utf-16-be", "utf-32le": "utf-32-le", "utf-32be": "utf-32-be",
                   "gbk": "gb18030", "gb2312": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "hz"}

_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined", "mbcs", "oem"}

DECLARATION = re.compile(
    rb"""(<meta\b[^>]*?charset\s*=\s*["']?\s*)([A-Za-z0-9_.:-]+)"""
    rb"""|(<\?xml\b[^>]*?)encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return {label: codec for label, _name, codec in read_tsv("encoding_labels.tsv")}


def family(codec: str | None) -> str | None:
    return FAMILY.get(codec, codec) if codec else None


@lru_cache(maxsize=256)
def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for labels to ignore.

    WHATWG labels first (gb2312 and gbk decode as gb18030, a superset that keeps — and ·
    where Python's gb2312 codec gives ― and ・); other names only if Python knows them.
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    table = _labels()
    if label in table:
        return None if table[label] == "-" else table[label]
    label = label.replace("_", "-")
    if label in _PYTHON_ALIASES:
        return _PYTHON_ALIASES[label]
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not info._is_text_encoding or info.name in _NOT_CHARSETS:  # base64, rot13, …
        return None
    return _PYTHON_ALIASES.get(info.name, info.name)


# Where a declaration can start, in lowered bytes: searching these plain strings first is
# far faster than the case-insensitive pattern scanning every byte.
_DECLARATION_START = re.compile(rb"<meta|<\?xml")


def _declarations(raw: bytes):
    """The matches of DECLARATION in raw, as re.finditer would find them."""
    end = 0
    for start in _DECLARATION_START.finditer(raw.lower()):
        if start.start() >= end:
            match = DECLARATION.match(raw, start.start())
            if match:
                end = match.end()
                yield match


def find_declared(raw: bytes) -> str | None:
    """The charset label an HTML <meta> or XML declaration gives in the first 1024 bytes."""
    match = next(_declarations(raw[:1024]), None)
    if not match:
        return None
    return (match.group(2) or match.group(4)).decode("ascii").lower()


def strip_declarations(raw: bytes) -> bytes:
    """The bytes without charset declarations, so a detector judges the bytes alone."""
    lowered = raw.lower()
    if b"charset" not in lowered and b"encoding" not in lowered:
        return raw
    parts, end = [], 0
    for match in _declarations(raw):
        parts += (raw[end:match.start()], match.group(1) or match.group(3))
        end = match.end()
    return b"".join(parts) + raw[end:] if parts else raw
