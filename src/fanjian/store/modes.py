"""Temporary files and folders that become outputs, created with the permissions the umask
allows (0644/0755 under umask 022), as plain open() and mkdir() would: `tempfile` creates
them 0600/0700, which a web server serving out/ as another user cannot read.
"""

from __future__ import annotations

import os
import tempfile


def _process_umask() -> int:
    """The umask, read once: setting it is the only way to read it (and not thread-safe)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


UMASK = _process_umask()
FILE_MODE, FOLDER_MODE = 0o666 & ~UMASK, 0o777 & ~UMASK


def temp_file(folder, prefix: str, suffix: str = ".tmp") -> tuple[int, str]:
    """`tempfile.mkstemp` in `folder`, the file's mode what the umask allows."""
    fd, path = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    try:
        os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    return fd, path


def temp_folder(folder, prefix: str, suffix: str = ".tmp") -> str:
    """`tempfile.mkdtemp` in `folder`, the folder's mode what the umask allows."""
    path = tempfile.mkdtemp(dir=folder, prefix=prefix, suffix=suffix)
    os.chmod(path, FOLDER_MODE)
    return path


__all__ = ["FILE_MODE", "FOLDER_MODE", "temp_file", "temp_folder"]
