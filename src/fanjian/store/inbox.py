"""What an inbox holds: the files a run processes, and what it leaves alone and why.

Left alone, and listed with the rule that left them: hidden files and folders (editors,
version control), editor backups (`name~`), temporaries (`name.tmp`: a file still being
written by whoever drops files in), and links to folders (a link could lead anywhere, or
back into the inbox). Rules files beside an input (`name.rules.toml`) are read with their
input, not as notices, so they are neither processed nor listed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

RULES_SIDECAR = re.compile(r"\.rules\.toml$")
FILE_RULES = (  # (pattern, rule), the first that matches a name says why
    (re.compile(r"^\."), "hidden name (starts with .)"),
    (re.compile(r"~$"), "editor backup (ends with ~)"),
    (re.compile(r"\.tmp$"), "temporary file (ends with .tmp)"),
)
SKIP_NAMES = re.compile(r"(^\.|~$|\.rules\.toml$|\.tmp$)")
HIDDEN_FOLDER = "hidden folder (starts with .)"
FOLDER_LINK = "link to a folder (not followed)"


@dataclass
class InboxListing:
    files: list[Path] = field(default_factory=list)
    """Regular files (and links to files) to process, sorted."""
    ignored: list[tuple[str, str]] = field(default_factory=list)
    """(name relative to the inbox, rule) for each entry left alone; a folder ends in /."""


def file_rule(name: str) -> str | None:
    """Why a file of this name is left alone, or None when it is an input.

    >>> file_rule("通知.txt"), file_rule(".x.txt"), file_rule("x.tmp"), file_rule("x~")
    (None, 'hidden name (starts with .)', 'temporary file (ends with .tmp)', 'editor backup (ends with ~)')
    """
    for pattern, rule in FILE_RULES:
        if pattern.search(name):
            return rule
    return None


def scan_inbox(inbox: Path) -> InboxListing:
    """Every entry under the inbox, sorted: inputs, and what is left alone with its rule."""
    inbox = inbox.resolve()
    listing = InboxListing()

    def relative(root: str, name: str) -> str:
        rel = os.path.relpath(os.path.join(root, name), inbox)
        return os.fsencode(rel).decode("utf-8", "backslashreplace")

    for root, dirs, files in os.walk(inbox, followlinks=False):
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                listing.ignored.append((relative(root, name) + "/", HIDDEN_FOLDER))
            elif os.path.islink(os.path.join(root, name)):
                listing.ignored.append((relative(root, name) + "/", FOLDER_LINK))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if RULES_SIDECAR.search(name):
                continue
            if rule := file_rule(name):
                listing.ignored.append((relative(root, name), rule))
            else:
                listing.files.append(Path(root) / name)
    return listing


def list_inbox(inbox: Path) -> list[Path]:
    """Regular files under the inbox, sorted; links are not followed out of it."""
    return scan_inbox(inbox).files
