"""Links to documents (附件) rather than pages, known by the file's extension."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from fanjian.data import read_lines

ATTACHMENT_EXTENSIONS = frozenset(read_lines("attachment_extensions.txt"))
# Cheap gate before urlsplit: a document link holds ".ext" (once tabs and newlines, which
# urlsplit drops, are gone).
EXTENSION_SEEN = re.compile(r"\.(?:" + "|".join(map(re.escape, sorted(ATTACHMENT_EXTENSIONS))) + ")", re.I)
URL_DROPPED = str.maketrans("", "", "\t\r\n")


def is_attachment(href: str) -> bool:
    """A link to a document file rather than a page.

    >>> is_attachment("/files/通知.PDF"), is_attachment("https://x.cn/a.html"), is_attachment("a.xlsx?v=2")
    (True, False, True)
    """
    if not EXTENSION_SEEN.search(href if href.isprintable() else href.translate(URL_DROPPED)):
        return False
    path = urlsplit(href.strip()).path
    return "." in path.rsplit("/", 1)[-1] and path.rsplit(".", 1)[-1].lower() in ATTACHMENT_EXTENSIONS
