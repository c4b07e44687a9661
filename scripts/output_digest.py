"""Hash every output file of a fixed set of inputs, and time each pipeline stage.

Used to show that a speed-up changes no output: save the digests before, compare after.
Inputs: the seed, the 11 pages of fixtures/pages/, and the first N notices of the benchmark corpus
(deterministic), each run through `pipeline.process` with default settings.

Run (PYTHONPATH=src:.):
    python scripts/output_digest.py --save /tmp/before.json   # before the change
    python scripts/output_digest.py --compare /tmp/before.json  # after: exits 1 on any difference
    python scripts/output_digest.py --stages                 # ms per notice in each stage
"""

from __future__ import annotations

import argparse
import hashlib
import json
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

PAGES = ROOT / "fixtures" / "pages"  # the 11 shared pages, copied with their licence
STAGES = ("decode", "repair", "clean", "prepare", "profile", "convert_notice", "finish", "check",
          "with_flags", "render_html", "render_text", "render_review", "render_bundle", "to_jsonable")


def inputs(n: int):
    for path in sorted((ROOT / "seeds").iterdir()):
        yield f"seeds/{path.name}", path.read_bytes()
    for path in sorted(PAGES.glob("*.html")):
        yield f"pages/{path.name}", path.read_bytes()
    yield from ((f"corpus/{name}", raw) for name, raw in notices(n))


def digests(n: int) -> dict[str, str]:
    out = {}
    for name, raw in inputs(n):
        source = SourceInfo(name, hashlib.sha256(raw).hexdigest(), len(raw))
        try:
            files = pipeline.process(raw, source).files
        except InputError as err:
            out[name] = f"InputError: {err}"
            continue
        h = hashlib.sha256()
        for key in sorted(files):
            h.update(key.encode() + b"\0" + files[key] + b"\0")
        out[name] = h.hexdigest()
    return out


def stage_times(n: int, passes: int = 3) -> dict[str, float]:
    """Best-of-passes ms per notice spent in each stage function as `pipeline` calls it.

    CPU time of this process (`time.process_time`), so other work on the machine moves
    it less than wall-clock time.
    """
    spent: dict[str, list[float]] = defaultdict(lambda: [0.0] * passes)
    for stage in STAGES:
        fn = getattr(pipeline, stage)

        def timed(*args, _fn=fn, _stage=stage, **kwargs):
            start = time.process_time()
            try:
                return _fn(*args, **kwargs)
            finally:
                spent[_stage][current] += time.process_time() - start
        setattr(pipeline, stage, timed)
    items = list(inputs(n))
    totals = []
    for current in range(passes):
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
    args = ap.parse_args()
    if args.stages:
        per = stage_times(args.n)
        total = per["TOTAL process"]
        for k, v in sorted(per.items(), key=lambda kv: -kv[1]):
            print(f"{k:16} {v:7.2f} ms/notice {100 * v / total:5.1f} %")
        return 0
    found = digests(args.n)
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
