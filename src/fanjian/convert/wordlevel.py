"""Conversion at word level, beyond OpenCC's phrase matching: person names, phrases that
cross a word boundary, half-converted words and word-dependent Traditional -> Simplified
forms. Words come from jieba (`fanjian.zh.segment`) over a Simplified view; every place
the result differs from plain OpenCC is returned as a `Change` with its reason.

>>> from fanjian.convert.steps import run_steps
>>> text = "村干部带头发展特色种植"
>>> refine_boundaries(text, run_steps(text, ("s2tw",), ()), ("s2tw",), (), set())[0]
'村幹部帶頭發展特色種植'
"""

from __future__ import annotations

import re
from functools import lru_cache

from fanjian.convert.steps import run_steps
from fanjian.data import read_tsv
from fanjian.model import Change
from fanjian.zh import segment
from fanjian.zh.chartable import CharFlags, positions
from fanjian.zh.entities import RISKY_SURNAMES
from fanjian.zh.names import find_names

HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
LONGEST_PHRASE = 6
SEP = "\x1f"  # no OpenCC key holds it: words converted alone


@lru_cache(maxsize=1)
def _one_to_many() -> dict[str, dict[str, tuple[str, ...]]]:
    table: dict[str, dict[str, tuple[str, ...]]] = {"s2t": {}, "t2s": {}}
    for char, direction, values in read_tsv("one_to_many.tsv"):
        table[direction][char] = tuple(values.split())
    for char, values in read_tsv("t2s_word_forms.tsv"):
        table["t2s"][char] = tuple(values.split())
    return table


@lru_cache(maxsize=2)
def _flags(direction: str) -> CharFlags:
    return CharFlags(dict.fromkeys(_one_to_many()[direction], 1))


@lru_cache(maxsize=65536)
def converted(piece: str, steps: tuple[str, ...], entries: tuple[tuple[str, str], ...]) -> str:
    return run_steps(piece, steps, entries)


def by_words(clause: str, tokens, steps, entries) -> str | None:
    """The clause converted word by word (no OpenCC phrase across a word boundary)."""
    out = converted(SEP.join(tokens), steps, entries).replace(SEP, "")
    return out if len(out) == len(clause) else None


def phrase_extent(clause: str, j: int, written: str, steps, entries) -> tuple[int, int] | None:
    """The shortest piece around clause[j] that OpenCC alone writes as `written` there:
    the phrase that decided it."""
    for size in range(2, LONGEST_PHRASE + 1):
        for s in range(max(0, j - size + 1), min(j, len(clause) - size) + 1):
            c = converted(clause[s : s + size], steps, entries)
            if len(c) == size and c[j - s] == written:
                return s, s + size
    return None


def _clauses(text: str, sites: list[int]) -> list[tuple[int, int, list[int]]]:
    """(start, end, sites) of each run of Han characters holding a site."""
    groups: list[tuple[int, int, list[int]]] = []
    runs = [(m.start(), m.end()) for m in HAN_RUN.finditer(text)]
    k = 0
    for p in sites:
        while k < len(runs) and runs[k][1] <= p:
            k += 1
        if k < len(runs) and runs[k][0] <= p:
            if groups and groups[-1][0] == runs[k][0]:
                groups[-1][2].append(p)
            else:
                groups.append((runs[k][0], runs[k][1], [p]))
    return groups


def crosses(extent: tuple[int, int], starts: set[int], ends: set[int]) -> bool:
    """Whether a phrase at `extent` cuts a word: it spans a word boundary without starting
    and ending where words do (资金|发放 -> 金发). A phrase inside one word does not."""
    s, e = extent
    inner = any(s < b < e for b in starts)
    return inner and not (s in starts and e in ends)


def fine_words(clause: str) -> list[str]:
    """jieba's words, a long one (考试制度) cut into two dictionary words where it is one
    (考试|制度): a phrase across them (试制) is refused too."""
    out = []
    for token in segment.words(clause):
        if len(token) >= 4:
            cuts = [(min(segment.freq(token[:k]), segment.freq(token[k:])), k) for k in range(2, len(token) - 1)]
            best = max(cuts, default=(0, 0))
            if best[0] >= segment.WORD_FREQ:
                out += [token[: best[1]], token[best[1] :]]
                continue
        out.append(token)
    return out


def refine_boundaries(text: str, out: str, steps, entries, protected: set[int]) -> tuple[str, list[tuple[int, Change]]]:
    """Simplified -> Traditional: where an OpenCC phrase (资金|发放 -> 金髮) cuts one of
    jieba's words, the words are converted alone. Only clauses holding a one-to-many
    character are segmented: elsewhere no phrase can choose another form."""
    if len(out) != len(text):
        return out, []
    sites = [p for p in positions(_flags("s2t").of(text), 1) if p not in protected]
    replaced, changes = {}, []
    for lo, hi, ps in _clauses(text, sites):
        clause = text[lo:hi]
        tokens = None
        for p in ps:
            j = p - lo
            if p in replaced:
                continue
            tokens = tokens or fine_words(clause)
            alone = by_words(clause, tokens, steps, entries)
            if alone is None or alone[j] == out[p]:
                continue
            starts, ends = segment.starts_and_ends(tokens)
            word = _word_at(clause, j, starts, ends)
            if len(word) < 2 or not segment.is_word(word):
                continue  # 肉酱|面 -> 麪: a character alone may need its neighbour's phrase
            extent = phrase_extent(clause, j, out[p], steps, entries)
            if extent is None or not crosses(extent, starts, ends):
                continue  # no phrase found, or one inside a word or made of whole words (一|只 -> 一隻)
            s, e = extent
            for i in range(lo + s, lo + e):
                if i not in protected and alone[i - lo] != out[i]:
                    replaced[i] = alone[i - lo]
            phrase = clause[s:e]
            changes.append((lo + s, Change("boundary", alone[s:e], out[lo + s : lo + e],
                                           f"OpenCC phrase {phrase} crosses a word boundary ({' '.join(tokens)})")))
    return _with(out, replaced), changes


def choose_simplified(text: str, out: str, names: list[tuple[int, int, int, bool]]) -> tuple[str, list[tuple[int, Change]]]:
    """Traditional -> Simplified: a character with several Simplified forms (著: 着 or 著)
    takes the form that makes the clause read best as jieba's words (随着|作品, 土著|居民)."""
    if len(out) != len(text):
        return out, []
    choices = _one_to_many()["t2s"]
    in_name = {i for s, e, _, _ in names for i in range(s, e)}
    sites = [p for p in positions(_flags("t2s").of(text), 1) if p not in in_name]
    current = list(out)
    changes = []
    for lo, hi, ps in _clauses(text, sites):
        for p in ps:
            options = {current[p], *choices[text[p]]}
            if len(options) < 2:
                continue
            scored = {}
            for form in options:
                current[p] = form
                scored[form] = segment.route_score("".join(current[lo:hi]))
            best = max(sorted(options), key=lambda f: (scored[f], f == out[p]))
            current[p] = best if scored[best] > scored[out[p]] else out[p]
            if current[p] != out[p]:
                words = " ".join(segment.words("".join(current[lo:hi])))
                changes.append((p, Change("word", current[p], out[p], f"{text[p]} -> {current[p]} in the words {words}")))
    return "".join(current), changes


# Characters both of whose forms are in use in Traditional text (占/佔, 周/週, 布/佈 in 發布,
# 秘/祕): the repair leaves them; 台 (台北/臺北) changes only where a phrase decides (台风 -> 颱風).
SPLIT_USAGE = frozenset("占周布里秘")
PHRASE_ONLY = frozenset("台")


def repair_words(text: str, view: str, entries, names: list[tuple[int, int, int, bool]],
                 leftovers: frozenset[int] = frozenset()) -> tuple[str, list[tuple[int, str, str]]]:
    """Traditional text: a character valid in both scripts but Simplified in its word (制造
    -> 製造, 采取 -> 採取, 台风 -> 颱風) takes its form in the word's conversion, where an
    OpenCC phrase decides it without crossing a word boundary, or another character of the
    word was a Simplified-only leftover (标准 -> 標準); 于 outside a name is the Simplified 於. Returns the text (OpenCC-standard forms)
    and (index, before, after)."""
    if len(view) != len(text):
        return text, []
    in_name = {s for s, e, _, _ in names}
    sites = [p for p in positions(_flags("s2t").of(text), 1) if p not in in_name]
    steps = ("s2t",)
    fixed = {}
    for lo, hi, ps in _clauses(text, sites):
        clause = view[lo:hi]
        canon = converted(clause, steps, entries)
        if len(canon) != len(clause):
            continue
        canon = refine_boundaries(clause, canon, steps, entries, set())[0]  # 本市|制造: not 市制
        tokens = None
        for p in ps:
            j, written = p - lo, canon[p - lo]
            if text[p] == "于" and view[p] == "于":
                fixed[p] = "於"
                continue
            if written == text[p] or text[p] in SPLIT_USAGE:
                continue
            tokens = tokens or fine_words(clause)
            starts, ends = segment.starts_and_ends(tokens)
            if written != converted(view[p], steps, entries):  # a phrase decided
                extent = phrase_extent(clause, j, written, steps, entries)
                if extent is not None and not crosses(extent, starts, ends):
                    fixed[p] = written
                continue
            if text[p] in PHRASE_ONLY:
                continue
            word = _word_at(clause, j, starts, ends)
            start = max(b for b in starts if b <= j)
            alone = converted(word, steps, entries)
            leftover = any(lo + i in leftovers for i in range(start, start + len(word)))  # 标准: the word was left Simplified
            if len(word) >= 2 and leftover and len(alone) == len(word) and alone[j - start] != text[p]:
                fixed[p] = alone[j - start]
    return _with(text, fixed), sorted((p, text[p], after) for p, after in fixed.items())


def people(text: str, view: str) -> list[tuple[int, int, int, bool]]:
    """Person names of a text, found in its Simplified view (`fanjian.zh.names.find_names`).
    A Traditional text writes a surname as it is (范, 于): 於乾隆 holds no surname."""
    return [(s, e, sl, confirmed) for s, e, sl, confirmed in find_names(view)
            if text[s] == view[s] or text[s] not in _one_to_many()["t2s"] and view[s] not in RISKY_SURNAMES]


def write_names(source: str, out: str, names, steps, entries, mode: str) -> tuple[str, list[tuple[int, Change]]]:
    """Names as written. mode "chars" (Simplified -> Traditional): a confirmed name
    character by character (no OpenCC phrase inside it: 东升 stays 東升); "surname": only
    a surname OpenCC would change stays as written (范, not 範), the given name as OpenCC
    writes it (its phrases keep Traditional names: 楊聯陞); "source": the name as written
    (Traditional -> Traditional)."""
    if len(out) != len(source):
        return out, []
    replaced, changes = {}, []
    for s, e, sl, confirmed in names:
        if mode == "source":
            written = source[s:e]
        else:
            kept = [source[i] if source[i] in RISKY_SURNAMES else out[i] for i in range(s, s + sl)]
            if mode == "chars" and not _user_entry_in(source, s, e, entries):
                given = [_in_name(source, out, i, s, e, steps, entries) for i in range(s + sl, e)]
            else:
                given = list(out[s + sl : e])
            written = "".join(kept + given)
        if len(written) != e - s or written == out[s:e]:
            continue
        for i in range(s, e):
            replaced[i] = written[i - s]
        note = "" if confirmed else " (found by the tagger alone: check)"
        changes.append((s, Change("protect", written, out[s:e], f"person name {source[s:e]}{note}")))
    return _with(out, replaced), changes


def _in_name(source: str, out: str, i: int, s: int, e: int, steps, entries) -> str:
    """A given name's character: alone, unless an OpenCC phrase holding the whole name
    decided it (张栋梁 -> 張棟樑 is a name of OpenCC's dictionary; 东升 inside 范东升 is not)."""
    alone = converted(source[i], steps, entries)
    if alone == out[i]:
        return alone
    extent = phrase_extent(source[s:e], i - s, out[i], steps, entries)
    return out[i] if extent == (0, e - s) else alone


def _user_entry_in(source: str, s: int, e: int, entries) -> bool:
    """Whether a user's entry overlaps the name: the user's spelling stands."""
    return any(key and source.find(key, max(0, s - len(key) + 1), e + len(key) - 1) != -1 for pair in entries for key in pair)


def _word_at(clause: str, j: int, starts: set[int], ends: set[int]) -> str:
    """The word holding clause[j]."""
    return clause[max(b for b in starts if b <= j) : min(b for b in ends if b > j)]


def _with(text: str, replaced: dict[int, str]) -> str:
    if not replaced:
        return text
    chars = list(text)
    for i, c in replaced.items():
        chars[i] = c
    return "".join(chars)
