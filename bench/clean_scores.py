"""Page corpora scored the way issue #25 accepts them: all-kept, chrome-free, title, date, source.

Each page is tried as stored (UTF-8 or its declared legacy encoding), re-encoded as GB18030
with the declaration saying so, and as GB18030 still declaring UTF-8 (a wrong declaration).
An extractor is any function from the page's bytes to (text, title, published, source).
Run: python bench/clean_scores.py [corpus-dir ...]   (default: both shared corpora, ours only)
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fanjian.zh.script import simplified_view

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPORA = [SHARED / "pages2", SHARED / "pages"]
MEASURES = ("kept", "chrome-free", "title", "date", "source")
CHARSET = re.compile(rb"""(<meta[^>]*charset\s*=\s*["']?)([\w-]+)""", re.I)
RECALL_MIN = 0.95  # share of a full-text page's characters the output must hold, in order


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", simplified_view(text or "")))


def variants(raw: bytes, text: str) -> dict[str, bytes]:
    """The page as stored, as GB18030 declared so, and as GB18030 declared UTF-8."""
    gb = text.encode("gb18030")
    right = CHARSET.sub(lambda m: m.group(1) + b"gb18030", gb)
    if right == gb:  # no declaration: add one
        right = b'<meta charset="gb18030">' + gb
    wrong = CHARSET.sub(lambda m: m.group(1) + b"utf-8", gb)
    if wrong == gb:
        wrong = b'<meta charset="utf-8">' + gb
    return {"stored": raw, "gb18030": right, "gb18030-wrong": wrong}


def load(corpus: Path) -> list[dict]:
    """Cases of one corpus in the pages2 shape (pages/ full-text cases carry their text)."""
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    shown_file = Path(__file__).resolve().parent.parent / "fixtures" / "clean_pages.json"
    shown = json.loads(shown_file.read_text(encoding="utf-8")) if corpus.name == "pages" else {}
    cases = []
    for name, exp in expected.items():
        case = {"name": name, "corpus": corpus.name, "raw": (corpus / name).read_bytes()}
        if exp.get("type") == "fulltext":
            case.update(content=exp["content"], must_keep=[], must_drop=[])
        elif exp.get("type") == "with_without":  # "without": words of the page's chrome, not of its metadata
            case.update(must_keep=exp["with"], must_drop=exp["without"], text_only=True)
        else:
            case.update(must_keep=exp["must_keep"], must_drop=exp["must_drop"])
        case["title"] = exp.get("title") or shown.get(name, {}).get("title", "")
        case["published"] = exp.get("published") or shown.get(name, {}).get("published", "") or exp.get("date", "")
        case["source"] = exp.get("source") or ""
        cases.append(case)
    return cases


def recall(expected: str, got: str) -> float:
    import difflib

    want, have = norm(expected), norm(got)
    matcher = difflib.SequenceMatcher(None, want, have, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(1, len(want))


def score(case: dict, got: tuple[str, str, str, str] | None) -> dict[str, bool | None]:
    """One case's measures: True/False, None where the case has nothing to measure."""
    text, title, published, source = got or ("", "", "", "")
    flat = norm(text)
    if "content" in case:
        kept = bool(flat) and recall(case["content"], text) >= RECALL_MIN
    else:
        kept = bool(flat) and all(norm(k) in flat for k in case["must_keep"])
    shown = flat if case.get("text_only") else flat + norm(title) + norm(source)  # nor the metadata
    return {
        "kept": kept,
        "chrome-free": bool(flat) and not any(norm(d) in shown for d in case["must_drop"]),
        "title": norm(title) == norm(case["title"]) if case["title"] else None,
        "date": str(published or "").startswith(case["published"]) if case["published"] else None,
        "source": norm(source) == norm(case["source"]) if case["source"] else None,
    }


def ours(raw: bytes) -> tuple[str, str, str, str]:
    from fanjian.clean import clean
    from fanjian.decode.choose import decode
    from fanjian.repair import repair

    notice = clean(repair(decode(raw).text).text, "html")
    parts = [b.text for b in notice.blocks] + [c for b in notice.blocks for r in b.rows for c in r]
    meta = notice.meta
    return "\n".join(parts), meta.title, meta.published, meta.source


def run(extract, corpora=CORPORA, show=True) -> dict:
    """Totals per measure over every case and encoding: {measure: [got, have]}; failures printed."""
    from fanjian.decode.choose import decode

    totals = {m: [0, 0] for m in MEASURES}
    for corpus in corpora:
        for case in load(corpus):
            text = decode(case["raw"]).text
            for kind, raw in variants(case["raw"], text).items():
                try:
                    got = extract(raw)
                except Exception as err:
                    got = None
                    if show:
                        print(f"  {case['name']} [{kind}]: {err.__class__.__name__}: {err}")
                result = score(case, got)
                for m, ok in result.items():
                    if ok is not None:
                        totals[m][0] += ok
                        totals[m][1] += 1
                if show and got and not all(v in (True, None) for v in result.values()):
                    failed = [m for m, v in result.items() if v is False]
                    detail = _detail(case, got, failed)
                    print(f"  {case['corpus']}/{case['name']} [{kind}] {' '.join(failed)}: {detail}")
    return totals


def _detail(case: dict, got, failed: list[str]) -> str:
    text, title, published, source = got
    flat, out = norm(text), []
    if "kept" in failed:
        out.append("lost " + str([k for k in case["must_keep"] if norm(k) not in flat][:3]))
    if "chrome-free" in failed:
        shown = flat if case.get("text_only") else flat + norm(title) + norm(source)
        out.append("left " + str([d for d in case["must_drop"] if norm(d) in shown][:4]))
    if "title" in failed:
        out.append(f"title {title!r} want {case['title']!r}")
    if "date" in failed:
        out.append(f"date {published!r} want {case['published']!r}")
    if "source" in failed:
        out.append(f"source {source!r} want {case['source']!r}")
    return "; ".join(out)


def main(argv: list[str]) -> int:
    corpora = [Path(a) for a in argv] or CORPORA
    totals = run(ours, corpora)
    print("  ".join(f"{m} {g}/{h}" for m, (g, h) in totals.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
