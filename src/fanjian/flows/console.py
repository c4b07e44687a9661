"""What `fanjian run` shows: a progress bar and a one-screen summary on a terminal,
plain log lines otherwise (a cron job's mail, a CI log).

A display counts the files it is fed as they finish (`flows.progress`); `finish` gets the
rows the run kept to show (held and failed first, bounded), not one per input.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from fanjian.flows.batch import summarise

SHOWN = 8
"""Held notices and failures named in the terminal summary, so it fits one screen."""


class _Counting:
    """Counts each file once, however often it is reported (a batch's rows come again
    when the batch finishes), from any thread."""

    def __init__(self):
        self.seen: set[str] = set()
        self.counts = summarise([])
        self.lock = threading.Lock()

    def _count(self, row: dict) -> bool:
        """Count `row`; False when its file was counted already. Call under `self.lock`."""
        if row["file"] in self.seen:
            return False
        self.seen.add(row["file"])
        summarise([row], self.counts)
        return True


class PlainDisplay(_Counting):
    """One line per file as it finishes, then the counts."""

    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream or sys.stdout

    def say(self, line: str) -> None:
        """A line, or nothing once the reader has gone (`fanjian run ... | head`): the run goes on."""
        try:
            print(line, file=self.stream, flush=True)
        except BrokenPipeError:  # what is still buffered goes nowhere, not to a second error at exit
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)

    def start(self, total: int) -> None:
        self.say(f"{total} files")

    def __call__(self, row: dict) -> None:
        with self.lock:
            if not self._count(row):
                return
            line = f"{row['status']:8} {row['file']}"
            if row["error"]:
                line += f": {row['error']}"
            elif row["status"] == "hold" and row["findings"]:
                line += ": " + "; ".join(row["findings"])
            self.say(line)

    def finish(self, rows: list[dict], out: str, note: str = "", ignored: list | None = None) -> None:
        ignored = ignored or []
        counts = " ".join(f"{k}={v}" for k, v in self.counts.items())
        self.say(counts + (f" ignored={len(ignored)}" if ignored else ""))
        for name, rule in ignored[:SHOWN]:
            self.say(f"ignored  {name}: {rule}")
        if len(ignored) > SHOWN:
            self.say(f"ignored  … {len(ignored) - SHOWN} more")
        if note:
            self.say(note)


class ProgressDisplay(_Counting):
    """A rich progress bar: files done, rate, held, failed."""

    def __init__(self, console: Console | None = None):
        super().__init__()
        self.console = console or Console()
        self.started = time.monotonic()
        self.progress = Progress(
            TextColumn("[bold]republish"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} files/s"),
            TextColumn("[yellow]held {task.fields[held]}"), TextColumn("[red]failed {task.fields[failed]}"),
            TimeElapsedColumn(), console=self.console, transient=False)
        self.task = None

    def start(self, total: int) -> None:
        self.started = time.monotonic()
        self.task = self.progress.add_task("files", total=total, rate=0.0, held=0, failed=0)
        self.progress.start()

    def __call__(self, row: dict) -> None:
        with self.lock:
            if not self._count(row):
                return
            rate = len(self.seen) / max(time.monotonic() - self.started, 1e-6)
            self.progress.update(self.task, completed=len(self.seen), rate=rate, held=self.counts["hold"],
                                 failed=self.counts["failed"])

    def finish(self, rows: list[dict], out: str, note: str = "", ignored: list | None = None) -> None:
        self.progress.stop()
        ignored = ignored or []
        counts = self.counts
        seconds = time.monotonic() - self.started
        table = Table(title=f"fanjian run into {out} ({seconds:.1f} s)", show_header=True)
        shown = dict(counts) | ({"ignored": len(ignored)} if ignored else {})
        for key in shown:
            table.add_column(key, justify="right")
        table.add_row(*(str(v) for v in shown.values()))
        self.console.print(table)
        for title, status, style in (("held", "hold", "yellow"), ("failed", "failed", "red")):
            chosen = [r for r in rows if r["status"] == status][:SHOWN]
            for r in chosen:
                reason = r["error"] or "; ".join(r["findings"])
                self.console.print(f"[{style}]{title}[/] {r['file']}: {reason}", overflow="ellipsis", no_wrap=True)
            if counts[status] > len(chosen):
                self.console.print(f"[{style}]… {counts[status] - len(chosen)} more {title}[/]: see {out}/index.html and {out}/failed/")
        for name, rule in ignored[:SHOWN]:
            self.console.print(f"[dim]ignored[/] {escape(name)}: {rule}", overflow="ellipsis", no_wrap=True)
        if len(ignored) > SHOWN:
            self.console.print(f"[dim]… {len(ignored) - SHOWN} more ignored[/]")
        self.console.print(f"index: {out}/index.html")
        if note:
            self.console.print(note)


def make_display(stream=None):
    stream = stream or sys.stdout
    return ProgressDisplay() if stream.isatty() else PlainDisplay(stream)
