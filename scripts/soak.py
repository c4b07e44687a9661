"""Crash-safety soak: kill a run with SIGKILL at random points, rerun, check the invariants.

Every round: a worker process (the plain pipeline loop over the store, or the real
Prefect flow through `fanjian run`) is killed at a random moment, then a second run
completes. Afterwards every input must be published, held or failed exactly once, no
temporary or partial file may remain in out/, nothing may be written outside out/, the
inputs must be byte-for-byte unchanged, and the outputs must equal a clean sequential run.

    python scripts/soak.py --rounds 200 --flow-rounds 10      # make soak
    python scripts/soak.py --rounds 6 --flow-rounds 1         # the short version CI runs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_6c292aaa073e0d9c.txt"
LOOP = (
    "import sys; from pathlib import Path; from fanjian.flows import batch; from fanjian.settings import Settings;"
    "from fanjian.store import list_inbox; inbox, out = Path(sys.argv[1]), Path(sys.argv[2]);"
    "print('Beginning run', file=sys.stderr, flush=True);"
    "batch.process_files(list_inbox(inbox), inbox, out, Settings(), False); batch.write_index(out)"
)


def make_inbox(folder: Path, count: int, rng: random.Random) -> None:
    """A mixed inbox: the seed in several encodings and cuts, and some bad inputs."""
    text = SEED.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    folder.mkdir(parents=True)
    for i in range(count):
        kind = i % 6
        if kind == 4:
            (folder / f"bad {i}.bin").write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(300))
            continue
        body = "\n\n".join(paragraphs[: rng.randint(4, len(paragraphs))]) + f"\n\n编号{i}。\n"
        encoding = ("utf-8", "gbk", "big5", "utf-16", "gb18030")[kind if kind < 4 else 4]
        (folder / f"notice {i}.txt").write_bytes(body.encode(encoding, errors="ignore"))
    (folder / "empty.txt").write_bytes(b"")


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(_content(p)).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _content(path: Path) -> bytes:
    """A file's bytes; for the index database its summaries without the bundles' file times."""
    if path.name == "index.sqlite" and path.parent.name == ".fanjian":
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT folder, id, title, published, source, decision, review, links, findings "
                                "FROM summary ORDER BY folder").fetchall()
        finally:
            conn.close()
        return repr(rows).encode()
    return path.read_bytes()


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = f"{ROOT / 'src'}{os.pathsep}{ROOT}{os.pathsep}{e.get('PYTHONPATH', '')}"
    e.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    e.setdefault("DO_NOT_TRACK", "1")
    return e


def command(flow: bool, inbox: Path, out: Path) -> list[str]:
    if flow:
        return [sys.executable, "-m", "fanjian.cli", "run", str(inbox), "--out", str(out)]
    return [sys.executable, "-c", LOOP, str(inbox), str(out)]


MARKER = "Beginning"  # printed by the loop above and by Prefect when the flow run starts


def run(flow: bool, inbox: Path, out: Path, kill_after: float | None) -> float:
    """Run to the end (kill_after None) or kill `kill_after` seconds after work began.

    Returns the seconds from the start of work to the end of the process.
    """
    proc = subprocess.Popen(command(flow, inbox, out), env=env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if MARKER in line:
            break
    began = time.monotonic()
    drain = threading.Thread(target=proc.stderr.read, daemon=True)
    drain.start()
    try:
        proc.wait(timeout=600 if kill_after is None else kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole group: the embedded server too
        proc.wait()
    return time.monotonic() - began


def problems(inbox: Path, out: Path, inputs_before: dict, reference: dict, workdir: Path) -> list[str]:
    from fanjian.store import notice_id

    found = []
    if snapshot(inbox) != inputs_before:
        found.append("inputs changed")
    for name in inputs_before:
        nid = notice_id(name)
        places = [out / "notices" / nid / "bundle.json", out / "held" / nid / "bundle.json",
                  out / "failed" / f"{nid}.error.json"]
        count = sum(p.exists() for p in places)
        if count != 1:
            found.append(f"{name}: in {count} places")
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp") or ".tmp" in p.name]
    if leftovers:
        found.append(f"temporary files left: {[str(p.relative_to(out)) for p in leftovers[:5]]}")
    outputs = snapshot(out)
    if outputs != reference:
        diff = sorted(set(outputs) ^ set(reference)) or [k for k in outputs if outputs[k] != reference.get(k)]
        found.append(f"outputs differ from a clean run: {diff[:5]}")
    stray = [p.name for p in workdir.iterdir() if p.name not in ("inbox", "out", "reference")]
    if stray:
        found.append(f"writes outside out/: {stray}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200, help="rounds through the pipeline loop")
    parser.add_argument("--flow-rounds", type=int, default=10, help="rounds through the real Prefect flow")
    parser.add_argument("--files", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="fanjian-soak-") as tmp:
        work = Path(tmp)
        inbox = work / "inbox"
        make_inbox(inbox, args.files, rng)
        inputs = snapshot(inbox)
        run(False, inbox, work / "reference", None)
        reference = snapshot(work / "reference")
        started = time.monotonic()
        full = None
        for i in range(args.rounds + args.flow_rounds):
            flow = i >= args.rounds
            out = work / "out"
            subprocess.run(["rm", "-rf", str(out)], check=True)
            if full is None or (flow and full[0] is False):
                full = (flow, run(flow, inbox, out, None))  # how long the work itself takes
                subprocess.run(["rm", "-rf", str(out)], check=True)
            kill_at = rng.uniform(0.0, full[1])
            run(flow, inbox, out, kill_at)
            run(flow, inbox, out, None)
            found = problems(inbox, out, inputs, reference, work)
            status = "ok" if not found else "FAIL " + "; ".join(found)
            failures += bool(found)
            print(f"round {i + 1:3} {'flow' if flow else 'loop'} kill at {kill_at:5.2f}s: {status}", flush=True)
        summary = {"rounds": args.rounds + args.flow_rounds, "flow_rounds": args.flow_rounds,
                   "failures": failures, "seconds": round(time.monotonic() - started, 1)}
        print(json.dumps(summary))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
