"""Script-level helpers shared by stages: cached OpenCC converters, a length-preserving
Simplified view of text (so rules written once in Simplified match text in either
script), the character classes of `data/script_forms.tsv`, and the script profile.

>>> simplified_view("羅湖區發布時間")
'罗湖区发布时间'
>>> p = profile("羅湖區人民政府著眼長遠")
>>> p.script, p.variant, p.source
('traditional', 'tw', 'zh-Hant-TW')
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import opencc

from fanjian.zh.chartable import CharFlags, CharMap
from fanjian.data import read_tsv
from fanjian.zh.opencc_split import (SPLITS, InlineGuarded, SplitOpenCC, config_nodes, guard, inline_keys, same_config, splits,
                           without_inline)

OPENCC_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
INLINE_MARK = "fanjian:dictionary"  # names the inline dictionary that user entries join
# Code points whose single-character Simplified form the view precomputes.
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


class SafeOpenCC(opencc.OpenCC):
    r"""OpenCC whose C++ core stops at a NUL and drops the rest: convert around NULs.

    >>> SafeOpenCC("s2tw.json").convert("区委\x00书记")
    '區委\x00書記'
    """

    def convert(self, text: str) -> str:
        if "\x00" in text:
            return "\x00".join(super(SafeOpenCC, self).convert(part) for part in text.split("\x00"))
        return super().convert(text)



def find_all(haystack: str, needle: str) -> list[int]:
    """Every start of `needle` in `haystack`, overlapping ones included.

    >>> find_all("罗湖区罗湖", "罗湖")
    [0, 3]
    """
    out, i = [], haystack.find(needle)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out

@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC | SplitOpenCC:
    """One OpenCC converter per configuration name (e.g. "s2tw"), built once; s2tw and
    s2hk run as two faster configurations when that gives the same output (`opencc_split`)."""
    name = config.removesuffix(".json")
    whole = SafeOpenCC(f"{name}.json")
    if name not in SPLITS:
        return whole
    first, second = SPLITS[name]
    keys = guard(second)
    if keys is None or not splits(_wheel_spec(name), _wheel_spec(first), _wheel_spec(second)):
        return whole
    return SplitOpenCC(whole, converter(first), converter(second), keys)


def _wheel_spec(name: str) -> dict:
    return json.loads((OPENCC_SHARE / f"{name}.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=64)
def project_converter(name: str, extra: tuple[tuple[str, str], ...] = ()) -> opencc.OpenCC | InlineGuarded:
    """OpenCC with `data/opencc/<name>.json`: OpenCC's configuration plus the project
    dictionary (and `extra` entries, e.g. a user's) as inline dictionaries.

    OpenCC looks for dictionary files beside the configuration, so the configuration is
    written out (`write_config`) with the wheel's dictionary paths filled in. s2tw and
    s2hk run split where that gives the same output (`opencc_split`).
    """
    config = _project_spec(name, extra)
    whole = SafeOpenCC(write_config(config, name))
    wheel = converter(name) if name in SPLITS else None
    if isinstance(wheel, SplitOpenCC) and same_config(without_inline(config), _wheel_spec(name)):
        return InlineGuarded(whole, wheel, inline_keys(config))  # OpenCC's own, where no inline key occurs
    return whole


def write_config(config: dict, name: str) -> str:
    """The path of `config` written as NAME-<digest of its content>.json.

    Files are named by their content, written once (under a temporary name, then renamed)
    and shared by every process of this user: none is removed, none is left per process
    (a killed one included), and their number is that of the distinct configurations."""
    text = json.dumps(config, ensure_ascii=False)
    path = _config_dir() / f"{name}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.json"
    if not path.exists():
        staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            staged.write_text(text, encoding="utf-8")
            os.replace(staged, path)
        finally:
            staged.unlink(missing_ok=True)  # after a failed write; gone after the rename
    return str(path)


def _project_spec(name: str, extra: tuple[tuple[str, str], ...]) -> dict:
    """`data/opencc/<name>.json` with the wheel's dictionary paths and `extra` entries filled in."""
    text = resources.files("fanjian.data").joinpath("opencc", f"{name}.json").read_text(encoding="utf-8")
    config = json.loads(text)
    for node in config_nodes(config):
        if node.get("type") in ("ocd2", "text", "ocd") and (OPENCC_SHARE / node["file"]).exists():
            node["file"] = str(OPENCC_SHARE / node["file"])
        if node.get("type") == "inline" and extra:
            node["entries"] = {**node["entries"], **dict(extra)}
    return config


@lru_cache(maxsize=1)
def _config_dir() -> Path:
    """This user's folder of written configurations in the system temp folder (OpenCC
    reads a configuration when a converter is built). A folder of that name that is not
    this user's own directory is never used: a private one, removed at exit, instead."""
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


def _remove_private_dir(path: str, owner: int) -> None:
    if os.getpid() == owner:  # a forked child that inherits the folder leaves it alone
        shutil.rmtree(path, ignore_errors=True)


@lru_cache(maxsize=1)
def forms() -> dict[str, frozenset[str]]:
    """Characters per tag of `script_forms.tsv` (simplified, shared, traditional, tw, hk, opencc)."""
    out: dict[str, set[str]] = {}
    for ch, tags in read_tsv("script_forms.tsv"):
        for tag in tags.split():
            out.setdefault(tag, set()).add(ch)
    return {tag: frozenset(chars) for tag, chars in out.items()}


def char_class(chars) -> str:
    """A regex character class of the given characters."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def simplified_only() -> frozenset[str]:
    """Simplified forms that no Traditional variant writes (国, 并; not 秘 or 税)."""
    f = forms()
    return f["simplified"] - f["traditional"] - f["not-opencc"]


@lru_cache(maxsize=1)
def _classes() -> dict[str, frozenset[str]]:
    f = forms()
    return {
        "simplified": simplified_only(),
        "traditional": f["traditional"] - f["simplified"],
        "not-tw": f["not-tw"],
        "not-hk": f["not-hk"],
        "not-opencc": f["not-opencc"] - f["simplified"],
    }


@lru_cache(maxsize=1)
def _view_table() -> dict[int, str]:
    chars = [chr(c) for lo, hi in CJK_RANGES for c in range(lo, hi + 1)]
    converted = converter("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a phrase across the separators: go one by one
        converted = [converter("t2s").convert(c) for c in chars]
    return {ord(a): b for a, b in zip(chars, converted) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _view_map() -> CharMap:
    return CharMap(_view_table())


def view_uncached(text: str) -> str:
    """`simplified_view` for a short piece, kept out of its cache of whole texts."""
    return _view_map()(text)


def view_code_points() -> np.ndarray:
    """The Simplified view as an array: index a code point, get its view's code point."""
    return _view_map().table


@lru_cache(maxsize=8)
def simplified_view(text: str) -> str:
    """Each character mapped alone to Simplified; same length, so spans carry over."""
    return text if text.isascii() else _view_map()(text)


@dataclass(frozen=True)
class ScriptProfile:
    """Which script the source is in, and the share of characters that decided it."""

    script: str  # simplified | traditional | mixed | none
    simplified: float  # share of deciding characters that are Simplified-only
    traditional: float  # share that are Traditional-only
    variant: str = ""  # tw | hk | opencc: which Traditional spelling, "" if none showed
    variant_shares: tuple[tuple[str, float], ...] = ()  # (variant, share of regional spellings it fits)
    counts: tuple[tuple[str, int], ...] = ()  # characters counted per class

    @property
    def source(self) -> str:
        """The BCP 47 tag conversion should treat the text as."""
        if self.traditional <= self.simplified:
            return "zh-Hans"
        return {"tw": "zh-Hant-TW", "hk": "zh-Hant-HK"}.get(self.variant, "zh-Hant")


@lru_cache(maxsize=1)
def _class_flags() -> tuple[CharFlags, dict[str, int]]:
    bits = {name: 1 << i for i, name in enumerate(_classes())}
    flags: dict[str, int] = {}
    for name, members in _classes().items():
        for ch in members:
            flags[ch] = flags.get(ch, 0) | bits[name]
    return CharFlags(flags), bits


def profile(text: str) -> ScriptProfile:
    """Count Simplified-only and Traditional-only characters, and regional spellings.

    >>> profile("罗湖区人民政府").script, profile("").script
    ('simplified', 'none')
    """
    table, bits = _class_flags()
    flags = table.of(text)
    counts = {k: int(np.count_nonzero(flags & bit)) for k, bit in bits.items()}  # bincount is slower
    simp, trad = counts["simplified"], counts["traditional"]
    total = simp + trad
    if not total:
        return ScriptProfile("none", 0.0, 0.0, counts=tuple(counts.items()))
    s_share, t_share = simp / total, trad / total
    script = "traditional" if t_share >= 0.8 else "simplified" if s_share >= 0.8 else "mixed"
    # A variant fits when the text has none of the spellings it never uses.
    misfits = {v: counts[f"not-{v}"] for v in ("tw", "hk", "opencc")}
    n = sum(misfits.values())
    best = min(misfits.values())
    fitting = [v for v in ("tw", "hk", "opencc") if misfits[v] == best]
    variant = "" if len(fitting) == 3 else fitting[0]
    shares = tuple((v, round(1 - m / n, 3)) for v, m in misfits.items()) if n else ()
    return ScriptProfile(script, round(s_share, 3), round(t_share, 3), variant, shares, tuple(counts.items()))


__all__ = ["ScriptProfile", "char_class", "converter", "view_code_points", "view_uncached", "forms", "simplified_only", "profile", "project_converter", "simplified_view"]
