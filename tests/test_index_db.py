"""The index database (store.index_db): updated for the bundles that changed, rows of
vanished bundles removed, a corrupt or old database rebuilt, kept from the web, and the
pages it writes the same as the list renderer's."""

import json
import logging
import os
import sqlite3
import stat
import threading
from contextlib import contextmanager

import pytest

from fanjian.emit import index as index_page
from fanjian.emit.index import render_index_pages, render_pages
from fanjian.flows.batch import write_index
from fanjian.store import index_db
from fanjian.store.index_db import INDEX_FOLDER, LEGACY_CACHE, collect_index, db_path


@contextmanager
def warnings_logged(caplog):
    """The index database's warnings in `caplog`, also when a test earlier in the session
    stopped the `fanjian` loggers from propagating, or a library's logging setup
    (dictConfig) disabled the loggers that existed then."""
    logger = logging.getLogger("fanjian.store.index_db")
    logger.addHandler(caplog.handler)
    disabled, logger.disabled = logger.disabled, False
    try:
        with caplog.at_level(logging.WARNING, logger=logger.name):
            yield
    finally:
        logger.removeHandler(caplog.handler)
        logger.disabled = disabled


def bundle(nid: str, published: str = "2024-03-01", decision: str = "publish", title: str | None = None) -> dict:
    return {"id": nid, "decision": decision, "meta": {"published": published},
            "renditions": {t: {"title": title if title is not None else f"通知{nid}", "meta": {"source": "区政府"}}
                           for t in ("zh-Hans", "zh-Hant-TW")},
            "outputs": ["review.html"],
            "findings": [{"severity": "error", "message": "number 3 differs", "target": "zh-Hans"}]
            if decision == "hold" else [{"severity": "info", "message": "not shown"}]}


def put(out, nid, **kw):
    kind = "held" if kw.get("decision") == "hold" else "notices"
    folder = out / kind / nid
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bundle.json").write_text(json.dumps(bundle(nid, **kw), ensure_ascii=False), encoding="utf-8")
    return folder / "bundle.json"


@pytest.fixture
def archive(tmp_path):
    """Ties on one date, an undated notice, held ones, ids out of date order."""
    out = tmp_path / "out"
    for k, date in enumerate(["2024-03-01", "2024-03-01", "", "2023-12-31", "2024-03-01", "2025-01-02", "2024-03-0"]):
        put(out, f"n{(k * 7) % 10}-{k}", published=date)
    put(out, "h2", decision="hold")
    put(out, "h1", decision="hold", published="")
    return out


def pages(out) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("index*.html"))}


def rows(out) -> dict[str, tuple]:
    with sqlite3.connect(db_path(out)) as conn:
        return {f.decode(): (m, s) for f, m, s in conn.execute("SELECT folder, mtime_ns, size FROM summary")}


@pytest.fixture
def reads(monkeypatch):
    seen = []
    real = index_db._read_bundle
    monkeypatch.setattr(index_db, "_read_bundle", lambda path: seen.append(path.parent.name) or real(path))
    return seen


@pytest.mark.parametrize("page_size", [2, 3, 500])
def test_pages_are_the_list_renderers(archive, monkeypatch, page_size):
    """The pages written from the database's ordered queries are byte for byte those the
    list renderer makes from every summary sorted in Python (ties, undated, held)."""
    monkeypatch.setattr(index_page, "PAGE_SIZE", page_size)
    write_index(archive)
    assert pages(archive) == dict(render_index_pages(collect_index(archive)))


def test_a_title_with_a_lone_surrogate_is_kept(tmp_path):
    out = tmp_path / "out"
    path = put(out, "a")
    path.write_bytes(path.read_bytes().replace("通知a".encode(), b"\\ud800x"))
    write_index(out)
    assert pages(out) == dict(render_index_pages(collect_index(out)))
    assert b"<li id=\"a\">" in (out / "index.html").read_bytes()


def test_only_the_changed_bundles_are_read_again(archive, reads):
    write_index(archive)
    assert len(reads) == 9
    before = rows(archive)
    reads.clear()
    write_index(archive)
    assert reads == []
    put(archive, "n0-0", title="改过的标题")
    put(archive, "new", published="2030-01-01")
    write_index(archive)
    assert sorted(reads) == ["n0-0", "new"]
    after = rows(archive)
    assert {k for k in after if after[k] != before.get(k)} == {"notices/n0-0", "notices/new"}
    assert "改过的标题" in (archive / "index.html").read_text(encoding="utf-8")
    assert pages(archive) == dict(render_index_pages(collect_index(archive)))


def test_a_vanished_or_unreadable_bundle_leaves_the_index(archive):
    write_index(archive)
    (archive / "notices" / "n7-1" / "bundle.json").unlink()
    (archive / "notices" / "n7-1").rmdir()
    (archive / "held" / "h2" / "bundle.json").write_bytes(b"{not json")
    write_index(archive)
    assert "notices/n7-1" not in rows(archive) and "held/h2" not in rows(archive)
    text = (archive / "index.html").read_text(encoding="utf-8")
    assert 'id="n7-1"' not in text and 'id="h2"' not in text and 'id="h1"' in text
    assert pages(archive) == dict(render_index_pages(collect_index(archive)))


def test_a_notice_moved_from_held_to_published(archive):
    write_index(archive)
    put(archive, "h1", published="2024-05-05")
    (archive / "held" / "h1" / "bundle.json").unlink()
    write_index(archive)
    assert "held/h1" not in rows(archive) and "notices/h1" in rows(archive)
    assert pages(archive) == dict(render_index_pages(collect_index(archive)))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "pages", "empty"])
def test_a_corrupt_database_is_rebuilt_with_a_warning(archive, caplog, damage):
    write_index(archive)
    expected = pages(archive)
    path = db_path(archive)
    data = path.read_bytes()
    path.write_bytes({"garbage": b"not a database at all" * 100, "truncated": data[: len(data) // 2],
                      "pages": data[:4096] + bytes(len(data) - 4096), "empty": data[:100]}[damage])
    with warnings_logged(caplog):
        write_index(archive)
    assert pages(archive) == expected
    assert len(rows(archive)) == 9
    assert "rebuilt from the bundles" in caplog.text


def test_an_old_format_database_and_the_json_cache_are_replaced(archive, caplog):
    (archive / LEGACY_CACHE).write_text("{}", encoding="utf-8")
    folder = archive / INDEX_FOLDER
    folder.mkdir()
    with sqlite3.connect(db_path(archive)) as conn:
        conn.execute("CREATE TABLE summary (folder TEXT PRIMARY KEY, entry TEXT)")
        conn.execute("INSERT INTO summary VALUES ('notices/x', '{}')")
    with warnings_logged(caplog):
        write_index(archive)
    assert "format 0" in caplog.text
    assert not (archive / LEGACY_CACHE).exists()
    assert len(rows(archive)) == 9
    assert pages(archive) == dict(render_index_pages(collect_index(archive)))


def test_a_first_run_warns_of_nothing(archive, caplog):
    with warnings_logged(caplog):
        write_index(archive)
    assert caplog.text == ""


def test_the_database_is_kept_from_the_web(archive):
    """A dot-folder of mode 0700 holding a file of mode 0600, whatever the umask: a web
    server serving out/ as another user can neither list nor read it; no page links it."""
    old = os.umask(0)
    try:
        write_index(archive)
    finally:
        os.umask(old)
    folder = archive / INDEX_FOLDER
    assert INDEX_FOLDER.startswith(".") and db_path(archive).parent == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [(p.name, stat.S_IMODE(p.stat().st_mode)) for p in folder.iterdir()] == [("index.sqlite", 0o600)]
    assert all(INDEX_FOLDER not in data.decode() for data in pages(archive).values())
    os.chmod(folder, 0o755)
    os.chmod(db_path(archive), 0o644)
    write_index(archive)  # modes set back on every run
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(db_path(archive).stat().st_mode) == 0o600


def test_two_writers_at_once(archive):
    errors = []

    def run():
        try:
            write_index(archive)
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert pages(archive) == dict(render_index_pages(collect_index(archive)))


def test_pages_take_the_published_summaries_a_page_at_a_time():
    """render_pages reads its stream as it writes: never more than the first page and the
    page being made."""
    pulled = []

    def stream():
        for k in range(10):
            pulled.append(k)
            yield {"id": f"n{k}", "title": "t", "published": "", "source": "", "decision": "publish",
                   "links": [], "review": "", "findings": []}

    made = [(name, len(pulled)) for name, _ in render_pages(stream(), 10, [], page_size=3)]
    assert made == [("index-2.html", 6), ("index-3.html", 9), ("index-4.html", 10), ("index.html", 10)]
