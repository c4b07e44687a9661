"""Bad inputs, hostile names, full disks and crashes: nothing lost, nothing let through."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fanjian.errors import InputError, OutputError
from fanjian.flows import batch
from fanjian.settings import Settings
from fanjian.store import list_inbox, notice_id, read_input, sweep_orphans

from .conftest import ROOT, SEED

SETTINGS = Settings()
IS_ROOT = os.geteuid() == 0


def run_inbox(inbox: Path, out: Path, settings: Settings = SETTINGS) -> dict[str, dict]:
    rows = batch.process_files(list_inbox(inbox), inbox, out, settings)
    return {row["file"]: row for row in rows}


def all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_hostile_names_stay_inside_out(inbox, tmp_path):
    names = ["with space.txt", "new\nline.txt", "a..b.txt", "-leading.txt", "點點..txt", "a" * 200 + ".txt",
             "sub dir/$(rm -rf).txt"]
    for name in names:
        (inbox / name).parent.mkdir(exist_ok=True)
        (inbox / name).write_bytes(SEED.read_bytes())
    raw_name = os.fsencode(inbox) + b"/gbk-\xc2\xde\xba\xfe.txt"  # not UTF-8: 罗湖 in GBK
    with open(raw_name, "wb") as handle:
        handle.write(SEED.read_bytes())
    out = tmp_path / "out"
    rows = run_inbox(inbox, out)
    assert len(rows) == len(names) + 1
    assert {r["status"] for r in rows.values()} == {"publish"}
    for path in all_files(out):
        assert path.resolve().is_relative_to(out.resolve())
    assert [n for n in rows if n.startswith("gbk-")] == ["gbk-\\xc2\u07ba\\xfe.txt"]
    for row in rows.values():
        folder = out / row["output"]
        assert folder.parent.parent == out and "/" not in row["id"] and "\n" not in row["id"]
        bundle = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
        assert bundle["id"] == row["id"]


def test_notice_ids_are_safe_segments():
    for rel in ["../../etc/passwd", "a/../../b.txt", ".hidden", "..", "x\x00y", "目录/通知.txt"]:
        nid = notice_id(rel)
        assert nid and nid not in (".", "..") and "/" not in nid and "\x00" not in nid and nid[0].isalnum()


def test_symlink_out_of_inbox_is_not_followed(inbox, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密文件内容，不得发布。", encoding="utf-8")
    (inbox / "escape.txt").symlink_to(secret)
    (inbox / "inside.txt").write_bytes(SEED.read_bytes())
    (inbox / "alias.txt").symlink_to(inbox / "inside.txt")
    out = tmp_path / "out"
    rows = run_inbox(inbox, out)
    assert rows["escape.txt"]["status"] == "failed"
    assert "symbolic link" in rows["escape.txt"]["error"]
    assert rows["alias.txt"]["status"] == "publish"
    assert not any("机密" in p.read_text(errors="ignore") for p in all_files(out))


def test_oversize_input_is_refused_without_reading(inbox):
    big = inbox / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: reading it whole would take seconds
    with pytest.raises(InputError, match="over the limit of 786432") as info:
        read_input(big, inbox, SETTINGS.max_bytes)
    assert info.value.path == "huge.txt"


def test_vanished_and_directory_inputs(inbox, tmp_path):
    gone = inbox / "gone.txt"
    gone.write_bytes(SEED.read_bytes())
    paths = list_inbox(inbox)
    gone.unlink()
    rows = {r["file"]: r for r in batch.process_files(paths, inbox, tmp_path / "out", SETTINGS)}
    assert rows["gone.txt"]["status"] == "failed" and "vanished" in rows["gone.txt"]["error"]
    failure = json.loads((tmp_path / "out" / "failed" / f"{notice_id('gone.txt')}.error.json").read_text())
    assert failure == {"input": "gone.txt", "id": notice_id("gone.txt"), "error": "file vanished before it could be read"}


@pytest.mark.skipif(not IS_ROOT, reason="needs root to run a child process as 'nobody'")
def test_unreadable_input_names_file_and_reason(tmp_path):
    tmp_path.chmod(0o755)
    inbox = tmp_path / "inbox"
    inbox.mkdir(mode=0o755)
    locked = inbox / "locked.txt"
    locked.write_bytes(SEED.read_bytes())
    locked.chmod(0o000)
    # Python starts as root (its binary may sit under /root), then drops to nobody.
    code = ("import os, sys; from pathlib import Path; from fanjian.store import read_input\n"
            "os.setgid(65534); os.setuid(65534)\n"
            "try: read_input(Path(sys.argv[1]), Path(sys.argv[2]), 1000000)\n"
            "except Exception as e: print(type(e).__name__, e)")
    env = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}:{ROOT}")
    proc = subprocess.run([sys.executable, "-c", code, str(locked), str(inbox)], capture_output=True,
                          text=True, env=env)
    assert proc.stdout.strip() == "InputError locked.txt: permission denied", proc.stderr


def _mount_tmpfs(where: Path, options: str) -> None:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "disk"
    _mount_tmpfs(where, "size=96k")
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.mark.skipif(not IS_ROOT, reason="mounting a tmpfs needs root")
def test_disk_full_fails_clearly_and_leaves_nothing_half_written(inbox, small_disk):
    for i in range(6):
        (inbox / f"n{i}.txt").write_bytes(SEED.read_bytes())
    with pytest.raises(OutputError, match="No space left on device"):
        run_inbox(inbox, small_disk / "out")
    for folder in (small_disk / "out" / "notices").iterdir():
        bundle = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
        assert sorted(p.name for p in folder.iterdir()) == sorted(bundle["outputs"])
    assert not [p for p in (small_disk / "out").rglob("*.tmp")]


@pytest.mark.skipif(not IS_ROOT, reason="mounting a tmpfs needs root")
def test_read_only_output_fails_clearly(inbox, tmp_path):
    where = tmp_path / "ro"
    _mount_tmpfs(where, "size=1m,ro")
    try:
        (inbox / "n.txt").write_bytes(SEED.read_bytes())
        with pytest.raises(OutputError, match="Read-only file system"):
            run_inbox(inbox, where / "out")
        cli = subprocess.run([sys.executable, "-c", "from fanjian.cli import main; raise SystemExit(main())",
                              "reprocess", str(inbox / "n.txt"), "--out", str(where / "out")],
                             capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}:{ROOT}"))
        assert cli.returncode == 1 and "Read-only file system" in cli.stderr
    finally:
        subprocess.run(["umount", str(where)], check=False)


BOMB = """<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY a "哈哈哈哈哈哈哈哈哈哈">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY ext SYSTEM "file:///etc/passwd">
]>
<html><head><meta charset="utf-8"><title>关于开展安全检查的通知</title></head>
<body><article><h1>关于开展安全检查的通知</h1>
<p>各区人民政府：为做好安全生产工作，现将有关事项通知如下。&d;&ext;</p>
<p>请各单位于2024年3月1日前完成自查，并报送区应急管理局。</p></article></body></html>
"""


def test_entity_bomb_and_external_entity_never_expand(inbox, tmp_path):
    (inbox / "bomb.html").write_text(BOMB, encoding="utf-8")
    out = tmp_path / "out"
    rows = run_inbox(inbox, out)
    assert rows["bomb.html"]["status"] in ("publish", "hold", "failed")
    for path in all_files(out):
        text = path.read_text(encoding="utf-8", errors="ignore")
        assert "哈哈哈哈哈哈哈哈哈哈哈" not in text and "root:x:0:0" not in text


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deeply_nested_html_is_an_error_or_a_notice_never_a_crash(inbox, tmp_path, depth):
    body = "<div>" * depth + "<p>各区人民政府：现将有关事项通知如下，请遵照执行。</p>" + "</div>" * depth
    (inbox / "deep.html").write_text(f"<html><head><title>通知</title></head><body>{body}</body></html>", encoding="utf-8")
    row = run_inbox(inbox, tmp_path / "out")["deep.html"]
    assert row["status"] in ("publish", "hold", "failed")
    assert "internal error" not in row["error"], row["error"]


def test_sweep_removes_orphans_of_dead_writers_only(tmp_path):
    out = tmp_path / "out"
    (out / "notices").mkdir(parents=True)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    orphan = out / "notices" / f".n-1.{dead_pid}.abcd.tmp"
    orphan.mkdir()
    (orphan / "zh-Hans.html").write_bytes(b"<html>half")
    live = out / "notices" / f".n-2.{os.getpid()}.efgh.tmp"
    live.mkdir()
    stray_file = out / f".index.html.{dead_pid}.x1.tmp"
    stray_file.write_bytes(b"half")
    assert sorted(sweep_orphans(out)) == sorted([orphan, stray_file])
    assert live.exists() and not orphan.exists()


def test_crash_soak_short():
    """A short run of `make soak`: SIGKILL at random points, rerun, check every invariant."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "soak.py"), "--rounds", "8", "--flow-rounds", "1",
                           "--files", "18", "--seed", str(os.getpid())], capture_output=True, text=True, timeout=900)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert proc.returncode == 0 and summary["failures"] == 0, proc.stdout[-3000:]
    assert summary["rounds"] == 9 and summary["flow_rounds"] == 1


def test_soak_checker_sees_what_it_must(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import soak

    inbox, out, ref = tmp_path / "inbox", tmp_path / "out", tmp_path / "reference"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes(SEED.read_bytes())
    soak.run(False, inbox, ref, None)
    soak.run(False, inbox, out, None)
    inputs, reference = soak.snapshot(inbox), soak.snapshot(ref)
    assert soak.problems(inbox, out, inputs, reference, tmp_path) == []
    (out / "notices" / ".x.1.y.tmp").write_bytes(b"")
    (tmp_path / "stray").write_bytes(b"")
    (inbox / "a.txt").write_bytes(b"changed")
    found = " | ".join(soak.problems(inbox, out, inputs, reference, tmp_path))
    for expected in ("inputs changed", "temporary files left", "outputs differ", "writes outside out/"):
        assert expected in found


PASSES = 2  # both writers walk the same files in step, more than once


def _inbox_run(inbox: str, out: str, barrier) -> None:
    from fanjian.flows.batch import process_files
    from fanjian.store import list_inbox

    paths = list_inbox(Path(inbox))
    barrier.wait()
    for _ in range(PASSES):
        process_files(paths, Path(inbox), Path(out), Settings(), force=True)


def _reprocess_each(inbox: str, out: str, barrier) -> None:
    from fanjian.flows.batch import process_file
    from fanjian.store import list_inbox

    paths = list_inbox(Path(inbox))
    barrier.wait()
    for _ in range(PASSES):
        for path in paths:
            process_file(path, None, Path(out), Settings(), force=True)


def test_reprocess_while_the_inbox_run_writes_equals_a_sequential_run(inbox, tmp_path):
    import multiprocessing

    sys.path.insert(0, str(ROOT / "scripts"))
    import soak

    for n in range(10):
        (inbox / f"n{n}.txt").write_bytes(SEED.read_bytes() + f"\n编号{n}。\n".encode())
    reference = tmp_path / "reference"
    batch.process_files(list_inbox(inbox), inbox, reference, SETTINGS)
    ctx = multiprocessing.get_context("spawn")
    out = tmp_path / "out"
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=f, args=(str(inbox), str(out), barrier)) for f in (_inbox_run, _reprocess_each)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=300)
        assert proc.exitcode == 0
    ref, got = soak.snapshot(reference), soak.snapshot(out)
    ref.pop("index.html", None)  # the inbox run writes an index only through the flow
    got.pop("index.html", None)
    assert got == ref


def test_ledger_reads_what_json_reads_and_skips_what_it_cannot(tmp_path):
    from fanjian.store import find_bundle, is_unchanged
    folder = tmp_path / "held" / "n-1"
    folder.mkdir(parents=True)
    (folder / "bundle.json").write_text('{"source": {"sha256": "ab"}, "pipeline_version": "1", '
                                        '"settings_hash": "s", "script": {"x": NaN}}', encoding="utf-8")
    assert is_unchanged(tmp_path, "n-1", "ab", "1", "s")
    assert not is_unchanged(tmp_path, "n-1", "cd", "1", "s")
    assert find_bundle(tmp_path, "n-2") is None
    (folder / "bundle.json").write_bytes(b'{"source": \xff}')
    assert find_bundle(tmp_path, "n-1") is None and not is_unchanged(tmp_path, "n-1", "ab", "1", "s")


def test_input_growing_while_read_is_read_on_to_the_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 10)
    real_open = open

    def growing_open(file, *args, **kwargs):  # the file grows between stat and read
        with real_open(path, "ab") as handle:
            handle.write(b"y" * 5)
        return real_open(file, *args, **kwargs)

    import builtins
    from unittest import mock
    with mock.patch.object(builtins, "open", growing_open):
        raw, source = read_input(path, tmp_path, 100)
    assert raw == b"x" * 10 + b"y" * 5 and source.bytes == 15
    path.write_bytes(b"x" * 10)
    with mock.patch.object(builtins, "open", growing_open), pytest.raises(InputError, match="grew past"):
        read_input(path, tmp_path, 12)


def test_a_notice_folder_is_swapped_with_no_moment_without_one(tmp_path, monkeypatch):
    """renameat2(RENAME_EXCHANGE): a reader looking while folders are replaced always finds one."""
    import threading

    from fanjian.store import swap

    final = tmp_path / "notice"
    final.mkdir()
    (final / "page.html").write_text("0")
    if not swap.exchange(final, final):  # this kernel or file system cannot: the two renames are tested below
        pytest.skip("no renameat2(RENAME_EXCHANGE) here")
    missing, done = [], threading.Event()

    def look():
        while not done.is_set():
            if not os.path.isdir(final):
                missing.append(1)

    reader = threading.Thread(target=look)
    reader.start()
    try:
        for n in range(1, 300):
            staging = tmp_path / f".notice.{n}.tmp"
            staging.mkdir()
            (staging / "page.html").write_text(str(n))
            swap.swap_in(staging, final, tmp_path / ".notice.old.tmp")
    finally:
        done.set()
        reader.join()
    assert missing == [] and (final / "page.html").read_text() == "299"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notice"]

    monkeypatch.setattr(swap, "exchange", lambda a, b: False)  # elsewhere: two renames, same result
    staging = tmp_path / ".notice.x.tmp"
    staging.mkdir()
    (staging / "page.html").write_text("x")
    swap.swap_in(staging, final, tmp_path / ".notice.old.tmp")
    assert (final / "page.html").read_text() == "x" and sorted(p.name for p in tmp_path.iterdir()) == ["notice"]


PEAK_RSS_MB = 600
MEASURE_PEAK = """
import sys
from pathlib import Path
import fanjian.flows.republish  # a run's process holds Prefect and the flows too
from fanjian.flows import batch
from fanjian.settings import Settings
row = batch.process_file(Path(sys.argv[1]), None, Path(sys.argv[2]), Settings())
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forking parent (pytest,
# itself over 1 GB in a full run), while VmHWM belongs to this process's own memory.
hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:"))
print(row["status"], int(hwm.split()[1]) // 1024)
"""


@pytest.mark.slow
def test_the_largest_accepted_input_keeps_a_run_under_600_mb(tmp_path, seed_bytes):
    largest = tmp_path / "largest.txt"
    text = seed_bytes.decode("utf-8")
    cut = (text * (SETTINGS.max_bytes // len(seed_bytes) + 1)).encode()[:SETTINGS.max_bytes]
    largest.write_bytes(cut.decode("utf-8", "ignore").encode())  # whole characters only
    assert SETTINGS.max_bytes - 3 <= largest.stat().st_size <= SETTINGS.max_bytes
    done = subprocess.run([sys.executable, "-c", MEASURE_PEAK, str(largest), str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=900)
    status, peak_mb = done.stdout.split()
    print(f"peak RSS {peak_mb} MB for {largest.stat().st_size} bytes")
    assert status == "publish" and int(peak_mb) <= PEAK_RSS_MB, (status, peak_mb, done.stderr[-2000:])
