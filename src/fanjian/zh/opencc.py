"""The OpenCC wrapper every stage converts through: one cached converter per configuration,
the project's configurations (`data/opencc/`: OpenCC's plus the project dictionary as
inline dictionaries) written once per user where OpenCC can read them, and s2tw/s2hk run
split where that gives the same output (`opencc_split`).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import stat
import tempfile
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import opencc

from fanjian.data import read_tsv
from fanjian.zh.opencc_split import (
    SPLITS,
    InlineGuarded,
    SplitOpenCC,
    config_nodes,
    guard,
    inline_keys,
    same_config,
    splits,
    without_inline,
)

OPENCC_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
INLINE_MARK = "fanjian:dictionary"  # names the inline dictionary that user entries join


class SafeOpenCC(opencc.OpenCC):
    r"""OpenCC whose C++ core stops at a NUL and drops the rest: convert around NULs.

    >>> SafeOpenCC("s2tw.json").convert("区委\x00书记")
    '區委\x00書記'
    """

    def convert(self, text: str) -> str:
        if "\x00" in text:
            return "\x00".join(super(SafeOpenCC, self).convert(part) for part in text.split("\x00"))
        return super().convert(text)



class Deferred:
    """OpenCC with a configuration, built at its first `convert`: the whole configuration
    behind a split or guarded one converts only the texts they send it, which a short text
    seldom is (building one costs about 50 ms)."""

    def __init__(self, config: str):
        self.config, self._built = config, None

    def convert(self, text: str) -> str:
        if self._built is None:  # (two threads may both build one: alike, either serves)
            self._built = SafeOpenCC(self.config)
        return self._built.convert(text)


@cache
def converter(config: str) -> opencc.OpenCC | SplitOpenCC:
    """One OpenCC converter per configuration name (e.g. "s2tw"), built once; s2tw and
    s2hk run as two faster configurations when that gives the same output (`opencc_split`)."""
    name = config.removesuffix(".json")
    if name not in SPLITS:
        return SafeOpenCC(f"{name}.json")
    first, second = SPLITS[name]
    keys = guard(second)
    if keys is None or not splits(wheel_spec(name), wheel_spec(first), wheel_spec(second)):
        return SafeOpenCC(f"{name}.json")
    return SplitOpenCC(Deferred(f"{name}.json"), converter(first), converter(second), keys)


def wheel_spec(name: str) -> dict:
    """OpenCC's own configuration `name` (e.g. "s2tw"), as shipped in the wheel."""
    return json.loads((OPENCC_SHARE / f"{name}.json").read_text(encoding="utf-8"))


def packaged_spec(name: str) -> dict:
    """The project's configuration `data/opencc/<name>.json` as written there (OpenCC's plus
    the project dictionary as inline dictionaries), dictionary paths not yet filled in."""
    return json.loads(resources.files("fanjian.data").joinpath("opencc", f"{name}.json").read_text(encoding="utf-8"))


def wheel_file(name: str) -> str | None:
    """The path of OpenCC dictionary `name` in the wheel, or None when the wheel has none."""
    path = OPENCC_SHARE / name
    return str(path) if path.exists() else None


@lru_cache(maxsize=64)
def project_converter(name: str, extra: tuple[tuple[str, str], ...] = ()) -> opencc.OpenCC | InlineGuarded:
    """OpenCC with `data/opencc/<name>.json`: OpenCC's configuration plus the project
    dictionary (and `extra` entries, e.g. a user's) as inline dictionaries.

    OpenCC looks for dictionary files beside the configuration, so the configuration is
    written out (`write_config`) with the wheel's dictionary paths filled in. s2tw and
    s2hk run split where that gives the same output (`opencc_split`).
    """
    config = project_spec(name, extra)
    path = write_config(config, name)
    wheel = converter(name) if name in SPLITS else None
    if isinstance(wheel, SplitOpenCC) and same_config(without_inline(config), wheel_spec(name)):
        return InlineGuarded(Deferred(path), wheel, inline_keys(config))  # OpenCC's own, where no inline key occurs
    return SafeOpenCC(path)


def write_config(config: dict, name: str) -> str:
    """The path of `config` written as NAME-<digest of its content>.json.

    Files are named by their content, written once (under a temporary name, then renamed)
    and shared by every process of this user: none is removed, none is left per process
    (a killed one included), and their number is that of the distinct configurations."""
    text = json.dumps(config, ensure_ascii=False)
    path = config_dir() / f"{name}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.json"
    if not path.exists():
        staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            staged.write_text(text, encoding="utf-8")
            os.replace(staged, path)
        finally:
            staged.unlink(missing_ok=True)  # after a failed write; gone after the rename
    return str(path)


def project_spec(name: str, extra: tuple[tuple[str, str], ...]) -> dict:
    """`data/opencc/<name>.json` with the wheel's dictionary paths and `extra` entries filled in."""
    config = packaged_spec(name)
    for node in config_nodes(config):
        if node.get("type") in ("ocd2", "text", "ocd") and (found := wheel_file(node["file"])):
            node["file"] = found
        if node.get("type") == "inline" and extra:
            node["entries"] = {**node["entries"], **dict(extra)}
    return config


@lru_cache(maxsize=1)
def config_dir() -> Path:
    """This user's folder of written configurations in the system temp folder (OpenCC
    reads a configuration when a converter is built), and of jieba's dictionary split by
    first character (`lexicon`). A folder of that name that is not this user's own
    directory is never used: a private one, removed at exit, instead."""
    path = Path(tempfile.gettempdir()) / f"fanjian-opencc-{os.getuid()}"
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(path)
        if stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & 0o022:
            return path
    except OSError:
        pass
    private = tempfile.mkdtemp(prefix="fanjian-opencc-")
    atexit.register(_remove_private_dir, private, os.getpid())
    return Path(private)


@cache
def default_risks() -> dict[str, float]:
    """character -> how often OpenCC's phrases give it another form than its single-character
    default, per million occurrences (data/flag_risk.tsv)."""
    return {char: float(risk) for char, risk, _phrases, _count in read_tsv("flag_risk.tsv")}


def _remove_private_dir(path: str, owner: int) -> None:
    if os.getpid() == owner:  # a forked child that inherits the folder leaves it alone
        shutil.rmtree(path, ignore_errors=True)


__all__ = ["INLINE_MARK", "OPENCC_SHARE", "Deferred", "SafeOpenCC", "config_dir", "converter", "default_risks", "packaged_spec", "project_converter",
           "project_spec", "wheel_file", "wheel_spec", "write_config"]
