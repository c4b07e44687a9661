"""Decode speed: a 5 KB GBK notice (target < 5 ms) and 1 MB of GBK (target >= 20 MB/s),
each against bare `chardet.detect` on the same bytes, measured in the same run.

decode asks chardet only when its answer could change the result, which the two inputs
above never need; the third row is a page whose bytes leave that open (Big5 declared as
cp950, where the codecs of the Big5 family read alike), so chardet runs inside decode. Its
reference is the chardet call decode makes: the bytes without the declaration, the
encodings decode weighs (on the page as is, chardet stops at the <meta>).

Run: PYTHONPATH=src:. python bench/bench_decode.py   (exits 0; prints the figures)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import chardet

from bench.rows import row
from fanjian.decode import decode
from fanjian.decode.candidates import CHARDET_ENCODINGS
from fanjian.decode.labels import strip_declarations
from tests.decode_corpus import cut, texts


def timed(fn, raw: bytes, runs: int) -> float:
    """Median seconds of fn(raw) over runs, after one warm-up call."""
    fn(raw)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(raw)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _detect_stripped(raw: bytes) -> dict:
    return chardet.detect(strip_declarations(raw), include_encodings=CHARDET_ENCODINGS)


def inputs() -> tuple[bytes, bytes, bytes]:
    notice = texts()["seed-hans"]
    small = cut(notice * 2, "gbk", 5 * 1024).encode("gbk")
    body = "\n".join(texts().values())
    big = cut(body * (1 + 1_100_000 // len(body.encode("gb18030"))), "gb18030", 1 << 20).encode("gb18030")
    asked = ('<meta charset="cp950"><p>' + cut(texts()["seed-hant"], "cp950", 2000)).encode("cp950")
    assert decode(small).text == small.decode("gb18030")
    assert decode(big).text == big.decode("gb18030")
    assert decode(asked).text == asked.decode("cp950")
    return small, big, asked


def rows(quick: bool) -> list[dict]:
    from bench import stages

    small, big, asked = inputs()
    ours, ref = timed(decode, small, 50 if quick else 200), timed(chardet.detect, small, 20 if quick else 50)
    out = [row("decode 5 KB GBK notice", ours * 1000, "ms", ref * 1000, ref_name="chardet.detect",
               target=("<=", 5.0), note=f"{len(small)} B; median")]
    ours, ref = timed(decode, big, 3 if quick else 10), timed(chardet.detect, big, 3 if quick else 5)
    out.append(row("decode 1 MB GB18030", len(big) / ours / 1e6, "MB/s", len(big) / ref / 1e6,
                   ref_name="chardet.detect", target=(">=", 20.0), note=f"{len(big)} B; median"))
    ours, ref = timed(decode, asked, 20 if quick else 100), timed(_detect_stripped, asked, 20 if quick else 50)
    out.append(row("decode 2 KB Big5 page, chardet asked", ours * 1000, "ms", ref * 1000,
                   ref_name="chardet.detect as decode calls it", target=("<=", 5.0), note=f"{len(asked)} B; median"))
    return out + stages.rows(quick, only=("decode",))


def main() -> int:
    small, big, asked = inputs()
    ours = timed(decode, small, 200)
    ref = timed(chardet.detect, small, 50)
    print(f"5 KB GBK notice ({len(small)} B): decode {ours * 1000:.2f} ms (target < 5 ms), "
          f"chardet.detect {ref * 1000:.2f} ms, ratio decode/chardet {ours / ref:.2f}")
    ours = timed(decode, big, 10)
    ref = timed(chardet.detect, big, 5)
    rate = len(big) / ours / 1e6
    print(f"1 MB GB18030 ({len(big)} B): decode {ours * 1000:.1f} ms = {rate:.0f} MB/s (target >= 20 MB/s), "
          f"chardet.detect {ref * 1000:.1f} ms, ratio decode/chardet {ours / ref:.2f}")
    ours = timed(decode, asked, 100)
    ref = timed(_detect_stripped, asked, 50)
    print(f"2 KB Big5 page declared cp950, chardet asked ({len(asked)} B): decode {ours * 1000:.2f} ms, "
          f"chardet.detect as decode calls it {ref * 1000:.2f} ms, ratio decode/chardet {ours / ref:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
