"""Generators of the damage earlier pipelines do, for measuring the repairs.

Clean paragraphs come from `fixtures/clean/` (OpenCC's golden text, the expected text of
the shared page corpus, see its README) and the repaired seed, in Simplified and in
Traditional (the Simplified ones converted with the real OpenCC).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pypinyin import Style, pinyin

from fanjian.zh.opencc import converter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def clean_paragraphs() -> dict[str, list[str]]:
    """Paragraphs of clean text with at least 20 Han characters, by script."""

    def split(text: str) -> list[str]:
        paras = [p.strip() for p in text.splitlines()]
        return [p for p in paras if len(HAN.findall(p)) >= 20]

    clean = FIXTURES / "clean"
    hans = split((clean / "pages_expected.txt").read_text("utf-8"))
    hans += split((clean / "us_constitution_zhs.txt").read_text("utf-8"))
    hant = split((clean / "us_constitution_zhs.s2tw.txt").read_text("utf-8"))
    hant += split((FIXTURES / "golden" / "seed.repaired.txt").read_text("utf-8"))
    s2t = converter("s2t")
    hant += [s2t.convert(p) for p in split((clean / "pages_expected.txt").read_text("utf-8"))]
    return {"zh-Hans": hans, "zh-Hant": hant}


# ---- pinyin glosses -------------------------------------------------------------------


def gloss_for(char: str, rng: random.Random) -> str | None:
    """A reading of `char` in one of the styles seen in the wild, in some parentheses."""
    marks = pinyin(char, style=Style.TONE, heteronym=True)[0]
    numbers = pinyin(char, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]
    if marks == [char] or not marks:
        return None
    style = rng.choice(["marks", "numbers", "u:", "ü"])
    if style == "marks":
        syllable = rng.choice(marks)
    else:
        syllable = rng.choice(numbers)
        if "v" in syllable and style != "numbers":
            syllable = syllable.replace("v", "u:" if style == "u:" else "ü")
    left, right = rng.choice([("(", ")"), ("（", "）")])
    return f"{left}{syllable}{right}"


def inject_glosses(text: str, rng: random.Random, count: int) -> tuple[str, list[str]]:
    """`text` with `count` glosses after random Han characters; returns the glosses too."""
    spots = [m.end() for m in HAN.finditer(text)]
    rng.shuffle(spots)
    chosen: list[tuple[int, str]] = []
    for end in spots:
        gloss = gloss_for(text[end - 1], rng)
        if gloss:
            chosen.append((end, gloss))
        if len(chosen) == count:
            break
    out, last = [], 0
    for end, gloss in sorted(chosen):
        out += [text[last:end], gloss]
        last = end
    out.append(text[last:])
    return "".join(out), [g for _, g in sorted(chosen)]


# ---- byte shift ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shifted:
    """A paragraph decoded one byte out of step from `start` on.

    damaged[start:damaged_end] replaces original[start:original_end]; everything else is
    the same. `lost` holds the indexes (in the original) of characters that lost a byte.
    """

    original: str
    damaged: str
    start: int
    original_end: int
    damaged_end: int
    lost: tuple[int, ...]


def shift(text: str, encoding: str, mark: str, index: int) -> Shifted | None:
    """Lose the lead byte of text[index] at a chunk boundary, as a bad pipeline did."""
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        return None
    prefix = text[:index].encode(encoding)
    if len(text[index].encode(encoding)) != 2:
        return None
    rest = raw[len(prefix) + 1 :].decode(encoding, "replace").replace("\ufffd", mark)
    damaged = text[:index] + mark + rest
    same = 0  # characters at the end that the decoder got right again
    while same < len(text) - index and damaged[-1 - same] == text[-1 - same]:
        same += 1
    original_end, damaged_end = len(text) - same, len(damaged) - same
    lost = [index]
    if damaged[damaged_end - 1] == mark and original_end - 1 > index:
        lost.append(original_end - 1)
    return Shifted(text, damaged, index, original_end, damaged_end, tuple(lost))


def random_shift(
    text: str, encoding: str, mark: str, rng: random.Random, min_run: int = 4
) -> Shifted | None:
    """A shift whose damaged run is at least `min_run` characters, if the text has one."""
    spots = [i for i, ch in enumerate(text) if not ch.isascii()]
    rng.shuffle(spots)
    for index in spots[:40]:
        found = shift(text, encoding, mark, index)
        if found and found.damaged_end - found.start >= min_run + 1:
            return found
    return None


# ---- folded punctuation ---------------------------------------------------------------------

# Every mark a folding pipeline turns into ASCII: the full-width forms (NFKC and 全角转半角
# alike) and the CJK marks some pipelines fold too. 、《》【】— have no ASCII form to fold to.
FOLD = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")", "。": ".",
        "“": '"', "”": '"', "‘": "'", "’": "'", "～": "~"}
# Markup whose characters no folding pipeline touches: only the text between tags is folded.
MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
SHARED = ROOT.parent / "shared" / "corpus"


def _split_documents(text: str, size: int) -> list[str]:
    lines = [p for p in text.splitlines() if p.strip()]
    return ["\n".join(lines[k : k + size]) for k in range(0, len(lines), size)]


@lru_cache(maxsize=1)
def notice_documents() -> dict[str, str]:
    """The project's real notice texts as whole documents: the page corpus's texts (both
    scripts), the Constitution in chunks of 12 paragraphs (both scripts), the seed's golden
    text and every HTML page under fixtures/ as received."""
    import json

    s2t = converter("s2t")
    docs: dict[str, str] = {}
    for name, page in json.loads((FIXTURES / "pages" / "expected.json").read_text("utf-8")).items():
        if "content" not in page:  # the pages that only list strings: their HTML is below
            continue
        docs[f"{name}.txt"] = page["content"]
        docs[f"{name}.s2t.txt"] = s2t.convert(page["content"])
    clean = FIXTURES / "clean"
    for name in ("us_constitution_zhs.txt", "us_constitution_zhs.s2tw.txt"):
        for k, doc in enumerate(_split_documents((clean / name).read_text("utf-8"), 12)):
            docs[f"{name}#{k}"] = doc
    docs["seed.repaired.txt"] = (FIXTURES / "golden" / "seed.repaired.txt").read_text("utf-8")
    for path in sorted(FIXTURES.rglob("*.html")):
        docs[str(path.relative_to(FIXTURES))] = _read_page(path)
    return docs


def _read_page(path: Path) -> str:
    from fanjian.decode import decode

    return decode(path.read_bytes(), None).text


@lru_cache(maxsize=1)
def fresh_documents() -> dict[str, str]:
    """Held out: paragraphs written for the project (fixtures/fresh/notices.txt, in groups of
    five) and the pages of the shared corpus's second set, when this machine has it."""
    lines = [line for line in (FIXTURES / "fresh" / "notices.txt").read_text("utf-8").splitlines()
             if line and not line.startswith("#")]
    docs = {f"notices.txt#{k}": "\n".join(lines[k : k + 5]) for k in range(0, len(lines), 5)}
    for path in sorted((SHARED / "pages2").glob("*.html")):
        docs[f"pages2/{path.name}"] = _read_page(path)
    return docs


def fold_punctuation(text: str) -> tuple[str, list[int]]:
    """`text` with every foldable mark outside markup folded; returns where it folded."""
    chars = list(text)
    skip = [False] * len(text)
    for m in MARKUP.finditer(text):
        skip[m.start() : m.end()] = [True] * (m.end() - m.start())
    folded = []
    for i, ch in enumerate(text):
        if ch in FOLD and not skip[i]:
            chars[i] = FOLD[ch]
            folded.append(i)
    return "".join(chars), folded


@dataclass(frozen=True)
class ShiftedDocument:
    """A document with one paragraph byte-shifted: damaged[start:damaged_end] replaces
    original[start:original_end]; the rest of the document is the repair's evidence."""

    original: str
    damaged: str
    start: int
    original_end: int
    damaged_end: int


def shift_in_document(document: str, encoding: str, mark: str, rng: random.Random) -> ShiftedDocument | None:
    """A random shift inside one paragraph of 20+ Han characters of `document`."""
    lines = document.split("\n")
    paragraphs = [k for k, line in enumerate(lines) if len(HAN.findall(line)) >= 20]
    if not paragraphs:
        return None
    k = rng.choice(paragraphs)
    shifted = random_shift(lines[k], encoding, mark, rng)
    if shifted is None:
        return None
    offset = sum(len(line) + 1 for line in lines[:k])
    damaged = "\n".join(lines[:k] + [shifted.damaged] + lines[k + 1 :])
    return ShiftedDocument(document, damaged, offset + shifted.start, offset + shifted.original_end,
                           offset + shifted.damaged_end)
