"""Prefect flows: `republish` over an inbox and `reprocess-file` for one input.

Flows only batch, retry I/O, log and publish artifacts; the work is `fanjian.batch`.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from fanjian import batch
from fanjian.errors import OutputError
from fanjian.settings import Settings, load
from fanjian.store import list_inbox

from . import progress

MAX_WORKERS = Settings.max_workers
TABLE_KEY = "republish-files"
SUMMARY_KEY = "republish-summary"
LISTED = 30
"""Held notices and failures named in the markdown summary; the table has them all."""


def _is_transient(task, task_run, state) -> bool:
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
    """`republish inbox=seeds 2026-11-26T10:00`: what ran, at its scheduled time."""
    params = flow_run.parameters
    key = "inbox" if "inbox" in params else "path"
    when = flow_run.scheduled_start_time.astimezone()
    return f"{flow_run.flow_name} {key}={Path(params.get(key) or '').name} {when:%Y-%m-%dT%H:%M}"


def expected_task_runs(files: int, batch_size: int) -> int:
    """Task runs one `republish` makes: one per batch, plus the index."""
    return -(-files // batch_size) + 1


def run_settings(config, targets, user_dicts, localise_phrases: bool, review: dict | None) -> Settings:
    """A run's settings: the TOML file `config`, then the flow's parameters, which win."""
    return load(config, targets=targets, user_dicts=user_dicts, localise_phrases=localise_phrases or None,
                **(review or {}))


@task(retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_is_transient)
def process_batch(paths: list[str], inbox: str | None, out: str, targets: list[str], force: bool,
                  config: str | None = None, user_dicts: list[str] | None = None,
                  localise_phrases: bool = False, review: dict | None = None) -> list[dict]:
    logger = get_run_logger()
    settings = run_settings(config, targets, user_dicts, localise_phrases, review)
    rows = batch.process_files([Path(p) for p in paths], Path(inbox) if inbox else None, Path(out),
                               settings, force, on_row=progress.report)
    for row in rows:
        if row["status"] == "failed":
            logger.warning("failed %s: %s", row["file"], row["error"])
        elif row["status"] == "hold":
            logger.warning("held %s: %s", row["file"], "; ".join(row["findings"]))
        elif row["status"] == "publish":
            logger.info("published %s -> %s", row["file"], row["output"])
    return rows


@task
def write_index(out: str) -> str:
    return str(batch.write_index(Path(out)))


def output_link(out: str, row: dict) -> str:
    """Where to look: the first rendition of a notice, or the failure's reason file."""
    folder = Path(out).resolve()
    if row["status"] == "failed":
        return (folder / "failed" / f"{row['id']}.error.json").as_uri()
    page = sorted((folder / row["output"]).glob("*.html"))
    return (page[0] if page else folder / row["output"]).as_uri()


def table_rows(rows: list[dict], out: str) -> list[dict]:
    """One row per processed input (skipped ones are only counted, so a rerun stays small)."""
    return [{
        "file": r["file"], "encoding": r["encoding"], "script": r["script"], "repairs": r["repairs"],
        "chrome removed": r["chrome"], "findings": "; ".join(r["findings"]) or r["error"],
        "decision": r["status"], "output link": output_link(out, r),
    } for r in rows if r["status"] != "skipped"]


def summary_markdown(rows: list[dict], out: str, counts: dict) -> str:
    lines = [f"# fanjian run into `{out}`", "", "| " + " | ".join(counts) + " |",
             "|" + "---|" * len(counts), "| " + " | ".join(str(v) for v in counts.values()) + " |", ""]
    for title, status, reason in (("Held", "hold", lambda r: "; ".join(r["findings"])),
                                  ("Failed", "failed", lambda r: r["error"])):
        chosen = [r for r in rows if r["status"] == status]
        if chosen:
            lines += [f"## {title} ({len(chosen)})", *[f"- `{r['file']}`: {reason(r)}" for r in chosen[:LISTED]]]
            if len(chosen) > LISTED:
                lines.append(f"- … and {len(chosen) - LISTED} more, in the table artifact")
            lines.append("")
    return "\n".join(lines)


def publish_artifacts(rows: list[dict], out: str) -> dict:
    counts = batch.summarise(rows)
    create_table_artifact(key=TABLE_KEY, table=table_rows(rows, out),
                          description="Every input this run processed (skipped inputs are only counted)")
    create_markdown_artifact(key=SUMMARY_KEY, markdown=summary_markdown(rows, out, counts),
                             description="Counts, held notices, failures")
    return counts


@flow(name="republish", flow_run_name=run_name, task_runner=ThreadPoolTaskRunner(max_workers=MAX_WORKERS))
def republish(inbox: str, out: str, targets: list[str] | None = None, force: bool = False,
              config: str | None = None, user_dicts: list[str] | None = None,
              localise_phrases: bool = False, review: dict | None = None) -> list[dict]:
    """Every file in the inbox, in batches; unchanged inputs are skipped unless `force`.

    `config` is a settings TOML file (targets, dictionaries and phrases given here win over it).
    """
    logger = get_run_logger()
    settings = run_settings(config, targets, user_dicts, localise_phrases, review)
    paths = [str(p) for p in list_inbox(Path(inbox))]
    size = settings.batch_size
    batches = [paths[i : i + size] for i in range(0, len(paths), size)]
    logger.info("%d files in %s, %d batches of up to %d", len(paths), inbox, len(batches), size)
    futures = [process_batch.submit(b, inbox, out, list(settings.targets), force, config,
                                    list(settings.user_dicts), settings.localise_phrases, review) for b in batches]
    done = {}
    for future in as_completed(futures):
        done[future.task_run_id] = future.result()
        progress.report_many(done[future.task_run_id])  # batches run elsewhere (Dask) report here
    rows = [row for future in futures for row in done[future.task_run_id]]
    write_index(out)
    counts = publish_artifacts(rows, out)
    logger.info("republish %s: %s", inbox, " ".join(f"{k}={v}" for k, v in counts.items()))
    return rows


@flow(name="reprocess-file", flow_run_name=run_name)
def reprocess_file(path: str, out: str, targets: list[str] | None = None, config: str | None = None,
                   user_dicts: list[str] | None = None, localise_phrases: bool = False,
                   review: dict | None = None) -> list[dict]:
    """One file, always reprocessed."""
    logger = get_run_logger()
    settings = run_settings(config, targets, user_dicts, localise_phrases, review)
    rows = process_batch([path], None, out, list(settings.targets), True, config,
                         list(settings.user_dicts), settings.localise_phrases, review)
    write_index(out)
    publish_artifacts(rows, out)
    logger.info("reprocess %s: %s", path, rows[0]["status"])
    return rows


__all__ = ["republish", "reprocess_file", "expected_task_runs", "run_name"]
