"""Two runs over one inbox at once: each output written once, never half of one."""

import json
import multiprocessing
from pathlib import Path

from .test_flows import make_inbox

RUNS = 2


def _run(inbox: str, out: str, barrier, results) -> None:
    from fanjian.flows.batch import process_files
    from fanjian.settings import load
    from fanjian.store import list_inbox

    paths = list_inbox(Path(inbox))
    barrier.wait()  # both runs start their batch at the same moment
    results.put(process_files(paths, Path(inbox), Path(out), load()))


def test_two_runs_at_once_write_each_output_once(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    for n in range(8):  # more notices, more chances to collide
        (inbox / f"copy{n}.txt").write_bytes((inbox / "seed-utf8.txt").read_bytes() + f"\n{n}\n".encode())
        expected[f"copy{n}.txt"] = "publish"
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(RUNS), ctx.Queue()
    procs = [ctx.Process(target=_run, args=(str(inbox), str(out), barrier, results)) for _ in range(RUNS)]
    for proc in procs:
        proc.start()
    runs = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0

    for name, want in expected.items():
        got = sorted(run_rows[name] for run_rows in ({r["file"]: r["status"] for r in rows} for rows in runs))
        if want == "failed":
            assert got == ["failed", "failed"], name  # a failure is not recorded as done
        else:
            assert got == sorted([want, "skipped"]), name  # processed by one run, skipped by the other
    folders = [p for kind in ("notices", "held") for p in (out / kind).iterdir()]
    assert len(folders) == len(expected) - 1 and len({p.name for p in folders}) == len(folders)
    for folder in folders:
        bundle = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
        assert sorted(p.name for p in folder.iterdir()) == sorted(bundle["outputs"])  # whole: every file listed
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]



def test_notice_locks_share_a_bounded_set_of_files(tmp_path):
    import re

    from fanjian.flows.batch import process_files
    from fanjian.settings import load
    from fanjian.store import LOCK_STRIPES, list_inbox, lock_folder, lock_name, notice_id

    names = {lock_name(f"notice-{i}") for i in range(50_000)}
    assert len(names) <= LOCK_STRIPES and all(re.fullmatch(r"stripe-[0-9a-f]{3}\.lock", n) for n in names)
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    make_inbox(inbox)
    rows = process_files(list_inbox(inbox), inbox, out, load())
    assert {p.name for p in lock_folder(out).iterdir()} == {lock_name(notice_id(r["file"])) for r in rows}
