"""The bundle's JSON Schema (`bundle-1.json`) and the check every written bundle passes.

>>> validate_bundle({"schema": "fanjian.bundle/1"})
Traceback (most recent call last):
...
fanjian.schema.BundleSchemaError: bundle does not match fanjian/schema/bundle-1.json at (top): 'id' is a required property
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import fastjsonschema
import jsonschema

BUNDLE_SCHEMA = "bundle-1.json"


class BundleSchemaError(ValueError):
    """A bundle the pipeline built does not match its schema: a bug, not a bad input."""


@lru_cache(maxsize=None)
def bundle_schema() -> dict:
    return json.loads(resources.files(__name__).joinpath(BUNDLE_SCHEMA).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator() -> jsonschema.Draft202012Validator:
    schema = bundle_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@lru_cache(maxsize=None)
def _fast_check():
    """The schema compiled to Python code: ~100x faster than walking it with jsonschema.
    Its $refs stand alone, so draft-7 semantics read it as 2020-12 does."""
    _validator()  # the schema itself is checked once, by jsonschema
    schema = {k: v for k, v in bundle_schema().items() if k != "$schema"}
    # The generated code names each array item for its error message before checking it,
    # through `str.format(**locals())`: two thirds of the time on a valid bundle. Its
    # messages are never shown (jsonschema words the error), so the names stay unformatted.
    code = fastjsonschema.compile_to_code(schema).replace(".format(**locals())", "")
    root = re.search(r"^def (\w+)\(", code, re.M)  # the schema's own function comes first
    if root is None:
        return fastjsonschema.compile(schema)
    scope: dict = {}
    exec(code, scope)
    return scope[root.group(1)]


def validate_bundle(bundle: dict) -> None:
    """Raise BundleSchemaError naming the first mismatch; return None when the bundle fits."""
    try:
        _fast_check()(bundle)
        return
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema has the final word and the clearer message
    error = jsonschema.exceptions.best_match(_validator().iter_errors(bundle))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise BundleSchemaError(f"bundle does not match fanjian/schema/{BUNDLE_SCHEMA} at {where}: {error.message}")
