"""Clean speed on the 11 real pages: median ms per page, against trafilatura.extract alone.

Target: median under 30 ms per page. Run: python bench/bench_clean.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura

from bench.rows import row
from fanjian.clean import clean

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
REPEATS = 5
TARGET_MS = 30.0


def per_page_ms(fn, pages: list[str]) -> list[float]:
    """Best of REPEATS runs for each page (the machine is shared: best is the least noisy)."""
    times = []
    for page in pages:
        fn(page)  # warm caches (OpenCC, lxml, trafilatura settings)
        best = float("inf")
        for _ in range(REPEATS):
            start = time.perf_counter()
            fn(page)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1000)
    return times


def rows(quick: bool) -> list[dict]:
    from bench import stages

    pages = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.html"))]
    ours = statistics.median(per_page_ms(lambda page: clean(page, "html"), pages))
    reference = statistics.median(per_page_ms(trafilatura.extract, pages))
    return [row("clean (HTML), median per page", ours, "ms", reference, ref_name="trafilatura.extract",
                target=("<=", TARGET_MS),
                note=f"{len(pages)} real pages, best of {REPEATS} each")] + stages.rows(quick, only=("clean",))


def main() -> int:
    pages = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.html"))]
    ours = per_page_ms(lambda page: clean(page, "html"), pages)
    reference = per_page_ms(trafilatura.extract, pages)
    ours_median, ref_median = statistics.median(ours), statistics.median(reference)
    print(f"pages: {len(pages)}, best of {REPEATS} per page")
    print(f"clean(html)            median {ours_median:6.1f} ms  max {max(ours):6.1f} ms")
    print(f"trafilatura.extract    median {ref_median:6.1f} ms  max {max(reference):6.1f} ms")
    print(f"ratio clean / trafilatura.extract: {ours_median / ref_median:.2f}")
    print(f"target median < {TARGET_MS:.0f} ms: {'met' if ours_median < TARGET_MS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
