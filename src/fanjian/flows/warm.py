"""The fast path of `fanjian reprocess`: a process that has Prefect and the pipeline loaded.

`fanjian ui` listens on a Unix socket in PREFECT_HOME (only its user can connect) and
runs each one-file reprocess it is sent as a flow run on its own server, in its own warm
process. `fanjian reprocess` tries that socket first: it then pays for neither Prefect's
import, nor the pipeline's, nor a server start; without a `fanjian ui` it runs the flow
itself. A request is one JSON line (the command line, with absolute paths), a reply one
JSON line (what to print, the exit status). Runs are taken one at a time.

The client side imports nothing beyond the standard library.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import threading
from collections.abc import Callable
from pathlib import Path

SOCKET_NAME = "fanjian-warm.sock"
REPLY_LIMIT = 64 * 1024 * 1024
WARM_MAX_BYTES = 256 * 1024
"""Larger inputs run in a process of their own: the long-lived `fanjian ui` process keeps its
caches, and the largest accepted input would take it past the 600 MB bound (618 MB measured
at 768 KB; a fresh process peaks at 575 MB)."""


def socket_path(home: Path) -> Path:
    return home / SOCKET_NAME


def request(home: Path, argv: list[str]) -> dict | None:
    """The warm process's reply to `argv`, or None when there is none to ask (no
    `fanjian ui` of this PREFECT_HOME) or it could not run the request."""
    path = socket_path(home)
    if not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(str(path))
            conn.sendall(json.dumps({"argv": argv}).encode() + b"\n")
            with conn.makefile("rb") as reply:
                line = reply.readline(REPLY_LIMIT)
    except OSError:
        return None
    try:
        answer = json.loads(line)
    except ValueError:
        return None
    return None if answer.get("fallback") else answer


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        try:
            argv = json.loads(self.rfile.readline(REPLY_LIMIT))["argv"]
        except (ValueError, KeyError, TypeError):
            return
        with self.server.one_at_a_time:
            reply = self.server.run(argv)
        self.wfile.write(json.dumps(reply, ensure_ascii=False).encode() + b"\n")


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def serve(home: Path, run: Callable[[list[str]], dict]) -> socketserver.BaseServer:
    """Listen on the socket of `home` in a background thread, answering each request with
    `run(argv)` (the CLI's reprocess, passed in: the flows do not import the CLI);
    PREFECT_API_URL must already name the server runs are recorded on. Returns the server
    (`shutdown()` stops it)."""
    path = socket_path(home)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    old = os.umask(0o177)  # the socket is created 0600: only this user may send runs
    try:
        server = _Server(str(path), _Handler)
    finally:
        os.umask(old)
    server.one_at_a_time = threading.Lock()
    server.run = run
    threading.Thread(target=server.serve_forever, name="fanjian-warm", daemon=True).start()
    threading.Thread(target=_preload, name="fanjian-preload", daemon=True).start()
    return server


def _preload() -> None:
    """Import what a run needs before the first request comes."""
    import fanjian.flows.console  # noqa: F401
    import fanjian.flows.launch  # noqa: F401


def stop(server: socketserver.BaseServer, home: Path) -> None:
    server.shutdown()
    server.server_close()
    with contextlib.suppress(FileNotFoundError):
        socket_path(home).unlink()
