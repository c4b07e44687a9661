"""Generate src/fanjian/data/places.csv from the administrative-division list in the cpca wheel.

Usage:
    pip download cpca==0.5.5 --no-deps -d /tmp/cpca
    python scripts/make_places.py /tmp/cpca/cpca-0.5.5-py3-none-any.whl

The wheel is only read as a zip (cpca itself is not a dependency). Keeps the code and the
name of each division and adds its short form: the name without its administrative suffix
and, for autonomous divisions, without the names of nationalities (宁夏回族自治区 -> 宁夏).
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "fanjian" / "data"
# Longest first: the first suffix that ends the name is removed.
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "矿区", "新区",
            "省", "市", "区", "县", "盟", "旗")
HEADER = """\
# File: places.csv
# Format: adcode,name,short. adcode: 12-digit division code (province: ends in 10 zeros,
#   prefecture: in 8); name: full name; short: name without its administrative suffix
#   (empty when that leaves fewer than two characters).
# Source: adcodes.csv from the cpca {version} wheel (github.com/DQinYuan/chinese_province_city_area_mapper),
#   longitude and latitude dropped, short form added by scripts/make_places.py.
# Licence: MIT, Copyright (c) 2018 QinYuan Du; full text in places_LICENSE.txt.
# Used by: fanjian.zh.gazetteer
"""


def short_form(name: str, nations: list[str]) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return ""
    if suffix.startswith("自治"):
        stripped = True
        while stripped:
            stripped = False
            for nation in nations:
                if stem.endswith(nation) and len(stem) > len(nation):
                    stem, stripped = stem[: -len(nation)], True
                    break
    return stem if len(stem) >= 2 else ""


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as zf:
        rows = list(csv.reader(io.StringIO(zf.read("cpca/resources/adcodes.csv").decode("utf-8"))))[1:]
        nations = zf.read("cpca/resources/56_nations.csv").decode("utf-8").split()
        licence = zf.read(next(n for n in zf.namelist() if n.endswith("dist-info/LICENSE"))).decode()
        version = wheel.rsplit("cpca-", 1)[1].split("-", 1)[0]
    # 新疆维吾尔自治区 names the nation without 族; longest first so 土家族 is not cut as 家族.
    nations += [n[:-1] for n in nations if n.endswith("族") and len(n) > 3]
    nations = sorted(nations, key=len, reverse=True)
    # 市辖区 and 省直辖县级行政区划 are placeholders in the list, not places.
    lines = sorted({f"{code},{name},{short_form(name, nations)}" for code, name, *_ in rows if "辖" not in name})
    (DATA / "places.csv").write_text(HEADER.format(version=version) + "\n".join(lines) + "\n", encoding="utf-8")
    (DATA / "places_LICENSE.txt").write_text(
        "places.csv is derived from adcodes.csv in cpca "
        f"(https://github.com/DQinYuan/chinese_province_city_area_mapper), version {version}:\n\n" + licence,
        encoding="utf-8",
    )
    print(f"{len(lines)} places")


if __name__ == "__main__":
    main(sys.argv[1])
