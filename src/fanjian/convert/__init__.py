"""Convert: a notice to each target script with OpenCC, keeping names and repairing
half-converted text; every difference from plain OpenCC recorded as a `Change`.

Owns the OpenCC configurations per target, the project dictionary, protected terms, the
half-conversion repair, character defaults an editor should check (`ambiguity`) and the
editorial steps around conversion (`editorial`: rules, document numbers, regional quotes).
Imports only the shared layers (`fanjian.zh`, `model`, `errors`, `data`, `settings`, `rules`).
"""

from fanjian.convert.text import (
                                  TARGETS,
                                  ConvertOptions,
                                  ScriptProfile,
                                  config_name,
                                  convert_explained,
                                  convert_notice,
                                  convert_text,
                                  profile,
                                  repair_half_converted,
)

__all__ = ["TARGETS", "ConvertOptions", "ScriptProfile", "config_name", "convert_explained", "convert_notice",
           "convert_text", "profile", "repair_half_converted"]
