"""Rows as they finish, for whoever shows progress in this process (the `fanjian run` display).

Prefect task parameters must be serialisable, so the display cannot be passed into a
flow; it subscribes here instead. Batches run in this process report each file; the flow
also reports each finished batch, so batches run elsewhere (a Dask cluster) still count.
Subscribers see a file once per run (they deduplicate by file name).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_listeners: list[Callable[[dict], None]] = []
_lock = threading.Lock()


def subscribe(listener: Callable[[dict], None]) -> None:
    with _lock:
        _listeners.append(listener)


def unsubscribe(listener: Callable[[dict], None]) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def report(row: dict) -> None:
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(row)


def report_many(rows: list[dict]) -> None:
    for row in rows:
        report(row)
