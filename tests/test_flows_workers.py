"""`fanjian run --workers N`: batches in worker processes write what one process writes,
each batch a task run of the flow run, every file shown once; and no worker outlives its
run, whether it ends, is interrupted (Ctrl-C) or is killed (SIGKILL)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import SEED
from .test_flows import assert_feed_sees_every_file_once, make_inbox
from .test_flows_runtime import GONE_WITHIN, alive
from .test_flows_server import DEADLINE, api, cli_env, flow_run_id, status_by_file

pytestmark = pytest.mark.slow

MARK = "FANJIAN_TEST_RUN"
"""An environment variable given to a run: its worker processes inherit it."""


def workers_of(mark: str) -> list[int]:
    """Live worker processes (multiprocessing's `spawn_main`) of the run given `mark`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if (entry.name.isdigit() and f"{MARK}={mark}".encode() in (entry / "environ").read_bytes().split(b"\0")
                    and b"spawn_main" in (entry / "cmdline").read_bytes() and alive(int(entry.name))):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def run(*args, mark: str, **popen) -> subprocess.Popen:
    options = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True} | popen
    return subprocess.Popen([sys.executable, "-m", "fanjian.cli", "run", *args],
                            env=cli_env(PREFECT_API_URL=api_url(), PYTHONUNBUFFERED="1", **{MARK: mark}), **options)


def files_under(out: Path) -> dict[str, bytes]:
    """Every output but the index's own store (a SQLite file: the pages written from it are compared)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".fanjian" not in p.relative_to(out).parts}


def test_two_workers_write_what_one_writes_and_record_every_batch(prefect_harness, tmp_path):
    inbox = tmp_path / "inbox"
    expected = make_inbox(inbox)
    config = tmp_path / "fanjian.toml"
    config.write_text("batch_size = 2\n")  # three batches
    outs, mark = {}, uuid.uuid4().hex
    for workers in (1, 2):
        outs[workers] = tmp_path / f"out{workers}"
        proc = run(str(inbox), "--out", str(outs[workers]), "--config", str(config), "--workers", str(workers), mark=mark)
        stdout, stderr = proc.communicate(timeout=DEADLINE * 2)
        assert proc.returncode == 1, stderr[-3000:]  # the empty file failed, the others went on
        assert not workers_of(mark)  # the workers were gone when the run ended
        lines = [line for line in stdout.splitlines() if line.split(None, 1)[0] in ("publish", "hold", "failed")]
        assert len(lines) == len(expected) and status_by_file(stdout) == expected  # each file shown once
        run_id, recorded, created = flow_run_id(stdout)
        assert (recorded, created) == (4, 4)
        assert stdout.count(", batches in 2 processes") == (workers == 2)
        task_runs = api(api_url(), "/task_runs/filter", {"flow_runs": {"id": {"any_": [run_id]}}})
        assert sorted(t["task_key"].split("-")[0] for t in task_runs) == ["process_batch"] * 3 + ["write_index"]
        assert {t["state_type"] for t in task_runs} == {"COMPLETED"}
    one, two = files_under(outs[1]), files_under(outs[2])
    assert "index.html" in one and len(one) > 10
    assert one.keys() == two.keys() and [k for k in one if one[k] != two[k]] == []


def test_progress_feed_sees_every_file_once_with_worker_processes(prefect_harness, tmp_path):
    from fanjian.flows.republish import republish
    from fanjian.flows.workers import process_runner

    config = tmp_path / "fanjian.toml"
    config.write_text("batch_size = 2\n")
    flow = republish.with_options(task_runner=process_runner(2))
    assert_feed_sees_every_file_once(tmp_path, lambda inbox, out: flow(inbox, out, config=str(config),
                                                                       return_state=True))


def busy_inbox(folder: Path) -> Path:
    folder.mkdir()
    for n in range(600):  # enough batches that the run is still going when its workers start
        (folder / f"n{n:03}.txt").write_bytes(SEED.read_bytes())
    (folder.parent / "fanjian.toml").write_text("batch_size = 2\n")
    return folder.parent / "fanjian.toml"


def started_workers(proc: subprocess.Popen, mark: str) -> list[int]:
    deadline = time.monotonic() + DEADLINE * 2
    while not (found := workers_of(mark)):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before its workers started"
        time.sleep(0.2)
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_leaves_no_worker_behind(prefect_harness, tmp_path):
    config, mark = busy_inbox(tmp_path / "inbox"), uuid.uuid4().hex
    proc = run(str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "--config", str(config), "--workers", "2",
               mark=mark, start_new_session=True)
    try:
        while not proc.stdout.readline().startswith("publish"):  # a batch done: every batch submitted
            assert proc.poll() is None, "the run ended before a batch was done"
        started_workers(proc, mark)
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C: to the run and its workers
        _, stderr = proc.communicate(timeout=DEADLINE * 2)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + signal.SIGINT, stderr[-3000:]
    assert not workers_of(mark)  # terminated and joined before the run exited


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_killed_run_leaves_no_worker_behind(prefect_harness, tmp_path):
    config, mark = busy_inbox(tmp_path / "inbox"), uuid.uuid4().hex
    proc = run(str(tmp_path / "inbox"), "--out", str(tmp_path / "out"), "--config", str(config), "--workers", "2",
               mark=mark, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started_workers(proc, mark)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + GONE_WITHIN
    while (left := workers_of(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"workers {left} of the killed run still run {GONE_WITHIN} s later"
