"""Script conversion with OpenCC, keeping names and repairing half-converted text.

Simplified text goes through OpenCC's configuration for the target (s2t, s2tw, s2hk; the
phrase-localising s2twp/s2hkp only when asked), with the project dictionary
(`data/protected_terms.tsv`) added as an inline OpenCC dictionary. Traditional text keeps
what is right: only Simplified forms out of place are changed, in phrase context and at
word level (half-conversion repair, `halfconv`, `wordlevel`), then OpenCC's variant step
(t2tw, t2hk, tw2t, ...) runs. Then, at word level (`wordlevel`, words from jieba): an
OpenCC phrase that crosses a word boundary is refused, person names are written character
by character with their surname as written, and a Traditional character with several
Simplified forms takes the one its word needs. Every character that differs from plain
OpenCC is recorded as a `Change` with its reason.

>>> convert_text("区委书记范德繁强调新征程", "zh-Hant-TW")
'區委書記范德繁強調新征程'
>>> convert_text("實干為先，不甘人后，作示范，奮斗，擂起奮進催征的戰鼓", "zh-Hant-TW")
'實幹為先，不甘人後，作示範，奮鬥，擂起奮進催征的戰鼓'
>>> convert_text("出席的有于晓丽、余建、涂志华等，村干部带头发展", "zh-Hant-TW")
'出席的有于曉麗、余建、涂志華等，村幹部帶頭發展'
"""

from __future__ import annotations

from fanjian.convert.clauses import han_clauses
from fanjian.convert.dictionary import dictionary_changes
from fanjian.convert.halfconv import repair_half_converted
from fanjian.convert.namescope import name_may_matter, traditional_hot
from fanjian.convert.simplified import choose_simplified, simplified_sites
from fanjian.convert.steps import (
    PROJECT_CONFIGS,
    SEPARATORS,
    TARGETS,
    ConvertOptions,
    Fields,
    run_steps,
    steps_for,
    with_chars,
)
from fanjian.convert.wordlevel import (
    people,
    refine_boundaries,
    repair_words,
    word_fixes,
    write_names,
)
from fanjian.errors import SettingsError
from fanjian.model import Change, Notice, Rendition, map_texts, texts_of
from fanjian.zh.script import ScriptProfile, profile, view_uncached

Names = list[tuple[int, int, int, bool]]  # (start, end, surname length, confirmed)


def config_name(source: str, target: str, options: ConvertOptions = ConvertOptions()) -> str:
    """The conversion recorded in the bundle, e.g. 'data/opencc/s2tw.json'."""
    steps = steps_for(source, target, options.phrases)
    named = [f"data/opencc/{s}.json" if s in PROJECT_CONFIGS else f"{s}.json" for s in steps]
    if source != "zh-Hans" and target != "zh-Hans":
        named.insert(0, "half-conversion repair")
    return " + ".join(named) or "none"


def convert_explained(text: str, target: str, source: str | None = None,
                      options: ConvertOptions = ConvertOptions()) -> tuple[str, list[Change]]:
    """Convert `text` to `target`; return the text and the changes beyond plain OpenCC.

    `source` is a BCP 47 tag (zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK), found by
    `profile` when None.
    """
    return _convert_one(text, target, source, options, explain=True)


def _checked(text: str, target: str, source: str | None) -> str:
    if target not in TARGETS:
        raise SettingsError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    if source is None:
        source = profile(text).source
    if source not in TARGETS:
        raise SettingsError(f"unknown source {source!r}; choose from {', '.join(TARGETS)}")
    return source


def _convert_one(text: str, target: str, source: str | None, options: ConvertOptions,
                 explain: bool) -> tuple[str, list[Change]]:
    source = _checked(text, target, source)
    out, located = _convert_located(text, target, source, options, Fields.one(text), explain)
    return out, [change for _, change in sorted(located, key=lambda c: c[0][1:])]


def _convert_located(text: str, target: str, source: str, options: ConvertOptions,
                     fields: Fields, explain: bool = True) -> tuple[str, list[tuple[tuple[int, int, int], Change]]]:
    """The conversion of `convert_explained`; each change keyed (text index, kind order, position).
    With explain=False only the text is made (nothing is rerun to explain)."""
    entries = options.entries
    steps = steps_for(source, target, options.phrases)
    view = text if source == "zh-Hans" else view_uncached(text)
    names: Names = []
    # (position, kind order, change): repairs (0), dictionary changes (1), word level (2)
    changes: list[tuple[int, int, Change]] = []
    if source != "zh-Hans" and target != "zh-Hans":
        repaired, fixed = repair_half_converted(text, source, entries, fields)
        leftovers = frozenset(i for i, _, _ in fixed)
        # repair_words decides each site alone and a name only takes out the site it starts
        # at: names are sure where they can start at a site the name-free repair changed
        fixes = word_fixes(repaired, view, entries, leftovers)
        names = people(text, view, hot=[], hot_starts=sorted(fixes))
        repaired, by_word = repair_words(repaired, view, entries, names, leftovers, fixes)
        fixed = sorted(fixed + by_word)
        out = run_steps(repaired, steps, entries)
        if fixed and explain:
            plain = run_steps(text, steps, None)
            if len(plain) == len(out):
                changes += [(i, 0, Change("half-conversion", out[i], plain[i], f"{before} is a Simplified form here: {after}"))
                            for i, before, after in fixed if out[i] != plain[i]]
    else:
        out = run_steps(text, steps, entries)
        if explain:
            changes += [(i, 1, change) for i, change in dictionary_changes(text, out, steps, entries, fields)]
    if len(fields.starts) > 1 and len(out) != len(text):
        raise _LengthChanged
    if source == "zh-Hans" and target != "zh-Hans":  # to Traditional: only where a name can change the result
        names = people(text, view, worth=name_may_matter(view, out, steps, entries))
    if source == "zh-Hans" and target != "zh-Hans" and not options.phrases:
        protected = {i for s, e, _, _ in names for i in range(s, e)}
        out, found = refine_boundaries(text, out, steps, entries, protected)
        changes += [(i, 2, change) for i, change in found]
    elif target == "zh-Hans" and source != "zh-Hans" and not options.phrases:  # Simplified stays as written
        out, found, names = _choose_simplified(text, out, view, steps)
        changes += [(i, 2, change) for i, change in found]
    if source != "zh-Hans" and target != "zh-Hans" and not options.phrases:  # names sure where write_names acts
        names = people(text, view, hot=traditional_hot(text, (), out))
    if not options.phrases:
        mode = "chars" if source == "zh-Hans" else "surname"
        out, written = write_names(text, out, names, steps, entries, mode)
        changes += [(i, 2, change) for i, change in written]
    return out, [((fields.index(i), order, i), change) for i, order, change in changes]


def _choose_simplified(text: str, out: str, view: str, steps) -> tuple[str, list, Names]:
    """`choose_simplified` with the text's names, and those names. Why the names of the
    sentences holding a site the name-free run changed (traditional_hot) are enough: a name
    takes its sites out; clauses are decided apart, and a site left as OpenCC wrote it changes
    nothing the next sites of its clause read. So a clause with no name on such a site comes
    out as in the name-free run (with no name on any of them, that run is the result), and a
    clause holding one sees the same names as with every sentence tagged."""
    bare, found = choose_simplified(text, out, [], steps)  # it writes only simplified_sites
    names = people(text, view, hot=traditional_hot(text, [p for p, _ in found], out, simplified_sites(text)))
    inside = [p for p, _ in found if any(s <= p < e for s, e, _, _ in names)]
    if inside:  # only the clauses holding a site a name takes out are decided again
        spans = [(lo, hi) for lo, hi, _ in han_clauses(text, inside)]
        again, refound = choose_simplified(text, out, names, steps, within=spans)
        chars = list(bare)
        for lo, hi in spans:
            chars[lo:hi] = again[lo:hi]
        bare = "".join(chars)
        found = sorted([f for f in found if not any(lo <= f[0] < hi for lo, hi in spans)] + refound, key=lambda f: f[0])
    return bare, found, names


class _LengthChanged(Exception):
    """A conversion changed the length of joined texts: convert them one by one instead."""


def convert_text(text: str, target: str, source: str | None = None, *, phrases: bool = False,
                 entries: tuple[tuple[str, str], ...] = ()) -> str:
    """Convert one text to a target script; names and protected terms are kept."""
    return _convert_one(text, target, source, ConvertOptions(phrases, tuple(entries)), explain=False)[0]


def convert_notice(notice: Notice, target: str, source: str | None = None,
                   options: ConvertOptions = ConvertOptions()) -> Rendition:
    """One rendition of a notice: every block and metadata text converted alike.

    The texts are joined by a separator no dictionary key holds and converted in one
    pass (an OpenCC call per text costs more than the text); each text's windows,
    dictionary hits and changes stay within it, and a name found in one text is looked
    for in all of them (the notice's own evidence).
    """
    whole = "\n".join([notice.meta.title] + [b.text for b in notice.blocks])
    source = source or profile(whole).source
    texts = texts_of(notice.meta, notice.blocks)
    converted, changes = _convert_all(texts, target, source, options)
    if converted == texts:  # nothing to convert (Simplified to zh-Hans): the notice's own texts
        meta, blocks = notice.meta, notice.blocks
    else:
        parts = iter(converted)
        meta, blocks = map_texts(notice.meta, notice.blocks, lambda s: next(parts))
    return Rendition(target, config_name(source, target, options), meta, blocks, tuple(changes))


def _convert_all(texts: list[str], target: str, source: str, options: ConvertOptions) -> tuple[list[str], list[Change]]:
    if source == target == "zh-Hans":  # no OpenCC step, no name to write
        return texts, []
    sep = next((c for c in SEPARATORS if not any(c in t for t in texts)), None)
    if sep is not None and not options.phrases:
        joined = sep.join(texts)
        starts, at = [], 0
        for t in texts:
            starts.append(at)
            at += len(t) + 1
        try:
            out, located = _convert_located(joined, target, source, options, Fields(starts, len(joined)))
        except _LengthChanged:
            out = None
        parts = out.split(sep) if out is not None else []
        if len(parts) == len(texts):
            return parts, [change for _, change in sorted(located, key=lambda c: c[0])]
    converted, changes = [], []
    for t in texts:  # one by one: no free separator, or lengths changed
        c, found = convert_explained(t, target, source, options)
        converted.append(c)
        changes += found
    return converted, changes


__all__ = ["TARGETS", "ConvertOptions", "ScriptProfile", "config_name", "convert_explained", "convert_notice",
           "convert_text", "profile", "repair_half_converted", "with_chars"]
