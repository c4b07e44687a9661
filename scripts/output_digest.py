"""Hash every output file of a fixed set of inputs, and time each pipeline stage.

Used to show that a speed-up changes no output: save the digests before, compare after.
Inputs: the seed, the 11 pages of fixtures/pages/, and the first N notices of the benchmark corpus
(deterministic), each run through `pipeline.process` with default settings, then with all four
targets; the seed and the pages once more with a user dictionary and a per-file rules file
(fixtures/rules/). `settings_hash` is masked: it names the settings, not the output.

Run (PYTHONPATH=src:.):
    python scripts/output_digest.py --save /tmp/before.json   # before the change
    python scripts/output_digest.py --compare /tmp/before.json  # after: exits 1 on any difference
    python scripts/output_digest.py --stages                 # ms per notice in each stage
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench.corpus import notices  # noqa: E402
from fanjian import pipeline  # noqa: E402
from fanjian.errors import InputError  # noqa: E402
from fanjian.model import SourceInfo  # noqa: E402
from fanjian.settings import Settings  # noqa: E402

PAGES = ROOT / "fixtures" / "pages"  # the 11 shared pages, copied with their licence
# Each stage function by the module that calls it: patched there, where the call looks it up.
STAGES = {"pipeline": ("decode", "repair", "clean", "prepare", "profile", "convert_notice", "finish", "check",
                       "with_flags", "with_final_check", "visible_lines"),
          "emit.bundle": ("render_html", "render_text", "render_review", "render_bundle", "to_jsonable")}


def inputs(n: int):
    for path in sorted((ROOT / "seeds").iterdir()):
        yield f"seeds/{path.name}", path.read_bytes()
    for path in sorted(PAGES.glob("*.html")):
        yield f"pages/{path.name}", path.read_bytes()
    yield from ((f"corpus/{name}", raw) for name, raw in notices(n))


RULES = ROOT / "fixtures" / "rules"
ALL_TARGETS = Settings(targets=("zh-Hans", "zh-Hant", "zh-Hant-TW", "zh-Hant-HK"))
SETTINGS_HASH = re.compile(rb'"settings_hash": "[0-9a-f]+"')


def _digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for key in sorted(files):
        h.update(key.encode() + b"\0" + SETTINGS_HASH.sub(b'"settings_hash": ""', files[key]) + b"\0")
    return h.hexdigest()


def _run(raw: bytes, source: SourceInfo, settings: Settings, with_rules: bool) -> dict[str, bytes]:
    if not with_rules:
        return pipeline.process(raw, source, settings).files
    sidecar = RULES / "notice.rules.toml"
    source = dataclasses.replace(source, rules=sidecar.read_text(encoding="utf-8"), rules_path=sidecar.name)
    settings = dataclasses.replace(settings, user_dicts=(str(RULES / "dictionary.txt"), str(RULES / "dictionary.toml")))
    return pipeline.process(raw, source, settings).files


def digests(n: int, dump: Path | None = None) -> dict[str, str]:
    """Digest per run and input; with `dump`, every output file is also written under it."""
    out = {}
    items = list(inputs(n))
    runs = [("", Settings(), False, items), ("all-targets ", ALL_TARGETS, False, items),
            ("rules ", ALL_TARGETS, True, [i for i in items if not i[0].startswith("corpus/")])]
    for prefix, settings, with_rules, chosen in runs:
        for name, raw in chosen:
            source = SourceInfo(name, hashlib.sha256(raw).hexdigest(), len(raw))
            try:
                files = _run(raw, source, settings, with_rules)
                out[prefix + name] = _digest(files)
                for key, data in files.items() if dump else ():
                    path = dump / (prefix.strip() or "default") / name / key
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(SETTINGS_HASH.sub(b'"settings_hash": ""', data))
            except InputError as err:
                out[prefix + name] = f"InputError: {err}"
    return out


def stage_times(n: int, passes: int = 3) -> dict[str, float]:
    """Best-of-passes ms per notice spent in each stage function as `pipeline` calls it.

    CPU time of this process (`time.process_time`), so other work on the machine moves
    it less than wall-clock time.
    """
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0] * passes)
    for module, stage in ((m, s) for m, names in STAGES.items() for s in names):
        caller = importlib.import_module(f"fanjian.{module}")
        fn = getattr(caller, stage)

        def timed(*args, _fn=fn, _stage=stage, **kwargs):
            start = time.process_time()
            try:
                return _fn(*args, **kwargs)
            finally:
                spent[_stage][current] += time.process_time() - start
        setattr(caller, stage, timed)
    items = list(inputs(n))
    totals = []
    for current in range(passes):  # noqa: B007 (read by `timed` above)
        start = time.process_time()
        for name, raw in items:
            try:
                pipeline.process(raw, SourceInfo(name, "", len(raw)))
            except InputError:
                pass
        totals.append(time.process_time() - start)
    per = {k: min(v) * 1e3 / len(items) for k, v in spent.items()}
    per["TOTAL process"] = min(totals) * 1e3 / len(items)
    return per


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300, help="corpus notices (default 300)")
    ap.add_argument("--save", type=Path)
    ap.add_argument("--compare", type=Path)
    ap.add_argument("--stages", action="store_true")
    ap.add_argument("--dump", type=Path, help="also write every output file under this folder")
    args = ap.parse_args()
    if args.stages:
        per = stage_times(args.n)
        total = per["TOTAL process"]
        for k, v in sorted(per.items(), key=lambda kv: -kv[1]):
            print(f"{k:16} {v:7.2f} ms/notice {100 * v / total:5.1f} %")
        return 0
    found = digests(args.n, args.dump)
    if args.save:
        args.save.write_text(json.dumps(found, indent=1))
        print(f"{len(found)} inputs hashed into {args.save}")
    if args.compare:
        before = json.loads(args.compare.read_text())
        differ = sorted(k for k in before.keys() | found.keys() if before.get(k) != found.get(k))
        print(f"{len(found)} inputs, {len(differ)} differ" + "".join(f"\n  {k}" for k in differ[:30]))
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
