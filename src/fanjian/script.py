"""Script-level helpers shared by stages: cached OpenCC converters and a
length-preserving Simplified view of text, so rules written once in Simplified
match text in either script.

>>> simplified_view("羅湖區發布時間")
'罗湖区发布时间'
"""

from __future__ import annotations

from functools import lru_cache

import opencc


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    """One OpenCC converter per configuration name (e.g. "s2tw"), built once."""
    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")


@lru_cache(maxsize=65536)
def _char_to_simplified(ch: str) -> str:
    out = converter("t2s").convert(ch)
    return out if len(out) == 1 else ch


def simplified_view(text: str) -> str:
    """Each character mapped alone to Simplified; same length, so spans carry over."""
    if text.isascii():
        return text
    return "".join(_char_to_simplified(ch) for ch in text)
