"""Files whose lines are in two encodings: a legacy body with UTF-8 lines (concatenated
exports, a UTF-8 footer pasted under a GBK notice). Decoded line by line.

>>> raw = "罗湖区发布通知".encode("gbk") + b"\\n" + "版权所有 深圳市罗湖区人民政府".encode("utf-8")
>>> text, segments, replaced = decode_lines(raw, "gb18030")
>>> text
'罗湖区发布通知\\n版权所有 深圳市罗湖区人民政府'
>>> segments
({'start': 0, 'end': 8, 'encoding': 'gb18030'}, {'start': 8, 'end': 23, 'encoding': 'utf-8'})
"""

from __future__ import annotations

from fanjian.decode.validity import replacing, strict
from fanjian.zh.plausibility import score

# Three UTF-8 encoded CJK characters in a row ([E3-E9][80-BF][80-BF] × 3): rare by chance in
# GBK or Big5 bytes, so only lines holding such a run are tried as UTF-8. Found by mapping
# each byte to its class and searching a plain substring (a regex is 20× slower).
_CLASS = bytes.maketrans(bytes(range(256)), bytes(
    ord("L") if 0xE3 <= b <= 0xE9 else ord("C") if 0x80 <= b <= 0xBF else ord(".") for b in range(256)))
UTF8_CJK_RUN = b"LCC" * 3


def utf8_line(line: bytes, legacy: str) -> bool:
    """A line that is valid UTF-8 and reads better so than in the legacy codec."""
    try:
        as_utf8 = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    as_legacy = strict(line, legacy)
    return as_legacy is None or score(as_utf8) > score(as_legacy[0])


def has_utf8_lines(raw: bytes, legacy: str) -> bool:
    classes = raw.translate(_CLASS)
    found = classes.find(UTF8_CJK_RUN)
    while found >= 0:
        start = raw.rfind(b"\n", 0, found) + 1
        end = raw.find(b"\n", found)
        end = len(raw) if end < 0 else end
        if utf8_line(raw[start:end], legacy):
            return True
        found = classes.find(UTF8_CJK_RUN, end)
    return False


def decode_lines(raw: bytes, legacy: str) -> tuple[str, tuple[dict, ...], int]:
    """Each line in UTF-8 or the legacy codec; spans of text per encoding; bytes replaced."""
    parts: list[str] = []
    segments: list[dict] = []
    replaced = pos = 0
    for line in raw.splitlines(keepends=True):
        if line.isascii():
            encoding, text = None, line.decode("ascii")
        elif utf8_line(line, legacy):
            encoding, text = "utf-8", line.decode("utf-8")
        else:
            encoding = legacy
            text, bad = replacing(line, legacy)
            replaced += bad
        parts.append(text)
        end = pos + len(text)
        if segments and encoding in (None, segments[-1]["encoding"]):
            segments[-1]["end"] = end
        elif segments and segments[-1]["encoding"] is None:
            segments[-1].update(end=end, encoding=encoding)
        else:
            segments.append({"start": pos, "end": end, "encoding": encoding})
        pos = end
    for segment in segments:
        segment["encoding"] = segment["encoding"] or legacy
    return "".join(parts), tuple(segments), replaced
