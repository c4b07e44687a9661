"""The bundle's JSON Schema: shipped in the package, checked before any bundle is written."""

import copy
import json

import jsonschema
import pytest

from fanjian.emit import bundle as bundle_module
from fanjian.emit import render_bundle
from fanjian.emit.schema import BundleSchemaError, bundle_schema, validate_bundle
from fanjian.model import SourceInfo
from fanjian.pipeline import process

from .conftest import SEED


@pytest.fixture(scope="module")
def bundle():
    raw = SEED.read_bytes()
    return process(raw, SourceInfo(SEED.name, "0" * 64, len(raw))).bundle


def test_schema_is_valid_2020_12_and_names_the_foundation_fields():
    schema = bundle_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["required"]) >= {"schema", "id", "source", "decoding", "repairs", "meta", "chrome",
                                       "renditions", "entities", "findings", "decision"}
    assert set(schema["$defs"]["meta"]["required"]) == {"site", "title", "source", "published", "doc_number", "author"}


def test_seed_bundle_validates_as_written(bundle):
    validate_bundle(json.loads(render_bundle(bundle)))


def _set(path: str, value):
    def change(b):
        *parents, last = path.split(".")
        node = b
        for key in parents:
            node = node[key]
        if value is KeyError:
            del node[last]
        else:
            node[last] = value
    return change


BROKEN = {
    "no-decision": _set("decision", KeyError),
    "decision-maybe": _set("decision", "maybe"),
    "schema-2": _set("schema", "fanjian.bundle/2"),
    "id-with-slash": _set("id", "../etc"),
    "bytes-negative": _set("source.bytes", -1),
    "confidence-over-1": _set("decoding.confidence", 1.5),
    "repair-without-span": lambda b: b["repairs"][0].pop("start"),
    "published-not-iso": _set("meta.published", "2024年2月19日"),
    "rendition-tag": lambda b: b["renditions"].update({"traditional": b["renditions"]["zh-Hans"]}),
    "block-kind": lambda b: b["renditions"]["zh-Hans"]["blocks"][0].update(kind="script"),
    "finding-severity": _set("findings", [{"severity": "fatal", "kind": "x", "message": "y"}]),
    "outputs-without-bundle": _set("outputs", ["zh-Hans.html"]),
    "output-path-escape": _set("outputs", ["../x.html", "bundle.json"]),
    "url-source-unknown": _set("meta.url_source", "guessed"),
    "given-url-relative": _set("source.url", "/zwgk/a.html"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_schema_refuses_broken_bundles(bundle, name):
    broken = copy.deepcopy(bundle)
    BROKEN[name](broken)
    with pytest.raises(BundleSchemaError):
        render_bundle(broken)


def test_a_held_notice_may_carry_the_date_as_written(bundle):
    held = copy.deepcopy(bundle)
    held["decision"] = "hold"
    held["meta"]["published"] = "2024年春"
    validate_bundle(held)


def test_the_pages_address_and_where_it_came_from_are_optional_fields(bundle):
    assert "url" not in bundle["source"] and "url_source" not in bundle["meta"]  # nothing given, none found
    given = copy.deepcopy(bundle)
    given["source"]["url"] = given["meta"]["url"] = "https://www.example.gov.cn/zwgk/a.html"
    for where in ("rules-file", "base-url", "page"):
        given["meta"]["url_source"] = where
        validate_bundle(given)


def test_later_optional_fields_are_accepted(bundle):
    grown = copy.deepcopy(bundle)
    grown["timings"] = {"decode": 0.1}
    grown["renditions"]["zh-Hans"]["profile"] = "s2t"
    validate_bundle(grown)


def test_the_pipeline_checks_every_bundle_it_builds(monkeypatch, seed_bytes):
    monkeypatch.setattr(bundle_module, "SCHEMA", "fanjian.bundle/0")
    with pytest.raises(BundleSchemaError, match="schema"):
        process(seed_bytes, SourceInfo(SEED.name))


@pytest.mark.parametrize("declared", [None, "gbk"])
@pytest.mark.parametrize("odd", [float("nan"), float("-inf"), 5e-05, 1e-07, -1.5e-10, [2.5e-05], 2**70, "null", "byte-shift e-mail"])
@pytest.mark.parametrize("pad", ["", "x", "xy", "xyz"])
def test_bundle_json_is_json_dumps_byte_for_byte(bundle, declared, odd, pad):
    """orjson writes the bundle; where it would differ from json.dumps (NaN, small floats,
    huge ints), json.dumps does, also beside the null of an undeclared charset, wherever
    the odd value falls in the output (`pad` moves it by a byte at a time)."""
    odd_bundle = copy.deepcopy(bundle)
    odd_bundle["decoding"]["declared"] = declared
    odd_bundle["script"]["pad"] = pad
    odd_bundle["script"]["odd"] = odd
    expected = (json.dumps(odd_bundle, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert render_bundle(odd_bundle) == expected
