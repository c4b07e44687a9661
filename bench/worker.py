"""One measured job in a fresh process; prints one JSON line (seconds, peak RSS, counts).

    python -m bench.worker loop INBOX OUT [--shard K/N]   plain loop over batch.process_file (then
                                                          the index page, timed apart, unless sharded)
    python -m bench.worker flow INBOX OUT                 the republish flow (Prefect API from env)
    python -m bench.worker flow-skip INBOX OUT            the same flow over an inbox OUT already holds (all skipped)
    python -m bench.worker skip INBOX OUT                 the plain loop over it, unforced: the skip checks alone
    python -m bench.worker essential INBOX OUT            the least any republisher does: read, chardet.detect,
                                                          decode, bare OpenCC s2tw and t2s, write both texts
    python -m bench.worker index INBOX OUT                the index pages of OUT alone (its peak memory)

The time and CPU cover the work only (imports and listing excluded for the loop; the
flow's own listing, task runs, artifacts and, for the embedded server, its start are included).
Rows are counted, not kept: both stream the inbox.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections import Counter
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident memory of this process since it started (VmHWM). ru_maxrss is not used:
    Linux carries it over from the parent across fork and exec, so a worker started by the
    bench (hundreds of MB of loaded stages) would report the bench's size, not its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def sys_seconds() -> float:
    """Kernel CPU alone: folder and file creation, which depends on the disk's recent history."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def loop(inbox: Path, out: Path, shard: str, force: bool = True) -> dict:
    from fanjian.flows.batch import process_file, write_index
    from fanjian.settings import Settings
    from fanjian.store import list_inbox

    k, n = (int(x) for x in shard.split("/"))
    settings = Settings()
    paths = list_inbox(inbox)[k::n]
    counts: Counter = Counter()
    start, cpu, kernel = time.perf_counter(), cpu_seconds(), sys_seconds()
    for path in paths:
        counts[process_file(path, inbox, out, settings, force=force)["status"]] += 1
    done = {"seconds": time.perf_counter() - start, "cpu_seconds": round(cpu_seconds() - cpu, 2),
            "sys_seconds": round(sys_seconds() - kernel, 2), "counts": counts}
    if n == 1 and force:  # the index page too, as the flow writes it: timed apart, so per-notice rows leave it out
        start, cpu = time.perf_counter(), cpu_seconds()
        write_index(out)
        done |= {"index_seconds": time.perf_counter() - start, "index_cpu_seconds": round(cpu_seconds() - cpu, 2)}
    return done


def essential(inbox: Path, out: Path) -> dict:
    """The essential work on the same inputs: the reference every pipeline row is a ratio to."""
    import chardet
    import opencc

    from fanjian.store import list_inbox

    paths = list_inbox(inbox)
    to_tw, to_hans = opencc.OpenCC("s2tw.json"), opencc.OpenCC("t2s.json")
    out.mkdir(parents=True, exist_ok=True)
    start, cpu, kernel = time.perf_counter(), cpu_seconds(), sys_seconds()
    for k, path in enumerate(paths):
        raw = path.read_bytes()
        encoding = chardet.detect(raw)["encoding"] or "utf-8"
        try:
            text = raw.decode(encoding, errors="replace")
        except LookupError:
            text = raw.decode("utf-8", errors="replace")
        (out / f"{k}.zh-Hant-TW.txt").write_text(to_tw.convert(text), encoding="utf-8")
        (out / f"{k}.zh-Hans.txt").write_text(to_hans.convert(text), encoding="utf-8")
    return {"seconds": time.perf_counter() - start, "cpu_seconds": round(cpu_seconds() - cpu, 2),
            "sys_seconds": round(sys_seconds() - kernel, 2), "counts": {"files": len(paths)}}


def rss_mb() -> float:
    """Resident memory now (VmRSS): before the work, so its own growth can be told apart."""
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def index(out: Path) -> dict:
    from fanjian.flows.batch import write_index

    before = rss_mb()
    start, cpu = time.perf_counter(), cpu_seconds()
    write_index(out)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": round(cpu_seconds() - cpu, 2),
            "rss_before_mb": round(before, 1), "index_rss_mb": round(peak_rss_mb() - before, 1)}


def flow(inbox: Path, out: Path, force: bool = True) -> dict:
    from fanjian.flows.republish import republish

    start, cpu, kernel = time.perf_counter(), cpu_seconds(), sys_seconds()
    counts = republish(str(inbox), str(out), None, force, return_state=True).result(raise_on_failure=False)["counts"]
    return {"seconds": time.perf_counter() - start, "cpu_seconds": round(cpu_seconds() - cpu, 2),
            "sys_seconds": round(sys_seconds() - kernel, 2), "counts": {k: v for k, v in counts.items() if k != "files" and v}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("job", choices=["loop", "skip", "flow", "flow-skip", "essential", "index"])
    parser.add_argument("inbox", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shard", default="0/1")
    args = parser.parse_args()
    jobs = {"loop": lambda: loop(args.inbox, args.out, args.shard), "flow": lambda: flow(args.inbox, args.out),
            "skip": lambda: loop(args.inbox, args.out, args.shard, force=False),
            "flow-skip": lambda: flow(args.inbox, args.out, force=False),
            "essential": lambda: essential(args.inbox, args.out), "index": lambda: index(args.out)}
    result = jobs[args.job]()
    print(json.dumps(result | {"peak_rss_mb": round(peak_rss_mb(), 1)}))


if __name__ == "__main__":
    main()
