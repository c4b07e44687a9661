"""Check speed against conversion: check time / convert time, per notice and overall.

Target: the ratio at most 1.0 (checking costs no more than converting) on the seed and
the 11 corpus pages. Convert is timed as the pipeline calls it (every configured target
from the clean notice), check on the renditions it made. Run: python bench/bench_check.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fanjian.check import check
from fanjian.convert import convert_notice
from fanjian.model import SourceInfo
from fanjian.pipeline import process
from fanjian.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [ROOT / "seeds" / "000_6c292aaa073e0d9c.txt", *sorted((ROOT / "fixtures" / "pages").glob("*.html"))]
REPEATS = 30
TARGET = 1.0


def best_ms(fn) -> float:
    """Best of REPEATS runs: the machine is shared, the best run is the least disturbed."""
    fn()
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    settings = Settings()
    total_convert = total_check = 0.0
    print(f"targets: {', '.join(settings.targets)}; best of {REPEATS}")
    for path in INPUTS:
        result = process(path.read_bytes(), SourceInfo(path.name), settings)
        source = None if result.bundle["script"]["script"] in ("traditional", "mixed") else "zh-Hans"
        notice = result.notice
        convert_ms = best_ms(lambda: {t: convert_notice(notice, t, source) for t in settings.targets})
        check_ms = best_ms(lambda: check(notice, result.renditions))
        total_convert, total_check = total_convert + convert_ms, total_check + check_ms
        chars = sum(len(b.text) for b in notice.blocks)
        print(f"{path.name:34} {chars:6d} chars  convert {convert_ms:6.2f} ms  check {check_ms:6.2f} ms  ratio {check_ms / convert_ms:.2f}")
    ratio = total_check / total_convert
    print(f"overall: convert {total_convert:.1f} ms, check {total_check:.1f} ms, ratio check/convert {ratio:.2f}")
    print(f"target ratio <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
