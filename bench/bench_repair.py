"""Throughput of repair() on clean text, against a bare regex scan of the same text.

The reference is one `re.findall` over the characters any fixer looks at (the cheapest
pass that still reads every character); the ratio says how many such passes repair costs.
Clean text: the repaired seed and the clean paragraphs in fixtures/, repeated to ~5 MB.
Usage: python bench/bench_repair.py [megabytes]
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from fanjian.repair import repair

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT / "fixtures" / "golden" / "seed.repaired.txt",
    ROOT / "fixtures" / "clean" / "pages_expected.txt",
    ROOT / "fixtures" / "clean" / "us_constitution_zhs.s2tw.txt",
]
TARGET_MB_S = 5.0
REFERENCE = re.compile(r"[()（）?\ufffd,:;!]")


def best_of(runs: int, fn, *args) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0
    sample = "\n\n".join(p.read_text("utf-8") for p in SOURCES)
    size = len(sample.encode("utf-8"))
    text = sample * max(1, round(megabytes * 1e6 / size))
    mb = len(text.encode("utf-8")) / 1e6
    repair(sample)  # load tables and caches once, as a long-running batch would
    changes = len(repair(text).repairs)
    t_repair = best_of(3, repair, text)
    t_ref = best_of(3, REFERENCE.findall, text)
    seed = (ROOT / "seeds" / "000_6c292aaa073e0d9c.txt").read_text("utf-8")
    t_seed = best_of(3, repair, seed)
    rate = mb / t_repair
    print(f"clean text: {mb:.1f} MB (UTF-8), {changes} repairs, repair {rate:.1f} MB/s "
          f"(target {TARGET_MB_S:.0f}), reference regex scan {mb / t_ref:.1f} MB/s, "
          f"ratio repair/reference time {t_repair / t_ref:.1f}x")
    print(f"damaged seed: {len(seed.encode('utf-8')) / 1e3:.1f} kB in {t_seed * 1e3:.1f} ms")
    print("PASS" if rate >= TARGET_MB_S else "BELOW TARGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
