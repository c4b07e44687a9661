"""The project's typed errors. Anything else escaping a stage is a bug."""

import errno


class FanjianError(Exception):
    """Base class: a problem with an input or a setting, explained in words."""


class InputError(FanjianError):
    """An input that cannot be processed; names the file and the reason."""

    def __init__(self, reason: str, path: str = ""):
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)

    def with_path(self, path: str) -> "InputError":
        return InputError(self.reason, path)


class OutputError(FanjianError):
    """The output folder cannot be written (disk full, read-only): the run stops cleanly.

    `transient` says whether trying again may help (a busy or flaky disk), so an
    orchestrator retries those and not a full or read-only one.

    >>> OutputError("busy", errno.EBUSY).transient, OutputError("full", errno.ENOSPC).transient
    (True, False)
    """

    TRANSIENT = frozenset({errno.EAGAIN, errno.EBUSY, errno.EINTR, errno.ETIMEDOUT, errno.EIO, errno.ESTALE})

    def __init__(self, message: str, errno_code: int | None = None):
        super().__init__(message)
        self.errno = errno_code

    @property
    def transient(self) -> bool:
        return self.errno in self.TRANSIENT


class SettingsError(FanjianError):
    """A setting or command-line value that makes no sense."""
