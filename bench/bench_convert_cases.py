"""Conversion quality on the shared development set, against two converters a user might pick.

The set is shared/corpus/convert/cases.json (284 sentences; see its README): each case has
`input`, `source` and `target` (zh-Hans, zh-Hant-TW, zh-Hant-HK), `expected` (the whole
correct sentence) and a `category` (name, trap, boundary, halfconv, keep, t2s). A case
passes on an exact match of the whole sentence.

Converters, each given the case's input and what the case says of its scripts:
- fanjian: `convert_text(input, target, source)`;
- plain OpenCC: `opencc.OpenCC(config).convert` with the same-family config the set's own
  score_opencc.py uses (s2tw, s2hk, tw2s, hk2s, t2tw, t2hk); its figures are the set's
  opencc_baseline.txt (OpenCC 1.4.2);
- zhconv-rs (the `zhconv-rs-opencc` build: MediaWiki and OpenCC tables merged):
  `zhconv(input, variant, False)` for the case's target (zh-TW, zh-HK, zh-Hans; no
  wikitext syntax). It has one table per target and none per source, and its zh-TW and
  zh-HK also localise vocabulary, which this set keeps out.

Verdicts: fanjian ≥ 97 % overall, 100 % on trap and keep, and in every category at least
as many passes as the better of the two peers.
Run: PYTHONPATH=src:. python bench/bench_convert_cases.py [--fails]
"""

from __future__ import annotations

import collections
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import opencc

from bench.rows import row
from fanjian.convert.text import convert_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
CASES = SHARED / "corpus" / "convert" / "cases.json"
CATEGORIES = ["name", "trap", "boundary", "halfconv", "keep", "t2s"]
OVERALL_MIN, PERFECT = 97.0, ("trap", "keep")
# The same-family OpenCC config per (source, target), as the set's score_opencc.py.
OPENCC = {("zh-Hans", "zh-Hant-TW"): "s2tw", ("zh-Hans", "zh-Hant-HK"): "s2hk", ("zh-Hans", "zh-Hant"): "s2t",
          ("zh-Hant-TW", "zh-Hans"): "tw2s", ("zh-Hant-HK", "zh-Hans"): "hk2s",
          ("zh-Hant-TW", "zh-Hant-TW"): "t2tw", ("zh-Hant-HK", "zh-Hant-HK"): "t2hk"}
ZHCONV = {"zh-Hans": "zh-Hans", "zh-Hant-TW": "zh-TW", "zh-Hant-HK": "zh-HK", "zh-Hant": "zh-Hant"}


@cache
def _opencc(config: str):
    return opencc.OpenCC(f"{config}.json").convert


def fanjian(case: dict) -> str:
    return convert_text(case["input"], case["target"], case["source"])


def plain_opencc(case: dict) -> str:
    return _opencc(OPENCC[(case["source"], case["target"])])(case["input"])


def zhconv_rs(case: dict) -> str:
    from zhconv_rs_opencc import zhconv  # the test extra's zhconv-rs-opencc; module zhconv_rs_opencc

    return zhconv(case["input"], ZHCONV[case["target"]], False)


CONVERTERS: dict[str, Callable[[dict], str]] = {"fanjian": fanjian, "OpenCC": plain_opencc, "zhconv-rs": zhconv_rs}


def load_cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))


def score(cases: list[dict]) -> tuple[collections.Counter, dict[str, collections.Counter], dict[str, list]]:
    """Cases per category; passes per converter and category; each converter's failures."""
    total = collections.Counter(c["category"] for c in cases)
    passed = {name: collections.Counter() for name in CONVERTERS}
    fails: dict[str, list] = {name: [] for name in CONVERTERS}
    for case in cases:
        for name, convert in CONVERTERS.items():
            got = convert(case)
            if got == case["expected"]:
                passed[name][case["category"]] += 1
            else:
                fails[name].append((case["id"], got, case["expected"]))
    return total, passed, fails


def _pct(k: int, n: int) -> float:
    return 100.0 * k / n if n else 0.0


def table(total, passed) -> str:
    names = list(CONVERTERS)
    lines = [f"{'category':<10} {'cases':>5}  " + "  ".join(f"{n:>16}" for n in names)]
    for cat in CATEGORIES + ["all"]:
        n = sum(total.values()) if cat == "all" else total[cat]
        cells = [sum(passed[x].values()) if cat == "all" else passed[x][cat] for x in names]
        lines.append(f"{cat:<10} {n:>5}  " + "  ".join(f"{k:>4} ({_pct(k, n):5.1f} %)".rjust(16) for k in cells))
    return "\n".join(lines)


def verdict_rows(total, passed) -> list[dict]:
    n_all = sum(total.values())
    rate = {name: {cat: _pct(passed[name][cat], total[cat]) for cat in CATEGORIES} | {
        "all": _pct(sum(passed[name].values()), n_all)} for name in CONVERTERS}
    peers = [n for n in CONVERTERS if n != "fanjian"]

    def note(cat: str) -> str:
        n = n_all if cat == "all" else total[cat]
        counts = {x: sum(passed[x].values()) if cat == "all" else passed[x][cat] for x in CONVERTERS}
        return f"{n} cases (exact match); " + ", ".join(f"{x} {counts[x]} ({rate[x][cat]:.1f} %)" for x in CONVERTERS)

    out = [row("convert cases: all, fanjian", rate["fanjian"]["all"], "%", rate["OpenCC"]["all"],
               ref_name="plain OpenCC, same-family config", target=(">=", OVERALL_MIN), note=note("all"))]
    out += [row(f"convert cases: {cat}, fanjian", rate["fanjian"][cat], "%", rate["OpenCC"][cat],
                ref_name="plain OpenCC, same-family config", target=(">=", 100.0), note=note(cat))
            for cat in PERFECT]
    for cat in CATEGORIES:
        best = max(peers, key=lambda x: passed[x][cat])
        margin = rate["fanjian"][cat] - rate[best][cat]
        out.append(row(f"convert cases: {cat}, fanjian less the better peer", margin, "points",
                       ref_name=f"better of OpenCC and zhconv-rs ({best})", target=(">=", 0.0), note=note(cat)))
    return out


def rows(quick: bool) -> list[dict]:
    """The verdict rows (the set is scored whole, quick or not: it takes seconds)."""
    total, passed, _ = score(load_cases())
    return verdict_rows(total, passed)


def _versions() -> str:
    from importlib import metadata

    out = []
    for dist in ("opencc", "zhconv-rs-opencc", "jieba"):
        try:
            out.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            out.append(f"{dist} (not installed)")
    return ", ".join(out)


def main(argv: list[str]) -> int:
    cases = load_cases()
    total, passed, fails = score(cases)
    print(f"{CASES.name}: {len(cases)} cases, exact match of the whole sentence; {_versions()}\n")
    print(table(total, passed))
    print()
    for r in verdict_rows(total, passed):
        status = "met" if r["met"] else f"MISSED by {r['missed_by']}"
        print(f"{r['name']:52} {r['figure']:8.2f} {r['unit']:6} {r['target']:>10}  {status}")
    if "--fails" in argv:
        for name in CONVERTERS if "--all" in argv else ["fanjian"]:
            print(f"\n{name} fails ({len(fails[name])}):")
            for case_id, got, expected in fails[name]:
                print(f"  {case_id}: {got}\n  {'expected':>{len(case_id)}}: {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
