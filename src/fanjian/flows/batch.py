"""One input file from disk to disk, as a row for the run summary. No Prefect here:
the flows call these functions inside their tasks, the CLI and tests call them directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from fanjian.emit.index import render_pages
from fanjian.errors import FanjianError, OutputError
from fanjian.pipeline import process
from fanjian.rules import rules_digest
from fanjian.settings import PIPELINE_VERSION, Settings
from fanjian.store import (
    CorruptIndex,
    discard_index,
    failure_records,
    index_lock,
    is_unchanged,
    notice_id,
    notice_lock,
    open_index,
    read_input,
    relative_name,
    sweep_orphans,
    write_atomic,
    write_failure,
    write_result,
)
from fanjian.store.rules_files import read_rules, with_rules


def input_url(base_url: str | None, name: str, inbox: Path | None) -> str:
    """The address `--base-url` gives an input: with an inbox, `base_url` is the inbox's
    address and the input's path inside it is added; a file given alone has `base_url` itself.

    >>> input_url("https://x.gov.cn/zw", "2024/通知 1.html", Path("in"))
    'https://x.gov.cn/zw/2024/%E9%80%9A%E7%9F%A5%201.html'
    >>> input_url("https://x.gov.cn/zw/a.html", "a.html", None), input_url(None, "a.html", Path("in"))
    ('https://x.gov.cn/zw/a.html', '')
    """
    if not base_url or inbox is None:
        return base_url or ""
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/" + quote(name), "", ""))


def process_file(path: Path, inbox: Path | None, out: Path, settings: Settings, force: bool = False,
                 base_url: str | None = None) -> dict:
    """Read, skip if unchanged, process, write. Never raises for a bad input; raises
    OutputError when out/ cannot be written (nothing half-written stays behind).
    `base_url`: the inbox's address, or the file's own when there is no inbox (`input_url`).

    Runs under the notice's lock, so concurrent runs over one inbox write each output once.
    """
    try:
        name = relative_name(path, inbox)
        nid = notice_id(name)
        with notice_lock(out, nid):
            return _process_locked(path, name, nid, inbox, out, settings, force, input_url(base_url, name, inbox))
    except OSError as err:
        raise OutputError(f"cannot write to {out}: {err.strerror or err}", err.errno) from err


def _process_locked(path: Path, name: str, nid: str, inbox: Path | None, out: Path, settings: Settings,
                    force: bool, url: str = "") -> dict:
    row = {"file": name, "id": nid, "status": "failed", "encoding": "", "script": "",
           "repairs": 0, "chrome": 0, "findings": [], "decision": "", "output": "", "error": ""}
    try:
        raw, source = read_input(path, inbox, settings.max_bytes, name)
        source = with_rules(source, path)
        if not force and is_unchanged(out, row["id"], source.sha256, PIPELINE_VERSION, settings.digest(),
                                      rules_digest(source), url):
            return row | {"status": "skipped"}
        result = process(raw, source, settings, read_rules(settings.user_dicts), base_url=url)
    except FanjianError as err:
        reason = getattr(err, "reason", str(err))
        write_failure(out, name, reason)
        return row | {"error": reason}
    except Exception as err:  # a bug must not stop the batch; it is recorded as a failure
        reason = f"internal error: {type(err).__name__}: {err}"
        write_failure(out, name, reason)
        return row | {"error": reason}
    folder = write_result(result, out)
    bundle = result.bundle
    return row | {
        "status": result.decision,
        "encoding": f"{bundle['decoding']['encoding']} ({bundle['decoding']['method']})",
        "script": bundle["script"]["script"],
        "repairs": len(result.repaired.repairs),
        "chrome": len(result.notice.chrome),
        "findings": [f"{f.severity}: {f.message}" + (f" [{f.target}]" if f.target else "") for f in result.report.findings],
        "decision": result.decision,
        "output": folder.relative_to(out).as_posix(),
    }


def process_files(paths: list[Path], inbox: Path | None, out: Path, settings: Settings, force: bool = False,
                  on_row: Callable[[dict], None] | None = None, base_url: str | None = None) -> list[dict]:
    """Each file in turn; `on_row` sees every row as soon as it is done (progress display)."""
    sweep_orphans(out)
    rows = []
    for path in paths:
        rows.append(process_file(path, inbox, out, settings, force, base_url))
        if on_row is not None:
            on_row(rows[-1])
    return rows


INDEX_PAGE = re.compile(r"index-[1-9][0-9]*\.html")


def write_index(out: Path) -> Path:
    """out/index.html and the pages after it (index-2.html, ...), one page in memory at a
    time, from the index database (`store.index_db`) brought up to date first. The first
    page is written last, so every page it links to exists; pages left over from a longer
    list are removed once no page links to them. A database that cannot be read is
    rebuilt from the bundles, with a warning."""
    with index_lock(out):
        try:
            written = _write_pages(out)
        except CorruptIndex as err:
            discard_index(out, err)
            written = _write_pages(out)
    for stale in out.glob("index-*.html"):
        if stale.name not in written and INDEX_PAGE.fullmatch(stale.name):
            stale.unlink(missing_ok=True)
    return out / "index.html"


def _write_pages(out: Path) -> set[str]:
    written = set()
    with open_index(out) as index:
        for name, data in render_pages(index.published(), index.published_count(), index.held(), failed=failure_records(out)):
            write_atomic(out / name, data)
            written.add(name)
    return written


def summarise(rows: Iterable[dict], counts: dict[str, int] | None = None) -> dict[str, int]:
    """Files by status. Given `counts`, adds `rows` to them, so a run can be counted batch
    by batch without keeping its rows.

    >>> summarise([{"status": "publish"}, {"status": "failed"}])
    {'files': 2, 'publish': 1, 'hold': 0, 'failed': 1, 'skipped': 0}
    """
    counts = counts if counts is not None else {"files": 0, "publish": 0, "hold": 0, "failed": 0, "skipped": 0}
    for row in rows:
        counts["files"] += 1
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts
