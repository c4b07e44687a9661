"""Decode: raw bytes to text, and the reason for the encoding chosen.

Owns BOMs, HTML/XML declarations, chardet, strict validation, superset promotion and
mixed-encoding files. Imports only the shared layers (`fanjian.zh`, `model`, `errors`,
`data`, `settings`); never another stage.
"""

from fanjian.decode.choose import decode

__all__ = ["decode"]
