"""`fanjian run` with one worker and with two, on the same generated inbox (issue #28, "Scale").

    python -m bench.scale [N] [--batch-size B]     # this row alone (PYTHONPATH=src:.)

The real command (`fanjian run INBOX --out OUT --workers K`) against one persistent local
Prefect server, interleaved 1, 2, 1, 2, 1, each run into its own folder (nothing deleted
until the end: see `run.pipeline_and_prefect_rows`); figure: the median wall time with two
workers, reference: with one; the ratio is the speed-up's inverse (0.5 at best on two
cores). Wall time includes each process's start and imports, the same in both. Throughput
rows need the machine to themselves: with others' load above `rows.BUSY_LOAD_PER_CORE`
per core before the first run, the row is unmeasured. The workers' own peak memory
(VmHWM, sampled while they run) is in the note.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import corpus
from .rows import others_load, row

HERE = Path(__file__).resolve().parent
ORDER = (1, 2, 1, 2, 1)
SAMPLE_SECONDS = 0.5


def _vm_hwm_mb(pid: int) -> float:
    try:
        status = (Path("/proc") / str(pid) / "status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def _workers(pid: int) -> list[int]:
    """The run's worker processes (multiprocessing's spawn_main), children of `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid \
                    and b"spawn_main" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    return found


def timed_run(inbox: Path, out: Path, workers: int, config: Path, environ: dict) -> dict:
    """One `fanjian run`: wall seconds, and the peak memory of each of its workers."""
    os.sync()  # no writeback of the run before beside this one
    command = [sys.executable, "-m", "fanjian.cli", "run", str(inbox), "--out", str(out), "--config", str(config),
               "--workers", str(workers)]
    # The run's log goes to a file: a pipe nobody reads while it runs fills at 64 KB (a few
    # thousand notices' progress) and stops the run for good.
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=environ, cwd=HERE.parent, stdout=subprocess.DEVNULL, stderr=log)
        peaks: dict[int, float] = {}
        while proc.poll() is None:  # sampling the workers' memory, not waiting for a result
            for pid in _workers(proc.pid):
                peaks[pid] = max(peaks.get(pid, 0.0), _vm_hwm_mb(pid))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - start
        log.seek(0)
        stderr = log.read().decode(errors="replace")
    if proc.returncode not in (0, 1):  # 1: some input failed, as the corpus has a few
        raise RuntimeError(f"fanjian run --workers {workers} failed:\n{stderr[-3000:]}")
    return {"seconds": seconds, "worker_peaks_mb": sorted(round(p) for p in peaks.values())}


def rows(work: Path, n: int, batch_size: int | None = None, environ: dict | None = None) -> list[dict]:
    """The row over `n` corpus notices in `work` (a persistent server's PREFECT_API_URL in
    `environ`); `batch_size` None: the default (200), so the run has n / 200 batches."""
    from .run import env

    inbox = work / "inbox-scale"
    info = corpus.write_inbox(inbox, n)
    config = work / "scale.toml"
    config.write_text(f"batch_size = {batch_size}\n" if batch_size else "")
    environ = environ or env()
    load_before = others_load()
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for k, workers in enumerate(ORDER):
        runs[workers].append(timed_run(inbox, work / f"out-scale-{k}-{workers}", workers, config, environ))
    one, two = (statistics.median(r["seconds"] for r in runs[w]) for w in (1, 2))
    batches = -(-n // (batch_size or 200))
    peaks = [p for r in runs[2] for p in r["worker_peaks_mb"]]
    note = (f"{n} notices ({info['bytes'] / 1e6:.1f} MB), {batches} batches, {os.cpu_count()} cores; "
            f"order {'-'.join(map(str, ORDER))}; one worker {[round(r['seconds'], 1) for r in runs[1]]} s, "
            f"two {[round(r['seconds'], 1) for r in runs[2]]} s; {n / one:.1f} → {n / two:.1f} notices/s; "
            f"workers' peak RSS {min(peaks, default=0)}–{max(peaks, default=0)} MB each; "
            f"load average after {os.getloadavg()[0]:.1f}")
    return [row("fanjian run --workers 2 / --workers 1", two, "s", one, ref_name="--workers 1, same inbox",
                note=note, load=load_before)]


def with_server(work: Path, n: int, batch_size: int | None = None) -> list[dict]:
    """`rows`, with a persistent local Prefect server of its own for the runs."""
    from .run import env, start_server, stop_server

    server, url = start_server(work / "prefect-scale")
    try:
        return rows(work, n, batch_size, env(PREFECT_API_URL=url, PREFECT_HOME=str(work / "prefect-scale-client")))
    finally:
        stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=500)
    parser.add_argument("--batch-size", type=int, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fanjian-scale-"))
    try:
        result = with_server(work, args.n, args.batch_size)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
