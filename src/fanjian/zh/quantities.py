"""Numbers in every form a notice writes them: dates, money, percentages, ordinals,
ranges, digits and Chinese numerals with a measure word.

Matched on folded text (`script.fold`), so 萬/万 and 個/个 read alike; the key of a
match is the folded text itself.

>>> [(kind, key) for kind, key, _ in quantities("2月18日召开，3—5个集群，达1600亿元，占65%，第一季度，十大行动")]
[('date', '2月18日'), ('range', '3—5个'), ('money', '1600亿元'), ('percent', '65%'), ('ordinal', '第一'), ('number', '十大')]
"""

from __future__ import annotations

import re

import numpy as np

DIGITS = r"\d+(?:[.,:]\d+)*"
CN = "[〇零一二三四五六七八九十百千万亿两]"
CN_ALONE = "[〇零一万亿]"  # numerals that are no number on their own (一起, 统一)
CN_MANY = "[二三四五六七八九十两百千]"
# A run of numerals with one of CN_MANY. Read whole, never given back: what may follow a
# number (a magnitude, a currency, a measure word, a dash) needs the run's end. A run is
# so read in one pass, not split at every place in turn.
CN_NUMBER = f"{CN_ALONE}*+{CN_MANY}{CN}*+"
MAGNITUDE = "(?:万亿|亿|万|千)"
CURRENCY = "(?:元|美元|港元|欧元|日元|英镑)"
MEASURE = "[个大项次名位家条种类批届年月日天周岁人户所座场支件]"
UNIT = f"(?:[%％]|{MAGNITUDE}?{CURRENCY}|{MAGNITUDE}|{MEASURE})"
DASH = "[—–\\-~～至到]"

# Each kind as its first character (known by a look-behind) and the rest: every match
# starting with one character of a small set lets the engine pass over, in one tight
# loop, the places where no quantity can start. A run of numerals with no quantity at its
# start has none inside it either (only 百分之 starts one there): `skip` passes over it,
# rather than reading it again from each of its places. 一 and the like start nothing
# unless another numeral follows (统一, 一是): those places fail before any kind is tried.
AFTER_DIGIT = r"(?<=\d)\d*(?:[.,:]\d+)*"  # DIGITS, its first digit read
AFTER_CN = f"(?:(?<={CN_MANY}){CN}*+|(?<={CN_ALONE}){CN_ALONE}*+{CN_MANY}{CN}*+)"  # CN_NUMBER, its first numeral read
# The first character's class names the digits of the Basic Multilingual Plane one by one
# (sre checks those in a table; `\d` asks the Unicode database at every place) and lets
# every rarer character in, for the look-behinds to judge.
BMP_DIGITS = "".join(re.findall(r"\d", np.arange(0x10000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")))
QUANTITY = re.compile(
    f"[{BMP_DIGITS}\U00010000-\U0010ffff{CN[1:-1]}第](?!(?<={CN_ALONE})(?!{CN}))(?:"
    + "|".join(
        [
            r"(?P<date>(?<=\d)(?:\d{3}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{3}年(?:\d{1,2}月)?|\d?月\d{1,2}日|\d?[月日]))",
            rf"(?P<range>(?:{AFTER_DIGIT}|{AFTER_CN}){UNIT}?\s*{DASH}\s*(?:{DIGITS}|{CN_NUMBER}){UNIT}?)",
            rf"(?P<percent>{AFTER_DIGIT}[%％]|(?<=百)分之{CN}+)",
            rf"(?P<money>(?:{AFTER_DIGIT}|{AFTER_CN}){MAGNITUDE}?{CURRENCY})",
            rf"(?P<ordinal>(?<=第)(?:{DIGITS}|{CN}+))",
            rf"(?P<number>{AFTER_DIGIT}{MAGNITUDE}?|{AFTER_CN}{MEASURE})",
            rf"(?P<skip>(?<={CN})(?:(?!百分之){CN})+)",
        ]
    )
    + ")"
)


def quantities(folded: str) -> list[tuple[str, str, int]]:
    """(kind, key, start) for every quantity in folded text, in order."""
    return [(kind, m.group(), m.start()) for m in QUANTITY.finditer(folded) if (kind := m.lastgroup) != "skip"]
