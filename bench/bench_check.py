"""Check speed against conversion: check time / convert time, per notice and overall.

Target: the ratio at most 1.0 (checking costs no more than converting) on the seed and
the 11 corpus pages. Both are timed as the pipeline calls them, on texts they have not met
before: convert for every configured target from the clean notice, check on the renditions
the pipeline made and the notice's layout. Run: python bench/bench_check.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rows import row
from fanjian.check import check
from fanjian.convert.text import convert_notice
from fanjian.model import Notice, Rendition, SourceInfo, replaced
from fanjian.pipeline import process
from fanjian.settings import Settings
from fanjian.zh.layout import document

ROOT = Path(__file__).resolve().parent.parent
INPUTS = [ROOT / "seeds" / "000_6c292aaa073e0d9c.txt", *sorted((ROOT / "fixtures" / "pages").glob("*.html"))]
REPEATS = 30
TARGET = 1.0


def best_ms(fn, cases: list) -> float:
    """Best of the runs of `fn`, one per case (one more first, to warm up): the machine
    is shared, the best run is the least disturbed."""
    fn(cases[-1])
    best = float("inf")
    for case in cases[:-1]:
        start = time.perf_counter()
        fn(case)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _tagged(notice: Notice, renditions: dict[str, Rendition], k: int) -> tuple:
    """The notice and its renditions with the title marked by run (Latin letters: no number,
    no Han character, so nothing is found that was not), and the notice's layout as
    `prepare` makes it. Each run then meets texts it has not seen: no cache keyed by a
    text (the stages keep a few, for the stages of one notice) serves it from the run before."""
    mark = f"{chr(0x41 + k % 26)}{chr(0x41 + k // 26 % 26)} "
    notice = replaced(notice, meta=replaced(notice.meta, title=mark + notice.meta.title))
    renditions = {t: replaced(r, meta=replaced(r.meta, title=mark + r.meta.title)) for t, r in renditions.items()}
    return notice, renditions, document(notice.meta, notice.blocks)


def measure(verbose: bool) -> tuple[float, float]:
    """Total ms of convert (every target) and of check over the seed and the pages."""
    settings = Settings()
    total_convert = total_check = 0.0
    if verbose:
        print(f"targets: {', '.join(settings.targets)}; best of {REPEATS}")
    for path in INPUTS:
        result = process(path.read_bytes(), SourceInfo(path.name), settings)
        source = None if result.bundle["script"]["script"] in ("traditional", "mixed") else "zh-Hans"
        notice = result.notice
        cases = [_tagged(notice, result.renditions, k) for k in range(REPEATS + 1)]
        convert_ms = best_ms(lambda case, source=source: {t: convert_notice(case[0], t, source) for t in settings.targets},
                             cases)
        check_ms = best_ms(lambda case: check(case[0], case[1], layout=case[2]), cases)
        total_convert, total_check = total_convert + convert_ms, total_check + check_ms
        chars = sum(len(b.text) for b in notice.blocks)
        if verbose:
            print(f"{path.name:34} {chars:6d} chars  convert {convert_ms:6.2f} ms  check {check_ms:6.2f} ms  "
                  f"ratio {check_ms / convert_ms:.2f}")
    return total_convert, total_check


def rows(quick: bool) -> list[dict]:
    from bench import stages

    total_convert, total_check = measure(False)
    return [row("check / convert, seed and 11 pages", total_check, "ms", total_convert, ref_name="convert (every target)",
                target=("<=", TARGET), on="ratio", note=f"best of {REPEATS} per input, summed")] \
        + stages.rows(quick, only=("check",))


def main() -> int:
    total_convert, total_check = measure(True)
    ratio = total_check / total_convert
    print(f"overall: convert {total_convert:.1f} ms, check {total_check:.1f} ms, ratio check/convert {ratio:.2f}")
    print(f"target ratio <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
