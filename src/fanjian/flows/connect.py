"""How a command reaches a Prefect server, before Prefect is imported: the one in
PREFECT_API_URL, the `fanjian ui` server of this PREFECT_HOME, or one started for the run
(`flows.server.RunServer`), whose wait is shown on stderr and whose failure is one line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fanjian.flows.server import ATTEMPTS, STARTUP_SETTING, RunServer, project_home, running_server, startup_timeout

SERVER_FAILED = 3
"""Exit status when the run's own server did not start: nothing was processed."""
HINT_FILE = "fanjian-ui-hint"


def connect(quiet_console: bool = False, own_server: bool = False):
    """Before Prefect is imported: the project's PREFECT_HOME, analytics off, and the
    `fanjian ui` server of this PREFECT_HOME when one is running and none is set.

    With `own_server`, and no server to use, a server for this run is launched (and
    returned) here, so it starts while the run imports Prefect."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # silences "database is locked"
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_HOME", str(Path.cwd() / ".prefect"))
    if quiet_console:  # the progress bar replaces the console log; the API still gets every line
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    if os.environ.get("PREFECT_API_URL"):
        return None
    if api_url := running_server(project_home()):
        os.environ["PREFECT_API_URL"] = api_url
        return None
    if not own_server:
        return None
    server = RunServer(project_home())
    os.environ["PREFECT_API_URL"] = server.launch()
    return server


def await_server(server) -> None:
    """Wait for the run's own server, the wait shown on stderr (a line that counts up on a
    terminal, one line otherwise); ServerStartError if it never answers."""
    timeout = startup_timeout()
    tty = sys.stderr.isatty()
    shown: set[int] = set()

    def show(attempt: int, seconds: float) -> None:
        what = f"starting this run's Prefect server{' again' if attempt > 1 else ''}"
        if tty:
            shown.add(attempt)
            print(f"\r{what}: {seconds:.0f} s (waits up to {timeout:.0f} s: {STARTUP_SETTING})",
                  end="", file=sys.stderr, flush=True)
        elif attempt not in shown:
            shown.add(attempt)
            print(f"{what} (waits up to {timeout:.0f} s: {STARTUP_SETTING})", file=sys.stderr, flush=True)

    try:
        server.wait(timeout, on_wait=show)
    finally:
        if tty and shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def server_failed(err) -> str:
    """The one line a failed start prints: what failed, the setting, the alternative."""
    return (f"fanjian: the Prefect server did not start ({err}; {ATTEMPTS} tries of up to {startup_timeout():.0f} s). "
            f"Set {STARTUP_SETTING} higher, or start `fanjian ui` in another shell and run again")


def hint_once(home: Path) -> None:
    """Once per PREFECT_HOME: most of a one-file run is its server starting."""
    marker = home / HINT_FILE
    if marker.exists():
        return
    print("hint: with `fanjian ui` running in another shell (same folder), `fanjian reprocess` is several times "
          "faster: it does not start a Prefect server of its own", file=sys.stderr)
    marker.touch()
