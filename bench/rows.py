"""The one shape every benchmark row takes, and the timing helper they share.

A row is a plain dict (see bench/README.md):
    name, figure, unit, reference, ratio, target, met, missed_by, note
`ratio` is figure / reference (both measured in the same run); `target` is a readable
condition on the figure or on the ratio; `met` is True/False, or None when there is no
target or the row could not be measured fairly (`busy`: other work held the machine's
cores while it ran, so a throughput figure says more about that work than about ours);
`missed_by` says by how much a missed target is missed.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

# Other work's share of the machine above which a throughput row is reported unmeasured:
# the one-minute load average, less the bench's own process, per core.
BUSY_LOAD_PER_CORE = 0.5


def others_load() -> float:
    """The one-minute load average less this bench's own running process."""
    return max(0.0, os.getloadavg()[0] - 1.0)


def busy(load: float) -> bool:
    return load > BUSY_LOAD_PER_CORE * (os.cpu_count() or 1)


def median_time(work: Callable[[], object], repeats: int, before: Callable[[], object] | None = None) -> float:
    """Median wall time of `repeats` calls, in seconds; `before` runs untimed before each."""
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# Caches keyed by a clause or a stretch of text: a run must not find the clauses of the run
# before (the same text numbered anew), which a real inbox of different notices never gives.
# Tables keyed by a character or an OpenCC configuration stay warm, as in a long run.
TEXT_CACHES = (("fanjian.zh.segment", ("words", "tagged", "route_score")),
               ("fanjian.zh.names", ("_sentence_names",)),
               ("fanjian.convert.phrasekeys", ("_segments", "converted")),
               ("fanjian.convert.wordlevel", ("fine_words", "_fine_bounds", "_canonical")),
               ("fanjian.convert.simplified", ("_window_freq",)))


def forget_texts() -> None:
    """Empty the caches keyed by text (TEXT_CACHES), outside the timed part of a run."""
    import importlib

    for module, names in TEXT_CACHES:
        found = importlib.import_module(module)
        for name in names:
            getattr(found, name).cache_clear()


def row(name: str, figure: float, unit: str, reference: float | None = None, *,
        target: tuple[str, float] | None = None, on: str = "figure", ref_name: str = "",
        note: str = "", load: float | None = None) -> dict:
    """One row; `target` is (">=" or "<=", value), applied to the figure or the ratio (`on`).
    `load`: other work's load while a throughput row ran; a busy machine leaves it unmeasured."""
    ratio = figure / reference if reference else None
    met = missed_by = text = None
    unmeasured = load is not None and busy(load)
    if load is not None:
        note = f"{note}; others' load {load:.1f}" + (" (busy: unmeasured)" if unmeasured else "")
    if target and unmeasured:
        op, value = target
        text = f"{'ratio ' if on == 'ratio' else ''}{'≥' if op == '>=' else '≤'} {value:g}{'' if on == 'ratio' else ' ' + unit}"
    elif target:
        op, value = target
        measured = ratio if on == "ratio" else figure
        met = measured >= value if op == ">=" else measured <= value
        text = f"{'ratio ' if on == 'ratio' else ''}{'≥' if op == '>=' else '≤'} {value:g}{'' if on == 'ratio' else ' ' + unit}"
        if not met:
            missed_by = f"{value / measured if op == '>=' else measured / value:.2f}× ({measured:.3g} vs {value:g})"
    return {"name": name, "figure": round(figure, 4), "unit": unit,
            "reference": round(reference, 4) if reference is not None else None, "ref_name": ref_name,
            "ratio": round(ratio, 4) if ratio is not None else None,
            "target": text, "met": met, "missed_by": missed_by, "note": note}
