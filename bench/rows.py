"""The one shape every benchmark row takes, and the timing helper they share.

A row is a plain dict (see bench/README.md):
    name, figure, unit, reference, ratio, target, met, missed_by, note
`ratio` is figure / reference (both measured in the same run); `target` is a readable
condition on the figure or on the ratio; `met` is True/False, or None when there is no
target; `missed_by` says by how much a missed target is missed.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(work: Callable[[], object], repeats: int) -> float:
    """Median wall time of `repeats` calls, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name: str, figure: float, unit: str, reference: float | None = None, *,
        target: tuple[str, float] | None = None, on: str = "figure", ref_name: str = "",
        note: str = "") -> dict:
    """One row; `target` is (">=" or "<=", value), applied to the figure or the ratio (`on`)."""
    ratio = figure / reference if reference else None
    met = missed_by = text = None
    if target:
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
