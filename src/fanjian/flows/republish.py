"""Prefect flows: `republish` over an inbox and `reprocess-file` for one input.

Flows only batch, retry I/O, log and publish artifacts; the work is `fanjian.flows.batch`.
A run is streamed: batches are folded into a `RunTally` as they finish and their rows
dropped, so memory does not grow with the inbox (a flow returns counts and a bounded
set of rows, not one row per input).
"""

from __future__ import annotations

import queue
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from fanjian.errors import OutputError
from fanjian.flows import batch, guard, progress
from fanjian.flows.artifacts import REPROCESS_KEYS, REPUBLISH_KEYS, failed_state, publish_artifacts
from fanjian.flows.tally import RunTally
from fanjian.rules import is_address
from fanjian.settings import Settings, load
from fanjian.store import scan_inbox, sweep_orphans

MAX_WORKERS = Settings.max_workers


def is_transient(task, task_run, state) -> bool:
    """Retry only I/O trouble (a busy disk, a file being written); never a decode failure,
    a full disk or a read-only output folder."""
    try:
        state.result()
    except OutputError as err:
        return err.transient
    except OSError:
        return True
    except Exception:
        return False
    return False


def run_name() -> str:
    """`republish inbox=seeds 2026-11-26T10:00 3f2a9c`: what ran, at its scheduled time, and
    the start of the run's id (two runs in the same minute are told apart)."""
    params = flow_run.parameters
    key = "path" if "path" in params else "inbox"
    when = flow_run.scheduled_start_time.astimezone()
    return f"{flow_run.flow_name} {key}={Path(params.get(key) or '').name} {when:%Y-%m-%dT%H:%M} {flow_run.id[:6]}"


def expected_task_runs(files: int, batch_size: int) -> int:
    """Task runs one `republish` makes: one per batch, plus the index."""
    return -(-files // batch_size) + 1


def run_settings(config, targets, user_dicts, localise_phrases: bool, review: dict | None) -> Settings:
    """A run's settings: the TOML file `config`, then the flow's parameters, which win."""
    return load(config, targets=targets, user_dicts=user_dicts, localise_phrases=localise_phrases or None,
                **(review or {}))


@task(retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=is_transient)
def process_batch(paths: list[str], inbox: str | None, out: str, targets: list[str], force: bool,
                  config: str | None = None, user_dicts: list[str] | None = None,
                  localise_phrases: bool = False, review: dict | None = None, base_url: str | None = None) -> dict:
    """The batch's rows, as `{"rows": [...]}`: Prefect links every element of a returned
    list to its task run for the whole flow run; one dict is one link per batch.
    `base_url`: the inbox's address (a file's own without an inbox; see `batch.input_url`)."""
    logger = get_run_logger()
    settings = run_settings(config, targets, user_dicts, localise_phrases, review)
    rows = []
    for path in paths:  # the flow swept out/ once before the first batch
        rows.append(batch.process_file(Path(path), Path(inbox) if inbox else None, Path(out), settings, force,
                                       base_url))
        progress.report(rows[-1])
    for row in rows:  # a line per input that needs a look; published ones are in the table and index
        if row["status"] == "failed":
            logger.warning("failed %s: %s", row["file"], row["error"])
        elif row["status"] == "hold":
            logger.warning("held %s: %s", row["file"], "; ".join(row["findings"]))
    logger.info("%d files: %s", len(rows), " ".join(f"{k}={v}" for k, v in batch.summarise(rows).items() if k != "files"))
    return {"rows": rows}


def bad_address(base_url: str | None) -> str | None:
    """The refusal of a run whose `base_url` is not an absolute http(s) address; else None."""
    if base_url and not is_address(base_url):
        return f"refused: base_url {base_url!r} is not an absolute http or https address"
    return None


@task
def write_index(out: str) -> str:
    return str(batch.write_index(Path(out)))


@flow(name="republish", flow_run_name=run_name, task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS))
def republish(inbox: str, out: str, targets: list[str] | None = None, force: bool = False,
              config: str | None = None, user_dicts: list[str] | None = None,
              localise_phrases: bool = False, review: dict | None = None, base_url: str | None = None) -> dict:
    """Every file in the inbox, in batches; unchanged inputs are skipped unless `force`.

    `config` is a settings TOML file (targets, dictionaries and phrases given here win over it).
    `base_url`: where the inbox is published: an input's address is it and the input's path
    (`https://x.gov.cn/zw` + `2024/a.html`), unless the input's rules file gives a `url`.
    Returns `{"counts": ..., "rows": [...], "ignored": [[name, rule], ...]}`: counts of every
    input, the rows shown (held and failed first, then published; at most
    `tally.SHOWN_ROWS`), and the inbox entries left alone with the rule that left each.
    """
    logger = get_run_logger()
    _, refused = guard.refusal({"inbox": inbox, "out": out, "config": config, "user_dicts": user_dicts})
    refused = refused or bad_address(base_url)
    if refused:
        logger.error(refused)
        return Failed(message=refused)
    settings = run_settings(config, targets, user_dicts, localise_phrases, review)
    listing = scan_inbox(Path(inbox))
    paths = [str(p) for p in listing.files]
    ignored = [list(entry) for entry in listing.ignored]
    size = settings.batch_size
    count = -(-len(paths) // size)
    logger.info("%d files in %s, %d batches of up to %d; %d entries ignored", len(paths), inbox, count, size,
                len(ignored))
    # Once per run, not per batch: each sweep lists out/, so per batch it grew with
    # batches × notices; and a batch on another machine could take live writers for dead.
    sweep_orphans(Path(out))
    finished: queue.SimpleQueue = queue.SimpleQueue()
    for start in range(0, len(paths), size):
        future = process_batch.submit(paths[start : start + size], inbox, out, list(settings.targets), force, config,
                                      list(settings.user_dicts), settings.localise_phrases, review, base_url)
        future.add_done_callback(finished.put)
    tally = RunTally()
    for _ in range(count):  # as batches finish; only the queue holds a finished one, until here
        rows = finished.get().result()["rows"]
        progress.report_many(rows)  # batches run elsewhere (Dask) report here
        tally.add(rows)
    write_index(out)
    counts = publish_artifacts(tally, out, REPUBLISH_KEYS, ignored)
    logger.info("republish %s: %s ignored=%d", inbox, " ".join(f"{k}={v}" for k, v in counts.items()), len(ignored))
    result = tally.result() | {"ignored": ignored}
    return failed_state(result) or result


@flow(name="reprocess-file", flow_run_name=run_name)
def reprocess_file(path: str, out: str, targets: list[str] | None = None, config: str | None = None,
                   user_dicts: list[str] | None = None, localise_phrases: bool = False,
                   review: dict | None = None, inbox: str | None = None, base_url: str | None = None) -> dict:
    """One file, always reprocessed; returns `{"counts": ..., "rows": [its row]}`.

    Given an `inbox` (a deployment always gives one), `path` must resolve inside it, and
    is named relative to it, as the inbox run names it. `base_url`: the inbox's address
    given an inbox, as `republish` takes it; else the file's own address."""
    logger = get_run_logger()
    path, refused = guard.refusal({"inbox": inbox, "out": out, "config": config, "user_dicts": user_dicts}, path)
    refused = refused or bad_address(base_url)
    if refused:
        logger.error(refused)
        return Failed(message=refused)
    settings = run_settings(config, targets, user_dicts, localise_phrases, review)
    sweep_orphans(Path(out))
    rows = process_batch([path], inbox, out, list(settings.targets), True, config,
                         list(settings.user_dicts), settings.localise_phrases, review, base_url)["rows"]
    tally = RunTally()
    tally.add(rows)
    write_index(out)
    publish_artifacts(tally, out, REPROCESS_KEYS)
    logger.info("reprocess %s: %s", path, rows[0]["status"])
    result = tally.result()
    return failed_state(result) or result


__all__ = ["expected_task_runs", "reprocess_file", "republish", "run_name"]
