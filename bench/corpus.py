"""A realistic, deterministic corpus of notices for the benchmarks.

Paragraphs come from the repaired seed notice, the OpenCC golden text and the expected
main text of the shared pages. Each notice is built from its own seeded RNG (so notice
`i` is the same whatever else is generated) in either script (OpenCC through
`fanjian.zh.script.converter`), as a text dump or an HTML page, with or without site
chrome, some with the damage the repair stage undoes, in UTF-8, GBK or Big5. Notices
are yielded one at a time and written one at a time: the inbox is never held in memory.

    python -m bench.corpus INBOX 10000 [--small]
"""

from __future__ import annotations

import argparse
import html
import json
import math
import random
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from fanjian.decode import decode
from fanjian.repair import repair
from fanjian.repair.gloss import GLOSS
from fanjian.zh.opencc import converter

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared") if Path("/work/shared").is_dir() else ROOT.parent / "shared"
SEED = ROOT / "seeds" / "000_6c292aaa073e0d9c.txt"
GOLDEN = SHARED / "corpus" / "opencc" / "golden" / "us_constitution_zhs.txt"
PAGES = SHARED / "corpus" / "pages" / "expected.json"

SIZES = (1024, 20 * 1024)          # notices of 1-20 KB, log-uniform: most are short
SMALL_SIZES = (300, 1200)          # the smaller notices of the 100,000-notice growth run
PER_FOLDER = 1000
# Written in Simplified, converted with the notice; lines a scraped page carries.
SITES = ["深圳市罗湖区人民政府", "广东省人民政府", "北京市人民政府门户网站", "国家发展和改革委员会",
         "上海市人民政府", "浙江省教育厅", "成都市人民政府办公厅"]
HEAD_CHROME = ["扫一扫在手机上打开当前页", "当前位置：首页 > 政务公开 > 通知公告", "字号：大 中 小",
               "【打印本页】【关闭窗口】", "分享到："]
TAIL_CHROME = ["知识图谱", "相关信息和服务", "打印本页", "关闭窗口", "上一篇", "下一篇", "相关链接",
               "当前展示专题专栏信息类别内容 ?返回", "点击标签名称查看更多信息"]
SOURCES = ["区委宣传部", "办公室", "发展改革局", "教育局", "财政局", "住房和城乡建设局", "新华社"]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if len(p.strip()) >= 12]


@lru_cache(maxsize=1)
def pools() -> dict:
    """Paragraphs in both scripts, and the pinyin glosses the seed was damaged with."""
    seed_raw = decode(SEED.read_bytes()).text
    paras = _paragraphs(repair(seed_raw).text) + _paragraphs(GOLDEN.read_text(encoding="utf-8"))
    for case in json.loads(PAGES.read_text(encoding="utf-8")).values():
        paras += _paragraphs(case.get("content") or "") + [p for p in case.get("with", []) if len(p) >= 12]
    hans = [converter("t2s").convert(p) for p in paras]
    glosses = {}
    for m in GLOSS.finditer(seed_raw):
        char = seed_raw[m.start() - 1]
        glosses.setdefault(char, char + m.group(0))
        glosses.setdefault(converter("t2s").convert(char), converter("t2s").convert(char) + m.group(0))
    return {
        "zh-Hans": {"paras": hans, "sites": SITES, "head": HEAD_CHROME, "tail": TAIL_CHROME, "sources": SOURCES},
        "zh-Hant": {k: [converter("s2tw").convert(x) for x in v] for k, v in
                    {"paras": hans, "sites": SITES, "head": HEAD_CHROME, "tail": TAIL_CHROME, "sources": SOURCES}.items()},
        "glosses": glosses,
    }


def _damage(text: str, rng: random.Random, glosses: dict[str, str]) -> str:
    """The two kinds of damage the seed shows: pinyin glosses and half-width punctuation."""
    if rng.random() < 0.3:
        text = re.sub("|".join(map(re.escape, glosses)), lambda m: glosses[m.group(0)], text)
    if rng.random() < 0.3:
        text = text.replace("，", ",").replace("：", ":")
    return text


def _html(title: str, meta: str, body: list[str], head: list[str], tail: list[str], charset: str | None) -> str:
    esc = html.escape
    declared = f'<meta charset="{charset}">' if charset else ""
    nav = "".join(f"<li><a href='/c/{i}.html'>{esc(x)}</a></li>" for i, x in enumerate(head))
    foot = "".join(f"<p>{esc(x)}</p>" for x in tail)
    paras = "".join(f"<p>{esc(p)}</p>\n" for p in body)
    return (f"<!DOCTYPE html>\n<html><head>{declared}<title>{esc(title)}</title>"
            "<script>var _hmt = _hmt || [];</script></head>\n"
            f"<body><div class='nav'><ul>{nav}</ul></div>\n<div class='article'><h1>{esc(title)}</h1>\n"
            f"<div class='info'>{esc(meta)}</div>\n<div class='content'>{paras}</div></div>\n"
            f"<div class='footer'>{foot}</div></body></html>\n")


def notice(i: int, seed: int = 20261126, sizes: tuple[int, int] = SIZES) -> tuple[str, bytes]:
    """Notice number `i`: its file name (telling script, kind, encoding) and its bytes."""
    rng = random.Random(seed * 1_000_003 + i)
    data = pools()
    script = rng.choice(["zh-Hans", "zh-Hant"])
    pool = data[script]
    encoding = rng.choices(["utf-8", "gbk" if script == "zh-Hans" else "big5"], [0.6, 0.4])[0]
    kind = "html" if rng.random() < 0.35 else "txt"
    chrome = rng.random() < 0.6
    target = math.exp(rng.uniform(math.log(sizes[0]), math.log(sizes[1])))
    per_char = 3 if encoding == "utf-8" else 2

    paras = pool["paras"]
    start = rng.randrange(len(paras))
    title = re.split("[，。；：,]", paras[start])[0][:24] + "的通知"
    meta = (f"{'来源' if script == 'zh-Hans' else '來源'}：{rng.choice(pool['sources'])} "
            f"{'发布时间' if script == 'zh-Hans' else '發布時間'}：2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    body, size, j = [], (len(title) + len(meta)) * per_char, start
    while size < target * 0.85 or not body:
        p = paras[j % len(paras)]
        room = int(target / per_char) - size // per_char
        body.append(p if len(p) <= max(room, 12) else p[: max(room, 12)] + "。")
        size += len(body[-1]) * per_char + 4
        j += 1
    head = [rng.choice(pool["sites"])] + rng.sample(pool["head"], 2) if chrome else []
    tail = rng.sample(pool["tail"], 3) if chrome else []
    body = [_damage(p, rng, data["glosses"]) for p in body]

    if kind == "html":
        charset = encoding if rng.random() < 0.8 else None
        text = _html(title, meta, body, head, tail, charset)
        raw = text.encode(encoding, errors="xmlcharrefreplace")
    else:
        indent = "  " if rng.random() < 0.5 else ""
        text = "\n\n".join([*head, title, meta, *(indent + p for p in body), *tail]) + "\n"
        raw = text.encode(encoding, errors="ignore")
    return f"{i:06d}_{script}_{kind}_{encoding}.{kind}", raw


def notices(n: int, seed: int = 20261126, small: bool = False) -> Iterator[tuple[str, bytes]]:
    for i in range(n):
        yield notice(i, seed, SMALL_SIZES if small else SIZES)


def write_inbox(inbox: Path, n: int, small: bool = False, seed: int = 20261126) -> dict:
    """Write `n` notices under `inbox/<thousands>/`, one at a time; count and total bytes."""
    total = 0
    for i, (name, raw) in enumerate(notices(n, seed, small)):
        folder = inbox / f"{i // PER_FOLDER:03d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(raw)
        total += len(raw)
    return {"notices": n, "bytes": total}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inbox", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--small", action="store_true", help="300 B - 1.2 KB notices")
    args = parser.parse_args()
    print(json.dumps(write_inbox(args.inbox, args.n, args.small)))


if __name__ == "__main__":
    main()
