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

from functools import lru_cache

from fanjian.convert.clauses import han_clauses
from fanjian.convert.phrasekeys import (
    SEP,
    as_characters,
    converted,
    key_starts,
    long_segments,
    phrase_keys,
)
from fanjian.convert.steps import run_steps, with_chars
from fanjian.convert.word_evidence import free_readings
from fanjian.data import read_tsv
from fanjian.model import Change
from fanjian.zh import segment
from fanjian.zh.chartable import CharFlags, positions
from fanjian.zh.entities import RISKY_SURNAMES, SURNAMES
from fanjian.zh.name_words import ADDRESS_PREFIXES, called_a_person
from fanjian.zh.names import find_names
from fanjian.zh.opencc import default_risks

# Characters both of whose forms are in use in Traditional text (占/佔, 周/週, 布/佈 in 發布,
# 秘/祕): the repair leaves them, and a phrase choosing one is not refused; 台 (台北/臺北) changes only where a phrase decides (台风 -> 颱風).
SPLIT_USAGE = frozenset("占周布里秘")
PHRASE_ONLY = frozenset("台")
LONGEST_PHRASE = 6
LONG_PHRASE = 3  # characters: an OpenCC phrase this long matching is evidence enough (T -> S)
NUMERAL_CHARS = frozenset("〇零一二三四五六七八九十百千万亿两几数")


@lru_cache(maxsize=1)
def one_to_many_forms() -> dict[str, dict[str, tuple[str, ...]]]:
    table: dict[str, dict[str, tuple[str, ...]]] = {"s2t": {}, "t2s": {}}
    for char, direction, values in read_tsv("one_to_many.tsv"):
        table[direction][char] = tuple(values.split())
    for char, values in read_tsv("t2s_word_forms.tsv"):
        table["t2s"][char] = tuple(values.split())
    return table


DOCUMENT_RISK_MAX = 50.0  # data/flag_risk.tsv: 采 26, 准 18 repaired by the document's evidence; 征 105, 干 114 not


@lru_cache(maxsize=2)
def site_flags(direction: str) -> CharFlags:
    return CharFlags(dict.fromkeys(one_to_many_forms()[direction], 1))


def by_words(clause: str, tokens, steps, entries) -> str | None:
    """The clause converted word by word (no OpenCC phrase across a word boundary)."""
    out = converted(SEP.join(tokens), steps, entries).replace(SEP, "")
    return out if len(out) == len(clause) else None


def crosses(extent: tuple[int, int], starts: set[int], ends: set[int]) -> bool:
    """Whether a phrase at `extent` cuts a word: it spans a word boundary without starting
    and ending where words do (资金|发放 -> 金发). A phrase inside one word does not."""
    s, e = extent
    inner = any(s < b < e for b in starts)
    return inner and not (s in starts and e in ends)


def _counted(clause: str, s: int, e: int, starts, ends) -> bool:
    """Whether the phrase at s:e is the end of a number and a one-character word after it
    (四五百|只 in 百只): what follows a number is its measure word, as the phrase reads it."""
    return e - 1 in starts and e in ends and all(c in NUMERAL_CHARS for c in clause[s : e - 1])


@lru_cache(maxsize=8192)
def fine_words(clause: str) -> tuple[str, ...]:
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
    return tuple(out)


@lru_cache(maxsize=8192)
def _fine_bounds(clause: str) -> tuple[frozenset[int], frozenset[int]]:
    """Where `fine_words(clause)` start and end."""
    starts, ends = segment.starts_and_ends(fine_words(clause))
    return frozenset(starts), frozenset(ends)


def refine_boundaries(text: str, out: str, steps, entries, protected: set[int]) -> tuple[str, list[tuple[int, Change]]]:
    """Simplified -> Traditional: where a phrase OpenCC matched (资金|发放 -> 金髮) cuts a
    dictionary word of jieba's holding a one-to-many character, the words it touches are
    converted alone. Only clauses holding a one-to-many character are segmented."""
    if len(out) != len(text):
        return out, []
    sites = [p for p in positions(site_flags("s2t").of(text), 1) if p not in protected and text[p] not in SPLIT_USAGE]
    replaced, changes, todo = {}, [], []
    clauses = han_clauses(text, sites)
    keyed = key_starts(text, "s2t", entries) if clauses else {}
    if keyed is None:
        return out, []
    order = sorted(keyed)
    for lo, hi, ps in clauses:
        crossing = [(s - lo, e - lo) for s, e in long_segments(keyed, order, lo, hi) if any(s <= j < e for j in ps)]
        if crossing:
            todo.append((lo, hi, {p - lo for p in ps}, crossing))
    plain = as_characters(text, out, [(lo, hi) for lo, hi, _, _ in todo], steps, entries, keyed)
    for lo, hi, held, crossing in todo:
        if lo in plain:
            continue  # its words converted apart are as OpenCC wrote it: nothing to refuse
        clause = text[lo:hi]
        tokens = fine_words(clause)
        starts, ends = _fine_bounds(clause)
        alone = None
        for s, e in crossing:
            if not crosses((s, e), starts, ends):
                continue  # inside a word, or made of whole words (一|只 -> 一隻)
            if _counted(clause, s, e, starts, ends):
                continue  # 四五|百只 -> 百隻: a measure word after a number
            if e - s == 2 and clause[s] in ADDRESS_PREFIXES and clause[s + 1] in SURNAMES:
                continue  # 小|余下周: OpenCC's 小余 calls a person by surname
            cut = [_word_at(clause, j, starts, ends) for j in range(s, e) if j in held]
            if not any(segment.is_word(w) or (len(w) > 2 and segment.freq(w)) for w in cut):
                continue  # 肉酱|面 -> 麪: a character alone may need its neighbour's phrase
            alone = alone or by_words(clause, tokens, steps, entries)
            if alone is None:
                break
            first, last = max(b for b in starts if b <= s), min(b for b in ends if b >= e)
            fixed = [i for i in range(first, last)
                     if lo + i not in protected and alone[i] != out[lo + i] and clause[i] not in SPLIT_USAGE]
            if not fixed:
                continue
            for i in fixed:
                replaced[lo + i] = alone[i]
            changes.append((lo + s, Change("boundary", alone[s:e], out[lo + s : lo + e],
                                           f"OpenCC phrase {clause[s:e]} crosses a word boundary ({' '.join(tokens)})")))
    return _with(out, replaced), changes


@lru_cache(maxsize=8192)  # a clause of a document is repaired for each target
def _canonical(clause: str, entries) -> str | None:
    """OpenCC's s2t of a Simplified clause, refined at word boundaries (本市|制造: not 市制);
    None when it changes the length."""
    canon = converted(clause, ("s2t",), entries)
    if len(canon) != len(clause):
        return None
    return refine_boundaries(clause, canon, ("s2t",), entries, set())[0]


def _canonicals(clauses: list[str], entries) -> list[str | None]:
    """`_canonical` of each clause, in one OpenCC call and one `refine_boundaries` pass (a
    call costs more than a clause): joined by SEP, in no OpenCC key and no Han run, so
    neither a phrase nor a clause of refine_boundaries spans two of them."""
    joined = SEP.join(clauses)
    if len(clauses) > 1 and joined.count(SEP) == len(clauses) - 1:
        canon = run_steps(joined, ("s2t",), entries)
        if len(canon) == len(joined):
            return refine_boundaries(joined, canon, ("s2t",), entries, set())[0].split(SEP)
    return [_canonical(clause, entries) for clause in clauses]


def repair_words(text: str, view: str, entries, names: list[tuple[int, int, int, bool]],
                 leftovers: frozenset[int] = frozenset(), fixes: dict[int, str] | None = None
                 ) -> tuple[str, list[tuple[int, str, str]]]:
    """Traditional text: a character valid in both scripts but Simplified in its word (制造
    -> 製造, 采取 -> 採取, 台风 -> 颱風) takes its form in the word's conversion, where an
    OpenCC phrase decides it without crossing a word boundary, or another character of the
    word was a Simplified-only leftover (标准 -> 標準); 于 outside a name is the Simplified 於. Returns the text (OpenCC-standard forms)
    and (index, before, after). `fixes`: `word_fixes` of the same text, view, entries and leftovers."""
    in_name = {s for s, e, _, _ in names}
    fixes = word_fixes(text, view, entries, leftovers) if fixes is None else fixes
    fixed = {p: after for p, after in fixes.items() if p not in in_name}
    return _with(text, fixed), sorted((p, text[p], after) for p, after in fixed.items())


def word_fixes(text: str, view: str, entries, leftovers: frozenset[int] = frozenset()) -> dict[int, str]:
    """`repair_words` with no name: {index: form}. Each site is decided alone (nothing read
    is written in the loop), so a name starting at a site only takes that site out."""
    if len(view) != len(text):
        return {}
    sites = positions(site_flags("s2t").of(text), 1)
    steps = ("s2t",)
    fixed = {}
    clauses = han_clauses(text, sites)
    canons = _canonicals([view[lo:hi] for lo, hi, _ in clauses], entries)
    for (lo, hi, ps), canon in zip(clauses, canons):
        clause = view[lo:hi]
        if canon is None:
            continue
        for p in ps:
            j, written = p - lo, canon[p - lo]
            if text[p] == "于" and view[p] == "于":
                fixed[p] = "於"
                continue
            if written == text[p] or text[p] in SPLIT_USAGE:
                continue
            if written != converted(view[p], steps, entries):
                fixed[p] = written  # a phrase inside the words decided (制造 -> 製造; refined above)
                continue
            if text[p] in PHRASE_ONLY:
                continue
            starts, ends = _fine_bounds(clause)
            word = _word_at(clause, j, starts, ends)
            start = max(b for b in starts if b <= j)
            alone = converted(word, steps, entries)
            # 标准: the word was left Simplified; or the document was (a Simplified-only form
            # repaired elsewhere in it: 采取 beside 台风 is a leftover of the same conversion);
            # or the word is a dictionary word that reads Simplified, for a character whose
            # free use has one reading, its default, and whose other form OpenCC's phrases keep
            # (采取 -> 採取 beside 风采; not 准: 不准 is Traditional and no phrase says so); in
            # every case only a character whose default those phrases seldom overrule (采, not 征)
            risk = default_risks().get(text[p], 0.0)
            alone_word = risk > 0 and free_readings().get(view[p]) == written and segment.is_word(word)  # written: the default
            leftover = any(lo + i in leftovers for i in range(start, start + len(word))) or (
                risk < DOCUMENT_RISK_MAX and (bool(leftovers) or alone_word))
            if len(word) >= 2 and leftover and len(alone) == len(word) and alone[j - start] != text[p]:
                fixed[p] = alone[j - start]
    return fixed


def people(text: str, view: str, worth=None, hot=None, hot_starts=()) -> list[tuple[int, int, int, bool]]:
    """Person names of a text, found in its Simplified view (`fanjian.zh.names.find_names`).
    A Traditional text writes a surname as it is (范, 于): 於乾隆 holds no surname. `worth`
    (`name_may_matter`): only the clauses where a name can change the result are looked at;
    `hot`, `hot_starts`: only the names covering, or starting at, these positions are sure."""
    return [(s, e, sl, confirmed) for s, e, sl, confirmed in find_names(view, worth, hot, hot_starts)
            if text[s] == view[s] or (text[s] not in one_to_many_forms()["t2s"] and view[s] not in RISKY_SURNAMES)]


def write_names(source: str, out: str, names, steps, entries, mode: str) -> tuple[str, list[tuple[int, Change]]]:
    """Names as written. mode "chars" (Simplified -> Traditional): a confirmed name
    character by character (no OpenCC phrase inside it: 东升 stays 東升); "surname": only
    a surname OpenCC would change stays as written (范, not 範), the given name as OpenCC
    writes it (its phrases keep Traditional names: 楊聯陞)."""
    if len(out) != len(source):
        return out, []
    replaced, changes = {}, []
    for s, e, sl, confirmed in names:
        # a surname OpenCC changes stays as written; one a phrase took for a word (钟鸣 鐘鳴,
        # 小钟 小鐘) is the surname alone where the words around call it a person
        called = mode == "chars" and confirmed and called_a_person(source, s, e)
        # a phrase reaching in from before the name (的钟 -> 的鐘 in 的钟国强) is no reading of it:
        # the surname as the name alone writes it (鍾國強)
        alone = converted(source[s:e], steps, entries) if mode == "chars" and confirmed and s else ""
        crossed = len(alone) == e - s and alone[:sl] != out[s : s + sl]
        kept = [source[i] if source[i] in RISKY_SURNAMES else converted(source[i], steps, entries) if called
                else alone[i - s] if crossed else out[i] for i in range(s, s + sl)]
        if mode == "chars" and not _user_entry_in(source, s, e, entries):
            given = [_in_name(source, out, i, s, e, steps, entries, s + sl) for i in range(s + sl, e)]
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


def _in_name(source: str, out: str, i: int, s: int, e: int, steps, entries, given: int) -> str:
    """A given name's character: alone, unless an OpenCC phrase holding the whole name
    decided it (张栋梁 -> 張棟樑 is a name of OpenCC's dictionary; 东升 inside 范东升 is not),
    or the given name is a dictionary word whose phrase keeps the character as written (万里, 北征:
    里 and 征, not 裡 and 徵; 子云 is no word, and a name's 云 is 雲)."""
    alone = converted(source[i], steps, entries)
    if alone == out[i] or (out[i] == source[i] and segment.freq(source[given:e])):
        return out[i]
    keys = phrase_keys("s2t")
    return out[i] if keys is not None and source[s:e] in keys else alone


def _user_entry_in(source: str, s: int, e: int, entries) -> bool:
    """Whether a user's entry overlaps the name: the user's spelling stands."""
    return any(key and source.find(key, max(0, s - len(key) + 1), e + len(key) - 1) != -1 for pair in entries for key in pair)


def _word_at(clause: str, j: int, starts: set[int], ends: set[int]) -> str:
    """The word holding clause[j]."""
    return clause[max(b for b in starts if b <= j) : min(b for b in ends if b > j)]


def _with(text: str, replaced: dict[int, str]) -> str:
    return with_chars(text, replaced) if replaced else text
