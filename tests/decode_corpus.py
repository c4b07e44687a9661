"""The decode acceptance corpus, generated from real text.

Texts: the seed notice after repair (Traditional) and its Simplified conversion, and the
expected text of the 11 real pages in fixtures/pages (Simplified) with their
Traditional conversion. Each is cut on character boundaries to 30, 100, 300 and 1000 bytes
and kept whole (from the start and from a paragraph in the middle), its headlines stand
alone, and HTML pages wrap it with a correct, subset, wrong or missing charset declaration.
Every sample is encoded in every encoding that can encode it.

`samples()` yields `Sample`s; the benchmark imports it too.
"""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fanjian.repair import repair
from fanjian.zh.opencc import converter

ROOT = Path(__file__).resolve().parent.parent
# shared/ sits beside the clone (CI, main) or beside the folder of work trees.
SHARED = next((p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
              ROOT.parent / "shared")
SEED = ROOT / "seeds" / "000_6c292aaa073e0d9c.txt"
PAGES = next(p for p in (ROOT / "fixtures" / "pages" / "expected.json",
                         SHARED / "corpus" / "pages" / "expected.json") if p.exists())

LENGTHS = (30, 100, 300, 1000)
# name -> (Python codec used to write the bytes, BOM prepended)
ENCODINGS = {
    "utf-8": ("utf-8", b""),
    "utf-8-sig": ("utf-8", codecs.BOM_UTF8),
    "utf-16-le+bom": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be+bom": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-16-le": ("utf-16-le", b""),
    "utf-16-be": ("utf-16-be", b""),
    "utf-32-le+bom": ("utf-32-le", codecs.BOM_UTF32_LE),
    "utf-32-be+bom": ("utf-32-be", codecs.BOM_UTF32_BE),
    "utf-32-le": ("utf-32-le", b""),
    "utf-32-be": ("utf-32-be", b""),
    "gb2312": ("gb2312", b""),
    "gbk": ("gbk", b""),
    "gb18030": ("gb18030", b""),
    "hz": ("hz", b""),
    "big5": ("big5", b""),
    "cp950": ("cp950", b""),
    "big5hkscs": ("big5hkscs", b""),
}
HTML_ENCODINGS = ("utf-8", "gb2312", "gbk", "gb18030", "big5", "cp950", "big5hkscs")


@dataclass(frozen=True)
class Sample:
    id: str
    kind: str  # 30 | 100 | 300 | 1000 | whole | headline | html-correct | html-subset | html-wrong | html-missing
    encoding: str  # the encoding the bytes are really in
    raw: bytes
    expected: str
    declared: str | None = None  # what the page's <meta> says, for the report


@lru_cache(maxsize=1)
def texts() -> dict[str, str]:
    """name -> text; the seed after repair (any line repair left damaged is left out)."""
    seed = repair(SEED.read_text(encoding="utf-8")).text
    # Leftover byte-shift mojibake (狈兜路睆…) cannot be written in Big5: such a line is dropped.
    seed = "\n".join(line for line in seed.split("\n") if _encodes(line, "big5"))
    out = {"seed-hant": seed, "seed-hans": converter("t2s").convert(seed)}
    for name, page in sorted(json.loads(PAGES.read_text(encoding="utf-8")).items()):
        text = page.get("content") or "\n".join(page.get("with", ()))
        stem = name.removesuffix(".html")
        out[f"{stem}-hans"] = text
        out[f"{stem}-hant"] = converter("s2t").convert(text)
    return out


def headlines(text: str) -> list[str]:
    """Short lines that do not end a sentence: titles and headings."""
    lines = [line.strip() for line in text.split("\n")]
    return [line for line in lines if 4 <= len(line) <= 40 and not line.endswith(("。", "：", ":"))][:6]


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def cut(text: str, codec: str, size: int) -> str:
    """The longest start of text whose encoding fits in size bytes."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(text[:mid].encode(codec, "replace")) <= size:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo]


def _middle(text: str) -> str:
    start = text.find("\n", len(text) // 2)
    return text[start + 1 :].lstrip() if start >= 0 else text


def _encoded(name: str, text: str) -> bytes | None:
    codec, bom = ENCODINGS[name]
    try:
        return bom + text.encode(codec)
    except UnicodeEncodeError:
        return None


def html(body: str, meta: str | None, style: int) -> str:
    declaration = {
        0: f'<meta charset="{meta}">',
        1: f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">',
    }[style % 2] if meta else ""
    title = body.split("\n", 1)[0][:40]
    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n") if p.strip())
    return (f"<!DOCTYPE html>\n<html lang=\"zh\"><head>{declaration}\n<title>{title}</title></head>\n"
            f"<body>\n{paragraphs}</body></html>\n")


# (kind, declared label, really encoded in): the page variants every text is tried in.
HTML_VARIANTS = (
    [("html-correct", e, e) for e in HTML_ENCODINGS]
    + [("html-missing", None, e) for e in HTML_ENCODINGS]
    + [("html-subset", "gb2312", "gbk"), ("html-subset", "gb2312", "gb18030")]
    + [("html-wrong", "utf-8", "gbk"), ("html-wrong", "gb2312", "big5"), ("html-wrong", "gbk", "big5"),
       ("html-wrong", "utf-8", "big5"), ("html-wrong", "big5", "gbk"), ("html-wrong", "iso-8859-1", "gbk")]
)


def samples():
    """Every sample of the corpus (a few thousand), deterministic."""
    for text_name, text in texts().items():
        for enc in ENCODINGS:
            codec = ENCODINGS[enc][0]
            for start_name, start in (("start", text), ("middle", _middle(text))):
                for size in LENGTHS:
                    piece = cut(start, codec, size)
                    raw = _encoded(enc, piece)
                    if raw is not None and piece.strip():
                        yield Sample(f"{text_name}/{start_name}/{size}/{enc}", str(size), enc, raw, piece)
                raw = _encoded(enc, start)
                if raw is not None:
                    yield Sample(f"{text_name}/{start_name}/whole/{enc}", "whole", enc, raw, start)
            for i, line in enumerate(headlines(text)):
                raw = _encoded(enc, line)
                if raw is not None:
                    yield Sample(f"{text_name}/headline{i}/{enc}", "headline", enc, raw, line)
        body = cut(text, "utf-8", 3000)
        for i, (kind, meta, enc) in enumerate(HTML_VARIANTS):
            if meta == enc and not _encodes(body, "gb2312") and enc == "gb2312":
                continue
            page = html(body, meta, i)
            raw = _encoded(enc, page)
            if raw is not None and (kind != "html-subset" or not _encodes(page, "gb2312")):
                yield Sample(f"{text_name}/{kind}/{meta}>{enc}", kind, enc, raw, page, meta)
