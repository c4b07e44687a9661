"""Run a flow in this process for the command line: progress, then a whole history."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fanjian.flows import progress
from fanjian.flows.history import wait_for_task_runs
from fanjian.flows.republish import expected_task_runs, reprocess_file, republish
from fanjian.flows.workers import process_runner, worker_count
from fanjian.settings import Settings
from fanjian.store import scan_inbox


@dataclass
class Outcome:
    rows: list[dict]
    """The rows shown: held and failed first, then published, bounded (see flows.tally)."""
    counts: dict[str, int]
    flow_run_id: str
    task_runs_expected: int
    task_runs_recorded: int
    ignored: list[list[str]]
    """[name, rule] of each inbox entry the run left alone."""
    workers: int = 1
    """Processes the batches ran in (1: this one)."""

    @property
    def where(self) -> str:
        """What the summary line adds about the processes, when there were several."""
        return f", batches in {self.workers} processes" if self.workers > 1 else ""


def dask_runner(address: str | None):
    """Batches spread over a Dask cluster (`tcp://host:8786`), or a local one if no address."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(address=address) if address else DaskTaskRunner()


def flow_settings(settings: Settings, config: str | None) -> dict:
    """Flow parameters carrying `settings` (already merged from `config` and flags)."""
    review = {k: v for k, v in (("doc_numbers", settings.doc_numbers), ("regional_quotes", list(settings.regional_quotes)))
              if v and v != "original"}  # review settings, when not the defaults
    return dict(targets=list(settings.targets), config=config, user_dicts=list(settings.user_dicts),
                localise_phrases=settings.localise_phrases) | ({"review": review} if review else {})


def run_inbox(inbox: str, out: str, settings: Settings, force: bool, config: str | None = None,
              task_runner=None, display=None, base_url: str | None = None, workers: int | None = None) -> Outcome:
    """`base_url`: where the inbox is published (`republish`). Without a `task_runner`,
    batches run in `workers` processes (None: `settings.workers`; 0: every core; see
    `flows.workers`), never more than there are batches; one runs them in this process."""
    total = len(scan_inbox(Path(inbox)).files)
    count = 1
    if task_runner is None:
        count = worker_count(settings.workers if workers is None else workers, -(-total // settings.batch_size))
        task_runner = process_runner(count) if count > 1 else None
    flow = republish.with_options(task_runner=task_runner) if task_runner is not None else republish
    outcome = _run(flow, dict(inbox=inbox, out=out, force=force, **flow_settings(settings, config), **_url(base_url)),
                   expected_task_runs(total, settings.batch_size), total, display)
    outcome.workers = count
    return outcome


def run_file(path: str, out: str, settings: Settings, config: str | None = None, display=None,
             base_url: str | None = None) -> Outcome:
    """`base_url`: the file's own address."""
    return _run(reprocess_file, dict(path=path, out=out, **flow_settings(settings, config), **_url(base_url)),
                2, 1, display)


def _url(base_url: str | None) -> dict:
    """The base_url parameter, only when given: a run without one has the parameters it always had."""
    return {"base_url": base_url} if base_url else {}


def _run(flow, params: dict, expected: int, total: int, display) -> Outcome:
    if display is not None:
        display.start(total)
        progress.subscribe(display)
    try:
        state = flow(**params, return_state=True)
    finally:
        if display is not None:
            progress.unsubscribe(display)
    # A run with failed inputs ends Failed and still carries its rows; a crash raises here.
    result = state.result(raise_on_failure=False) if state.is_failed() else state.result()
    if not isinstance(result, dict):
        state.result()  # a refused or crashed run: its error
    flow_run_id = str(state.state_details.flow_run_id)
    recorded = wait_for_task_runs(flow_run_id, expected)
    return Outcome(result["rows"], result["counts"], flow_run_id, expected, recorded, result.get("ignored", []))
