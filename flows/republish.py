"""Prefect flows: `republish` over an inbox and `reprocess-file` for one input.

Flows only batch, retry I/O and publish artifacts; the work is `fanjian.batch`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from fanjian import batch
from fanjian.settings import Settings, load
from fanjian.store import list_inbox

MAX_WORKERS = 2


def _is_transient(task, task_run, state) -> bool:
    """Retry only I/O trouble (a busy disk, a file being written); never a decode failure."""
    try:
        state.result()
    except OSError:
        return True
    except Exception:
        return False
    return False


def _run_name() -> str:
    params = flow_run.parameters
    return f"{flow_run.flow_name} {Path(params.get('inbox') or params.get('path', '')).name} {datetime.now():%Y-%m-%dT%H:%M}"


@task(retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_is_transient)
def process_batch(paths: list[str], inbox: str | None, out: str, targets: list[str], force: bool,
                  user_dicts: list[str] | None = None, localise_phrases: bool = False) -> list[dict]:
    settings = load(targets=targets, user_dicts=user_dicts, localise_phrases=localise_phrases)
    return batch.process_files([Path(p) for p in paths], Path(inbox) if inbox else None, Path(out), settings, force)


@task
def write_index(out: str) -> str:
    return str(batch.write_index(Path(out)))


def _publish_artifacts(rows: list[dict], out: str) -> dict:
    counts = batch.summarise(rows)
    table = [{k: (", ".join(v) if isinstance(v, list) else v) for k, v in row.items() if k != "id"} for row in rows]
    create_table_artifact(key="republish-files", table=table, description="Every input of this run")
    held = [r for r in rows if r["status"] == "hold"]
    failed = [r for r in rows if r["status"] == "failed"]
    lines = [f"# fanjian run into `{out}`", "",
             " | ".join(f"**{k}**: {v}" for k, v in counts.items()), ""]
    if held:
        lines += ["## Held", *[f"- `{r['file']}`: " + "; ".join(r["findings"]) for r in held], ""]
    if failed:
        lines += ["## Failed", *[f"- `{r['file']}`: {r['error']}" for r in failed], ""]
    create_markdown_artifact(key="republish-summary", markdown="\n".join(lines), description="Counts, held notices, failures")
    return counts


@flow(name="republish", flow_run_name=_run_name, task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS))
def republish(inbox: str, out: str, targets: list[str] | None = None, force: bool = False,
              user_dicts: list[str] | None = None, localise_phrases: bool = False) -> list[dict]:
    """Every file in the inbox, in batches; unchanged inputs are skipped unless `force`."""
    logger = get_run_logger()
    settings = load(targets=targets, user_dicts=user_dicts, localise_phrases=localise_phrases)
    paths = [str(p) for p in list_inbox(Path(inbox))]
    size = settings.batch_size
    batches = [paths[i : i + size] for i in range(0, len(paths), size)]
    futures = [process_batch.submit(b, inbox, out, list(settings.targets), force, list(settings.user_dicts),
                                    settings.localise_phrases) for b in batches]
    rows = [row for future in futures for row in future.result()]
    write_index(out)
    counts = _publish_artifacts(rows, out)
    logger.info("republish %s: %s", inbox, counts)
    return rows


@flow(name="reprocess-file", flow_run_name=_run_name)
def reprocess_file(path: str, out: str, targets: list[str] | None = None) -> list[dict]:
    """One file, always reprocessed."""
    settings = load(targets=targets)
    rows = process_batch([path], None, out, list(settings.targets), True)
    write_index(out)
    _publish_artifacts(rows, out)
    return rows


__all__ = ["republish", "reprocess_file", "Settings"]
