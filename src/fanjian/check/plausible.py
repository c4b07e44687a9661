"""The last check on the final text: does it read as Chinese at all?

A wrong decoding (GBK read as Big5, UTF-8 read as GBK, a file whose lines are in two
encodings) turns every character into another real character, so no check that compares
a rendition with its source can see it: both are the same garbage. The character model's
bigram view (`fanjian.zh.plausibility.text_log_prob`) can: real text, names and bylines
included, scores above about -9 nats per Han character, wrong decodings below -11. A part of the notice below
IMPLAUSIBLE holds the notice; so does a text too short to tell its encoding when the
decoder itself was unsure.

>>> from fanjian.model import Block, Meta, Rendition
>>> good = Rendition("zh-Hans", "none", Meta(title="通知"), (Block("paragraph", "深圳市罗湖区人民政府关于开展安全检查的通知"),))
>>> plausibility_findings({"zh-Hans": good}, 1.0)
[]
>>> bad = Rendition("zh-Hans", "none", Meta(title="通知"), (Block("paragraph", "珨﹜跪谁耋域岈揭猁询仅笭弝"),))
>>> [(f.severity, f.kind, f.location) for f in plausibility_findings({"zh-Hans": bad}, 1.0)]
[('error', 'implausible-text', 'block 0')]
"""

from __future__ import annotations

import dataclasses

from fanjian.model import Finding, Rendition, Report, texts_of
from fanjian.zh.layout import document
from fanjian.zh.plausibility import han_means

# Mean log probability per Han character (nats). Measured on 47 real pages of the corpora:
# the lowest part scored -8.8 (a byline of rare given names); wrong decodings of the
# fixtures and of mixed UTF-8/GBK files score -11 to -14.
IMPLAUSIBLE = -10.5
MIN_HAN = 3  # fewer Han characters in a part say too little to judge it
# A part of 3-5 Han characters is judged with more margin: one rare character weighs more.
SHORT_PART, IMPLAUSIBLE_SHORT = 6, -12.0
# Person names are rare characters by nature (王頔 scores -13): judged through the other parts.
NAME_FIELDS = frozenset({"meta.author", "meta.editor"})
# A whole notice of fewer Han characters than this cannot show which encoding it is in:
# held unless the decoder was sure (a BOM, a declaration the bytes agree with).
TOO_SHORT = 4
SURE = 0.99


def mean_log_prob(text: str) -> tuple[float, int]:
    """Mean log probability per Han character of the text's Han runs, and their count."""
    return han_means([text])[0]


def plausibility_findings(renditions: dict[str, Rendition], confidence: float) -> list[Finding]:
    """Errors for parts of the final text that do not read as Chinese (one per part: every
    rendition of garbage is garbage), and for a text too short to tell its encoding."""
    if not renditions:
        return []
    first = next(iter(renditions.values()))
    doc = document(first.meta, first.blocks)
    out = []
    han_total = 0
    parts = [doc.part(i) for i in range(len(doc.labels))]
    for label, part, (mean, count) in zip(doc.labels, parts, han_means(parts)):
        han_total += count
        if label in NAME_FIELDS or count < MIN_HAN:
            continue
        if mean < (IMPLAUSIBLE if count >= SHORT_PART else IMPLAUSIBLE_SHORT):
            out.append(Finding("error", "implausible-text",
                               f"text does not read as Chinese (wrong encoding?): {part[:20]}…", "", label))
    if not out and han_total < TOO_SHORT and confidence < SURE and any(texts_of(first.meta, first.blocks)):
        out.append(Finding("error", "encoding-unsure",
                           f"only {han_total} Chinese characters: too few to be sure of the encoding "
                           f"(decoder {confidence:.0%} sure)", "", doc.labels[0] if doc.labels else ""))
    return out


def with_final_check(report: Report, renditions: dict[str, Rendition], confidence: float) -> Report:
    """The report with the plausibility errors first; any holds the notice."""
    found = plausibility_findings(renditions, confidence)
    if not found:
        return report
    return dataclasses.replace(report, findings=tuple(found) + report.findings, decision="hold")


__all__ = ["IMPLAUSIBLE", "mean_log_prob", "plausibility_findings", "with_final_check"]
