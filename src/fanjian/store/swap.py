"""Putting a finished folder in place of the old one with no moment when neither exists.

Linux's renameat2(RENAME_EXCHANGE) swaps two paths in one step; the old folder then
sits at the staging name and is removed. Where the kernel, the file system or the C
library lacks it, the folder is swapped with two renames (a reader may find no folder
between them, for the time of one rename).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from functools import lru_cache

AT_FDCWD = -100
RENAME_EXCHANGE = 2
UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP})


@lru_cache(maxsize=1)
def _renameat2():
    """libc's renameat2, or None (not glibc 2.28+ / not Linux)."""
    try:
        function = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Swap two existing paths atomically; False when this system cannot (nothing changed)."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), os.fspath(a), None, os.fspath(b))


def swap_in(staging: str | os.PathLike, final: str | os.PathLike, old: str | os.PathLike) -> None:
    """Move the folder `staging` to `final`, replacing what is there; `old` is a free name
    beside them for the old folder until it is removed."""
    if not os.path.lexists(final):
        os.replace(staging, final)
        return
    if exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    if os.path.lexists(old):
        shutil.rmtree(old, ignore_errors=True)
    os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)
