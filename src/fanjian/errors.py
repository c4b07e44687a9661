"""The project's typed errors. Anything else escaping a stage is a bug."""


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
    """The output folder cannot be written (disk full, read-only): the run stops cleanly."""


class SettingsError(FanjianError):
    """A setting or command-line value that makes no sense."""
