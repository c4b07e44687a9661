"""Numbers in every form a notice writes them: dates, money, percentages, ordinals,
ranges, digits and Chinese numerals with a measure word.

Matched on folded text (`scriptchars.fold`), so 萬/万 and 個/个 read alike; the key of a
match is the folded text itself.

>>> [(kind, key) for kind, key, _ in quantities("2月18日召开，3—5个集群，达1600亿元，占65%，第一季度，十大行动")]
[('date', '2月18日'), ('range', '3—5个'), ('money', '1600亿元'), ('percent', '65%'), ('ordinal', '第一'), ('number', '十大')]
"""

from __future__ import annotations

import re

DIGITS = r"\d+(?:[.,:]\d+)*"
CN = "[〇零一二三四五六七八九十百千万亿两]"
CN_NUMBER = f"{CN}*[二三四五六七八九十两百千]{CN}*"  # not a lone 一 (一起, 统一)
MAGNITUDE = "(?:万亿|亿|万|千)"
CURRENCY = "(?:元|美元|港元|欧元|日元|英镑)"
MEASURE = "[个大项次名位家条种类批届年月日天周岁人户所座场支件]"
UNIT = f"(?:[%％]|{MAGNITUDE}?{CURRENCY}|{MAGNITUDE}|{MEASURE})"
DASH = "[—–\\-~～至到]"

# The look-ahead lets the engine skip, cheaply, positions where no quantity can start.
QUANTITY = re.compile(
    f"(?=[\\d{CN[1:-1]}第])(?:"
    + "|".join(
        [
            rf"(?P<date>\d{{4}}[-/.年]\d{{1,2}}[-/.月]\d{{1,2}}日?|\d{{4}}年(?:\d{{1,2}}月)?|\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}[月日])",
            rf"(?P<range>(?:{DIGITS}|{CN_NUMBER}){UNIT}?\s*{DASH}\s*(?:{DIGITS}|{CN_NUMBER}){UNIT}?)",
            rf"(?P<percent>{DIGITS}[%％]|百分之{CN}+)",
            rf"(?P<money>(?:{DIGITS}|{CN_NUMBER}){MAGNITUDE}?{CURRENCY})",
            rf"(?P<ordinal>第(?:{DIGITS}|{CN}+))",
            rf"(?P<number>{DIGITS}{MAGNITUDE}?|{CN_NUMBER}{MEASURE})",
        ]
    )
    + ")"
)


def quantities(folded: str) -> list[tuple[str, str, int]]:
    """(kind, key, start) for every quantity in folded text, in order."""
    return [(m.lastgroup, m.group(), m.start()) for m in QUANTITY.finditer(folded)]
