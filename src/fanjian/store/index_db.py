"""The index's store: one row per bundle under out/ in a SQLite database, so a run parses
only the bundles it changed and writes the index pages from ordered queries, a page at a
time: its memory does not grow with the archive.

The database is `out/.fanjian/index.sqlite`: the folder mode 0700, the file 0600 (and
SQLite gives its journal the file's mode), so a web server serving out/ as another user
cannot read it, and a dot-folder is what a server told to refuse dot-paths leaves out.
It is a cache: a missing, corrupt or old-format database is rebuilt from the bundles
(with a warning for the last two); `.index-cache.json`, the JSON cache before it, is
removed. Writers are kept apart by the caller's index lock (`store.index_lock`) and by
SQLite's own transactions.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import orjson

INDEX_FOLDER = ".fanjian"
INDEX_DB = "index.sqlite"
LEGACY_CACHE = ".index-cache.json"  # summaries by bundle in one JSON file, loaded whole: replaced by INDEX_DB
SCHEMA_VERSION = 1
KINDS = ("notices", "held")  # in this order, the order the index lists ties in
CHUNK = 20_000  # rows written a transaction while the bundles are read (each commit waits for the disk)
CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_ERROR}

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE summary (
    folder BLOB PRIMARY KEY,   -- 'notices/<id>' or 'held/<id>', the folder's bytes
    kind INTEGER NOT NULL,     -- 0 notices/, 1 held/
    mtime_ns INTEGER NOT NULL, -- of bundle.json when it was read
    size INTEGER NOT NULL,
    listed INTEGER NOT NULL,   -- 1: in the published list (decision publish); 0: held apart
    date_key BLOB NOT NULL,    -- published, as bytes: compared as Python compares the strings
    id_key BLOB NOT NULL,
    id TEXT, title TEXT, published TEXT, source TEXT, decision TEXT, review TEXT,
    links TEXT,                -- JSON [[target, href], ...]
    findings TEXT              -- JSON ["severity: message [target]", ...]
);
CREATE INDEX published_order ON summary (listed, date_key DESC, id_key, kind, folder);
CREATE INDEX held_order ON summary (listed, id_key, kind, folder);
"""
COLUMNS = ("id", "title", "published", "source", "decision", "review", "links", "findings")


class CorruptIndex(Exception):
    """The database cannot be read as the index: discard it (`discard_index`) and rebuild."""


# A bundle that cannot be read or is not shaped as written: left off the index.
UNREADABLE = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError)


def db_path(out: Path) -> Path:
    return Path(out) / INDEX_FOLDER / INDEX_DB


@contextlib.contextmanager
def open_index(out: Path) -> Iterator[IndexReader]:
    """The index of out/, brought up to date with the bundles, then read in one
    transaction. Raises CorruptIndex for a database SQLite cannot read; the caller holds
    the index lock."""
    conn = None
    try:
        conn = _connect(out)
        sync(conn, out)
        conn.execute("BEGIN")
        yield IndexReader(conn)
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as err:
        if getattr(err, "sqlite_errorcode", 0) & 0xFF in CORRUPT_CODES:
            raise CorruptIndex(f"{db_path(out)}: {err}") from err
        raise
    finally:
        if conn is not None:
            conn.close()


def discard_index(out: Path, reason: object) -> None:
    """Remove a database that could not be read, saying so; the next open rebuilds it."""
    log.warning("index database unreadable, rebuilt from the bundles: %s", reason)
    _remove_db(out)


def _remove_db(out: Path) -> None:
    path = db_path(out)
    for name in (path.name, f"{path.name}-journal", f"{path.name}-wal", f"{path.name}-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path.with_name(name))


def _connect(out: Path) -> sqlite3.Connection:
    folder = Path(out) / INDEX_FOLDER
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)  # whatever the umask, or an older mode
    with contextlib.suppress(FileNotFoundError):
        os.unlink(Path(out) / LEGACY_CACHE)  # the JSON cache of earlier versions: rebuilt here
    path = db_path(out)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # created 0600 before SQLite opens it
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    conn = sqlite3.connect(path, isolation_level=None, timeout=60)
    try:
        conn.execute("PRAGMA synchronous=NORMAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if version or tables:
                log.warning("index database %s has format %s, not %s: rebuilt from the bundles", path, version,
                            SCHEMA_VERSION)
                conn.close()
                _remove_db(out)
                return _connect(out)
            conn.executescript(f"BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
    except BaseException:
        conn.close()
        raise
    return conn


def sync(conn: sqlite3.Connection, out: Path) -> dict[str, int]:
    """Rows for the bundles whose size or modification time changed, read again; rows of
    bundles that vanished (or can no longer be read) removed. One folder entry in memory
    at a time. Returns how many bundles were read, kept and removed."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen (folder BLOB PRIMARY KEY)")
    conn.execute("DELETE FROM temp.seen")
    counts = {"read": 0, "kept": 0, "removed": 0}
    pending = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for kind, name in _bundle_folders(out):
            folder = os.fsencode(f"{kind}/{name}")
            path = os.path.join(out, kind, name, "bundle.json")
            try:
                st = os.stat(path)
            except OSError:
                continue
            row = conn.execute("SELECT mtime_ns, size FROM summary WHERE folder = ?", (folder,)).fetchone()
            if row != (st.st_mtime_ns, st.st_size):
                try:
                    entry = index_entry(_read_bundle(Path(path)), kind)
                    values = _row(entry)
                except UNREADABLE:
                    continue  # unreadable: not listed, its old row removed below
                conn.execute(f"INSERT OR REPLACE INTO summary (folder, kind, mtime_ns, size, listed, date_key, id_key, "
                             f"{', '.join(COLUMNS)}) VALUES ({', '.join('?' * (7 + len(COLUMNS)))})",
                             (folder, KINDS.index(kind), st.st_mtime_ns, st.st_size, *values))
                counts["read"] += 1
                pending += 1
            else:
                counts["kept"] += 1
            conn.execute("INSERT OR IGNORE INTO temp.seen VALUES (?)", (folder,))
            if pending >= CHUNK:  # a run killed while reading a large archive keeps what it read
                conn.execute("COMMIT")
                conn.execute("BEGIN IMMEDIATE")
                pending = 0
        counts["removed"] = conn.execute(
            "DELETE FROM summary WHERE folder NOT IN (SELECT folder FROM temp.seen)").rowcount
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("DELETE FROM temp.seen")
    return counts


def _bundle_folders(out: Path) -> Iterator[tuple[str, str]]:
    for kind in KINDS:
        try:
            with os.scandir(os.path.join(out, kind)) as entries:
                for entry in entries:
                    yield kind, entry.name
        except OSError:
            continue


class IndexReader:
    """The summaries in the index's orders, streamed from the database."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def published_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM summary WHERE listed = 1").fetchone()[0]

    def published(self) -> Iterator[dict]:
        """Published summaries newest first, undated last, ties by id (as `emit.index.newest_first`)."""
        yield from self._entries("listed = 1 ORDER BY listed, date_key DESC, id_key, kind, folder")

    def held(self) -> list[dict]:
        """The others by id: all on the first page, so all at once."""
        return list(self._entries("listed = 0 ORDER BY listed, id_key, kind, folder"))

    def _entries(self, where: str) -> Iterator[dict]:
        for row in self.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM summary WHERE {where}"):
            entry = dict(zip(COLUMNS, map(_text, row)))
            entry["links"], entry["findings"] = _load_list(entry["links"]), _load_list(entry["findings"])
            yield entry


def _row(entry: dict) -> tuple:
    """listed, date_key, id_key, then the columns of `entry` (strings SQLite can hold)."""
    published = entry["published"] or ""
    if not isinstance(published, str) or not isinstance(entry["id"], str):
        raise TypeError("a summary's date and id are strings")
    keys = (entry["decision"] == "publish", _key(published), _key(entry["id"]))
    values = [entry[c] if c not in ("links", "findings") else _dump_list(entry[c]) for c in COLUMNS]
    return (*keys, *map(_storable, values))


def _dump_list(value: list) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # a lone surrogate, which orjson refuses
        return json.dumps(value, ensure_ascii=False)


def _load_list(text: str) -> list:
    try:
        return orjson.loads(text)
    except (orjson.JSONDecodeError, UnicodeEncodeError):
        return json.loads(text)


def _key(text: str) -> bytes:
    """Bytes whose order is the strings' order (lone surrogates too)."""
    return text.encode("utf-8", "surrogatepass")


def _storable(value):
    """A string as TEXT; one with a lone surrogate (which UTF-8 cannot hold) as its bytes.
    A value of another type (a bundle that did not pass its schema) is refused: TypeError."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _key(value)
    elif value is not None and type(value) not in (int, float, bool):
        raise TypeError(f"not a summary value: {type(value).__name__}")
    return value


def _text(value):
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else value


def collect_index(out: Path) -> list[dict]:
    """Summaries of every readable bundle under out/, read from the bundles themselves (no
    database): a reference for tests and small folders; it holds them all."""
    found = []
    for kind in KINDS:
        try:
            names = sorted(os.listdir(Path(out) / kind))
        except OSError:
            continue
        for name in names:
            with contextlib.suppress(*UNREADABLE):
                found.append(index_entry(_read_bundle(Path(out) / kind / name / "bundle.json"), kind))
    return found


def _read_bundle(path: Path) -> dict:
    raw = path.read_bytes()
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:  # NaN and lone surrogates, which orjson refuses
        return json.loads(raw.decode("utf-8", "surrogatepass"))


def index_entry(bundle: dict, kind: str) -> dict:
    """What the index shows of one bundle."""
    nid = bundle["id"]
    targets = list(bundle.get("renditions", {}))
    first = bundle["renditions"][targets[0]] if targets else {}
    folder = f"{kind}/{nid}"
    return {
        "id": nid,
        "title": first.get("title", ""),
        "published": bundle.get("meta", {}).get("published", ""),
        "source": first.get("meta", {}).get("source", ""),
        "decision": bundle.get("decision", "hold"),
        # Held renditions are not linked: only the review page that says why they are held.
        "links": [[t, f"{folder}/{t}.html"] for t in targets] if kind == "notices" else [],
        "review": f"{folder}/review.html" if "review.html" in bundle.get("outputs", []) else "",
        "findings": [f"{f['severity']}: {f['message']}" + (f" [{f['target']}]" if f.get("target") else "")
                     for f in bundle.get("findings", []) if f.get("severity") in ("error", "warning")],
    }
