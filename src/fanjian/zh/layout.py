"""A notice's texts laid out in one string: metadata fields, then each block and its table
cells, joined by newlines, with where each part starts and its label (`meta.title`,
`block 3`, `block 3 cell 0.1`). Convert and check both locate findings by these labels.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import attrgetter

from fanjian.model import Block, Meta
from fanjian.zh.script import fold

META_FIELDS = ("title", "site", "source", "publisher", "author", "editor", "doc_number")


@dataclass(frozen=True)
class Document:
    """A notice's texts joined by newlines, with where each part starts; folded on first use."""

    text: str
    starts: tuple[int, ...]
    labels: tuple[str, ...]
    like: Document | None = field(default=None, repr=False, compare=False)

    @cached_property
    def folded(self) -> str:
        """`text` folded (`script.fold`), taken from `like` when it holds the same text."""
        like = self.like
        return like.folded if like is not None and like.text == self.text else fold(self.text)

    def locate(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def part(self, i: int) -> str:
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.folded)
        return self.folded[self.starts[i] : end]


_META_LABELS = tuple(f"meta.{name}" for name in META_FIELDS)
_meta_parts = attrgetter(*META_FIELDS)


@lru_cache(maxsize=256)
def _labels(blocks: int) -> tuple[str, ...]:
    """The labels of a notice of so many blocks, none of them a table."""
    return _META_LABELS + tuple(f"block {i}" for i in range(blocks))


def document(meta: Meta, blocks: tuple[Block, ...], like: Document | None = None) -> Document:
    """The notice's parts laid out in order; `like`: a document that may hold the same text
    (its folded text is reused, not computed again)."""
    if not any([b.rows for b in blocks]):
        parts, labels = [*_meta_parts(meta), *[b.text for b in blocks]], _labels(len(blocks))
    else:
        parts, labels = list(_meta_parts(meta)), list(_META_LABELS)
        for i, block in enumerate(blocks):
            parts.append(block.text)
            labels.append(f"block {i}")
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    parts.append(cell)
                    labels.append(f"block {i} cell {r}.{c}")
        labels = tuple(labels)
    starts = tuple(accumulate([len(p) + 1 for p in parts[:-1]], initial=0))
    return Document("\n".join(parts), starts, labels, like)


__all__ = ["META_FIELDS", "Document", "document"]
