"""Throughput of each stage against its bare reference, on a sample of the corpus.

Used by `bench/run.py` for every stage that has no `bench/bench_<stage>.py` of its own.
Each stage and its reference run over the same inputs; the figure is the median of
several passes, in MB/s of the stage's input (UTF-8 text, or the raw bytes for decode).
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

import chardet
import opencc
import trafilatura

from fanjian.check import check
from fanjian.clean import clean
from fanjian.convert.steps import FROM_SIMPLIFIED
from fanjian.convert.text import convert_notice
from fanjian.decode import decode
from fanjian.emit import render_bundle, render_html, render_text
from fanjian.model import SourceInfo
from fanjian.pipeline import looks_like_html, process
from fanjian.repair import repair
from fanjian.repair.gloss import GLOSS
from fanjian.settings import Settings

from . import corpus
from .rows import median_time, row


@cache
def bare_opencc(config: str) -> opencc.OpenCC:
    """OpenCC as a user without fanjian runs it: the references (fanjian's own converters
    run s2tw and s2hk split, `fanjian.zh.opencc_split`)."""
    return opencc.OpenCC(f"{config}.json")


STAGES = ("decode", "repair", "clean", "convert", "check", "emit")


def _mb(texts) -> float:
    return sum(len(t.encode("utf-8")) if isinstance(t, str) else len(t) for t in texts) / 1e6


def _pair(name: str, size_mb: float, stage, reference, ref_name: str, repeats: int) -> dict:
    t_stage = median_time(stage, repeats)
    t_ref = median_time(reference, repeats)
    return row(name, size_mb / t_stage, "MB/s", size_mb / t_ref, ref_name=ref_name)


@lru_cache(maxsize=2)  # shared by the stage modules in one run
def sample(n: int) -> dict:
    """The first n notices of the corpus, carried through the stages once."""
    raws = [raw for _, raw in corpus.notices(n)]
    texts = [repair(decode(r).text).text for r in raws]
    is_html = [looks_like_html(t) for t in texts]
    results = [process(r, SourceInfo(f"{i}.txt", "", len(r)), Settings()) for i, r in enumerate(raws)]
    return {"raws": raws, "decoded": [decode(r).text for r in raws],
            "html": [t for t, h in zip(texts, is_html) if h], "text": [t for t, h in zip(texts, is_html) if not h],
            "results": results}


def rows(quick: bool, skip: tuple[str, ...] = (), only: tuple[str, ...] = STAGES) -> list[dict]:
    """Corpus-sample rows of the stages in `only` and not in `skip`."""
    skip = tuple(set(skip) | (set(STAGES) - set(only)))
    if not set(STAGES) - set(skip):
        return []
    data = sample(60 if quick else 300)
    repeats = 3 if quick else 5
    out = []
    if "decode" not in skip:
        raws = data["raws"]
        out.append(_pair("decode", _mb(raws), lambda: [decode(r) for r in raws],
                         lambda: [chardet.detect(r) for r in raws], "chardet.detect", repeats))
    if "repair" not in skip:
        texts = data["decoded"]
        out.append(_pair("repair", _mb(texts), lambda: [repair(t) for t in texts],
                         lambda: [GLOSS.sub("", t) for t in texts], "one regex pass (GLOSS.sub)", repeats))
    if "clean" not in skip:
        texts, pages = data["text"], data["html"]
        out.append(_pair("clean (text)", _mb(texts), lambda: [clean(t, "text") for t in texts],
                         lambda: [[ln.strip() for ln in t.splitlines() if ln.strip()] for t in texts],
                         "split into stripped lines", repeats))
        out.append(_pair("clean (HTML)", _mb(pages), lambda: [clean(t, "html") for t in pages],
                         lambda: [trafilatura.extract(t) for t in pages], "trafilatura.extract", repeats))
    results = data["results"]
    notices = [r.notice for r in results]
    body = ["\n".join([n.meta.title] + [b.text for b in n.blocks]) for n in notices]
    size = _mb(body)
    targets = Settings().targets
    if "convert" not in skip:
        configs = [step for t in targets for step in FROM_SIMPLIFIED[t][0]]
        out.append(_pair("convert (both targets)", size,
                         lambda: [convert_notice(n, t, "zh-Hans") for n in notices for t in targets],
                         lambda: [bare_opencc(c).convert(b) for b in body for c in configs],
                         "opencc.OpenCC(config).convert", repeats))
    if "check" not in skip:
        renditions = [r.renditions for r in results]
        out.append(_pair("check", size, lambda: [check(n, r) for n, r in zip(notices, renditions)],
                         lambda: [convert_notice(n, t, "zh-Hans") for n in notices for t in targets],
                         "convert (both targets)", repeats))
    if "emit" not in skip:
        def emit():
            for r in results:
                for t, rend in r.renditions.items():
                    render_html(rend, [o for o in targets if o != t])
                    render_text(rend)
                render_bundle(r.bundle)
        out.append(_pair("emit (HTML, text, bundle)", size, emit,
                         lambda: [json.dumps(r.bundle, ensure_ascii=False) for r in results], "json.dumps(bundle)", repeats))
    for r in out:
        r["note"] = f"sample of {len(data['raws'])} notices, {_mb(data['raws']):.2f} MB"
    return out


if __name__ == "__main__":
    for r in rows(quick=True):
        print(r)
