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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rows import row  # noqa: E402
from fanjian.repair import repair  # noqa: E402

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


def measure(megabytes: float) -> dict:
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
    return {"mb": mb, "changes": changes, "t_repair": t_repair, "t_ref": t_ref, "seed": seed, "t_seed": t_seed}


def rows(quick: bool) -> list[dict]:
    from bench import stages

    m = measure(1.0 if quick else 5.0)
    return [row("repair, clean text", m["mb"] / m["t_repair"], "MB/s", m["mb"] / m["t_ref"],
                ref_name="one re.findall scan", target=(">=", TARGET_MB_S),
                note=f"{m['mb']:.1f} MB, {m['changes']} repairs, best of 3")] + stages.rows(quick, only=("repair",))


def main() -> int:
    m = measure(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0)
    mb, t_repair, t_ref, seed, t_seed = m["mb"], m["t_repair"], m["t_ref"], m["seed"], m["t_seed"]
    rate = mb / t_repair
    print(f"clean text: {mb:.1f} MB (UTF-8), {m['changes']} repairs, repair {rate:.1f} MB/s "
          f"(target {TARGET_MB_S:.0f}), reference regex scan {mb / t_ref:.1f} MB/s, "
          f"ratio repair/reference time {t_repair / t_ref:.1f}x")
    print(f"damaged seed: {len(seed.encode('utf-8')) / 1e3:.1f} kB in {t_seed * 1e3:.1f} ms")
    print("PASS" if rate >= TARGET_MB_S else "BELOW TARGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
