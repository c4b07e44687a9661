"""Repairs measured on generated damage over clean paragraphs of both scripts.

Run with `-s` to see the measured rates.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

import pytest

from fanjian.repair import UNRESOLVED, apply_repairs, find_byte_shifts, find_folded_punctuation, find_glosses, repair
from fanjian.zh.script import script_of

from .damage import (
    clean_paragraphs,
    fold_punctuation,
    fresh_documents,
    inject_glosses,
    notice_documents,
    random_shift,
    shift_in_document,
)

SCRIPTS = ("zh-Hans", "zh-Hant")

# Parentheses that are not glosses, each after the Han character it follows in real text.
LEGITIMATE = [
    "国内生产总值(GDP)", "（2024年）", "(一)", "（二）", "附件(A)", "(政府)", "新华社(Xinhua)",
    "世界卫生组织(WHO)", "办法(试行)", "条例（草案）", "方案(以下简称“方案”)", "年(2024)",
    "公告（第1号）", "表(单位：万元)", "细颗粒物(PM2.5)", "手机(iPhone)", "款(a)", "项(b)",
    "目(i)", "条(ii)", "技术(ICT)", "总理李强(Li Qiang)", "人工智能(AI)", "指数(CPI)",
    "价格(PPI)", "北京(Beijing)", "深圳(Shenzhen)", "姓李(Li)", "王(Wang)", "湖(Hu)",
    "马(Ma)", "座位(B2)", "附件(A1)", "区(district)", "市(city)", "会议(meeting)",
    "图(1)", "（三）", "香港(Hong Kong)", "中国日报(China Daily)", "(单位:亿元)",
]


def test_the_legitimate_list_is_long_enough():
    assert len(LEGITIMATE) >= 30


@pytest.mark.parametrize("script", SCRIPTS)
def test_injected_glosses_all_go_and_nothing_else_changes(script):
    rng = random.Random(20240219)
    paragraphs = clean_paragraphs()[script]
    injected = removed = 0
    for paragraph in paragraphs:
        damaged, glosses = inject_glosses(paragraph, rng, rng.randint(2, 6))
        found = find_glosses(damaged)
        injected += len(glosses)
        removed += sum(r.before in glosses for r in found)
        assert apply_repairs(damaged, found) == paragraph, damaged
        assert repair(damaged).text == repair(paragraph).text
    print(f"\n{script}: {len(paragraphs)} paragraphs, {injected} glosses, {removed} removed "
          f"({removed / injected:.1%})")
    assert removed == injected


@pytest.mark.parametrize("script", SCRIPTS)
def test_legitimate_parentheses_stay_among_glosses(script):
    rng = random.Random(7)
    paragraphs = clean_paragraphs()[script]
    kept = 0
    for k, legit in enumerate(LEGITIMATE):
        paragraph = paragraphs[k % len(paragraphs)]
        at = rng.randrange(len(paragraph))
        clean = paragraph[:at] + "，" + legit + "，" + paragraph[at:]
        text, glosses = inject_glosses(clean, rng, 3)
        found = find_glosses(text)
        assert [r.before for r in found] == glosses
        assert apply_repairs(text, found) == clean
        kept += 1
    print(f"\n{script}: {kept} legitimate parentheses among glosses, 0 false removals")


@dataclass
class ShiftScore:
    runs: int = 0
    survived: int = 0  # characters inside runs that kept both bytes
    survived_ok: int = 0
    exact: int = 0  # runs with both edge characters exact
    flagged: int = 0  # runs with an edge left as U+FFFD, recorded as unresolved
    outside: int = 0  # runs whose repaired text differs from the original outside the run
    unrecorded: int = 0  # U+FFFD in a repair's output without an unresolved record

    def add(self, original: str, damaged: str, start: int, original_end: int, damaged_end: int) -> None:
        repairs = find_byte_shifts(damaged)
        fixed = apply_repairs(damaged, repairs)
        grown = len(fixed) - len(damaged)
        self.runs += 1
        self.outside += not (fixed[:start] == original[:start]
                             and fixed[damaged_end + grown :] == original[original_end:])
        want = original[start:original_end]
        got = fixed[start : damaged_end + grown]
        if len(got) == len(want):
            self.survived += len(want) - 2
            self.survived_ok += sum(a == b for a, b in zip(got[1:-1], want[1:-1]))
            self.exact += got[0] == want[0] and got[-1] == want[-1]
        else:
            self.survived += len(want) - 2
        self.flagged += "\ufffd" in got
        self.unrecorded += sum(r.after.count("\ufffd") for r in repairs if r.kind != UNRESOLVED)

    def __str__(self) -> str:
        return (f"{self.runs} runs, survived characters {self.survived_ok / max(self.survived, 1):.1%} restored, "
                f"both edges exact {self.exact / self.runs:.1%}, an edge flagged {self.flagged / self.runs:.1%}, "
                f"{self.outside} changed outside")


def _measure_paragraphs(script: str, encoding: str, mark: str, seed: int) -> ShiftScore:
    rng = random.Random(seed)
    score = ShiftScore()
    for paragraph in clean_paragraphs()[script]:
        shifted = random_shift(paragraph, encoding, mark, rng)
        if shifted is not None:
            score.add(paragraph, shifted.damaged, shifted.start, shifted.original_end, shifted.damaged_end)
    return score


def _measure_documents(documents: dict[str, str], encoding: str, seed: int, per_document: int = 8) -> ShiftScore:
    rng = random.Random(seed)
    score = ShiftScore()
    for document in documents.values():
        if encoding == "big5" and script_of(document) != "traditional":
            continue  # Simplified text has too few characters in Big5 to carry a run
        for _ in range(per_document):
            shifted = shift_in_document(document, encoding, "?", rng)
            if shifted is not None:
                score.add(shifted.original, shifted.damaged, shifted.start, shifted.original_end, shifted.damaged_end)
    return score


# Simplified text has too few characters in Big5 to carry a run.
SHIFT_CASES = [
    (script, encoding, mark)
    for script in SCRIPTS
    for encoding in ("gbk", "big5")
    for mark in ("?", "\ufffd")
    if not (script == "zh-Hans" and encoding == "big5")
]


@pytest.mark.parametrize(("script", "encoding", "mark"), SHIFT_CASES)
def test_byte_shift_runs_are_restored_in_paragraphs(script, encoding, mark):
    """A paragraph alone: the edges have only the paragraph for evidence."""
    score = _measure_paragraphs(script, encoding, mark, seed=11)
    print(f"\n{script} {encoding} mark={mark!r}: {score}")
    assert score.runs >= 100
    assert score.survived_ok / score.survived >= 0.95
    assert score.exact / score.runs >= 0.80  # issue #26's acceptance (81.3-84.5 % measured)
    assert (score.exact + score.flagged) / score.runs >= 0.90
    assert score.outside == 0
    assert score.unrecorded == 0


@pytest.mark.parametrize("encoding", ["gbk", "big5"])
def test_byte_shift_runs_are_restored_in_documents(encoding):
    """A paragraph inside its document, as the pipeline repairs it."""
    score = _measure_documents(notice_documents(), encoding, seed=5)
    print(f"\nnotice documents, {encoding}: {score}")
    assert score.runs >= 100
    assert score.exact / score.runs >= {"gbk": 0.82, "big5": 0.93}[encoding]  # 83.9 %, 95.4 % measured
    assert (score.exact + score.flagged) / score.runs >= 0.88
    assert score.outside == 0
    assert score.unrecorded == 0


@pytest.mark.slow
def test_fresh_documents_byte_shifts():
    """Held-out documents (never tuned on): with the shared corpus's pages, 81.4 % exact and
    88.8 % exact or flagged (before the edges read words and paired marks: 74.9 %, 88 %); the
    project's own 56 runs alone give 70 % and 86 % (before: 52 %, 79 %), so without those
    pages the floors are looser."""
    documents = fresh_documents()
    score = _measure_documents(documents, "gbk", seed=5)
    print(f"\nfresh documents, gbk: {score}")
    shared = any(name.startswith("pages2/") for name in documents)
    assert score.exact / score.runs >= (0.80 if shared else 0.60)
    assert (score.exact + score.flagged) / score.runs >= (0.85 if shared else 0.75)
    assert score.outside == 0
    assert score.unrecorded == 0


def test_a_mark_before_clean_text_is_left_alone():
    rng = random.Random(3)
    tried = changed = 0
    for script in SCRIPTS:
        for paragraph in clean_paragraphs()[script]:
            for mark in ("?", "\ufffd"):
                at = rng.randrange(1, len(paragraph))
                if paragraph[at].isascii():
                    continue
                tried += 1
                changed += bool(find_byte_shifts(paragraph[:at] + mark + paragraph[at:]))
    print(f"\n{tried} clean paragraphs with a stray mark, {changed} changed")
    assert tried >= 300
    assert changed == 0


# ---- folded punctuation ------------------------------------------------------------------------


def _measure_folding(documents: dict[str, str]) -> tuple[Counter, Counter, int]:
    """Per kind of mark: how many were folded, how many came back exactly; and how many
    marks the repair changed that the fold had not made (ASCII in the original)."""
    folded, restored, other = Counter(), Counter(), 0
    for document in documents.values():
        damaged, spots = fold_punctuation(document)
        widened = {r.start: r.after for r in repair(damaged).repairs if r.kind == "punctuation-width"}
        for i in spots:
            folded[document[i]] += 1
            restored[document[i]] += widened.get(i, damaged[i]) == document[i]
        other += len(widened.keys() - set(spots))
    return folded, restored, other


def _report(name: str, folded: Counter, restored: Counter, other: int) -> float:
    rate = sum(restored.values()) / sum(folded.values())
    kinds = ", ".join(f"{k} {restored[k]}/{n}" for k, n in folded.most_common())
    print(f"\n{name}: {sum(folded.values())} folded marks, {rate:.2%} restored exactly ({kinds}); "
          f"{other} marks that were ASCII in the original widened")
    return rate


def test_folded_notice_documents_get_every_mark_back():
    rate = _report("notice documents", *_measure_folding(notice_documents()))
    assert rate >= 0.98


def test_fresh_folded_documents_get_every_mark_back():
    """Held out: paragraphs written for the project and the second page corpus."""
    documents = fresh_documents()
    rate = _report(f"fresh documents ({len(documents)})", *_measure_folding(documents))
    assert rate >= 0.98


def test_documents_as_written_are_left_alone():
    """Unfolded, every document keeps its marks, the ASCII ones its authors chose included."""
    changed = [name for name, document in {**notice_documents(), **fresh_documents()}.items()
               if find_folded_punctuation(document)]
    assert changed == []


WIDE_TO_ASCII = {"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"}


def _mixed_width(document: str, kind: str) -> str:
    """The document with its （） made ASCII throughout, or with one kind of mark made ASCII
    in its first paragraph that has one, as an author who mixes widths writes."""
    to_ascii = str.maketrans({wide: WIDE_TO_ASCII[wide] for wide in kind})
    if kind == "（）":
        return document.translate(to_ascii)
    lines = document.split("\n")
    for k, line in enumerate(lines):
        if any(wide in line for wide in kind):
            return "\n".join(lines[:k] + [line.translate(to_ascii)] + lines[k + 1 :])
    return document


@pytest.mark.parametrize("kind", ["（）", "，", "：；"])
def test_mixed_width_documents_are_unchanged(kind):
    """A document that keeps full-width marks wrote its ASCII ones on purpose."""
    tried = 0
    for document in notice_documents().values():
        mixed = _mixed_width(document, kind)
        if mixed != document and "，" in mixed:
            tried += 1
            assert find_folded_punctuation(mixed) == [], mixed[:60]
    print(f"\n{tried} mixed-width documents ({kind} made ASCII), 0 changed")
    assert tried >= 15
