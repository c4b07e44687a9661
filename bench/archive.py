"""A synthetic archive for the index's memory row: `out/notices/<id>/bundle.json` (and a
fixed number under `out/held/`) holding only what the index reads from a bundle.

Real notices would take hours at 100,000; the index never reads anything else of a
bundle, so these fake ones cost the index what real ones do (the parse of a real bundle
is larger, but one at a time). Deterministic: bundle `i` depends on `i` alone. The held
notices are a fixed number (HELD), not a share of the archive: they all stand on the
first page, which waits for an editor, so their number is the editors' backlog, not the
archive's size.

    python -m bench.archive OUT 100000
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

HELD = 100
TARGETS = ("zh-Hans", "zh-Hant-TW")
TITLE = "关于进一步做好{}年度第{}批基层治理专项资金申报工作的通知"
SOURCES = ("区政府办公室", "市财政局", "区委宣传部", "街道办事处", "市人力资源和社会保障局")


def bundle(i: int, held: bool) -> dict:
    nid = f"notice-{i:07d}"
    date = "" if i % 97 == 0 else f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"  # ties and undated too
    title = TITLE.format(2010 + i % 15, i)
    meta = {"source": SOURCES[i % len(SOURCES)]}
    findings = [{"severity": "error", "message": f"number {i} differs from the source", "target": "zh-Hant-TW"}] if held else []
    if i % 5 == 0:
        findings.append({"severity": "warning", "message": "干 → 幹 (a risky default)"})
    return {"id": nid, "decision": "hold" if held else "publish", "meta": {"published": date},
            "renditions": {t: {"title": title, "meta": meta} for t in TARGETS},
            "outputs": [f"{t}.{ext}" for t in TARGETS for ext in ("html", "txt")] + ["review.html", "bundle.json"],
            "findings": findings}


def write_archive(out: Path, count: int, held: int = HELD) -> int:
    """`count` bundles (the last `held` of them held); returns the bytes written."""
    written = 0
    for i in range(count):
        is_held = i >= count - held
        data = json.dumps(bundle(i, is_held), ensure_ascii=False, indent=2).encode()
        folder = out / ("held" if is_held else "notices") / f"notice-{i:07d}"
        os.makedirs(folder, exist_ok=True)
        (folder / "bundle.json").write_bytes(data)
        written += len(data)
    return written


def touch(out: Path, every: int = 100) -> int:
    """Rewrite every `every`-th published bundle with a new title: what a run that
    reprocessed them leaves for the index to read again. Returns how many."""
    changed = 0
    for folder in sorted((out / "notices").iterdir())[::every]:
        path = folder / "bundle.json"
        data = json.loads(path.read_bytes())
        for rendition in data["renditions"].values():
            rendition["title"] += "（修订）"
        path.write_bytes(json.dumps(data, ensure_ascii=False, indent=2).encode())
        changed += 1
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--touch", type=int, default=0, help="rewrite every N-th published bundle instead")
    args = parser.parse_args()
    if args.touch:
        print(json.dumps({"touched": touch(args.out, args.touch)}))
    else:
        print(json.dumps({"bundles": args.count, "bytes": write_archive(args.out, args.count)}))


if __name__ == "__main__":
    main()
