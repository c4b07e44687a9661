"""Numbers as a reader reads them: the value, whatever the notation.

一百二十 = 120, 三千五百万 = 35,000,000, 1.2万 = 12000, 百分之六十五 = 65%, 二〇二四年 =
2024年, full-width digits (１２０), 三点五 = 3.5, 三分之一 = 1/3. Values are exact fractions,
so two renditions agree exactly when every value in one is in the other. Run on folded
text (`script.fold`: 萬 -> 万, 兩 -> 两, 點 -> 点).

>>> [str(v) for v, _, _ in values("占比达百分之六十五，共计1.2万人，二〇二四年")]
['13/20', '12000', '2024']
>>> value("三千五百万") == value("35,000,000") == value("3500万")
True
"""

from __future__ import annotations

import re
from collections import Counter
from fractions import Fraction

DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4,
                                                               "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG = {"万": 10**4, "亿": 10**8}
CN = "[" + "".join(DIGIT) + "".join(UNIT) + "".join(BIG) + "]"
CN_DIGIT = "[" + "".join(DIGIT) + "]"
ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
PERCENT = {"%": 100, "％": 100, "‰": 1000}
SHARE = {"百": 100, "千": 1000, "万": 10**4}
NUMBER = re.compile(
    rf"(?P<share>[百千万])分之(?P<shared>{ARABIC}|{CN}+(?:点{CN_DIGIT}+)?)"
    rf"|(?P<den>{CN}+)分之(?P<num>{CN}+)"
    rf"|(?P<arabic>{ARABIC})(?P<mag>[十百千万亿]*)(?P<pct>[%％‰]?)"
    rf"|(?P<cn>{CN}+(?:点{CN_DIGIT}+)?)"
)
WIDE = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def _cn_int(s: str) -> int:
    """A Chinese integer: positional (一千二百三十四) or read digit by digit (二〇二四)."""
    if not any(c in UNIT or c in BIG for c in s):
        return int("".join(str(DIGIT[c]) for c in s))
    for big in ("亿", "万"):
        if big in s:
            left, _, right = s.rpartition(big)
            return (_cn_int(left) if left else 1) * BIG[big] + (_cn_int(right) if right else 0)
    total, digit = 0, 0
    for c in s:
        if c in DIGIT:
            digit = DIGIT[c]
        else:
            total += (digit or 1) * UNIT[c]
            digit = 0
    return total + digit


def _cn(s: str) -> Fraction:
    whole, _, decimals = s.partition("点")
    out = Fraction(_cn_int(whole)) if whole else Fraction(0)
    if decimals:
        out += Fraction(int("".join(str(DIGIT[c]) for c in decimals)), 10 ** len(decimals))
    return out


def _arabic(s: str) -> Fraction:
    return Fraction(s.translate(WIDE).replace(",", ""))


def _value(m: re.Match) -> Fraction:
    if m.group("share"):
        shared = m.group("shared")
        part = _arabic(shared) if shared[0].translate(WIDE).isdigit() else _cn(shared)
        return part / SHARE[m.group("share")]
    if m.group("den"):
        return Fraction(_cn_int(m.group("num")), _cn_int(m.group("den")) or 1)
    if m.group("arabic"):
        out = _arabic(m.group("arabic"))
        for c in m.group("mag"):
            out *= UNIT.get(c) or BIG[c]
        return out / PERCENT[m.group("pct")] if m.group("pct") else out
    return _cn(m.group("cn"))


def values(text: str) -> list[tuple[Fraction, int, int]]:
    """(value, start, end) of every number in `text`, in order."""
    out = []
    for m in NUMBER.finditer(text):
        try:
            out.append((_value(m), m.start(), m.end()))
        except (ValueError, KeyError, ZeroDivisionError):  # 万万, 点 alone: not a number
            continue
    return out


def value(text: str) -> Fraction | None:
    """The value of a text that is one number, else None."""
    found = values(text)
    return found[0][0] if len(found) == 1 and found[0][1] == 0 and found[0][2] == len(text) else None


def cancel_equal(lost: Counter, gained: Counter, source: str = "", rendition: str = "") -> tuple[Counter, Counter]:
    """Quantities a rendition writes in another notation (一百二十个 for 120个) are not lost;
    nor is any when the two texts (`source`, `rendition`: the part they were found in) hold
    the same values (二〇二四年 written 2024年: a date only in the second)."""
    if (lost or gained) and source and rendition and not any(changed(source, rendition)):
        return Counter(), Counter()
    lost, gained = Counter(lost), Counter(gained)
    for key in list(lost):
        want = [v for v, _, _ in values(key)]
        for other in list(gained):
            while lost[key] and gained[other] and [v for v, _, _ in values(other)] == want and _same_words(key, other):
                lost[key] -= 1
                gained[other] -= 1
    return +lost, +gained


def _same_words(a: str, b: str) -> bool:
    """Equal once the numbers are taken out (120个 and 一百二十个, not 120个 and 120人)."""
    return NUMBER.sub("#", a) == NUMBER.sub("#", b)


def changed(source: str, rendition: str) -> tuple[Counter, Counter]:
    """Values the rendition lost and gained against the source (empty when it says the same)."""
    a = Counter(v for v, _, _ in values(source))
    b = Counter(v for v, _, _ in values(rendition))
    return a - b, b - a


def show(v: Fraction) -> str:
    """A value for a message: 35000000, 0.65, 1/3."""
    if v.denominator == 1:
        return str(v.numerator)
    text = f"{float(v):.10g}"
    return text if Fraction(text) == v else str(v)


__all__ = ["cancel_equal", "changed", "show", "value", "values"]
