"""Linguistic knowledge as data files; `read_lines`/`read_tsv` skip the # header."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path


@cache
def read_lines(name: str) -> tuple[str, ...]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(
        line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split("\t")) for line in read_lines(name))


def read_json(name: str):
    """A packaged JSON file (the bundle's schema): parsed anew each call, so callers may keep it."""
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def read_opencc_tsv(name: str) -> tuple[tuple[str, ...], ...] | None:
    """The rows of a table read from OpenCC's dictionaries (after its `opencc version`
    row), or None when the installed OpenCC is another version: the table may not hold."""
    rows = read_tsv(name)
    return rows[1:] if rows and rows[0] == ("opencc", "version", version("opencc")) else None


@cache
def pinyin_readings() -> dict[int, str]:
    """pypinyin's table of each character's readings (code point -> "hē,hé"), loaded alone:
    importing the package loads its phrase dictionary too, about 45 MB more in every
    process, where a gloss needs one character's readings only."""
    package = importlib.util.find_spec("pypinyin")
    table = Path(package.origin).with_name("pinyin_dict.py") if package and package.origin else None
    if table is None or not table.is_file():  # another layout: the package, phrases and all
        from pypinyin.pinyin_dict import pinyin_dict
        return pinyin_dict
    spec = importlib.util.spec_from_file_location("_fanjian_pinyin_dict", table)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pinyin_dict
