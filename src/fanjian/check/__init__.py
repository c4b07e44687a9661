"""Do the renditions say what the source says? Entities, numbers, leftover script.

The source and each rendition are laid out the same way (metadata fields, then blocks
and table cells) and folded (`script.fold`): text that differs only by conversion
folds to the same string, so entities found once in the source are looked up again in
every rendition by position or by `str.find`. A notice with any `error` finding is held
back; warnings and infos are published with the notice.

Owns the findings and the decision: entities, numbers, document numbers, leftover script,
links, the final text's plausibility, the flags worth an editor's look. Imports only the
shared layers (`fanjian.zh`, `model`, `errors`, `data`, `settings`).

>>> from fanjian.model import Block, Meta, Notice, Rendition
>>> source = Notice(Meta(title="区委书记范德繁强调", published="2024-02-19"), (Block("paragraph", "罗湖区3—5个"),))
>>> good = Rendition("zh-Hant-TW", "s2tw", Meta(title="區委書記范德繁強調"), (Block("paragraph", "羅湖區3—5個"),))
>>> check(source, {"zh-Hant-TW": good}).decision
'publish'
>>> bad = Rendition("zh-Hant-TW", "s2tw", Meta(title="區委書記範德繁強調"), (Block("paragraph", "羅湖區3—6個"),))
>>> [(f.kind, f.location) for f in check(source, {"zh-Hant-TW": bad}).findings]
[('number-changed', 'block 0'), ('text-differs', 'block 0'), ('person-altered', 'meta.title')]
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from fanjian.check.flags import with_flags
from fanjian.check.links import link_findings
from fanjian.check.values import docnumber_findings, value_findings
from fanjian.model import Block, Entity, Finding, Meta, Notice, Rendition, Report
from fanjian.zh.entities import RISKY_SURNAMES, named_entities
from fanjian.zh.layout import META_FIELDS, Document, document
from fanjian.zh.numerals import cancel_equal
from fanjian.zh.quantities import quantities
from fanjian.zh.script import family, find_all, fold, script_of, wrong_positions, wrong_script

HOLD_SEVERITIES = frozenset({"error"})
NAMED_KINDS = ("person", "place", "org", "title", "term")
# A block whose folded text changes length by more than this has lost or gained text.
DRIFT_CHARS, DRIFT_SHARE = 10, 0.1


def check(notice: Notice, renditions: dict[str, Rendition], today: date | None = None,
          layout: Document | None = None) -> Report:
    """Compare every rendition with the source; hold the notice on any error.
    `layout`: the notice's `document`, when the caller has it already."""
    src = layout if layout is not None else document(notice.meta, notice.blocks)
    found = named_entities(src.folded)
    named = [(kind, key) for kind in NAMED_KINDS for key in sorted(found[kind])]
    src_pos = {key: find_all(src.folded, key) for _, key in named}
    src_quant = quantities(src.folded)
    src_forms = _written(src.text, src_pos)
    src_quant_spans = _first_spans(src_quant)
    src_quant_forms = None  # made on first use: the renditions that write the source's text share it
    findings: list[Finding] = []
    forms: dict[str, dict[str, dict[str, int]]] = {}  # target -> key -> written forms -> count
    quant_forms: dict[str, dict[str, str]] = {}
    for target, rendition in renditions.items():
        doc = document(rendition.meta, rendition.blocks, like=src)
        same_layout = doc.labels == src.labels
        if not same_layout:
            findings.append(Finding("error", "block-count", f"{len(notice.blocks)} blocks in the source, {len(rendition.blocks)} here", target))
        if doc.folded == src.folded:
            pos, quant = src_pos, src_quant
        else:
            pos = {key: find_all(doc.folded, key) for key in src_pos}
            quant = quantities(doc.folded)
            findings += _compare_counts(named, src, src_pos, doc, pos, same_layout, target)
            numbers = _compare_quantities(src, src_quant, doc, quant, same_layout, target)
            findings += numbers + value_findings(src, doc, same_layout, target, {f.location for f in numbers})
            findings += docnumber_findings(src, doc, target)
            if same_layout:
                findings += _compare_parts(src, doc, target)
        if doc.text == src.text and pos is src_pos:
            forms[target] = src_forms
            if src_quant_forms is None:
                src_quant_forms = _spans_of(src.text, src_quant_spans)
            quant_forms[target] = src_quant_forms
        else:
            forms[target] = _written(doc.text, pos)
            quant_forms[target] = _spans_of(doc.text, src_quant_spans if quant is src_quant else _first_spans(quant))
        findings += _written_forms(named, src, src_pos, doc, pos, forms[target], target)
        findings += _leftovers(src, doc, rendition, target)
    findings += _check_meta(notice, today or date.today())
    findings += link_findings(notice)

    # The usual form of each key, once per table of forms (renditions may share the source's).
    usual: dict[int, dict[str, str]] = {}
    for table in forms.values():
        if id(table) not in usual:
            usual[id(table)] = {key: _commonest(w) for key, w in table.items() if w}
    named_in = _by_key({t: usual[id(table)] for t, table in forms.items()})
    entities = [
        Entity(kind, next(iter(src_forms[key]), key), named_in.get(key) or {}, len(src_pos[key])) for kind, key in named
    ]
    counts = Counter((kind, key) for kind, key, _ in src_quant)
    quant_in = _by_key(quant_forms)
    entities += [Entity(kind, key, quant_in.get(key) or {}, n) for (kind, key), n in sorted(counts.items())]
    decision = "hold" if any(f.severity in HOLD_SEVERITIES for f in findings) else "publish"
    return Report(tuple(entities), tuple(findings), decision)


def _by_key(tables: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """target -> key -> form, turned into key -> target -> form."""
    out: dict[str, dict[str, str]] = {}
    for target, table in tables.items():
        for key, form in table.items():
            if key in out:
                out[key][target] = form
            else:
                out[key] = {target: form}
    return out


def _first_spans(quant: list[tuple[str, str, int]]) -> dict[str, tuple[int, int]]:
    """Where each quantity's key first occurs."""
    return {key: (p, p + len(key)) for _, key, p in reversed(quant)}


def _spans_of(text: str, spans: dict[str, tuple[int, int]]) -> dict[str, str]:
    return {key: text[s:e] for key, (s, e) in spans.items()}


def _written(text: str, positions: dict[str, list[int]]) -> dict[str, dict[str, int]]:
    """key -> how often each form of it is written at its positions, in order of first use."""
    out = {}
    for key, at in positions.items():
        if len(at) == 1:
            out[key] = {text[at[0] : at[0] + len(key)]: 1}
            continue
        n = len(key)
        spans = [text[p : p + n] for p in at]
        # the usual case: one form
        out[key] = {spans[0]: len(spans)} if spans and spans.count(spans[0]) == len(spans) else dict(Counter(spans))
    return out


def _commonest(written: dict[str, int]) -> str:
    """The form written most often; on a tie the first written (as `Counter.most_common`)."""
    if len(written) == 1:
        return next(iter(written))
    return max(written, key=written.__getitem__)


def _source_form(src: Document, key: str, positions: list[int]) -> str:
    return src.text[positions[0] : positions[0] + len(key)] if positions else key


def _compare_counts(named, src, src_pos, doc, pos, same_layout, target) -> list[Finding]:
    """Entities that a rendition lost or gained, by part when the layout is the same."""
    out = []
    for kind, key in named:
        if len(src_pos[key]) == len(pos[key]) and (not same_layout or src_pos[key] == pos[key]):
            continue
        if not same_layout:
            where = [("", len(src_pos[key]), len(pos[key]))]
        else:
            before = Counter(src.locate(p) for p in src_pos[key])
            after = Counter(doc.locate(p) for p in pos[key])
            where = [(src.labels[i], before[i], after[i]) for i in sorted(before | after) if before[i] != after[i]]
        for location, n_src, n_here in where:
            kind_of = "missing" if n_here < n_src else "added"
            written = _source_form(src, key, src_pos[key])
            out.append(Finding("error", f"{kind}-{kind_of}", f"{kind} {written}: {n_src} in the source, {n_here} here", target, location))
    return out


def _compare_quantities(src, src_quant, doc, quant, same_layout, target) -> list[Finding]:
    def by_part(d: Document, qs) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        for _kind, key, p in qs:
            out.setdefault(d.labels[d.locate(p)] if same_layout else "", Counter())[key] += 1
        return out

    before, after = by_part(src, src_quant), by_part(doc, quant)
    out = []
    for location in sorted(set(before) | set(after), key=lambda loc: src.labels.index(loc) if loc else 0):
        lost = before.get(location, Counter()) - after.get(location, Counter())
        gained = after.get(location, Counter()) - before.get(location, Counter())
        lost, gained = cancel_equal(lost, gained, *_part_texts(src, doc, location))  # 120个 = 一百二十个
        if lost or gained:
            detail = ", ".join([f"{k} missing" for k in sorted(lost)] + [f"{k} added" for k in sorted(gained)])
            out.append(Finding("error", "number-changed", f"numbers differ from the source: {detail}", target, location))
    return out


def _part_texts(src: Document, doc: Document, location: str) -> tuple[str, str]:
    if not location:
        return src.folded, doc.folded
    i = src.labels.index(location)
    return src.part(i), doc.part(i)


def _compare_parts(src: Document, doc: Document, target: str) -> list[Finding]:
    """Parts whose folded text differs: the title, or text lost or gained beyond conversion."""
    out = []
    for i, label in enumerate(src.labels):
        a, b = src.part(i), doc.part(i)
        if a == b:
            continue
        drift = abs(len(a) - len(b))
        if label == "meta.title":
            out.append(Finding("error", "title-differs", f"title differs from the source beyond conversion: {b!r}", target, label))
        elif drift > DRIFT_CHARS or drift > DRIFT_SHARE * len(a):
            out.append(Finding("error", "text-changed", f"{len(a)} characters in the source, {len(b)} here", target, label))
        else:
            out.append(Finding("warning", "text-differs", "text differs from the source beyond conversion", target, label))
    return out


def _written_forms(named, src, src_pos, doc, pos, forms, target) -> list[Finding]:
    """An entity must be written one way in a rendition, and a name keep its surname."""
    out = []
    for kind, key in named:
        written = forms[key]
        if len(written) > 1:
            as_source = {src.text[p : p + len(key)] for p in src_pos[key]}
            severity = "warning" if as_source == set(written) else "error"
            # The usual form: the commonest, on a tie the one with no character of the other script.
            usual = max(written, key=lambda w: (written[w], not any(wrong_script(w, family(target)))))
            odd = next(p for p in pos[key] if doc.text[p : p + len(key)] != usual)
            listed = " / ".join(sorted(written))
            out.append(Finding(severity, "written-two-ways", f"{kind} written {len(written)} ways: {listed}", target, doc.labels[doc.locate(odd)]))
        if kind == "person" and key[0] in RISKY_SURNAMES:
            altered = [p for p in pos[key] if doc.text[p] != key[0]]
            if altered:
                where = doc.labels[doc.locate(altered[0])]
                out.append(Finding("error", "person-altered", f"{key} written as {doc.text[altered[0] : altered[0] + len(key)]}", target, where))
    return out


def _protected(text: str, rendition: Rendition) -> list[tuple[int, int]]:
    spans = []
    for change in {c.text for c in rendition.changes if c.text}:
        spans += [(p, p + len(change)) for p in find_all(text, change)]
    return spans


def _leftovers(src: Document, doc: Document, rendition: Rendition, target: str) -> list[Finding]:
    """Characters of the other script, outside protected spans, grouped by part.

    Kept as the source writes them (same script, same place): a warning; otherwise an error.
    """
    script = family(target)
    hits = wrong_positions(doc.text, script)
    if not hits:
        return []
    protected = _protected(doc.text, rendition)
    aligned = len(src.text) == len(doc.text) and script_of(src.text) == script
    groups: dict[tuple[str, str], list[str]] = {}
    for p in hits:
        if any(s <= p < e for s, e in protected):
            continue
        severity = "warning" if aligned and src.text[p] == doc.text[p] else "error"
        groups.setdefault((severity, doc.labels[doc.locate(p)]), []).append(doc.text[p])
    out = []
    for (severity, location), chars in groups.items():
        how = "kept as the source writes it" if severity == "warning" else "left"
        out.append(Finding(severity, "wrong-script", f"{len(chars)} characters of the other script {how}: {''.join(dict.fromkeys(chars))}", target, location))
    return out


def _check_meta(notice: Notice, today: date) -> list[Finding]:
    published = notice.meta.published
    if not published:
        return [Finding("warning", "no-date", "no publish date found", location="meta.published")]
    try:
        when = date.fromisoformat(published[:10])
    except ValueError:
        return [Finding("error", "bad-date", f"publish date {published!r} does not parse", location="meta.published")]
    if when > today:
        return [Finding("error", "future-date", f"publish date {published} lies in the future", location="meta.published")]
    return []


__all__ = ["META_FIELDS", "Block", "Meta", "check", "fold", "with_flags"]
