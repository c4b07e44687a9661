"""A run's own Prefect server on a busy machine and after a SIGKILL: `fanjian run` (as
`make run` calls it) and `fanjian reprocess` succeed with six busy loops on the machine's
cores and a fresh PREFECT_HOME; a run killed with SIGKILL leaves no server behind."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, SEED
from .test_flows_server import cli_env, status_by_file

pytestmark = pytest.mark.slow

BUSY_LOOPS = 6
BUSY_SECONDS = 900  # the loops end by themselves even if this test is killed before it stops them
BUSY = "import sys, time\nend = time.monotonic() + float(sys.argv[1])\nwhile time.monotonic() < end: pass\n"
GONE_WITHIN = 15


@pytest.fixture
def busy_machine():
    loops = [subprocess.Popen([sys.executable, "-c", BUSY, str(BUSY_SECONDS)]) for _ in range(BUSY_LOOPS)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
        for loop in loops:
            loop.wait()


def fanjian(*args, cwd: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fanjian.cli", *args], env=cli_env(**env), cwd=cwd,
                          capture_output=True, text=True, timeout=1200)


def test_run_and_reprocess_on_a_busy_machine_with_a_fresh_prefect_home(busy_machine, tmp_path):
    # `make run` runs `fanjian run seeds --out out` in the project folder: PREFECT_HOME is its .prefect/
    done = fanjian("run", str(ROOT / "seeds"), "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert set(status_by_file(done.stdout).values()) == {"publish"}
    assert "Traceback" not in done.stderr
    assert "starting this run's Prefect server (waits up to 180 s" in done.stderr
    assert (tmp_path / ".prefect" / "prefect.db").exists()

    again = fanjian("reprocess", str(SEED), "--out", "out", cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-3000:]
    assert status_by_file(again.stdout) == {SEED.name: "publish"}
    assert "hint: with `fanjian ui` running" in again.stderr  # once per PREFECT_HOME (tests/test_cli.py)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper that may never come, in a container, is dead)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def server_port(pid: int) -> int | None:
    try:
        argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    return int(argv[argv.index(b"--port") + 1]) if b"uvicorn" in argv and b"--port" in argv else None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_a_killed_run_leaves_no_server_behind(tmp_path):
    from fanjian.flows.server import is_healthy

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(400):  # enough work that the run is still going when its server answers
        (inbox / f"n{n:03}.txt").write_bytes(SEED.read_bytes())
    run = subprocess.Popen([sys.executable, "-m", "fanjian.cli", "run", str(inbox), "--out", str(tmp_path / "out")],
                           env=cli_env(PREFECT_HOME=str(tmp_path / "home")), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 600
        server = None
        while server is None:
            assert run.poll() is None and time.monotonic() < deadline, "the run ended before its server answered"
            for pid in children(run.pid):
                port = server_port(pid)
                if port and is_healthy(f"http://127.0.0.1:{port}/api"):
                    server = pid
            time.sleep(0.2)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + GONE_WITHIN
    while alive(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive(server), f"server {server} of the killed run still runs {GONE_WITHIN} s later"
