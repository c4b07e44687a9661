"""Traditional -> Simplified where a Traditional character has several Simplified forms
(著: 着 or 著): OpenCC's form, unless the words around the character say otherwise
(`choose_simplified`). Words come from jieba over the clause (`fanjian.zh.segment`).
"""

from __future__ import annotations

from functools import lru_cache

from fanjian.convert.clauses import han_clauses
from fanjian.convert.phrasekeys import converted, opencc_segments
from fanjian.convert.wordlevel import LONG_PHRASE, crosses, one_to_many_forms, site_flags
from fanjian.model import Change
from fanjian.zh import segment
from fanjian.zh.chartable import positions


def choose_simplified(text: str, out: str, names: list[tuple[int, int, int, bool]], steps,
                      within: list[tuple[int, int]] | None = None) -> tuple[str, list[tuple[int, Change]]]:
    """Traditional -> Simplified: a character with several Simplified forms (著: 着 or 著)
    keeps OpenCC's form unless (a) an OpenCC phrase of two characters decided it, cuts
    jieba's words with the character's own form there, and the clause reads better as words
    that way (带着|作品, not 著作; but 著名 stays, and a longer phrase, 宮商角徵羽, is no
    accident): then the character's own form; or (b) OpenCC wrote the
    character's own form and another form makes a more frequent dictionary word there
    (土著, 卓著, 复核). `within`: only these clauses ((start, end), as `han_clauses` gives
    them) are decided (each clause is decided apart); the others are left as `out`."""
    if len(out) != len(text):
        return out, []
    choices = one_to_many_forms()["t2s"]
    in_name = {i for s, e, _, _ in names for i in range(s, e)}
    sites = [p for p in simplified_sites(text) if p not in in_name]
    if within is not None:
        sites = [p for p in sites if any(lo <= p < hi for lo, hi in within)]
    current = list(out)
    changes = []
    config = steps[0] if steps[0] in ("tw2s", "hk2s") else "t2s"
    if opencc_segments("", config) is None:
        return out, []  # no key table (another OpenCC): OpenCC's forms stand
    for lo, hi, ps in han_clauses(text, sites):
        for p in ps:
            j = p - lo
            default = converted(text[p], steps, ())
            if out[p] != default:  # the clause's pieces, only here
                piece = next((s, e) for s, e in opencc_segments(text[lo:hi], config) if s <= j < e)
                current[p] = default
                alone = "".join(current[lo:hi])
                tokens = segment.words(alone)
                starts, ends = segment.starts_and_ends(tokens)
                if (not 2 <= piece[1] - piece[0] < LONG_PHRASE or not crosses(piece, starts, ends)
                        or segment.route_score(alone) <= segment.route_score(out[lo:hi])):
                    current[p] = out[p]  # OpenCC's phrase stands (慰藉著, 乾州, 著名, 宮商角徵羽)
                    continue
                reason = f"OpenCC phrase {text[lo + piece[0] : lo + piece[1]]} crosses the words {' '.join(tokens)}"
            elif (own := _own_form_by_grammar(text[p], current, lo, hi, p)) is not None:
                current[p], reason = own
                if current[p] == out[p]:
                    continue
            else:
                best, best_freq, best_score = out[p], _word_freq(current, lo, hi, p), None
                for form in choices[text[p]]:
                    current[p] = form
                    found = _word_freq(current, lo, hi, p)
                    if found < segment.WORD_FREQ or found <= 2 * best_freq:
                        continue  # the clause's score is read only for a more frequent word
                    if best_score is None:  # the clause as OpenCC wrote p
                        best_score = segment.route_score("".join(current[lo:p]) + out[p] + "".join(current[p + 1 : hi]))
                    score = segment.route_score("".join(current[lo:hi]))
                    if score > best_score:
                        best, best_freq, best_score = form, found, score
                current[p] = best
                if best == out[p]:
                    continue
                reason = f"{text[p]} -> {best}: the dictionary word is {best_word(current, lo, hi, p)}"
            changes.append((p, Change("word", current[p], out[p], reason)))
    return "".join(current), changes


# A Traditional character whose Simplified default is a particle that follows a verb:
# after a person, a place or 所 it is the character's other sense (福山著, 所著: "write").
PARTICLE_DEFAULTS = {"著": ("着", "著")}
AFTER_NO_VERB = frozenset({"nr", "nrfg", "nrt", "ns"})  # not "n": jieba tags 代表 标志 记录 so
CREDIT_NEXT = frozenset("，。；、《（)）")


def _own_form_by_grammar(char: str, current: list[str], lo: int, hi: int, p: int) -> tuple[str, str] | None:
    """(form, reason) where the words around the particle default say it cannot be one."""
    forms = PARTICLE_DEFAULTS.get(char)
    if forms is None or current[p] != forms[0]:
        return None
    if current[p - 1 : p] != ["所"] and ((p + 1 < hi and current[p + 1] not in CREDIT_NEXT)
                                        or p == lo or segment.is_word(current[p - 1] + forms[0])):
        return None  # neither case can hold (接着，): the clause is not tagged
    tokens, at = segment.tagged("".join(current[lo:hi])), lo
    for k, (word, _tag) in enumerate(tokens):
        if at == p and word == forms[0] and k:
            before, tag = tokens[k - 1]
            after = tokens[k + 1][0] if k + 1 < len(tokens) else ""
            # a person's or a place's name, and the clause ends or a title follows (福山著，, 陈明德著《…》)
            credit = tag in AFTER_NO_VERB and (not after or after[:1] in CREDIT_NEXT)
            if credit or before == "所":
                return forms[1], f"{char} -> {forms[1]}: after {before}, not a verb, {forms[0]} is no particle"
            return None
        at += len(word)
    return None


def simplified_sites(text: str) -> list[int]:
    """The characters `choose_simplified` may write otherwise than OpenCC (its only sites)."""
    return positions(site_flags("t2s").of(text), 1)


def _spans_at(current: list[str], lo: int, hi: int, p: int):
    for a in range(max(lo, p - 3), p + 1):
        for b in range(max(p + 1, a + 2), min(hi, a + 4) + 1):
            yield "".join(current[a:b])


def _word_freq(current: list[str], lo: int, hi: int, p: int) -> int:
    """The frequency of the most frequent dictionary word (2-4 characters) holding p."""
    a = max(lo, p - 3)  # the spans lie within current[a : min(hi, p + 4)]
    return _window_freq(tuple(current[a : min(hi, p + 4)]), p - a)


@lru_cache(maxsize=65536)
def _window_freq(window: tuple[str, ...], j: int) -> int:
    return max((segment.freq(w) for w in _spans_at(list(window), 0, len(window), j)), default=0)


def best_word(current: list[str], lo: int, hi: int, p: int) -> str:
    return max(_spans_at(current, lo, hi, p), key=segment.freq, default="")


__all__ = ["choose_simplified", "simplified_sites"]
