"""Write fixtures/opencc_reference/: the part of an older OpenCC dictionary that the
completeness test of the ambiguity flags needs (tests/test_review_completeness.py).

Usage:
    pip download opencc-python-reimplemented==0.1.7 --no-deps -d /tmp/occ
    PYTHONPATH=src python scripts/make_opencc_reference.py \
        /tmp/occ/opencc_python_reimplemented-0.1.7-py2.py3-none-any.whl

The wheel is only read as a zip (never installed: it would shadow `import opencc`). Kept, in
OpenCC's text format (key<TAB>values), sorted:
- STCharacters / TSCharacters: rows with several values (one-to-many characters) whose
  character occurs in the seed or a page of fixtures/pages/;
- STPhrases / TSPhrases: entries holding such a character that occur in those texts
  (TSPhrases also after TWVariantsRev, as tw2s reads them);
- TWVariantsRev: whole (tw2s's first step).
"Those texts" are each input's whole decoded text and its cleaned document text.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from fanjian.decode import decode
from fanjian.model import SourceInfo
from fanjian.pipeline import process
from fanjian.settings import Settings
from fanjian.zh.layout import document

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fixtures" / "opencc_reference"
INPUTS = [ROOT / "seeds" / "000_6c292aaa073e0d9c.txt"] + sorted((ROOT / "fixtures" / "pages").glob("*.html"))


def read(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    rows = (line.split("\t", 1) for line in zf.read(f"opencc/dictionary/{name}.txt").decode("utf-8").splitlines())
    return {key: values.strip() for key, values in (r for r in rows if len(r) == 2)}


def texts() -> list[str]:
    out = []
    for path in INPUTS:
        raw = path.read_bytes()
        result = process(raw, SourceInfo(path.name), Settings())
        out += [decode(raw).text, document(result.notice.meta, result.notice.blocks).text]
    return out


def main(wheel: str) -> None:
    corpus = texts()
    chars = set("".join(corpus))
    with zipfile.ZipFile(wheel) as zf:
        variants = read(zf, "TWVariantsRev")
        normalised = ["".join(variants.get(c, c) for c in t) for t in corpus]
        files = {"TWVariantsRev": variants}
        for prefix, seen in (("ST", corpus), ("TS", corpus + normalised)):
            table = read(zf, f"{prefix}Characters")
            many = {k for k, v in table.items() if len(k) == 1 and len(v.split()) > 1}
            files[f"{prefix}Characters"] = {k: table[k] for k in many & chars}
            phrases = read(zf, f"{prefix}Phrases")
            files[f"{prefix}Phrases"] = {k: v for k, v in phrases.items()
                                         if len(k) > 1 and not many.isdisjoint(k) and any(k in t for t in seen)}
    for name, table in files.items():
        body = "".join(f"{k}\t{v}\n" for k, v in sorted(table.items()))
        (OUT / f"{name}.txt").write_text(body, encoding="utf-8")
        print(f"{name}.txt: {len(table)} rows")


if __name__ == "__main__":
    main(sys.argv[1])
