"""fanjian: republish Chinese government notices clean, in Simplified and Traditional."""

import logging

from .errors import FanjianError, InputError, SettingsError
from .pipeline import process
from .settings import PIPELINE_VERSION, Settings

__all__ = ["FanjianError", "InputError", "PIPELINE_VERSION", "Settings", "SettingsError", "process"]
__version__ = PIPELINE_VERSION
logging.getLogger(__name__).addHandler(logging.NullHandler())
