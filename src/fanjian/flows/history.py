"""Keep a run's history whole: wait until the API has recorded what the run did.

Prefect 3 records task runs from events that the server consumes in the background. When
the process exits, the embedded (ephemeral) server stops with it, and events not yet
consumed are lost: without this wait 21 of 600 task runs were kept in one measurement,
with it 600 of 600 (see README, "Run history"). Against a persistent server the wait is
short because the server keeps consuming after the client has gone.
"""

from __future__ import annotations

import time
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker

POLL_SECONDS = 0.2


def count_task_runs(flow_run_id: UUID | str) -> int:
    with get_client(sync_client=True) as client:
        reply = client._client.post("/task_runs/count", json={"flow_runs": {"id": {"any_": [str(flow_run_id)]}}})
        reply.raise_for_status()
        return int(reply.json())


def wait_for_task_runs(flow_run_id: UUID | str, expected: int, timeout: float = 60) -> int:
    """Send queued events and logs, then poll until `expected` task runs are recorded
    (or `timeout` seconds pass). Returns how many are recorded."""
    EventsWorker.drain_all(timeout=timeout)
    APILogWorker.drain_all(timeout=timeout)
    deadline = time.monotonic() + timeout
    recorded = count_task_runs(flow_run_id)
    while recorded < expected and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)  # the server consumes events on its own schedule
        recorded = count_task_runs(flow_run_id)
    return recorded
