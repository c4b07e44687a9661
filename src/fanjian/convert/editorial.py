"""The editorial steps around conversion, for `pipeline.process`: the user's rules
(`fanjian.rules`, read by the edge and passed in), document numbers (`docnumbers`), regional quotes (`punctuation`) and the
character defaults an editor should check (`ambiguity`). Every change is logged for the
bundle (`Plan.log`: which rule changed what, where, how often).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from fanjian.convert import ambiguity
from fanjian.convert.quotes import regional_quotes
from fanjian.convert.text import ConvertOptions, convert_text
from fanjian.model import Change, Notice, Rendition, SourceInfo, map_texts, replaced
from fanjian.rules import Rule, apply_after, apply_before
from fanjian.zh import docnumbers
from fanjian.zh.layout import Document, document


@dataclass
class Plan:
    notice: Notice  # after replace-before rules
    rules: tuple[Rule, ...] = ()
    protected: dict[str, str] = field(default_factory=dict)  # term -> why ("rule ..." / "document number")
    entries: tuple[tuple[str, str], ...] = ()  # dictionary entries the protection needs
    numbers: list = field(default_factory=list)  # docnumbers.DocNumber of the source document
    log: list[dict] = field(default_factory=list)
    layout: Document | None = None  # the notice's texts laid out (check.document), once per notice


def prepare(notice: Notice, rules: tuple[Rule, ...], settings) -> Plan:
    """Replace-before rules applied to the source; protected terms (the rules' and the
    document numbers') turned into dictionary entries."""
    log: list[dict] = []
    notice = apply_before(notice, rules, log)
    protected = {r.find: f"rule {r.origin}" for r in rules if r.kind == "protect"}
    layout = document(notice.meta, notice.blocks)
    text = layout.text
    numbers = docnumbers.find(text) if ("号" in text or "號" in text) else []
    entries = docnumbers.protected_entries(numbers, settings.doc_numbers)
    for simp, _ in entries:
        protected.setdefault(simp, f"document number ({settings.doc_numbers})")
    entries = tuple((t, t) for t in protected if t not in dict(entries)) + entries
    return Plan(notice, rules, protected, entries, numbers, log, layout)


def options(plan: Plan, base: ConvertOptions) -> ConvertOptions:
    return dataclasses.replace(base, entries=base.entries + plan.entries) if plan.entries else base


def finish(plan: Plan, rendition: Rendition, source: str, opts: ConvertOptions, settings) -> Rendition:
    """Protection recorded, replace-after rules, regional quotes, then the character defaults."""
    if plan.protected:
        rendition = _record_protection(plan, rendition, source, opts)
    rendition = apply_after(rendition, plan.rules, plan.log)
    if rendition.target in settings.regional_quotes and rendition.target.startswith("zh-Hant"):
        rendition = _quotes(plan, rendition)
    return ambiguity.annotate(plan.notice, rendition, source, opts.entries, opts.phrases, tuple(plan.protected),
                              plan.layout)


def _record_protection(plan: Plan, rendition: Rendition, source: str, opts: ConvertOptions) -> Rendition:
    """One `protect` change per protected term the conversion would have written otherwise."""
    out = document(rendition.meta, rendition.blocks).text
    changes = [c for c in rendition.changes
               if not (c.kind == "user" and c.reason.startswith("user entry ")
                       and set(c.reason[len("user entry "):].split()) <= set(plan.protected))]
    for term, why in plan.protected.items():
        n = out.count(term)
        plain = convert_text(term, rendition.target, source, phrases=opts.phrases)
        if n and plain != term:
            changes.append(Change("protect", term, plain, why))
            plan.log.append({"rule": why, "kind": "protect", "target": rendition.target, "location": "",
                             "before": plain, "after": term, "count": n})
    return replaced(rendition, changes=tuple(changes))


def _quotes(plan: Plan, rendition: Rendition) -> Rendition:
    keep = tuple(plan.protected) + tuple(c.text for c in rendition.changes if c.kind in ("protect", "user"))
    total = 0

    def conv(text: str) -> str:
        nonlocal total
        text, n = regional_quotes(text, keep)
        total += n
        return text

    meta, blocks = map_texts(rendition.meta, rendition.blocks, conv)
    if not total:
        return rendition
    plan.log.append({"rule": "regional quotes", "kind": "punctuation", "target": rendition.target, "location": "",
                     "before": "“”‘’", "after": "「」『』", "count": total})
    change = Change("punctuation", "「", "“", f"regional quotes: {total} marks")
    return replaced(rendition, meta=meta, blocks=blocks, changes=rendition.changes + (change,))


def record(plan: Plan, source: SourceInfo) -> dict:
    """What the bundle says about the rules, document numbers and their changes."""
    return {"rules_file": source.rules_path, "log": plan.log,
            "doc_numbers": [{"kind": n.kind, "text": n.text, "body": n.body} for n in plan.numbers]}


__all__ = ["Plan", "finish", "options", "prepare", "record"]
