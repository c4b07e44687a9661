"""Script conversion with OpenCC, protecting names and fixing what OpenCC gets wrong.

Text in any state (Simplified, Traditional, half converted) goes through a Simplified
pivot, then OpenCC's configuration for the target. Protected spans (names found by the
entity rules, terms in `data/protected_terms.tsv`) are cut out before OpenCC runs and
written as the data says, and every such change is recorded.

>>> convert_text("区委书记范德繁强调新征程", "zh-Hant-TW")
'區委書記范德繁強調新征程'
>>> convert_text("實干為先，人后示范", "zh-Hant-TW")
'實幹為先，人後示範'
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .data import read_tsv
from .entities import RISKY_SURNAMES, people
from .errors import SettingsError
from .model import Change, Notice, Rendition
from .script import converter, simplified_view

# Target tag -> OpenCC configuration from the Simplified pivot.
TARGETS = {"zh-Hans": None, "zh-Hant": "s2t", "zh-Hant-TW": "s2tw", "zh-Hant-HK": "s2hk"}
TRADITIONAL_TARGETS = frozenset(t for t in TARGETS if t.startswith("zh-Hant"))
PROTECTED = {row[0]: {"zh-Hans": row[1], "trad": row[2]} for row in read_tsv("protected_terms.tsv")}
META_TEXT_FIELDS = ("site", "title", "source", "author", "publisher", "editor", "doc_number")


@dataclass(frozen=True)
class ScriptProfile:
    """Which script the source is in, and the share of characters that decided it."""

    script: str  # simplified | traditional | mixed | none
    simplified: float  # share of deciding characters that are Simplified-only
    traditional: float  # share that are Traditional-only


def profile(text: str) -> ScriptProfile:
    """
    >>> profile("羅湖區人民政府").script, profile("罗湖区人民政府").script
    ('traditional', 'simplified')
    """
    view = simplified_view(text)
    trad = sum(1 for a, b in zip(text, view) if a != b)
    simp_view = converter("s2t").convert(text)
    simp = sum(1 for a, b in zip(text, simp_view) if a != b) if len(simp_view) == len(text) else 0
    total = trad + simp
    if not total:
        return ScriptProfile("none", 0.0, 0.0)
    t_share, s_share = trad / total, simp / total
    script = "traditional" if t_share >= 0.8 else "simplified" if s_share >= 0.8 else "mixed"
    return ScriptProfile(script, round(s_share, 3), round(t_share, 3))


def _pivot(text: str, source: str | None) -> str:
    """Text in the Simplified pivot; input already Simplified is left alone."""
    if source == "zh-Hans" or text.isascii():
        return text
    config = {"zh-Hant-TW": "tw2s", "zh-Hant-HK": "hk2s"}.get(source or "", "t2s")
    return converter(config).convert(text)


def _protected_spans(pivot: str, names: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, term) for names and terms in the pivot, longest first, no overlap."""
    terms = [(t, "protect") for t in PROTECTED] + [(n, "name") for n in names]
    terms.sort(key=lambda item: len(item[0]), reverse=True)
    taken = [False] * len(pivot)
    spans = []
    for term, kind in terms:
        for m in re.finditer(re.escape(term), pivot):
            if not any(taken[m.start() : m.end()]):
                spans.append((m.start(), m.end(), kind, term))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    return sorted(spans)


def _render_protected(term: str, kind: str, target: str, opencc_out: str) -> str:
    family = "zh-Hans" if target == "zh-Hans" else "trad"
    if kind == "protect":
        return PROTECTED[term][family]
    # A name: the surname stays as written in Simplified, the given name converts.
    return term[0] + opencc_out[1:] if len(opencc_out) == len(term) else opencc_out


def convert_explained(
    text: str, target: str, source: str | None = None, names: frozenset[str] = frozenset()
) -> tuple[str, list[Change]]:
    """Convert `text` to `target`; return the text and the changes beyond plain OpenCC."""
    if target not in TARGETS:
        raise SettingsError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    pivot = _pivot(text, source)
    config = TARGETS[target]
    run = converter(config).convert if config else (lambda s: s)
    out, changes, last = [], [], 0
    for start, end, kind, term in _protected_spans(pivot, names):
        out.append(run(pivot[last:start]))
        plain = run(term)
        written = _render_protected(term, kind, target, plain)
        if written != plain:
            changes.append(Change(kind, written, plain, f"{kind} {term}"))
        out.append(written)
        last = end
    out.append(run(pivot[last:]))
    return "".join(out), changes


def convert_text(text: str, target: str, source: str | None = None) -> str:
    """Convert one text to a target script; names and protected terms are kept."""
    names = frozenset(n for n in people(text) if n[0] in RISKY_SURNAMES)
    return convert_explained(text, target, source, names)[0]


def convert_notice(notice: Notice, target: str, source: str | None = None) -> Rendition:
    """One rendition of a notice: every block and metadata text converted alike."""
    whole = "\n".join([notice.meta.title] + [b.text for b in notice.blocks])
    names = frozenset(n for n in people(whole) if n[0] in RISKY_SURNAMES)
    changes: list[Change] = []

    def conv(s: str) -> str:
        converted, found = convert_explained(s, target, source, names)
        changes.extend(found)
        return converted

    meta = dataclasses.replace(notice.meta, **{f: conv(getattr(notice.meta, f)) for f in META_TEXT_FIELDS})
    blocks = tuple(
        dataclasses.replace(b, text=conv(b.text), rows=tuple(tuple(conv(c) for c in row) for row in b.rows))
        for b in notice.blocks
    )
    config = (TARGETS[target] or "none") if source == "zh-Hans" else f"t2s+{TARGETS[target] or 'none'}"
    return Rendition(target, config, meta, blocks, tuple(changes))


__all__ = ["TARGETS", "ScriptProfile", "convert_explained", "convert_notice", "convert_text", "profile"]
