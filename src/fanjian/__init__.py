"""fanjian: republish Chinese government notices clean, in Simplified and Traditional."""

import logging

from fanjian.errors import FanjianError, InputError, SettingsError
from fanjian.settings import PIPELINE_VERSION, Settings

__all__ = ["PIPELINE_VERSION", "FanjianError", "InputError", "Settings", "SettingsError", "process"]  # noqa: F822 (process: loaded on first use, below)
__version__ = PIPELINE_VERSION
logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str):
    # The pipeline (trafilatura, pypinyin, lxml, ...) loads on first use: `fanjian convert`
    # and other light commands start without it.
    if name == "process":
        from fanjian.pipeline import process

        return process
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
