"""What a flow run shows in the Prefect UI: a table with a row per processed input (file,
decision, short reason and link first, readable at 1400 px), and a markdown summary that
links the held and failed inputs. Each flow has its own keys, so the UI's artifact
history of one never mixes with the other's.

Links point where `out/` is served when FANJIAN_PUBLIC_URL (`--public-url`) says where;
otherwise they are the output's path as text (a browser cannot open file:// links from the
UI's page).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.states import Failed

from fanjian.flows.tally import RunTally
from fanjian.settings import PUBLIC_URL_ENV

LISTED = 30
"""Held notices and failures named in the markdown summary; the table has more."""
REASON_MAX = 80  # characters of the table's reason column: the rest is on the review page


@dataclass(frozen=True)
class Keys:
    table: str
    summary: str


REPUBLISH_KEYS = Keys("republish-files", "republish-summary")
REPROCESS_KEYS = Keys("reprocess-file-files", "reprocess-file-summary")


def public_url() -> str:
    """Where `out/` is served (http or https), or "" when not set."""
    url = os.environ.get(PUBLIC_URL_ENV, "").strip()
    return url.rstrip("/") if url.startswith(("http://", "https://")) else ""


def output_path(row: dict) -> str:
    """Where to look, relative to out/: the notice's review page, or the failure's reason file."""
    if row["status"] == "failed":
        return f"failed/{row['id']}.error.json"
    return f"{row['output']}/review.html"


def output_link(out: str, row: dict) -> str:
    """An http(s) link under the public URL, else the output's absolute path."""
    relative = output_path(row)
    base = public_url()
    return f"{base}/{quote(relative)}" if base else str(Path(out).resolve() / relative)


def reason(row: dict) -> str:
    """The first finding or the error, short."""
    text = row["error"] if row["status"] == "failed" else (row["findings"][0] if row["findings"] else "")
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


def table_rows(rows: list[dict], out: str) -> list[dict]:
    """One row per input shown (skipped ones are only counted, so a rerun stays small)."""
    return [{
        "file": r["file"], "decision": r["status"], "reason": reason(r), "link": output_link(out, r),
        "findings": len(r["findings"]), "encoding": r["encoding"], "script": r["script"], "repairs": r["repairs"],
        "chrome removed": r["chrome"],
    } for r in rows if r["status"] != "skipped"]


def summary_markdown(rows: list[dict], out: str, counts: dict, ignored: list | None = None) -> str:
    """Counts of the whole run; the first held notices and failures of `rows`, each linked;
    the inbox entries left alone, with the rule that left each."""
    lines = [f"# fanjian run into `{out}`", "", "| " + " | ".join(counts) + " |",
             "|" + "---|" * len(counts), "| " + " | ".join(str(v) for v in counts.values()) + " |", ""]
    if not public_url():
        lines += [f"Links are paths: serve `{out}` over http and set {PUBLIC_URL_ENV} (`--public-url`) to link them.",
                  ""]
    for title, status, why in (("Held", "hold", lambda r: "; ".join(r["findings"])),
                               ("Failed", "failed", lambda r: r["error"])):
        chosen = [r for r in rows if r["status"] == status][:LISTED]
        if counts[status]:
            lines += [f"## {title} ({counts[status]})", *[f"- {_linked(out, r)}: {why(r)}" for r in chosen]]
            if counts[status] > len(chosen):
                lines.append(f"- … and {counts[status] - len(chosen)} more, in the table artifact and `{out}/`")
            lines.append("")
    if ignored:
        lines += [f"## Ignored ({len(ignored)})", *[f"- `{name}`: {rule}" for name, rule in ignored[:LISTED]]]
        if len(ignored) > LISTED:
            lines.append(f"- … and {len(ignored) - LISTED} more, in the flow run's result")
        lines.append("")
    return "\n".join(lines)


def _linked(out: str, row: dict) -> str:
    link = output_link(out, row)
    return f"[`{row['file']}`]({link})" if public_url() else f"`{row['file']}` (`{link}`)"


def publish_artifacts(tally: RunTally, out: str, keys: Keys, ignored: list | None = None) -> dict:
    rows, counts = tally.rows(), tally.counts
    processed = counts["files"] - counts["skipped"]
    shown = "Every input this run processed" if len(rows) == processed else (
        f"{len(rows)} of the {processed} inputs this run processed, held and failed first (every notice is on index.html)")
    create_table_artifact(key=keys.table, table=table_rows(rows, out),
                          description=f"{shown}; skipped inputs are only counted")
    create_markdown_artifact(key=keys.summary, markdown=summary_markdown(rows, out, counts, ignored),
                             description="Counts, held notices, failures")
    return counts


def failed_state(result: dict):
    """A Failed state carrying `result` when inputs failed (as the CLI exits 1), else None."""
    counts = result["counts"]
    if not counts.get("failed"):
        return None
    return Failed(message=f"{counts['failed']} of {counts['files']} inputs failed; the others went on",
                  data=result)


__all__ = ["LISTED", "REPROCESS_KEYS", "REPUBLISH_KEYS", "failed_state", "publish_artifacts",
           "summary_markdown", "table_rows"]
