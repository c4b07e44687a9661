"""EUC-TW (CNS 11643), which Python has no codec for: told from GB18030, whose byte
ranges it shares, and refused by name instead of being read as GB18030 nonsense.

The evidence is the document's own. EUC-TW puts its frequent characters in rows 0xC4-0xFD
of plane 1, where GB2312 keeps its rare second level (0xD8-0xF7) and GB18030 its
extensions; real GB text has few lead bytes there (8-10 % in notices), EUC-TW about half.
When many do, the bytes are read as EUC-TW through the C library's iconv (where it has
the converter) and the two readings' plausibility compared; without iconv, a GB18030
reading that is itself implausible is enough.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from functools import lru_cache

import numpy as np

from fanjian.zh.plausibility import score

EUC_PAIR = re.compile(rb"([\xa1-\xfe])[\xa1-\xfe]")
RARE_GB_LEAD = 0xD8  # GB2312 level 2 and beyond
MIN_PAIRS = 8
SUSPECT_SHARE = 0.25  # of lead bytes in the rare rows: well above real GB text, well below EUC-TW
BETTER_PER_CHAR = 1.0  # log10 per Han character the EUC-TW reading must win by
IMPLAUSIBLE_PER_CHAR = -4.5  # without iconv: a GB18030 reading this improbable is not GB text
WINDOW = 4096
NAME = "EUC-TW (CNS 11643)"


def _han_mean(text: str) -> float | None:
    han = "".join(ch for ch in text if "\u3400" <= ch <= "\u9fff")
    return score(han) / len(han) if han else None


def suspect(raw: bytes) -> bool:
    """Many EUC pairs, and many of them in rows GB text hardly uses."""
    leads = _pair_leads(raw[: WINDOW * 4])
    return len(leads) >= MIN_PAIRS and np.count_nonzero(leads >= RARE_GB_LEAD) >= SUSPECT_SHARE * len(leads)


def _pair_leads(raw: bytes) -> np.ndarray:
    """The lead bytes of `EUC_PAIR.finditer(raw)`, found in numpy (a match each costs a
    Python step, and GB text is thousands of pairs): each run of EUC bytes is paired from
    its start, so a lead is at an even offset in its run, with a byte of the run after it.

    >>> raw = bytes([0xB0, 0xA1, 0xD8, 0x78, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5])
    >>> _pair_leads(raw).tolist() == [m.group(1)[0] for m in EUC_PAIR.finditer(raw)] == [0xB0, 0xA1, 0xA3]
    True
    """
    b = np.frombuffer(raw, np.uint8)
    euc = (b >= 0xA1) & (b <= 0xFE)
    at = np.arange(len(b))
    starts = euc.copy()
    starts[1:] &= ~euc[:-1]
    run_start = np.maximum.accumulate(np.where(starts, at, 0))
    lead = euc & ((at - run_start) % 2 == 0)
    lead[:-1] &= euc[1:]
    lead[-1:] = False
    return b[lead]


@lru_cache(maxsize=1)
def _iconv():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        iconv_open, iconv, iconv_close = libc.iconv_open, libc.iconv, libc.iconv_close
    except (OSError, AttributeError):
        return None
    iconv_open.restype, iconv_open.argtypes = ctypes.c_void_p, [ctypes.c_char_p, ctypes.c_char_p]
    iconv.restype = ctypes.c_size_t
    iconv.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t),
                      ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t)]
    iconv_close.argtypes = [ctypes.c_void_p]
    return iconv_open, iconv, iconv_close


def read_euc_tw(raw: bytes) -> str | None:
    """The text of the longest start of `raw` that is valid EUC-TW, via iconv; None when
    there is no converter, or not even the start is EUC-TW."""
    functions = _iconv()
    if functions is None:
        return None
    iconv_open, iconv, iconv_close = functions
    handle = iconv_open(b"UTF-8", b"EUC-TW")
    if handle in (None, ctypes.c_void_p(-1).value):
        return None
    try:
        source = ctypes.create_string_buffer(raw, len(raw))
        target = ctypes.create_string_buffer(len(raw) * 2 + 16)
        src_ptr, dst_ptr = ctypes.c_char_p(ctypes.addressof(source)), ctypes.c_char_p(ctypes.addressof(target))
        src_left, dst_left = ctypes.c_size_t(len(raw)), ctypes.c_size_t(len(target))
        iconv(handle, ctypes.byref(src_ptr), ctypes.byref(src_left), ctypes.byref(dst_ptr), ctypes.byref(dst_left))
        done = len(target) - dst_left.value
    finally:
        iconv_close(handle)
    if len(raw) - src_left.value < len(raw) // 2:
        return None
    return target.raw[:done].decode("utf-8", "replace")


def is_euc_tw(raw: bytes, gb_text: str) -> bool:
    """Whether bytes read as `gb_text` (GB18030) are EUC-TW text instead."""
    if not suspect(raw):
        return False
    gb_mean = _han_mean(gb_text[:WINDOW])
    if gb_mean is None:
        return False
    euc = read_euc_tw(raw[:WINDOW])
    if euc is None:
        return gb_mean < IMPLAUSIBLE_PER_CHAR
    euc_mean = _han_mean(euc)
    return euc_mean is not None and euc_mean > gb_mean + BETTER_PER_CHAR


def refusal() -> str:
    return (f"{NAME} text, which fanjian cannot decode (Python has no codec for it): "
            "convert it first, e.g. iconv -f EUC-TW -t UTF-8")
