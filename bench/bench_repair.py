"""Throughput of repair() on clean text, against a bare regex scan of the same text; and
repair's share of the whole pipeline's time per notice.

The reference is one `re.findall` over the characters any fixer looks at (the cheapest
pass that still reads every character); the ratio says how many such passes repair costs.
Clean text: the repaired seed and the clean paragraphs in fixtures/, repeated to ~5 MB.
The share: each of the first notices of the benchmark corpus as generated, folded
throughout (every full-width mark made ASCII, as an earlier pipeline did to the seed) and
byte-shifted (its GBK bytes with one lead byte lost mid-text), through `pipeline.process`
and through `repair` alone (on the decoded text), in the same run; target: repair < 5 %
of the pipeline's time for every notice.
Usage: python bench/bench_repair.py [megabytes] [notices]
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.rows import forget_texts, median_time, row  # noqa: E402
from fanjian.repair import repair  # noqa: E402

SOURCES = [
    ROOT / "fixtures" / "golden" / "seed.repaired.txt",
    ROOT / "fixtures" / "clean" / "pages_expected.txt",
    ROOT / "fixtures" / "clean" / "us_constitution_zhs.s2tw.txt",
]
TARGET_MB_S = 5.0
TARGET_SHARE = 0.05
REFERENCE = re.compile(r"[()（）?\ufffd,:;!]")
FOLD = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")", "。": ".",
                      "“": '"', "”": '"', "‘": "'", "’": "'", "～": "~"})


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


def damaged_notices(n: int) -> list[tuple[str, bytes]]:
    """The corpus's first n notices, each as generated, folded throughout and byte-shifted."""
    from bench.corpus import notices
    from fanjian.decode import decode

    out = []
    for name, raw in notices(n):
        text = decode(raw).text
        out.append((name, raw))
        out.append((name + " folded", text.translate(FOLD).encode("utf-8")))
        try:
            gbk = text.encode("gbk")
        except UnicodeEncodeError:
            continue
        lead = next((i for i in range(len(gbk) // 2, len(gbk)) if gbk[i] >= 0x81), None)
        if lead is not None:
            out.append((name + " shifted", gbk[:lead] + gbk[lead + 1 :]))
    return out


def shares(n: int, repeats: int = 7) -> list[tuple[str, float, float]]:
    """(notice, repair seconds, pipeline seconds) per notice: medians of `repeats` runs, the
    two timed in turn within each run, so a change in the machine's load meets both."""
    from fanjian.decode import decode
    from fanjian.model import SourceInfo
    from fanjian.pipeline import process

    out = []
    for name, raw in damaged_notices(n):
        source = SourceInfo(f"{name}.txt", "", len(raw))
        text = decode(raw).text
        process(raw, source)  # warm: tables, converters, caches of the first call
        repair(text)
        t_repair, t_pipeline = [], []
        for _ in range(repeats):
            t_repair.append(median_time(lambda text=text: repair(text), 1, forget_texts))
            t_pipeline.append(median_time(lambda raw=raw, source=source: process(raw, source), 1, forget_texts))
        out.append((name, statistics.median(t_repair), statistics.median(t_pipeline)))
    return out


def share_row(quick: bool) -> dict:
    measured = shares(10 if quick else 40)
    ratios = sorted(t_repair / t_pipeline for _, t_repair, t_pipeline in measured)
    worst = max(measured, key=lambda m: m[1] / m[2])
    return row("repair share of the pipeline, per notice (worst)", ratios[-1], "of pipeline time",
               target=("<=", TARGET_SHARE),
               note=f"{len(ratios)} notices (as generated, folded, byte-shifted); median {ratios[len(ratios) // 2]:.2%}, "
                    f"worst {ratios[-1]:.2%} ({worst[0]}), reference: pipeline.process on the same bytes, same run")


def rows(quick: bool) -> list[dict]:
    from bench import stages

    m = measure(1.0 if quick else 5.0)
    return [row("repair, clean text", m["mb"] / m["t_repair"], "MB/s", m["mb"] / m["t_ref"],
                ref_name="one re.findall scan", target=(">=", TARGET_MB_S),
                note=f"{m['mb']:.1f} MB, {m['changes']} repairs, best of 3"),
            share_row(quick)] + stages.rows(quick, only=("repair",))


def main() -> int:
    m = measure(float(sys.argv[1]) if len(sys.argv) > 1 else 5.0)
    mb, t_repair, t_ref, seed, t_seed = m["mb"], m["t_repair"], m["t_ref"], m["seed"], m["t_seed"]
    rate = mb / t_repair
    print(f"clean text: {mb:.1f} MB (UTF-8), {m['changes']} repairs, repair {rate:.1f} MB/s "
          f"(target {TARGET_MB_S:.0f}), reference regex scan {mb / t_ref:.1f} MB/s, "
          f"ratio repair/reference time {t_repair / t_ref:.1f}x")
    print(f"damaged seed: {len(seed.encode('utf-8')) / 1e3:.1f} kB in {t_seed * 1e3:.1f} ms")
    print("PASS" if rate >= TARGET_MB_S else "BELOW TARGET")
    measured = shares(int(sys.argv[2]) if len(sys.argv) > 2 else 40)
    ratios = sorted(t_repair / t_pipeline for _, t_repair, t_pipeline in measured)
    name, t_repair, t_pipeline = max(measured, key=lambda m: m[1] / m[2])
    print(f"repair share of the pipeline per notice: {len(ratios)} notices, median {ratios[len(ratios) // 2]:.2%}, "
          f"worst {ratios[-1]:.2%} ({name}: repair {t_repair * 1e3:.2f} ms of {t_pipeline * 1e3:.1f} ms)")
    print("PASS" if ratios[-1] < TARGET_SHARE else f"ABOVE TARGET ({TARGET_SHARE:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
