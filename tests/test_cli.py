"""The command line as a user meets it: any encoding on `convert`, validated options,
quiet broken pipes, one line and exit status 2 for every usage error, a missing input
named as missing, and one line with exit status 3 when a run's server cannot start."""

import os
import re
import subprocess
import sys

import pytest

from fanjian.cli import main

from .conftest import ROOT, SEED

NOTICE = "罗湖区发布通知\r\n关于加强管理的意见\n"
NOTICE_TW = "羅湖區發佈通知\n關於加強管理的意見\n"


def cli(*args, stdin: bytes = b"", **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), environ.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "fanjian.cli", *args], input=stdin, capture_output=True,
                          env=environ | env, timeout=600)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "utf-16", "utf-8"])
def test_convert_reads_any_encoding_from_a_file(tmp_path, encoding, capsys):
    source = NOTICE if encoding != "big5" else NOTICE_TW.replace("\n", "\r\n", 1)
    path = tmp_path / f"notice.{encoding}.txt"
    path.write_bytes(source.encode(encoding))
    assert main(["convert", "--to", "zh-Hant-TW", str(path)]) == 0
    assert capsys.readouterr() == (NOTICE_TW, "")


def test_convert_reads_gbk_from_stdin_and_takes_a_charset():
    done = cli("convert", "--to", "zh-Hant-TW", stdin=NOTICE.encode("gbk"))
    assert (done.returncode, done.stdout.decode(), done.stderr) == (0, NOTICE_TW, b"")
    declared = cli("convert", "--to", "zh-Hans", "--charset", "big5", stdin=NOTICE_TW.encode("big5"))
    assert (declared.returncode, declared.stdout.decode()) == (0, "罗湖区发布通知\n关于加强管理的意见\n")


def test_convert_of_nothing_writes_nothing(capsys, monkeypatch, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["convert", "--to", "zh-Hans", str(empty)]) == 0
    assert capsys.readouterr() == ("", "")


def test_convert_of_binary_data_is_one_line_and_status_1(tmp_path, capsys):
    image = tmp_path / "logo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert main(["convert", "--to", "zh-Hans", str(image)]) == 1
    assert capsys.readouterr().err == f"fanjian: {image}: binary data (PNG image), not text: refused\n"


def test_a_closed_pipe_is_quiet(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(NOTICE.encode("gbk") * 20000)  # far more than a pipe holds
    done = subprocess.run(f"{sys.executable} -m fanjian.cli convert --to zh-Hant-TW {big} | head -1", shell=True,
                          capture_output=True, text=True, timeout=600,
                          env=os.environ | {"PYTHONPATH": str(ROOT / "src")})
    assert (done.stdout, done.stderr) == ("羅湖區發佈通知\n", "")


@pytest.mark.parametrize("argv, message", [
    (["convert", "--to", "zh-Hans", "/no/such/notice.txt"], "fanjian: /no/such/notice.txt: no such file"),
    (["convert", "--to", "zh-Hans", "/"], "fanjian: /: is a folder, not a file"),
    (["reprocess", "/no/such/notice.txt", "--out", "OUT"], "fanjian: /no/such/notice.txt: no such file"),
    (["run", "/no/such/inbox", "--out", "OUT"], "fanjian: /no/such/inbox: no such folder"),
    (["run", str(SEED), "--out", "OUT"], f"fanjian: {SEED}: not a folder"),
    (["reprocess", str(SEED), "--out", "OUT", "--config", "/missing.toml"], "fanjian: --config /missing.toml: no such file"),
    (["reprocess", str(SEED), "--out", "OUT", "--dict", "/missing.txt"], "fanjian: --dict /missing.txt: no such file"),
    (["run", str(ROOT), "--out", "OUT", "--dask-address", "tcp://h:1"], "fanjian: --dask-address needs --task-runner dask"),
    (["run", str(ROOT), "--out", "OUT", "--workers", "2", "--task-runner", "dask"],
     "fanjian: --workers is for this machine's processes; a Dask cluster has its own workers"),
    (["run", str(ROOT), "--out", "OUT", "--base-url", "/zwgk/"], "fanjian: --base-url /zwgk/: not an absolute http or https address"),
    (["reprocess", str(SEED), "--out", "OUT", "--base-url", "ftp://x.cn/a.html"],
     "fanjian: --base-url ftp://x.cn/a.html: not an absolute http or https address"),
])
def test_usage_errors_are_one_line_and_status_2(argv, message, capsys):
    assert main(argv) == 2
    assert capsys.readouterr() == ("", message + "\n")


def test_a_workers_setting_that_is_not_a_count_is_a_usage_error(tmp_path, capsys):
    config = tmp_path / "fanjian.toml"
    config.write_text("workers = -1\n")
    assert main(["run", str(ROOT), "--out", "OUT", "--config", str(config)]) == 2
    assert capsys.readouterr().err == "fanjian: workers must be a whole number, 0 for one per core, not -1\n"


def test_a_config_that_is_not_toml_is_a_usage_error(tmp_path, capsys):
    config = tmp_path / "fanjian.toml"
    config.write_text("targets = [zh-Hans\n")
    assert main(["reprocess", str(SEED), "--out", "OUT", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fanjian: --config {config}: not a TOML file: ") and err.count("\n") == 1


@pytest.mark.parametrize("argv, message", [
    (["detect", "--charset", "bogus", str(SEED)],
     "fanjian detect: argument --charset: 'bogus' is not a charset fanjian can decode (e.g. gbk, big5, utf-8) "
     "(see fanjian detect --help)"),
    (["convert", "--charset", "klingon", "--to", "zh-Hans"],
     "fanjian convert: argument --charset: 'klingon' is not a charset fanjian can decode (e.g. gbk, big5, utf-8) "
     "(see fanjian convert --help)"),
    (["convert"], "fanjian convert: the following arguments are required: --to (see fanjian convert --help)"),
    (["run", str(ROOT), "--out", "OUT", "--workers", "0"],
     "fanjian run: argument --workers: '0' is not a number of processes (1 or more) (see fanjian run --help)"),
    (["frobnicate"], "fanjian: argument command: invalid choice: 'frobnicate' (choose from 'run', 'reprocess', "
                     "'convert', 'serve', 'ui', 'detect') (see fanjian --help)"),
])
def test_bad_arguments_are_one_line_and_status_2(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert capsys.readouterr() == ("", message + "\n")


def test_a_server_that_cannot_start_is_one_line_and_status_3(tmp_path):
    home = tmp_path / "home"
    done = cli("reprocess", str(SEED), "--out", str(tmp_path / "out"), PREFECT_HOME=str(home),
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="600",  # the user's setting wins
               PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{tmp_path}/no/such/folder/prefect.db")
    assert done.returncode == 3
    lines = done.stderr.decode().splitlines()
    waiting = "starting this run's Prefect server{} (waits up to 600 s: PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
    assert lines[:2] == [waiting.format(""), waiting.format(" again")]
    assert len(lines) == 3 and re.fullmatch(
        r"fanjian: the Prefect server did not start \(exited with status \d+; see "
        + re.escape(f"{home.resolve()}/server.log; 2 tries of up to 600 s). Set PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS "
                    "higher, or start `fanjian ui` in another shell and run again"), lines[2]), lines[2]
    assert not (tmp_path / "out").exists()


def test_the_hint_about_fanjian_ui_is_given_once(tmp_path, capsys):
    from fanjian.flows.connect import hint_once

    hint_once(tmp_path)
    hint_once(tmp_path)
    assert capsys.readouterr().err == ("hint: with `fanjian ui` running in another shell (same folder), `fanjian reprocess` "
                                       "is several times faster: it does not start a Prefect server of its own\n")
