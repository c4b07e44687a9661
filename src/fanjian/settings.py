"""One settings object, layered: packaged defaults, a user's TOML file, then flags."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fanjian.errors import SettingsError

PIPELINE_VERSION = "0.1.0"
KNOWN_TARGETS = ("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK")
PUBLIC_URL_ENV = "FANJIAN_PUBLIC_URL"
"""Where `out/` is served (`--public-url`): a run's setting, not an output's (not in the digest)."""


@dataclass(frozen=True)
class Settings:
    targets: tuple[str, ...] = ("zh-Hans", "zh-Hant-TW")
    """BCP 47 tags of the renditions to write."""
    max_bytes: int = 768 * 1024
    """Inputs larger than this are refused without being read whole. Set from a measurement
    (tests/test_hardening.py): a run's process peaks near 460 MB (Prefect, OpenCC and jieba's
    dictionary) + about 150 MB per MB of input (every rendition, the bundle and the review
    page are built in memory), so 768 KB keeps it under 600 MB (576 MB measured; 1 MB
    peaked at 604 MB, 1.5 MB at 671 MB)."""
    batch_size: int = 200
    """Files per Prefect task: a task run costs 6-14 ms, so one per batch, not per file."""
    max_workers: int = 1
    """Threads for batches. One: the pipeline is CPU-bound Python, so a second thread only
    contends for the interpreter lock (+25 % CPU measured); `workers` (processes) or
    the Dask runner use more cores."""
    workers: int = 0
    """Processes `fanjian run` spreads batches over (`--workers`); 0: one per core. Never
    more than the run's batches; one runs them in the run's own process. Each worker
    loads its own dictionaries and tables: 500-600 MB and 3-4 s of CPU each."""
    user_dicts: tuple[str, ...] = ()
    """Extra TOML/text dictionaries of protected terms and fixes."""
    localise_phrases: bool = False
    """Localise vocabulary (s2twp, s2hkp): it changes wording (发布时间 -> 釋出時間), so off."""

    doc_numbers: str = "original"
    """How renditions write a 文号 (国发〔2024〕5号): "original" as issued (the key it is cited
    and searched by), "body" the issuing body as issued and the rest converted, "convert"."""
    regional_quotes: tuple[str, ...] = ()
    """Targets (zh-Hant-TW, zh-Hant-HK) whose curly quotes become 「」『』."""

    def __post_init__(self):
        unknown = [t for t in self.targets if t not in KNOWN_TARGETS]
        if unknown or not self.targets:
            raise SettingsError(f"unknown target(s) {unknown}; choose from {', '.join(KNOWN_TARGETS)}")
        if self.doc_numbers not in ("original", "body", "convert"):
            raise SettingsError(f"doc_numbers must be original, body or convert, not {self.doc_numbers!r}")
        if not isinstance(self.workers, int) or isinstance(self.workers, bool) or self.workers < 0:
            raise SettingsError(f"workers must be a whole number, 0 for one per core, not {self.workers!r}")
        if odd := [t for t in self.regional_quotes if t not in KNOWN_TARGETS]:
            raise SettingsError(f"unknown regional_quotes target(s) {odd}")

    def digest(self) -> str:
        """Hash of everything that changes output: part of the skip-if-unchanged key.

        Asked twice a notice; computed again only when a user dictionary's size or
        modification time changed.
        """
        stamps = tuple((path, *_stamp(path)) for path in self.user_dicts)
        return _digest(self, stamps)


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)  # read below, which names the file in its error
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=16)
def _digest(settings: Settings, stamps: tuple) -> str:
    data = {k: v for k, v in dataclasses.asdict(settings).items() if k not in ("batch_size", "max_workers", "workers")}
    for path in settings.user_dicts:
        data[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def parse_targets(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(",") if t.strip())


def load(path: str | Path | None = None, **overrides) -> Settings:
    """Defaults, then `[tool.fanjian]` or top-level keys of a TOML file, then overrides."""
    values: dict = {}
    if path:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        values.update(data.get("tool", {}).get("fanjian", data))
    values.update({k: v for k, v in overrides.items() if v is not None})
    fields = {f.name for f in dataclasses.fields(Settings)}
    if unknown := set(values) - fields:
        raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    for key in ("targets", "user_dicts", "regional_quotes"):
        if isinstance(values.get(key), str):
            values[key] = parse_targets(values[key])
        elif key in values:
            values[key] = tuple(values[key])
    return Settings(**values)
