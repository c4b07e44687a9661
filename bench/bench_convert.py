"""Throughput of convert_text against bare OpenCC on the same text, in one run.

Prints, per case, the median time of each and the ratio (fanjian / OpenCC throughput);
the target is at least 0.7. Exits 0 (a benchmark, not a test).
Run: PYTHONPATH=src python bench/bench_convert.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import opencc

from fanjian.convert import convert_text

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "opencc" / "golden"
TARGET_RATIO = 0.7
# (label, input file, target, source as convert_text is told or None, OpenCC config compared with)
CASES = [
    ("Simplified -> zh-Hant-TW", "us_constitution_zhs.txt", "zh-Hant-TW", None, "s2tw"),
    ("Simplified -> zh-Hant-HK", "us_constitution_zhs.txt", "zh-Hant-HK", None, "s2hk"),
    ("Traditional TW -> zh-Hans", "us_constitution_zhs.s2tw.txt", "zh-Hans", None, "tw2s"),
    ("Traditional TW -> zh-Hant-TW", "us_constitution_zhs.s2tw.txt", "zh-Hant-TW", None, "t2tw"),
]


def medians(fns, text: str, repeats: int) -> list[float]:
    """Median seconds of each function, runs interleaved so load on the machine hits both."""
    for fn in fns:
        fn(text)  # warm caches (converters, tables)
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for fn, bucket in zip(fns, times):
            start = time.perf_counter()
            fn(text)
            bucket.append(time.perf_counter() - start)
    return [statistics.median(t) for t in times]


def main(repeats: int = 21) -> int:
    print(f"{'case':32} {'opencc ms':>10} {'fanjian ms':>11} {'ratio':>6}")
    for label, name, target, source, config in CASES:
        text = (GOLDEN / name).read_text(encoding="utf-8") * 4
        bare = opencc.OpenCC(f"{config}.json").convert
        ref, ours = medians([bare, lambda t: convert_text(t, target, source)], text, repeats)
        ratio = ref / ours
        flag = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
        print(f"{label:32} {ref * 1e3:10.2f} {ours * 1e3:11.2f} {ratio:6.2f} {flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
