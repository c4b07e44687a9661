"""Every benchmark row in one run: prints a table and writes bench/results.json.

    python -m bench.run [--quick]

Rows: each stage against its bare reference (from every `bench/bench_*.py` with a
`rows(quick)`, such as `bench_convert.py` and its quality rows in `bench_convert_cases.py`;
`bench/stages.py` for a stage with no module of its own), the whole pipeline without Prefect, the republish flow against
the plain loop (persistent local server, and the embedded default), a skip run over an
unchanged inbox against the plain loop's skip checks, growth over 10×
steps with peak memory, `fanjian run` with two workers against one, the index's peak memory over a synthetic archive 10× larger, first-call latency of `fanjian convert`, and one-file
`fanjian reprocess` with and without a running `fanjian ui`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from . import archive, corpus, scale, stages
from .rows import others_load, row

HERE = Path(__file__).resolve().parent
GROWTH_RUNS = 3
# "flows": server starts, each with a flow and a skip run. Quick fits in 2 minutes on a quiet
# two-core machine: it leaves out the rows without a target that only start servers and
# processes (the embedded server, the workers' speed-up, reprocess with its own server).
FULL = {"notices": 10_000, "flows": 2, "embedded": 500, "scale": (2_000, 100), "own_server": True,
        "growth": (1_000, 10_000, 100_000), "growth_runs": GROWTH_RUNS, "jobs": 2, "cold_runs": 5,
        "archive": (10_000, 100_000)}
QUICK = {"notices": 300, "flows": 1, "embedded": 0, "scale": None, "own_server": False,
         "growth": (100, 1_000), "growth_runs": 1, "jobs": 2, "cold_runs": 2, "archive": (1_000, 10_000)}
SKIP_MAX, SKIP_JUDGED_AT = 3.0, 10_000  # an unchanged inbox's run / the plain skip loop over it
ESSENTIAL_SHARE = 0.6  # the pipeline's throughput on one core / the essential work's, same inputs
PREFECT_MAX, GROWTH_MAX, RSS_MAX_MB, FIRST_CALL_MAX = 1.15, 11.0, 500, 1.0
INDEX_FLAT_MAX, INDEX_RSS_MAX_MB = 1.10, 400  # issue #28: the index's memory flat over 10× the archive
REPROCESS_MAX = 2.0  # a warm one-file reprocess against a cold `fanjian convert` of one line
LINE = "深圳市罗湖区人民政府发布时间：2024年2月19日，区委书记范德繁发出动员令。"


def env(**extra) -> dict:
    root = HERE.parent
    path = os.pathsep.join([str(root / "src"), str(root), os.environ.get("PYTHONPATH", "")])
    # Workers that run a flow with no server start Prefect's own, which waits 20 s by default:
    # too short on a loaded machine (the CLI's own server waits 180 s; the user's setting wins).
    startup = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    return os.environ | {"PYTHONPATH": path, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                         "DO_NOT_TRACK": "1", "PREFECT_LOGGING_LEVEL": "WARNING",
                         "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": startup} | extra


def worker(*args: str, environ: dict | None = None) -> dict:
    """One measured job in a fresh process, started with no dirty pages left by the one
    before (their writeback would otherwise run beside it and be charged to it)."""
    os.sync()
    done = subprocess.run([sys.executable, "-m", "bench.worker", *args], env=environ or env(),
                          cwd=HERE.parent, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"worker {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def loop_in_shards(inbox: Path, out: Path, jobs: int) -> dict:
    """The plain loop split over `jobs` processes; wall time and the largest peak RSS.

    The time includes writing the output to disk (a sync after the loop): a short run
    would otherwise finish before the kernel writes its files back (30 s after they were
    written), a long one would pay for part of that beside it, and growth would look
    worse than it is. The sync before starts every step with nothing left to write."""
    os.sync()
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "bench.worker", "loop", str(inbox), str(out), "--shard", f"{k}/{jobs}"],
                              env=env(), cwd=HERE.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(jobs)]
    results = []
    for proc in procs:
        stdout, stderr = proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"loop shard failed:\n{stderr[-3000:]}")
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    synced = time.perf_counter()
    os.sync()
    sync_seconds = time.perf_counter() - synced
    # The index pages of the whole out folder, as a run writes them after its batches: their
    # memory grows with the archive, so the memory row must see them.
    index = worker("index", str(inbox), str(out))
    # The slowest shard's own time: process start and imports are not part of growth.
    return {"seconds": max(r["seconds"] for r in results) + sync_seconds, "sync_seconds": round(sync_seconds, 2),
            "wall": time.perf_counter() - start, "index_seconds": round(index["seconds"], 2),
            "peak_rss_mb": max([r["peak_rss_mb"] for r in results] + [index["peak_rss_mb"]])}


def stage_rows(quick: bool) -> list[dict]:
    """Rows of every bench/bench_<stage>.py present, then bench/stages.py for the rest."""
    found, out = [], []
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        if hasattr(module, "rows"):
            found.append(path.stem.removeprefix("bench_"))
            out += module.rows(quick)
    return out + stages.rows(quick, skip=tuple(found))


def measured(job: str, inbox: Path, out: Path, environ: dict | None = None) -> dict:
    """One worker job, with other work's load on the machine just before it started."""
    load = others_load()
    return worker(job, str(inbox), str(out), environ=environ) | {"load": load}


def median_run(runs: list[dict]) -> dict:
    """Each figure of the runs (seconds, CPU, RSS) as its median; the rest as the first run's."""
    return {k: round(statistics.median(r[k] for r in runs), 3) if isinstance(v, float) else v
            for k, v in runs[0].items()} | {"runs": len(runs)}


def pipeline_rows(info: dict, loop: dict, essential: dict) -> list[dict]:
    """The pipeline's throughput on one core as a share of the essential work's on the same
    inputs (read, chardet.detect, decode, bare OpenCC s2tw and t2s, write both texts), both in
    fresh processes of this run; the absolute figures are shown, never judged."""
    n, mb = info["notices"], info["bytes"] / 1e6
    note = (f"{n} notices, {mb:.1f} MB, one process, medians of {loop['runs']} loops and {essential['runs']} "
            f"essential runs ({essential['seconds']:.1f} s); kernel CPU {loop['sys_seconds']} s; statuses {loop['counts']}")
    load = max(loop["load"], essential["load"])
    return [
        row("pipeline notices/s per core", n / loop["seconds"], "notices/s", n / essential["seconds"],
            ref_name="essential work, same inputs", target=(">=", ESSENTIAL_SHARE), on="ratio", note=note, load=load),
        row("pipeline MB/s per core", mb / loop["seconds"], "MB/s", mb / essential["seconds"],
            ref_name="essential work, same inputs", note=note + "; no target of its own (the row above)", load=load),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path) -> tuple[subprocess.Popen, str]:
    """A persistent local Prefect server on a free port, with its own PREFECT_HOME."""
    port = free_port()
    prefect = Path(sys.executable).with_name("prefect")
    cmd = [str(prefect)] if prefect.exists() else [sys.executable, "-m", "prefect"]
    proc = subprocess.Popen([*cmd, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env(PREFECT_HOME=str(home), PREFECT_UI_ENABLED="false"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("prefect server exited while starting")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        return proc, url
            except OSError:
                time.sleep(0.5)  # polling a starting server, not waiting for a result
        raise RuntimeError("prefect server did not answer /api/health within 180 s")
    except BaseException:
        stop_server(proc)  # its own session: an interrupted bench must not leave it behind
        raise


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, 9)


def overhead_ms(flow: dict, loop: dict, notices: int) -> str:
    """What orchestration adds per notice, wall and CPU: it must shrink as the pipeline gets faster."""
    wall = (flow["seconds"] - loop["seconds"]) / notices * 1000
    cpu = (flow["cpu_seconds"] - loop["cpu_seconds"]) / notices * 1000
    return f"{wall:.2f} ms/notice ({cpu:.2f} ms CPU)"


def skip_row(notices: int, skips: list[dict]) -> dict:
    """A run over an inbox the out folder already holds, every input skipped, against the
    plain loop's skip checks over it (read, hash, compare): what a scheduled run costs when
    nothing arrived. Judged at the full bench's 10,000 notices; a smaller inbox is all start-up."""
    flow = median_run([{k: v for k, v in s.items() if k != "loop"} for s in skips])
    loop = median_run([s["loop"] for s in skips])
    return row("Prefect skip run / plain skip loop (persistent server)", flow["seconds"], "s", loop["seconds"],
               ref_name="plain loop, unforced, same out", on="ratio", load=max(flow["load"], loop["load"]),
               target=("<=", SKIP_MAX) if notices >= SKIP_JUDGED_AT else None,
               note=f"{notices} notices, medians of {flow['runs']}; flows {[round(s['seconds'], 2) for s in skips]} s, "
                    f"loops {[round(s['loop']['seconds'], 2) for s in skips]} s; statuses {flow['counts']}")


def with_index(loop: dict) -> dict:
    """The loop's time with its index page: the same work the flow does."""
    return loop | {"seconds": loop["seconds"] + loop.get("index_seconds", 0.0),
                   "cpu_seconds": round(loop["cpu_seconds"] + loop.get("index_cpu_seconds", 0.0), 2)}


def pipeline_and_prefect_rows(inbox: Path, work: Path, info: dict, embedded_n: int, flow_runs: int = 2) -> list[dict]:
    """The plain loop and the republish flow on one inbox, in the order loop, flow, loop,
    flow, loop (`flow_runs` flows), each into its own folder, nothing deleted in between;
    medians of each (of three loops: one run disturbed by the disk or the machine does not
    decide the figure). After each flow, with its server still up, the flow again over its
    own out folder (every input skipped), then the plain loop's skip checks over it. The
    server runs only for the flows, so no loop shares the machine with it.

    Deleting folders just before a timed run would slow it: on a journal-less ext4 (this
    machine's disk) each new file's inode search skips inodes freed in the last minutes
    (`recently_deleted` in `find_inode_bit`), so a run right after an rmtree of 60,000 files
    spends up to 2 ms more kernel CPU a notice. The order cancels any drift between runs.
    """
    loops, flows = [measured("loop", inbox, work / "out-loop-1")], []
    essentials = [measured("essential", inbox, work / "out-essential-1")]
    skips = []
    for k in range(1, flow_runs + 1):
        server, url = start_server(work / "prefect-server")  # the same database both times
        try:
            environ = env(PREFECT_API_URL=url, PREFECT_HOME=str(work / "prefect-client"))
            flows.append(measured("flow", inbox, work / f"out-flow-{k}", environ=environ))
            skips.append(measured("flow-skip", inbox, work / f"out-flow-{k}", environ=environ))
        finally:
            stop_server(server)
        skips[-1]["loop"] = measured("skip", inbox, work / f"out-flow-{k}")
        loops.append(measured("loop", inbox, work / f"out-loop-{k + 1}"))
        essentials.append(measured("essential", inbox, work / f"out-essential-{k + 1}"))
    loop, flow, essential = median_run(loops), median_run(flows), median_run(essentials)
    rows_ = pipeline_rows(info, loop, essential)
    loop = with_index(loop)
    rows_.append(row("Prefect flow / plain loop (persistent server)", flow["seconds"], "s", loop["seconds"],
                     ref_name="plain loop, same inbox", target=("<=", PREFECT_MAX), on="ratio",
                     load=max(flow["load"], loop["load"]),
                     note=f"{info['notices']} notices, medians of {flow['runs']} flows and {loop['runs']} loops; "
                          f"flows {[round(f['seconds'], 1) for f in flows]} s, loops {[round(x['seconds'], 1) for x in loops]} s; "
                          f"overhead {overhead_ms(flow, loop, info['notices'])}; "
                          f"CPU s flow {flow['cpu_seconds']} vs loop {loop['cpu_seconds']} "
                          f"(kernel {flow['sys_seconds']} vs {loop['sys_seconds']}); "
                          f"flow peak RSS {flow['peak_rss_mb']} MB; statuses {flow['counts']}"))

    rows_.append(skip_row(info["notices"], skips))
    if not embedded_n:
        return rows_

    small = work / "inbox-embedded"
    corpus.write_inbox(small, embedded_n)
    small_loop = with_index(worker("loop", str(small), str(work / "out-eloop")))
    embedded = worker("flow", str(small), str(work / "out-eflow"), environ=env(PREFECT_HOME=str(work / "prefect-embedded")))
    rows_.append(row("Prefect flow / plain loop (embedded default server)", embedded["seconds"], "s",
                     small_loop["seconds"], ref_name="plain loop, same inbox",
                     note=f"{embedded_n} notices; includes the embedded server's start; "
                          f"overhead {overhead_ms(embedded, small_loop, embedded_n)}; no target"))
    return rows_


def growth_rows(work: Path, sizes: tuple[int, ...], jobs: int, step_runs: int = GROWTH_RUNS) -> list[dict]:
    """Small notices, 10× steps; each step in fresh processes, wall time and peak RSS.
    Every step but the last is the median of `step_runs` runs (the last alone takes
    minutes): run once, the 10,000 step took 13.3 to 20.7 s in three full runs of one day."""
    points = []
    for i, n in enumerate(sizes):
        inbox = work / f"inbox-growth-{n}"
        info = corpus.write_inbox(inbox, n, small=True)
        runs = 1 if i == len(sizes) - 1 else step_runs
        # Each run into its own folder, all kept: see pipeline_and_prefect_rows.
        points.append((n, info["bytes"], median_run([loop_in_shards(inbox, work / f"out-growth-{n}-{k}", jobs)
                                                     for k in range(runs)])))
    out_rows = []
    for (n0, _, p0), (n1, b1, p1) in zip(points, points[1:]):
        out_rows.append(row(f"growth time {n0:,} → {n1:,} notices", p1["seconds"] / p0["seconds"], "×", 10.0,
                            ref_name="linear (10×)", target=("<=", GROWTH_MAX),
                            note=f"{p0['seconds']:.1f} s (median of {p0['runs']}) → {p1['seconds']:.1f} s "
                                 f"(of which sync to disk {p0['sync_seconds']} → {p1['sync_seconds']} s), "
                                 f"{b1 / n1:.0f} B/notice, {jobs} processes"))
    first, last = points[0], points[-1]
    out_rows.append(row(f"peak RSS at {last[0]:,} notices", last[2]["peak_rss_mb"], "MB", first[2]["peak_rss_mb"],
                        ref_name=f"peak RSS at {first[0]:,}", target=("<=", RSS_MAX_MB),
                        note="largest of the worker processes and of the index pages' writer over the whole "
                             "archive (VmHWM: their own peak, not the bench's)"))
    return out_rows


def index_rows(work: Path, sizes: tuple[int, int]) -> list[dict]:
    """The index database brought up to date and every index page written (`write_index`)
    over a synthetic archive of bundles (`bench.archive`) at two sizes 10× apart, in fresh
    processes: built from nothing, then again after 1 % of the bundles changed."""
    runs = {}
    for n in sizes:
        out = work / f"archive-{n}"
        archive.write_archive(out, n)
        cold_ = worker("index", "-", str(out))
        archive.touch(out, 100)
        runs[n] = (cold_, worker("index", "-", str(out)))
    small, large = sizes
    out_rows = []
    for k, what in enumerate(("built from nothing", "1 % of the bundles changed")):
        a, b = runs[small][k], runs[large][k]
        note = (f"the process's own peak (VmHWM), imports included ({b['rss_before_mb']} MB before the work); "
                f"the index's own growth {a['index_rss_mb']} → {b['index_rss_mb']} MB; "
                f"{a['seconds']:.1f} → {b['seconds']:.1f} s; {archive.HELD} held notices at both sizes")
        out_rows.append(row(f"index peak RSS at {large:,} bundles, {what}", b["peak_rss_mb"], "MB", a["peak_rss_mb"],
                            ref_name=f"at {small:,}", target=("<=", INDEX_FLAT_MAX), on="ratio", note=note))
    out_rows.append(row(f"index peak RSS at {large:,} bundles (largest of the two)",
                        max(r["peak_rss_mb"] for r in runs[large]), "MB", target=("<=", INDEX_RSS_MAX_MB)))
    return out_rows


def cold(cmd: list[str], stdin: str, runs: int, environ: dict | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, input=stdin, env=environ or env(), cwd=HERE.parent, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode:
            raise RuntimeError(f"{cmd} failed: {done.stderr[-2000:]}")
    return statistics.median(times)


def first_call_rows(runs: int) -> list[dict]:
    ours = cold([sys.executable, "-m", "fanjian.cli", "convert", "--to", "zh-Hant-TW"], LINE + "\n", runs)
    bare = cold([sys.executable, "-c", "import sys, opencc; print(opencc.OpenCC('s2tw.json').convert(sys.stdin.read()))"],
                LINE + "\n", runs)
    return [row("first call: fanjian convert, one line, cold process", ours, "s", bare,
                ref_name="python + bare OpenCC, cold", target=("<=", FIRST_CALL_MAX), note=f"median of {runs}")]


def reprocess_rows(work: Path, runs: int, own_server: bool = True) -> list[dict]:
    """`fanjian reprocess` of one file: the second and later against a running `fanjian ui`
    (its warm process runs the flow), and with no `fanjian ui` (the run starts its own
    server; `own_server`), each against a cold `fanjian convert` of one line measured here too."""
    seed = next((HERE.parent / "seeds").glob("*.txt"))
    command = [sys.executable, "-m", "fanjian.cli"]
    reprocess = [*command, "reprocess", str(seed), "--out", str(work / "reprocess-out")]
    convert = cold([*command, "convert", "--to", "zh-Hant-TW"], LINE + "\n", runs)
    home = work / "prefect-server"  # the flows' server's, migrated already: a fresh one takes 10 s more to start
    ui = subprocess.Popen([*command, "ui", "--port", str(free_port())], env=env(PREFECT_HOME=str(home)),
                          cwd=HERE.parent, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        if not ui.stdout.readline().startswith("Prefect UI: "):  # printed once the server answers
            raise RuntimeError("fanjian ui did not start")
        cold_env = env(PREFECT_HOME=str(home))
        subprocess.run(reprocess, env=cold_env, capture_output=True, check=True)  # the first: warms the process
        warm = cold(reprocess, "", runs, cold_env)
    finally:
        ui.terminate()
        ui.wait(timeout=60)
    out = [row("reprocess one file, 2nd, with `fanjian ui` running", warm, "s", convert,
               ref_name="fanjian convert, one line, cold", target=("<=", REPROCESS_MAX), on="ratio",
               note=f"median of {runs}")]
    if own_server:
        own = cold(reprocess, "", max(1, runs // 2), env(PREFECT_HOME=str(work / "own-home")))
        out.append(row("reprocess one file, its own server (no `fanjian ui`)", own, "s", convert,
                       ref_name="fanjian convert, one line, cold", note=f"median of {max(1, runs // 2)}; for comparison"))
    return out


def fmt(value, unit="") -> str:
    if value is None:
        return "—"
    return f"{value:.3g}{' ' + unit if unit else ''}" if isinstance(value, float) else str(value)


def table(rows_: list[dict]) -> str:
    head = ["row", "figure", "reference", "ratio", "target", "met"]
    lines = [[r["name"], fmt(r["figure"], r["unit"]),
              f"{fmt(r['reference'], r['unit'])} ({r['ref_name']})" if r["reference"] is not None else "—",
              fmt(r["ratio"]), r["target"] or "—",
              ("unmeasured (busy)" if r["target"] else "—") if r["met"] is None
              else ("met" if r["met"] else f"missed by {r['missed_by']}")] for r in rows_]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    out = [" | ".join(h.ljust(w) for h, w in zip(head, widths)), "-+-".join("-" * w for w in widths)]
    out += [" | ".join(str(c).ljust(w) for c, w in zip(line, widths)) for line in lines]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus and growth, for development")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    started, load_at_start = time.perf_counter(), os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="fanjian-bench-"))
    rows_: list[dict] = []
    steps: dict[str, float] = {}  # seconds each step took, for the bench's own time budget
    try:
        inbox = work / "inbox"
        info = corpus.write_inbox(inbox, plan["notices"])
        print(f"corpus: {info['notices']} notices, {info['bytes'] / 1e6:.1f} MB in {work}", flush=True)
        for step, produce in [
            ("stages", lambda: stage_rows(args.quick)),
            ("pipeline and prefect", lambda: pipeline_and_prefect_rows(inbox, work, info, plan["embedded"], plan["flows"])),
            ("workers", lambda: scale.with_server(work, *plan["scale"]) if plan["scale"] else []),
            ("growth", lambda: growth_rows(work, plan["growth"], plan["jobs"], plan["growth_runs"])),
            ("index", lambda: index_rows(work, plan["archive"])),
            ("first call", lambda: first_call_rows(plan["cold_runs"])),
            ("reprocess", lambda: reprocess_rows(work, plan["cold_runs"], plan["own_server"])),
        ]:
            t = time.perf_counter()
            rows_ += produce()
            steps[step] = round(time.perf_counter() - t, 1)
            print(f"{step}: {steps[step]:.0f} s", flush=True)
    finally:  # every output is kept until here: deleting would slow the rows after it
        shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    result = {"date": date.today().isoformat(), "mode": "quick" if args.quick else "full",
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
              "load_average_at_start": load_at_start, "load_average_at_end": os.getloadavg(),
              "seconds": round(total, 1), "steps": steps, "rows": rows_}
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(table(rows_))
    print(f"\n{len(rows_)} rows in {total:.0f} s ({result['mode']}); written to {args.out}")


if __name__ == "__main__":
    main()
