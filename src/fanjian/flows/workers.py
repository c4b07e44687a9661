"""A run's batches over processes on this machine (`fanjian run --workers N`).

The pipeline is CPU-bound Python: threads share one core (the interpreter lock), so
more cores take processes. Prefect's `ProcessPoolTaskRunner` runs each batch as a task
run of the flow run, in a worker process started with `spawn`; the task's arguments and
rows are pickled, and the workers inherit this process's environment (PREFECT_API_URL:
their task runs' events come back through this process to the server).

Each worker imports Prefect and the stages and loads its own jieba dictionary, OpenCC
tables and data: 3-4 s of CPU before its first notice, and a peak of 500-600 MB
(measured: 490 MB after one notice, 600 MB over 30 notices). So a run never starts more
workers than it has batches, and one worker means no extra process (the flow's own
thread runner). Workers go with the run: when it ends, is interrupted
(Ctrl-C) or crashes they are shut down or terminated; if it is killed (SIGKILL) the
kernel kills them (the parent-death signal, Linux).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

from prefect.task_runners import ProcessPoolTaskRunner

PR_SET_PDEATHSIG = 1


def cores() -> int:
    """CPUs this process may run on (its affinity, e.g. a container's or `taskset`'s share)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worker_count(requested: int | None, batches: int) -> int:
    """Processes for a run of `batches`: `requested` (0 or None: every core), never more
    than the batches, at least one.

    >>> worker_count(8, 3), worker_count(2, 10), worker_count(4, 0), worker_count(1, 10)
    (3, 2, 1, 1)
    """
    return max(1, min(requested or cores(), batches))


def _init_worker(parent: int) -> None:
    """In each worker, before its first batch: Ctrl-C is the run's to handle (the run
    terminates its workers), and the worker dies with the run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            prctl = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
            prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the run died before the signal was armed
        os._exit(1)


class BatchProcesses(ProcessPoolTaskRunner):
    """`ProcessPoolTaskRunner` whose workers die with the run: on a normal end they
    finish and exit (their last events are flushed); when the run is left by an
    interrupt or a crash (KeyboardInterrupt, SystemExit) they are terminated, not waited
    for (a batch can take minutes)."""

    def __init__(self, max_workers: int | None = None, **kwargs):
        kwargs.setdefault("initializer", _init_worker)
        kwargs.setdefault("initargs", (os.getpid(),))
        super().__init__(max_workers=max_workers, **kwargs)

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        if exc_type is not None:
            self.terminate()
        super().__exit__(exc_type, exc_value, traceback)

    def terminate(self) -> None:
        executor = self._executor
        processes = list((getattr(executor, "_processes", None) or {}).values()) if executor else []
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()


def process_runner(workers: int) -> BatchProcesses:
    return BatchProcesses(max_workers=workers)


__all__ = ["BatchProcesses", "cores", "process_runner", "worker_count"]
