"""A local Prefect server for the project: started by `fanjian ui`, found by `fanjian run`.

The server keeps its database in the project's PREFECT_HOME (`$PREFECT_HOME`, else
`.prefect/` in the current folder), the same place the embedded server of `fanjian run`
uses, so runs made either way show up in the UI.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

STATE_FILE = "fanjian-server.json"
QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


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


def start_server(home: Path, port: int | None = None, host: str = "127.0.0.1",
                 timeout: float = 180, log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """`prefect server start` with PREFECT_HOME=home; returns once /api/health answers.

    Returns the process and the API URL (`http://host:port/api`).
    """
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port(host)
    api_url = f"http://{host}:{port}/api"
    # The UI asks the server where the API is; without this it says port 4200 whatever --port was.
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | QUIET | {
        "PREFECT_HOME": str(home), "PREFECT_SERVER_UI_API_URL": api_url}
    handle = open(log or home / "server.log", "ab")
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
                            env=env, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    handle.close()
    deadline = time.monotonic() + timeout
    while not is_healthy(api_url, timeout=1):
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with status {proc.returncode}; see {log or home / 'server.log'}")
        if time.monotonic() > deadline:
            proc.terminate()
            raise TimeoutError(f"prefect server did not answer {api_url}/health within {timeout:.0f} s")
        time.sleep(0.25)  # the server needs several seconds to migrate its database and start
    return proc, api_url


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
