"""Prefect servers for the project: the long-lived one of `fanjian ui`, and the one a
single `fanjian run` or `fanjian reprocess` starts for itself when none is running.

Both keep their database in the project's PREFECT_HOME (`$PREFECT_HOME`, else `.prefect/`
in the current folder), so runs made either way show up in the UI.

Both are children that die with the process that started them, even on SIGKILL (Linux's
parent-death signal): a killed run never leaves a server behind.

Nothing here imports Prefect: a run's server starts while the run imports it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

STATE_FILE = "fanjian-server.json"
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
STARTUP_SETTING = "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"
DEFAULT_STARTUP_SECONDS = 180.0
"""Prefect waits 20 s; on a loaded two-core machine its server takes longer than that to
migrate its database and answer. The user's STARTUP_SETTING wins."""
ATTEMPTS = 2
PR_SET_PDEATHSIG = 1


class ServerStartError(Exception):
    """The run's own Prefect server did not answer in time, on every attempt."""


def project_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or Path.cwd() / ".prefect").resolve()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def is_healthy(api_url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as reply:
            return reply.status == 200
    except (OSError, urllib.error.URLError, ValueError):
        return False


def startup_timeout() -> float:
    """Seconds to wait for a server to answer: the user's setting, else a generous default."""
    try:
        seconds = float(os.environ.get(STARTUP_SETTING, ""))
    except ValueError:
        return DEFAULT_STARTUP_SECONDS
    return seconds if seconds > 0 else DEFAULT_STARTUP_SECONDS


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec function asking the kernel to SIGKILL the child when this process dies.

    prctl is looked up before the fork: the child only calls it. None where there is no
    prctl (not Linux): there a run's server goes when the run exits normally."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def set_parent_death_signal() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

    return set_parent_death_signal


def _spawn(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as handle:
        return subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent(), start_new_session=False)


def _server_env(home: Path, extra: dict) -> dict:
    return {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | QUIET | {"PREFECT_HOME": str(home)} | extra


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_healthy(proc: subprocess.Popen, api_url: str, deadline: float, log: Path,
                  on_wait: Callable[[float], None] | None = None) -> None:
    started = time.monotonic()
    while not is_healthy(api_url, timeout=1):
        if proc.poll() is not None:
            raise ServerStartError(f"exited with status {proc.returncode}; see {log}")
        if time.monotonic() > deadline:
            raise ServerStartError(f"did not answer within {deadline - started:.0f} s; see {log}")
        if on_wait is not None:
            on_wait(time.monotonic() - started)
        time.sleep(0.25)  # the server needs several seconds to migrate its database and start


def start_server(home: Path, port: int | None = None, host: str = "127.0.0.1",
                 timeout: float | None = None, log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """`prefect server start` (API and UI) with PREFECT_HOME=home; returns once /api/health
    answers: the process and the API URL (`http://host:port/api`)."""
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port(host)
    api_url = f"http://{host}:{port}/api"
    log = log or home / "server.log"
    # The UI asks the server where the API is; without this it says port 4200 whatever --port was.
    env = _server_env(home, {"PREFECT_SERVER_UI_API_URL": api_url})
    proc = _spawn([sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)], env, log)
    try:
        _wait_healthy(proc, api_url, time.monotonic() + (timeout or startup_timeout()), log)
    except BaseException:
        _stop(proc)
        raise
    return proc, api_url


class RunServer:
    """The API-only server one run starts for itself, as Prefect's ephemeral server is started
    (uvicorn on 127.0.0.1, no UI), but a child of this process that dies with it.

    `launch` returns at once, so the run imports Prefect while the server starts; `wait`
    returns once it answers, trying again on a new port if the first start fails."""

    def __init__(self, home: Path):
        self.home = home
        self.log = home / "server.log"
        self.proc: subprocess.Popen | None = None
        self.api_url = ""

    def launch(self) -> str:
        self.home.mkdir(parents=True, exist_ok=True)

        prefect_dir = Path(importlib.util.find_spec("prefect").origin).parent.parent
        port = free_port()
        self.api_url = f"http://127.0.0.1:{port}/api"
        env = _server_env(self.home, {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                                      "PREFECT__SERVER_FINAL": "1"})
        self.proc = _spawn([sys.executable, "-m", "uvicorn", "--app-dir", str(prefect_dir), "--factory",
                            "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
                            "--log-level", "error", "--lifespan", "on"], env, self.log)
        return self.api_url

    def wait(self, timeout: float | None = None, on_wait: Callable[[int, float], None] | None = None) -> str:
        """The API URL once the server answers; ServerStartError after ATTEMPTS starts.
        `on_wait(attempt, seconds)` is called while waiting (for a progress line)."""
        timeout = timeout or startup_timeout()
        for attempt in range(1, ATTEMPTS + 1):
            if self.proc is None:
                self.launch()
            try:
                _wait_healthy(self.proc, self.api_url, time.monotonic() + timeout, self.log,
                              on_wait and (lambda seconds, attempt=attempt: on_wait(attempt, seconds)))
                return self.api_url
            except ServerStartError:
                self.stop()
                if attempt == ATTEMPTS:
                    raise
        raise AssertionError("unreachable")

    def stop(self) -> None:
        if self.proc is not None:
            _stop(self.proc)
            self.proc = None


def record(home: Path, api_url: str, pid: int) -> None:
    (home / STATE_FILE).write_text(json.dumps({"api_url": api_url, "pid": pid}) + "\n")


def forget(home: Path) -> None:
    (home / STATE_FILE).unlink(missing_ok=True)


def running_server(home: Path) -> str | None:
    """The API URL of the `fanjian ui` server of this PREFECT_HOME, if it answers."""
    try:
        api_url = json.loads((home / STATE_FILE).read_text())["api_url"]
    except (OSError, ValueError, KeyError):
        return None
    return api_url if is_healthy(api_url) else None
