"""The runs of Han characters of a text that hold some positions (the clauses `wordlevel`
looks at), found with numpy on long texts.

>>> han_clauses("村干部，带头 发展", [1, 4, 8])
[(0, 3, [1]), (4, 6, [4]), (7, 9, [8])]
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy as np

from fanjian.zh.chartable import code_points

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def han_clauses(text: str, sites: list[int]) -> list[tuple[int, int, list[int]]]:
    """(start, end, sites) of each run of Han characters (HAN_RUN) holding a site."""
    groups: list[tuple[int, int, list[int]]] = []
    if not sites:
        return groups
    if len(text) < SHORT_TEXT:
        runs = [(m.start(), m.end()) for m in HAN_RUN.finditer(text)]
        starts, ends = [a for a, _ in runs], [b for _, b in runs]
    else:
        starts, ends = _han_runs(text)
    if len(sites) < SHORT_SITES:
        for p in sites:
            k = bisect_right(starts, p) - 1
            if k >= 0 and p < ends[k]:
                if groups and groups[-1][0] == starts[k]:
                    groups[-1][2].append(p)
                else:
                    groups.append((starts[k], ends[k], [p]))
        return groups
    at = np.asarray(sites)  # in order, as above: each site's run, the sites of one run together
    run = np.searchsorted(np.asarray(starts), at, side="right") - 1
    inside = (run >= 0) & (at < np.asarray(ends + [0])[run])  # run -1 reads the 0 appended
    at, run = at[inside].tolist(), run[inside]
    cuts = [0, *(np.flatnonzero(np.diff(run)) + 1).tolist(), len(at)]
    runs = run.tolist()
    return [(starts[runs[a]], ends[runs[a]], at[a:b]) for a, b in zip(cuts, cuts[1:]) if a < b]


SHORT_TEXT = 512  # below this many characters a regex finds Han runs faster than numpy
SHORT_SITES = 64  # below this many sites a loop groups them faster than numpy


def _han_runs(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the runs of Han characters (HAN_RUN), with numpy."""
    cp = code_points(text)
    han = np.zeros(len(cp) + 2, dtype=np.int8)
    han[1:-1] = (cp >= 0x4E00) & (cp <= 0x9FFF)
    edges = np.flatnonzero(np.diff(han))  # where a run starts, then where it ends, in turn
    return edges[0::2].tolist(), edges[1::2].tolist()
