"""Byte-level helpers for decode: strict decoding that tolerates a cut tail, decoding with
counted replacements, and telling binary data from text.

>>> strict("深圳".encode("gb18030")[:-1], "gb18030")
('深\\ufffd', 1)
>>> replacing(b"ab\\xffcd", "utf-8")
('ab\\ufffdcd', 1)
>>> binary_kind(b"\\x89PNG\\r\\n\\x1a\\n....")
'PNG image'
"""

from __future__ import annotations

import codecs

MAX_CHAR_BYTES = 4  # longest sequence of every codec we use (gb18030, utf-8, utf-32)

MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (doc/xls)"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"RIFF", "RIFF media"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
)

_MAGIC_STARTS = tuple(magic for magic, _kind in MAGIC)

# Bytes that no text file carries outside UTF-16/32: C0 controls but tab, newlines,
# form feed, escape (HZ and ISO-2022 use it) and SUB (DOS end-of-file).
_TEXT_CONTROLS = b"\t\n\r\x0c\x1b\x1a"
_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)
_KEEP_CONTROLS = bytes.maketrans(b"", b"")
_DELETE_NON_CONTROLS = bytes(b for b in range(256) if b not in _CONTROLS)


def control_bytes(raw: bytes) -> int:
    """How many bytes of raw are controls that plain text does not contain (NUL included)."""
    return len(raw.translate(_KEEP_CONTROLS, _DELETE_NON_CONTROLS))


def strip_controls(raw: bytes) -> bytes:
    """raw without the controls `control_bytes` counts (none is ever part of a multi-byte
    character in the codecs tried before UTF-16/32).

    >>> strip_controls(b"a\\x01\\x02b\\tc\\x00")
    b'ab\\tc'
    """
    return raw.translate(None, _CONTROLS)


def binary_kind(raw: bytes) -> str | None:
    """The kind of binary file raw starts like, or None."""
    if not raw.startswith(_MAGIC_STARTS):  # one test for the usual case, text
        return None
    for magic, kind in MAGIC:
        if raw.startswith(magic):
            return kind
    return None


def _is_cut_tail(err: UnicodeDecodeError, size: int) -> bool:
    return err.end >= size and size - err.start < MAX_CHAR_BYTES


def strict(raw: bytes, codec: str) -> tuple[str, int] | None:
    """Decode strictly; a multi-byte sequence cut off at the very end becomes one U+FFFD.

    Returns (text, bytes replaced), or None when the bytes are not valid in codec.
    """
    try:
        return codecs.decode(raw, codec), 0
    except UnicodeDecodeError as err:
        if not _is_cut_tail(err, len(raw)):
            return None
        try:
            return codecs.decode(raw[: err.start], codec) + "\ufffd", len(raw) - err.start
        except UnicodeDecodeError:
            return None


def strict_prefix(raw: bytes, codec: str) -> str | None:
    """Decode the start of a longer input strictly, ignoring a sequence cut at the end."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        return decoder.decode(raw, final=False)
    except UnicodeDecodeError:
        return None


def valid_prefix(raw: bytes, codec: str) -> tuple[str, int]:
    """The text of the longest start of raw that decodes strictly, and its length in bytes."""
    try:
        return codecs.decode(raw, codec), len(raw)
    except UnicodeDecodeError as err:
        return codecs.decode(raw[: err.start], codec), err.start


def replacing(raw: bytes, codec: str) -> tuple[str, int]:
    """Decode with U+FFFD for each invalid stretch; count the bytes replaced."""
    view = memoryview(raw)
    parts: list[str] = []
    replaced = pos = 0
    while pos < len(raw):
        try:
            parts.append(codecs.decode(view[pos:], codec))
            break
        except UnicodeDecodeError as err:
            parts.append(codecs.decode(view[pos : pos + err.start], codec))
            parts.append("\ufffd")
            replaced += err.end - err.start
            pos += err.end
    return "".join(parts), replaced
