"""The small, frozen, JSON-able values that pass between stages.

Every stage takes one of these and returns a new one; nothing here does I/O.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning", "info"]
Decision = Literal["publish", "hold"]


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples and dicts to plain JSON types.

    >>> to_jsonable(Repair("gloss", 1, 5, "(qū)", ""))
    {'kind': 'gloss', 'start': 1, 'end': 5, 'before': '(qū)', 'after': ''}
    >>> to_jsonable((Block("table", rows=(("甲", "1"),)), {2: Entity("place", "深圳", {"zh-Hant": "深圳"})}))
    [{'kind': 'table', 'text': '', 'rows': [['甲', '1']], 'href': '', 'level': 0}, {'2': {'kind': 'place', 'text': '深圳', 'renditions': {'zh-Hant': '深圳'}, 'count': 1}}]
    """
    kind = type(value)
    if kind in _PLAIN:  # most values: answered before any other test
        return value
    if kind is tuple or kind is list:
        # Most sequences hold one kind of item (strings, or blocks, repairs, findings):
        # the kinds are found in C, and all-plain items are copied, dataclasses converted
        # by their class's converter, without a dispatch per item.
        kinds = set(map(type, value))
        if kinds <= _PLAIN:
            return list(value)
        if len(kinds) == 1:
            convert = _dataclass_converter(kinds.pop())
            if convert is not None:
                return list(map(convert, value))
        return [v if type(v) in _PLAIN else to_jsonable(v) for v in value]
    if kind is dict and _PLAIN.issuperset(map(type, value.values())) and _STR.issuperset(map(type, value)):
        return dict(value)  # string keys, plain values (a mapping of renditions): a copy
    convert = _dataclass_converter(kind)
    if convert is not None:
        return convert(value)
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _PLAIN else to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): v if type(v) in _PLAIN else to_jsonable(v) for k, v in value.items()}
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})
_STR = frozenset({str})


@cache
def _dataclass_converter(cls: type):
    """For a dataclass or a named tuple, a function written once per class that reads each field by name
    and builds the dict in one expression (a generic loop over fields costs twice as
    much per block or repair); None for any other type."""
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):  # a named tuple (Repair)
        names = list(cls._fields)
    elif dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls)]
    else:
        return None
    reads = "".join(f"    v{i} = value.{name}\n" for i, name in enumerate(names))
    # A field's value: plain as is; a tuple of plain items (alternatives, an empty `rows`) or
    # a dict of strings (renditions) copied in C; anything else through `to_jsonable`.
    items = ", ".join(f"{name!r}: v{i} if type(v{i}) in plain else list(v{i}) if type(v{i}) is tuple and all_plain(map(type, v{i})) "
                      f"else dict(v{i}) if type(v{i}) is dict and all_plain(map(type, v{i}.values())) and all_str(map(type, v{i})) "
                      f"else to_jsonable(v{i})" for i, name in enumerate(names))
    scope = {"plain": _PLAIN, "all_plain": _PLAIN.issuperset, "all_str": _STR.issuperset, "to_jsonable": to_jsonable}
    exec(f"def convert(value):\n{reads}    return {{{items}}}\n", scope)
    return scope["convert"]


@dataclass(frozen=True)
class SourceInfo:
    """Where a notice came from: its path relative to the inbox, hash and size."""

    path: str
    sha256: str = ""
    bytes: int = 0
    declared: str | None = None  # charset from HTTP headers or the CLI, if any
    rules: str = ""  # text of the input's NAME.rules.toml, if any (see `fanjian.rules`)
    rules_path: str = ""
    url: str = ""  # the input's own address as its caller gives it (`--base-url`), if any



@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and why that encoding was chosen."""

    text: str
    encoding: str
    method: str  # bom | declared | detected | fallback | mixed (ASCII and UTF-8 exits: detected/declared)
    confidence: float = 1.0
    declared: str | None = None
    overruled: bool = False  # a declaration existed and the bytes disagreed
    replaced: int = 0  # bytes not kept: replaced by U+FFFD (invalid, cut-off tail) or dropped NULs
    segments: tuple[dict, ...] = ()  # for method "mixed": [{start, end, encoding}]


class Repair(NamedTuple):
    """One change to the text: kind, span in the input, before and after. A named tuple, not
    a dataclass: a folded notice makes hundreds, and a tuple is made in C."""

    kind: str
    start: int
    end: int
    before: str
    after: str


@dataclass(frozen=True)
class Repaired:
    text: str
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True)
class Meta:
    """Facts the page chrome carries, in the script of the source."""

    site: str = ""
    title: str = ""
    source: str = ""  # 来源
    published: str = ""  # ISO 8601 date (or date-time)
    doc_number: str = ""  # 文号
    author: str = ""  # 作者/记者
    index_number: str = ""  # 索引号
    publisher: str = ""  # 发布机构
    editor: str = ""  # 责任编辑
    attachments: tuple[dict, ...] = ()  # [{name, href}]
    url: str = ""  # the page's own address (base, canonical, og:url), which its relative links resolve against


# Meta fields written in the notice's script: converted, ruled and checked like the body.
META_TEXT_FIELDS = ("site", "title", "source", "author", "publisher", "editor", "doc_number")


@dataclass(frozen=True)
class Block:
    """One unit of the body in reading order.

    kind: heading | paragraph | list_item | table | attachment | image.
    Tables carry their cells in ``rows``; links and images their target in ``href``.
    """

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    href: str = ""
    level: int = 0


@dataclass(frozen=True)
class Notice:
    meta: Meta
    blocks: tuple[Block, ...]
    chrome: tuple[str, ...] = ()  # every removed line, for audit
    format: str = "text"  # text | html
    chrome_reasons: tuple[str, ...] = ()  # why each line of `chrome` was removed, in the same order


def replaced(value, **changes):
    """`dataclasses.replace` for the frozen dataclasses of this module (no `__post_init__`,
    no init-only fields): the instance's fields copied, then `changes`, without a call to
    `__init__`. `dataclasses.replace` costs about 5 µs, this under 1 µs, and a notice
    makes hundreds of copies (one per converted block and target).

    >>> replaced(Block("paragraph", "甲", level=2), text="乙")
    Block(kind='paragraph', text='乙', rows=(), href='', level=2)
    >>> replaced(Block("paragraph"), txt="乙")
    Traceback (most recent call last):
    TypeError: Block has no field txt
    """
    cls = type(value)
    if not changes.keys() <= cls.__dataclass_fields__.keys():
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(changes.keys() - cls.__dataclass_fields__.keys()))}")
    new = object.__new__(cls)
    new.__dict__.update(value.__dict__)
    new.__dict__.update(changes)
    return new


def texts_of(meta: Meta, blocks: tuple[Block, ...]) -> list[str]:
    """Every text of a notice in the order `map_texts` visits them."""
    out = [getattr(meta, f) for f in META_TEXT_FIELDS]
    for b in blocks:
        out.append(b.text)
        out += [c for row in b.rows for c in row]
    return out


def map_texts(meta: Meta, blocks: tuple[Block, ...], fn) -> tuple[Meta, tuple[Block, ...]]:
    """`fn` applied to every text of a notice, in order: the text fields of `meta`, then
    each block's text and its table cells row by row.

    >>> map_texts(Meta(title="a"), (Block("table", "b", rows=(("c",),)),), str.upper)[1][0].rows
    (('C',),)
    """
    meta = replaced(meta, **{f: fn(getattr(meta, f)) for f in META_TEXT_FIELDS})
    return meta, tuple([_map_block(b, fn) for b in blocks])


def _map_block(block: Block, fn) -> Block:
    text = fn(block.text)
    rows = tuple([tuple([fn(c) for c in row]) for row in block.rows]) if block.rows else ()
    if text == block.text and rows == block.rows:
        return block  # frozen and equal: no copy
    return replaced(block, text=text, rows=rows)


@dataclass(frozen=True)
class Change:
    """A character the conversion changed for a reason other than plain OpenCC."""

    kind: str  # protect | dictionary | half-conversion | user
    text: str  # the span as written in the rendition
    opencc: str  # what plain OpenCC would have written
    reason: str = ""


@dataclass(frozen=True)
class Ambiguity:
    """A one-to-many character whose form was OpenCC's single-character default."""

    location: str  # meta.<field>, block N or block N cell r.c (as in check)
    offset: int  # in that part, in the source and the rendition alike
    char: str  # as in the source
    chosen: str  # as written in the rendition
    alternatives: tuple[str, ...] = ()
    severity: Severity = "info"
    reason: str = ""
    context: tuple[str, str] = ("", "")  # rendition text before and after the character


@dataclass(frozen=True)
class Rendition:
    target: str  # BCP 47 tag: zh-Hans, zh-Hant, zh-Hant-TW, zh-Hant-HK
    config: str  # OpenCC configuration(s) used, e.g. "t2s" or "s2tw"
    meta: Meta
    blocks: tuple[Block, ...]
    changes: tuple[Change, ...] = ()
    ambiguities: tuple[Ambiguity, ...] = ()  # character defaults an editor should check

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass(frozen=True)
class Entity:
    kind: str  # person | place | org | number | date | money | percent | title | term
    text: str  # as written in the source
    renditions: dict = field(default_factory=dict)  # target -> text as written there
    count: int = 1


@dataclass(frozen=True)
class Finding:
    severity: Severity
    kind: str
    message: str
    target: str = ""  # rendition the finding is about, "" for the source
    location: str = ""  # block index or field name


@dataclass(frozen=True)
class Report:
    entities: tuple[Entity, ...] = ()
    findings: tuple[Finding, ...] = ()
    decision: Decision = "publish"


@dataclass(frozen=True)
class Result:
    """Everything `pipeline.process` produced for one input."""

    id: str
    source: SourceInfo
    decoded: Decoded
    repaired: Repaired
    notice: Notice
    renditions: dict[str, Rendition]
    report: Report
    bundle: dict
    files: dict[str, bytes]  # relative path inside the notice folder -> content

    @property
    def decision(self) -> Decision:
        return self.report.decision
