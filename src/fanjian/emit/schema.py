"""The bundle's JSON Schema (`bundle-1.json`) and the check every written bundle passes.

>>> validate_bundle({"schema": "fanjian.bundle/1"})
Traceback (most recent call last):
...
fanjian.emit.schema.BundleSchemaError: bundle does not match fanjian/data/bundle-1.json at (top): 'id' is a required property
"""

from __future__ import annotations

from functools import cache

import jsonschema
import jsonschema_rs

from fanjian.data import read_json

BUNDLE_SCHEMA = "bundle-1.json"


class BundleSchemaError(ValueError):
    """A bundle the pipeline built does not match its schema: a bug, not a bad input."""


@cache
def bundle_schema() -> dict:
    return read_json(BUNDLE_SCHEMA)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = bundle_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@cache
def _fast_check():
    """The schema compiled by jsonschema-rs (Rust): ~6x faster than fastjsonschema's Python
    code on a bundle, ~500x faster than walking the schema with jsonschema."""
    _validator()  # the schema itself is checked once, by jsonschema
    return jsonschema_rs.validator_for(bundle_schema()).is_valid


def validate_bundle(bundle: dict) -> None:
    """Raise BundleSchemaError naming the first mismatch; return None when the bundle fits."""
    try:
        if _fast_check()(bundle):
            return
    except ValueError:  # a value Rust cannot take in: jsonschema decides
        pass
    # jsonschema has the final word and the clearer message
    error = jsonschema.exceptions.best_match(_validator().iter_errors(bundle))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise BundleSchemaError(f"bundle does not match fanjian/data/{BUNDLE_SCHEMA} at {where}: {error.message}")
