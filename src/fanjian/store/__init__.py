"""The edges: reading inputs safely, writing outputs atomically, the skip ledger.

Inputs are only ever read. A notice's folder is written beside its final place and
swapped into it (`store.swap`), so a reader sees the old folder or the new one, never half
of one, and on Linux never neither.

Owns the disk: the inbox listing, input limits, atomic writes and swaps, output modes, the
skip ledger, locks, the index database (`store.index_db`), users' rules files. Imports only `model`, `errors`,
`settings` and `rules`; never a stage.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

import orjson

from fanjian.errors import InputError
from fanjian.model import Result, SourceInfo
from fanjian.store.inbox import SKIP_NAMES, InboxListing, list_inbox, scan_inbox  # noqa: F401 (the store's API)
from fanjian.store.index_db import CorruptIndex, collect_index, discard_index, open_index  # noqa: F401 (the store's API)
from fanjian.store.modes import temp_file, temp_folder
from fanjian.store.swap import swap_in


def relative_name(path: Path, inbox: Path | None) -> str:
    """The input's name relative to the inbox, as printable Unicode.

    A link keeps its own name (not its target's); bytes that are not UTF-8 are shown
    as backslash escapes, so the name can go into JSON and logs.
    """
    name = path.name
    if inbox:
        root = _resolved(inbox)
        # The inbox's own files (most) need no second walk of the same folders.
        folder = root if path.parent == inbox else _resolved(path.parent)
        located = os.path.join(folder, path.name) if path.name else folder
        prefix = root.rstrip("/") + "/"
        if located == root:
            name = "."
        elif located.startswith(prefix):
            name = located[len(prefix):]
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _resolved(path: Path) -> str:
    """`str(path.resolve())` without building Paths: symlinks followed, a loop an error."""
    try:
        real = os.path.realpath(path)
    except OSError as err:
        _refuse_loop(err)
        raise
    try:
        os.stat(real)  # realpath passes a loop by; stat meets it
    except OSError as err:
        _refuse_loop(err)
    return real


def _refuse_loop(err: OSError) -> None:
    if err.errno == errno.ELOOP:
        raise RuntimeError(f"Symlink loop from {err.filename!r}") from None


def notice_id(rel_path: str) -> str:
    """Stable across reprocessing of one input path, and safe as a path segment.

    >>> notice_id("sub/../通知 1.txt")
    '1-3bc638395b'
    """
    stem = Path(rel_path).stem
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "n"
    if not slug[0].isalnum():
        slug = "n" + slug
    digest = hashlib.sha256(rel_path.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f"{slug}-{digest}"


def read_input(path: Path, inbox: Path | None, max_bytes: int, name: str | None = None) -> tuple[bytes, SourceInfo]:
    """Bytes and SourceInfo of one input; InputError naming the file for anything wrong.
    `name` is `relative_name(path, inbox)` when the caller has it already."""
    name = relative_name(path, inbox) if name is None else name
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            target = path.resolve()
            if inbox is not None and not target.is_relative_to(inbox.resolve()):
                raise InputError("symbolic link pointing outside the inbox: not followed", name)
            st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file", name)
        if st.st_size > max_bytes:
            raise InputError(f"{st.st_size} bytes is over the limit of {max_bytes}", name)
        with open(path, "rb", buffering=0) as handle:
            # Sized by the file, not the limit (a read of the limit allocates all of it);
            # a file that grew since is read on, up to one byte past the limit.
            raw = handle.read(st.st_size + 1)
            if len(raw) > st.st_size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except FileNotFoundError:
        raise InputError("file vanished before it could be read", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except IsADirectoryError:
        raise InputError("is a directory", name) from None
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror or err}", name) from None
    if len(raw) > max_bytes:
        raise InputError(f"grew past the limit of {max_bytes} bytes while being read", name)
    return raw, SourceInfo(name, hashlib.sha256(raw).hexdigest(), len(raw))


def _temp_prefix(name: str) -> str:
    """Temporaries carry the writer's pid, so a sweep can tell orphans from live work."""
    return f".{name}.{os.getpid()}."


TEMP_NAME = re.compile(r"^\..*\.(\d+)\.[^.]*\.tmp$")


def sweep_orphans(out: Path) -> list[Path]:
    """Remove temporaries left by writers that died (SIGKILL, power loss); keep live ones."""
    removed = []
    for folder in (out, out / "notices", out / "held", out / "failed"):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            match = TEMP_NAME.match(entry.name)
            if match and not _alive(int(match.group(1))):
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink(missing_ok=True)
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_file(path.parent, _temp_prefix(path.name))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_result(result: Result, out: Path) -> Path:
    """The notice's folder under notices/ or held/, swapped in whole."""
    kind = "notices" if result.decision == "publish" else "held"
    final = out / kind / result.id
    try:
        staging = temp_folder(final.parent, _temp_prefix(result.id))
    except FileNotFoundError:  # the first notice of its kind
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = temp_folder(final.parent, _temp_prefix(result.id))
    try:
        _write_files(staging, result.files)
        _swap_in(Path(staging), final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    other = os.path.join(out, "held" if kind == "notices" else "notices", result.id)
    if os.path.lexists(other):
        shutil.rmtree(other, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(out, "failed", f"{result.id}.error.json"))
    return final


def _write_files(folder: str, files: dict[str, bytes]) -> None:
    """Each file created relative to the open folder: no path walk per file."""
    folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for rel, data in files.items():
            fd = os.open(rel, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666, dir_fd=folder_fd)
            try:
                view = memoryview(data)
                while view:  # a short write (a nearly full disk) continues, or raises ENOSPC
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
    finally:
        os.close(folder_fd)


def _swap_in(staging: Path, final: Path) -> None:
    swap_in(staging, final, final.with_name(f"{_temp_prefix(final.name)}old.tmp"))


def write_failure(out: Path, rel_path: str, reason: str) -> Path:
    nid = notice_id(rel_path)
    path = out / "failed" / f"{nid}.error.json"
    body = {"input": rel_path, "id": nid, "error": reason}
    write_atomic(path, (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode())
    return path


FAILURES_LISTED = 1000  # on the index's first page; the count says how many more there are


def failure_records(out: Path) -> list[dict]:
    """The records of out/failed/*.error.json ({input, id, error}), by input, at most
    FAILURES_LISTED; a record that cannot be read is listed by its id alone."""
    records = []
    for path in sorted((out / "failed").glob("*.error.json"))[:FAILURES_LISTED]:
        nid = path.name.removesuffix(".error.json")
        try:
            record = json.loads(path.read_bytes())
        except (OSError, ValueError):
            record = None
        records.append(record if isinstance(record, dict) else {"id": nid, "input": nid, "error": "record unreadable"})
    return records


def find_bundle(out: Path, nid: str) -> dict | None:
    """The notice's bundle as written, None when it cannot be read. For the ledger, which
    compares strings: an integer past 64 bits would come back as a float."""
    for kind in ("notices", "held"):
        path = os.path.join(out, kind, nid, "bundle.json")
        try:
            with open(path, "rb", buffering=0) as handle:
                data = handle.read()
        except FileNotFoundError:
            continue
        except OSError:
            if not Path(path).exists():  # which raises, as it always did, if it cannot tell
                continue
            return None
        return _load_json(data)
    return None


def _load_json(data: bytes):
    """`json.loads` of UTF-8 bytes, through orjson's C parser; None for what is not JSON.
    What orjson refuses but json reads (NaN, Infinity, lone surrogates) goes json's way."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(data.decode("utf-8"))
    except ValueError:
        return None


def is_unchanged(out: Path, nid: str, sha256: str, pipeline_version: str, settings_hash: str,
                 rules_sha256: str = "", url: str = "") -> bool:
    """The ledger: skip when the bundle records the same source, rules, given address
    (`--base-url`), pipeline and settings."""
    bundle = find_bundle(out, nid)
    return bool(bundle) and (
        bundle.get("source", {}).get("sha256") == sha256
        and bundle.get("source", {}).get("rules_sha256", "") == rules_sha256
        and bundle.get("source", {}).get("url", "") == url
        and bundle.get("pipeline_version") == pipeline_version
        and bundle.get("settings_hash") == settings_hash
    )


def lock_folder(out: Path) -> Path:
    """Where the notice locks of `out` live: the system temp folder, keyed by out's real
    path, so the output tree holds outputs only. Runs on other machines sharing `out` are
    kept apart by the inbox deployment's concurrency limit of 1 instead."""
    key = hashlib.sha256(_resolved(out).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"fanjian-locks-{os.getuid()}" / key


LOCK_STRIPES = 4096


def lock_name(nid: str) -> str:
    """The lock file a notice shares with others of its stripe.

    >>> lock_name("1-3bc638395b")
    'stripe-cbc.lock'
    """
    stripe = int(hashlib.sha256(nid.encode("utf-8", "surrogateescape")).hexdigest(), 16) % LOCK_STRIPES
    return f"stripe-{stripe:03x}.lock"


@contextlib.contextmanager
def notice_lock(out: Path, nid: str):
    """Hold while deciding, processing and writing one notice, so two runs started at
    once write each output once: the second waits, then finds it unchanged and skips.

    An OS advisory lock (flock): released by the kernel if the process dies, so a crash
    never leaves a notice locked. Lock files are never deleted (deleting one a waiter has
    open would let a third process lock a new file and run alongside), so notices share
    LOCK_STRIPES of them by a hash of their id: the folder stays bounded, and two notices
    of one stripe at the same moment only wait for each other (each run holds one lock).
    """
    with _flocked(lock_folder(out), lock_name(nid)):
        yield


@contextlib.contextmanager
def index_lock(out: Path):
    """Hold while bringing the index database up to date and writing the index pages: two
    runs of one machine write them one after the other (each lists every bundle it finds)."""
    with _flocked(lock_folder(out), "index.lock"):
        yield


@contextlib.contextmanager
def _flocked(folder: Path, name: str):
    path = os.path.join(folder, name)
    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND  # as open(path, "a+b"), without the buffer
    try:
        fd = os.open(path, flags, 0o666)
    except FileNotFoundError:  # the first lock of this out/
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
