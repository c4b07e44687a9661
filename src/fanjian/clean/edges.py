"""Lines glued to the end of the article that are not its text: staff credits and reprint notices.

Looked for only from the article's last block backwards, so a sentence in the middle of the
text that mentions 转载 or 监制 stays.
- staff credits: a run of two or more short `label：name` lines ("总监制：邹 明", "审 读：崔向升");
- a reprint or rights notice: a short line that names a right (转载, 授权, 版权) and forbids or
  disclaims (未经, 不得, 请勿, 仅代表): "39健康网专稿，未经书面授权请勿转载。"

>>> from fanjian.model import Block
>>> blocks = [Block("paragraph", "正文。"), Block("paragraph", "总监制：邹 明"), Block("paragraph", "审 读：崔向升"),
...           Block("paragraph", "【本文版权归某网所有，未经授权不得转载。】")]
>>> kept, removed = trim_article_end(blocks)
>>> [b.text for b in kept], removed
(['正文。'], [('【本文版权归某网所有，未经授权不得转载。】', 'a reprint or rights notice at the end of the article'), ('审 读：崔向升', 'staff credits at the end of the article'), ('总监制：邹 明', 'staff credits at the end of the article')])
"""

from __future__ import annotations

import re

from fanjian.model import Block
from fanjian.zh.script import simplified_view

CREDIT = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{0,5}[:：]\s*[\u4e00-\u9fff·][\u4e00-\u9fff· \u3000]{0,7}")
CREDITS_MIN = 2
NOTICE_MAX = 150  # characters of a reprint notice
# Last resort: the words such notices are made of, in Simplified (compared through the view).
RIGHTS = re.compile(r"转载|授权|版权|摘编|立场|观点")
DISCLAIMS = re.compile(r"未经|不得|请勿|禁止|严禁|仅代表|不代表|声明")
TEXT_KINDS = ("paragraph", "heading", "list_item")


def _is_notice(text: str) -> bool:
    if len(text) > NOTICE_MAX:
        return False
    view = simplified_view(text)
    return bool(RIGHTS.search(view) and DISCLAIMS.search(view))


def trim_article_end(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, str]]]:
    """`blocks` without the credits and notices at their end, and (text, reason) of each removed."""
    end = len(blocks)
    removed: list[tuple[str, str]] = []
    while end > 1:
        block = blocks[end - 1]
        if block.kind not in TEXT_KINDS:
            break
        if _is_notice(block.text):
            removed.append((block.text, "a reprint or rights notice at the end of the article"))
            end -= 1
            continue
        run = end
        while run > 1 and blocks[run - 1].kind in TEXT_KINDS and CREDIT.fullmatch(blocks[run - 1].text.strip()):
            run -= 1
        if end - run >= CREDITS_MIN:
            removed += [(b.text, "staff credits at the end of the article") for b in reversed(blocks[run:end])]
            end = run
            continue
        break
    return blocks[:end], removed


__all__ = ["trim_article_end"]
