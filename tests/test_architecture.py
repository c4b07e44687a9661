"""The house rules a newcomer relies on: dependencies point one way (import-linter contracts in
pyproject.toml), no import cycles, short modules, stages that read no files, no private names
taken from another module, and the public API where users and scripts find it."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "fanjian"
STAGES = ("decode", "repair", "clean", "convert", "check", "emit")
MAX_LINES = 400
# Calls that read or probe the file system. Packaged data is read through fanjian.data, and
# OpenCC's configurations through fanjian.zh.opencc, never by a stage itself.
FILE_CALLS = frozenset({"open", "read_text", "read_bytes", "stat", "lstat", "exists", "is_file", "is_dir", "iterdir",
                        "glob", "rglob", "listdir", "scandir", "walk"})


def test_import_contracts_hold():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_no_import_cycles():
    graph = grimp.build_graph("fanjian", cache_dir=None)
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("fanjian") and module not in (imported, *_packages_of(imported)) \
                    and imported not in _packages_of(module) and graph.chain_exists(imported, module):
                cycles.append(f"{module} -> {imported} -> ... -> {module}")
    assert cycles == []


def _packages_of(module: str) -> list[str]:
    """A package imports its own modules (its __init__ re-exports): not a cycle."""
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _modules():
    return sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_modules_are_short(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("stage", STAGES)
def test_stages_read_no_files(stage):
    found = []
    for path in (SRC / stage).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in FILE_CALLS:
                    found.append(f"{path.relative_to(SRC)}:{node.lineno} {name}()")
    assert found == []


def test_no_function_level_import_of_a_private_name():
    """A private name stays in its module (ruff's PLC2701 covers module-level imports too)."""
    found = []
    for path in [*_modules(), *(ROOT / "tests").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("fanjian"):
                found += [f"{path.name}:{node.lineno} {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []


@pytest.mark.parametrize("module, name", [("fanjian.decode", "decode"), ("fanjian.repair", "repair"),
                                          ("fanjian.clean", "clean"), ("fanjian.convert", "convert_text"),
                                          ("fanjian.check", "check"), ("fanjian.pipeline", "process")])
def test_public_api_stays_where_users_find_it(module, name):
    assert callable(getattr(importlib.import_module(module), name))


def test_nothing_is_installed_under_a_generic_top_level_name():
    import tomllib

    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    assert all(p == "fanjian" or p.startswith("fanjian.") for p in packages)
