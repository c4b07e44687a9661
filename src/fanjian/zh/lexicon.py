"""jieba's default dictionary (each word's count, every prefix of a word listed with 0, and
each word's part of speech) loaded by first character, as a text's characters need it;
jieba's tokenizer over it (`tokenizer`, its DAG loading what a text needs); what the
tagger takes from jieba.posseg (its patterns and HMM tables).

Why: jieba loads its whole dictionary at once (about 500,000 entries, 0.7 s in a fresh
process) and jieba.posseg reads all of its dictionary file again for the tags (0.4 s) when
imported; a line needs a few thousandth of it. Both are written once, from jieba's own
tables, into a cache of this user's (`config_dir`), split by first character; every entry
of a character comes in at once, so a lookup of any word starting with a loaded character
answers as jieba's dictionary does. Without a cache (first use, or one that cannot be
written) jieba's tables are used whole.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import mmap
import os
import re
import struct
import threading
from functools import lru_cache
from math import log
from pathlib import Path

import jieba

from fanjian.zh.opencc import config_dir

FORMAT = 2  # bump when the cache's layout or content changes
HEADER = struct.Struct("<Q")  # the length of the marshalled header that follows
PATTERNS = ("re_han_internal", "re_skip_internal", "re_han_detail", "re_skip_detail", "re_eng", "re_num")

logger = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)


class Lexicon:
    """`freq` and `tags`: jieba's dictionary and posseg's tag table, holding every entry of
    each character `need` was given; `total`: jieba's total count; `patterns`: posseg's."""

    def __init__(self, total: int, patterns: dict[str, re.Pattern], freq: dict | None = None,
                 tags: dict | None = None, hmm: tuple | None = None, cache: tuple | None = None):
        self.total, self.patterns = total, patterns
        self.freq: dict[str, int] = {} if freq is None else freq
        self.tags: dict[str, str] = {} if tags is None else tags
        self._hmm = hmm
        self._index, self._data = cache if cache is not None else ({}, b"")
        self._seen: set[str] | None = set() if cache is not None else None  # None: all loaded
        self._lock = threading.Lock()

    def need(self, text: str) -> None:
        """Load the entries of each character of `text` not yet loaded."""
        seen = self._seen
        if seen is None or seen.issuperset(text):
            return
        with self._lock:
            for char in set(text).difference(seen):
                span = self._index.get(char)
                if span is not None:
                    words, counts, tagged, tags = marshal.loads(self._data[span[0] : span[1]])
                    self.freq.update(zip(words.split("\n"), counts))
                    self.tags.update(zip(tagged.split("\n"), tags))
                seen.add(char)  # after its entries: another thread that sees it finds them

    def hmm(self) -> tuple:
        """posseg's (char_state_tab_P, start_P, trans_P, emit_P, MIN_FLOAT, MIN_INF)."""
        if self._hmm is None:
            with self._lock:
                if self._hmm is None:
                    span = self._index[None]
                    self._hmm = marshal.loads(self._data[span[0] : span[1]])
        return self._hmm


class RouteTokenizer(jieba.Tokenizer):
    """jieba's tokenizer, the same DAG and route in less time: the DAG looks each fragment
    up once (jieba twice), and the best route (`calc`) reads each word's log probability,
    log(count or 1) - log(total), from a table filled as words are met: the same numbers
    added in the same order, and ties broken alike (the later end)."""

    def get_DAG(self, sentence):
        """jieba's DAG (each start -> the ends of its dictionary words), one lookup a step."""
        self.lexicon.need(sentence)
        freq, n, dag = self.FREQ, len(sentence), {}
        for k in range(n):
            ends, i, frag = [], k, sentence[k]
            while (count := freq.get(frag)) is not None:  # every prefix of a word is listed
                if count:
                    ends.append(i)
                i += 1
                if i >= n:
                    break
                frag = sentence[k : i + 1]
            dag[k] = ends or [k]
        return dag

    def calc(self, sentence, DAG, route):
        if self.__dict__.get("_total") != self.total:  # words added: their counts moved the total
            self._total, self._logtotal, self._logp = self.total, log(self.total), {}
        freq, logtotal, logp = self.FREQ, self._logtotal, self._logp
        route[len(sentence)] = (0, 0)
        for idx in range(len(sentence) - 1, -1, -1):
            best = None
            for x in DAG[idx]:
                word = sentence[idx : x + 1]
                p = logp.get(word)
                if p is None:
                    p = logp[word] = log(freq.get(word) or 1) - logtotal
                step = (p + route[x + 1][0], x)
                if best is None or step > best:
                    best = step
            route[idx] = best

    def need(self, text: str) -> None:
        """Load the dictionary's words starting with a character of `text` (`lexicon`): before
        any look-up that `get_DAG` does not precede."""
        self.lexicon.need(text)


@lru_cache(maxsize=1)
def tokenizer() -> RouteTokenizer:
    """jieba's default tokenizer, with the faster DAG and route and its dictionary from `lexicon`."""
    words = lexicon()
    tok = RouteTokenizer()
    tok.FREQ, tok.total, tok.initialized, tok.lexicon = words.freq, words.total, True, words
    return tok


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load(cache_path())


def load(path: Path) -> Lexicon:
    """The lexicon cached at `path`; without one there, jieba's tables whole, cached there."""
    try:
        return _read(path)
    except (OSError, ValueError, EOFError, TypeError, KeyError, struct.error):
        pass
    whole = _from_jieba()
    try:
        _write(path, whole)
    except OSError as err:
        logger.debug("jieba's dictionary not cached in %s: %s", path, err)
    return whole


def cache_path() -> Path:
    """This user's cache of jieba's installed dictionary, named by its version and file."""
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    found = dictionary.stat()
    key = f"{FORMAT} {jieba.__version__} {dictionary} {found.st_size} {found.st_mtime_ns}"
    return config_dir() / f"jieba-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:16]}.cache"


def _read(path: Path) -> Lexicon:
    with open(path, "rb") as handle:
        size = HEADER.unpack(handle.read(HEADER.size))[0]
        total, patterns, index = marshal.loads(handle.read(size))
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # stays open without the file
    compiled = {name: re.compile(pattern, flags) for name, (pattern, flags) in patterns.items()}
    return Lexicon(total, compiled, cache=(index, memoryview(data)[HEADER.size + size :]))


def _from_jieba() -> Lexicon:
    """jieba's tables, whole: its default dictionary (as `jieba.Tokenizer` loads it) and posseg's."""
    from jieba import posseg
    from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF

    words = jieba.Tokenizer()
    words.initialize()
    hmm = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P, MIN_FLOAT, MIN_INF)
    patterns = {name: getattr(posseg, name) for name in PATTERNS}
    return Lexicon(words.total, patterns, words.FREQ, posseg.dt.word_tag_tab, hmm)


def _write(path: Path, whole: Lexicon) -> None:
    """The cache: a header (total, patterns, where each character's entries are) and the
    entries of each first character, marshalled apart (words joined by newlines, which no
    word holds: they load faster than a dictionary); written under another name, then renamed."""
    by_char: dict[str, tuple[dict, dict]] = {}
    for word, count in whole.freq.items():
        by_char.setdefault(word[0], ({}, {}))[0][word] = count
    for word, tag in whole.tags.items():
        by_char.setdefault(word[0], ({}, {}))[1][word] = tag
    if any("\n" in word for word in whole.freq) or any("\n" in word for word in whole.tags):
        raise OSError("a word holds a newline")  # (no dictionary file can): left uncached
    blobs = [(char, marshal.dumps(("\n".join(freq), tuple(freq.values()), "\n".join(tags), tuple(tags.values()))))
             for char, (freq, tags) in by_char.items()]
    blobs.append((None, marshal.dumps(whole.hmm())))
    index, at = {}, 0
    for char, blob in blobs:
        index[char] = (at, at + len(blob))
        at += len(blob)
    patterns = {name: (p.pattern, p.flags) for name, p in whole.patterns.items()}
    header = marshal.dumps((whole.total, patterns, index))
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(staged, "wb") as handle:
            handle.write(HEADER.pack(len(header)) + header)
            for _, blob in blobs:
                handle.write(blob)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
