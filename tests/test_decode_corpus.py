"""Acceptance: the generated corpus (tests/decode_corpus.py) decodes to the original text.

Prints the table of exact decodes per encoding and sample kind, then asserts the targets:
at least 99.5% of all samples, every sample longer than 100 bytes, every wrong-declaration page.
"""

from __future__ import annotations

from collections import Counter

from fanjian.decode import decode
from fanjian.errors import InputError

from .decode_corpus import ENCODINGS, samples

KINDS = ("30", "100", "300", "1000", "whole", "headline", "html-correct", "html-subset", "html-wrong", "html-missing")


def _exact(sample) -> bool:
    try:
        return decode(sample.raw).text == sample.expected
    except InputError:
        return False


def table(total: Counter, good: Counter) -> str:
    rows = [f"{'encoding':14}" + "".join(f"{k:>14}" for k in KINDS)]
    for enc in ENCODINGS:
        cells = [f"{good[enc, k]}/{total[enc, k]}" if total[enc, k] else "-" for k in KINDS]
        rows.append(f"{enc:14}" + "".join(f"{c:>14}" for c in cells))
    return "\n".join(rows)


def test_corpus_decodes_exactly(capsys):
    total, good, failures = Counter(), Counter(), []
    long_total = long_good = 0
    for sample in samples():
        ok = _exact(sample)
        total[sample.encoding, sample.kind] += 1
        good[sample.encoding, sample.kind] += ok
        if len(sample.raw) > 100:
            long_total += 1
            long_good += ok
        if not ok:
            failures.append(sample.id)
    n, passed = sum(total.values()), sum(good.values())
    wrong = [k for k in total if k[1] == "html-wrong"]
    wrong_total, wrong_good = sum(total[k] for k in wrong), sum(good[k] for k in wrong)
    with capsys.disabled():
        print(f"\ndecode corpus: {passed}/{n} exact ({100 * passed / n:.2f}%); "
              f"> 100 bytes {long_good}/{long_total}; wrong declarations {wrong_good}/{wrong_total}")
        print(table(total, good))
        if failures:
            print("not exact:", ", ".join(failures[:40]))
    assert n > 3000 and wrong_total >= 40
    assert passed / n >= 0.995
    assert long_good == long_total
    assert wrong_good == wrong_total
