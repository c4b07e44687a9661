"""A run's rows folded in as its batches finish, so a run over any inbox keeps a bounded
amount in memory: the counts of every row, and only the rows worth showing (held and
failed inputs, then published ones, up to `SHOWN_ROWS`). Skipped inputs are only counted.
"""

from __future__ import annotations

from collections.abc import Iterable

from fanjian.flows.batch import summarise

SHOWN_ROWS = 500
"""Rows a run keeps for its table artifact and its caller; every notice is on out/index.html."""

NOTABLE = ("hold", "failed")


class RunTally:
    """Counts of every row added; the first `limit` held or failed rows, then published ones.

    >>> tally = RunTally(limit=2)
    >>> tally.add([{"status": "publish", "file": "a"}, {"status": "skipped", "file": "b"},
    ...            {"status": "failed", "file": "c"}, {"status": "publish", "file": "d"}])
    >>> tally.counts
    {'files': 4, 'publish': 2, 'hold': 0, 'failed': 1, 'skipped': 1}
    >>> [r["file"] for r in tally.rows()]
    ['c', 'a']
    """

    def __init__(self, limit: int | None = None):
        self.limit = SHOWN_ROWS if limit is None else limit
        self.counts = summarise([])
        self.notable: list[dict] = []
        self.others: list[dict] = []

    def add(self, rows: Iterable[dict]) -> None:
        for row in rows:
            summarise([row], self.counts)
            if row["status"] in NOTABLE:
                if len(self.notable) < self.limit:
                    self.notable.append(row)
            elif row["status"] != "skipped" and len(self.others) < self.limit:
                self.others.append(row)

    def rows(self) -> list[dict]:
        """Held and failed rows first (they need a look), then published ones; at most `limit`."""
        return (self.notable + self.others)[: self.limit]

    def result(self) -> dict:
        """What a flow returns: `counts` of every input and the `rows` shown."""
        return {"counts": dict(self.counts), "rows": self.rows()}
