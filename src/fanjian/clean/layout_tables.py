"""Tables that lay out a page's columns, told from tables of data.

trafilatura reads every table as data: a page whose article stands in a cell of a layout
table (the article beside a side column, a letter's 来信内容 beside its label) came out as
one cell, its paragraphs run together, the side column's boxes in the cell beside it.
`swallowed` tells that from the extraction; `layout_tables_as_blocks` makes such tables'
rows blocks for the extraction to read again.
"""

from __future__ import annotations

import re

from lxml import etree

LAYOUT_CELL_TEXT = 300  # characters: a data table's cell holds a figure or a phrase, a page column an article
SENTENCE_ENDS = re.compile(r"[。！？]")
PROSE_MIN = 20  # characters: longer than any menu entry


def layout_tables_as_blocks(tree: etree._Element) -> None:
    """A table that lays out the page's columns (a cell holding another table, or as much
    text as an article) becomes blocks: read as a data table, the article came out as one
    cell, its paragraphs run together, the side column's boxes in the cell beside it. Only
    its rows holding such a cell: the rows around them (a letter's 信件编号, 来信人 above
    its 来信内容) stay a table of their own. The tables inside (a figures table in the
    article) are judged on their own."""
    for table in list(tree.iter("table")):
        rows = [el for el in table.iter("tr") if _table_of(el) is table]
        laid = [row for row in rows if any(_lays_out(cell) for cell in row if cell.tag in ("td", "th"))]
        if len(rows) == 1 and len(rows[0]) > 1:
            laid = rows  # one row of cells side by side (a logo, a slogan, a search box): columns, no data
        if not laid:
            continue
        for row in rows:  # in order: runs of other rows become tables of their own
            if row in laid:
                row.tag = "div"
                for cell in row:
                    if cell.tag in ("td", "th"):
                        cell.tag = "div"
        run: list[etree._Element] = []
        for row in [*rows, None]:
            if row is not None and row.tag == "tr":
                run.append(row)
                continue
            if run:
                kept = etree.Element("table")
                run[0].addprevious(kept)
                kept.extend(run)
                run = []
        for el in (table, *(el for el in table.iter("tbody", "thead", "tfoot") if _table_of(el) is table)):
            el.tag = "div"


def _lays_out(cell: etree._Element) -> bool:
    """A cell holding a table, an article's length of text, or paragraphs of prose."""
    if cell.find(".//table") is not None or len("".join(cell.itertext()).strip()) >= LAYOUT_CELL_TEXT:
        return True
    return sum(is_prose("".join(p.itertext()).strip()) for p in cell.iter("p")) >= 2


def swallowed(body: etree._Element) -> bool:
    """Whether the extraction holds a table of several columns with a cell of an article's
    length or of sentences (its XML: table, row, cell). A table of one column is read as
    paragraphs already."""
    return any(max((len(row.findall("cell")) for row in table.iter("row")), default=0) > 1
               and any(_article_like("".join(cell.itertext()).strip()) for cell in table.iter("cell"))
               for table in body.iter("table"))


def _article_like(text: str) -> bool:
    return len(text) >= LAYOUT_CELL_TEXT or len(SENTENCE_ENDS.findall(text)) >= 2


def _table_of(el: etree._Element) -> etree._Element | None:
    return next(el.iterancestors("table"), None)


def is_prose(text: str) -> bool:
    """Text that reads as a sentence rather than a menu entry."""
    return len(text) >= PROSE_MIN or any(p in text for p in "。！？；，")


__all__ = ["is_prose", "layout_tables_as_blocks", "swallowed"]
