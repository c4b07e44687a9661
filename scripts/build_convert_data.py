"""Build the conversion data from OpenCC's own dictionaries and the project dictionary.

Writes, under src/fanjian/data/:
- (for scripts/make_script_table.py) which characters are Simplified-only, shared, Traditional-only, and
  which spellings mark Taiwan, Hong Kong or OpenCC-standard Traditional;
- opencc/*.json: OpenCC's configurations with the project dictionary
  (protected_terms.tsv) added as inline dictionaries, plus s2t_phrases.json (phrases only).

Run: python scripts/build_convert_data.py   (uses the opencc wheel's opencc_dict tool)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import opencc

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "fanjian" / "data"
CLIB = Path(opencc.__file__).parent / "clib"
SHARE = CLIB / "share" / "opencc"
# Configurations fanjian uses; s2* get the dictionary keyed by Simplified, the others by Traditional.
CONFIGS = ("s2t", "s2tw", "s2hk", "s2twp", "s2hkp", "t2s", "tw2s", "hk2s", "tw2sp", "hk2sp")
INLINE_MARK = "fanjian:dictionary"  # name suffix that says where runtime entries go



def read_tsv(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def read_ocd2(name: str) -> dict[str, list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        env = dict(os.environ, LD_LIBRARY_PATH=str(CLIB / "lib64"))
        subprocess.run([str(CLIB / "bin" / "opencc_dict"), "-i", str(SHARE / f"{name}.ocd2"), "-o", str(out),
                        "-f", "ocd2", "-t", "text"], check=True, env=env)
        rows = (line.split("\t") for line in out.read_text(encoding="utf-8").splitlines() if line)
        return {key: value.split(" ") for key, value in rows}


def script_forms() -> list[str]:
    tags: dict[str, set[str]] = {}
    for key, values in read_ocd2("STCharacters").items():
        tags.setdefault(key, set()).add("shared" if key in values else "simplified")
    for key, values in read_ocd2("TSCharacters").items():
        if key not in values:
            tags.setdefault(key, set()).add("traditional")
    # Spellings a variant never uses: what its variant step would change.
    for tag, name in (("not-tw", "TWVariants"), ("not-hk", "HKVariants"),
                      ("not-opencc", "TWVariantsRev"), ("not-opencc", "HKVariantsRev")):
        for key, values in read_ocd2(name).items():
            if key not in values:
                tags.setdefault(key, set()).add(tag)
    return [f"{ch}\t{' '.join(sorted(t))}" for ch, t in sorted(tags.items())]


def entries(simplified_keys: bool, repair: bool = False) -> dict[str, str]:
    """The project dictionary for one direction: simplified -> traditional, or back.
    Entries with scope 'repair' apply only to half-converted Traditional text."""
    out = {}
    for row in read_tsv("protected_terms.tsv"):
        simp, trad = row[0], row[1] if len(row) > 1 and row[1] else row[0]
        if len(row) > 2 and row[2] == "repair" and not repair:
            continue
        out[simp if simplified_keys else trad] = trad if simplified_keys else simp
    return out


def with_inline(config: dict, inline: dict) -> dict:
    """The project dictionary first in segmentation and in the first conversion step."""
    first = config["conversion_chain"][0]["dict"]
    first_group = first if first.get("type") == "group" else {"type": "group", "dicts": [first]}
    first_group["match_policy"] = "short_circuit"
    first_group["dicts"].insert(0, inline)
    config["conversion_chain"][0]["dict"] = first_group
    if "segmentation" in config:
        seg = config["segmentation"]["dict"]
        seg_group = seg if seg.get("type") == "group" else {"type": "group", "match_policy": "union", "dicts": [seg]}
        seg_group["dicts"].insert(0, inline)
        config["segmentation"]["dict"] = seg_group
    config["name"] += f" + {INLINE_MARK}"
    return config


def phrases_only(s2t: dict) -> dict:
    """s2t without the character table: only phrase context changes a character."""
    phrases = s2t["conversion_chain"][0]["dict"]["dicts"][:-1]
    group = {"type": "group", "match_policy": "short_circuit", "dicts": phrases}
    return {"name": "Simplified to Traditional, phrases only", "normalization": s2t["normalization"],
            "segmentation": {"type": "mmseg", "dict": group}, "conversion_chain": [{"dict": group}]}


def main() -> int:
    for name in CONFIGS:
        config = json.loads((SHARE / f"{name}.json").read_text(encoding="utf-8"))
        inline = {"type": "inline", "entries": entries(name.startswith("s2"))}
        built = with_inline(config, inline)
        (DATA / "opencc" / f"{name}.json").write_text(json.dumps(built, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if name == "s2t":
            config = json.loads((SHARE / "s2t.json").read_text(encoding="utf-8"))
            repair = with_inline(config, {"type": "inline", "entries": entries(True, repair=True)})
            for out, built_config in (("s2t_repair", repair), ("s2t_phrases", phrases_only(repair))):
                (DATA / "opencc" / f"{out}.json").write_text(
                    json.dumps(built_config, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
