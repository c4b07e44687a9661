"""Outputs a web server can read: files and folders created as the umask allows."""

import stat

import pytest

from fanjian.flows.batch import process_file, write_index
from fanjian.settings import Settings
from fanjian.store.modes import UMASK

from .conftest import SEED


@pytest.mark.skipif(UMASK != 0o022, reason="the process's umask (read once at import) is not 022")
def test_outputs_have_the_modes_umask_022_allows(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / SEED.name).write_bytes(SEED.read_bytes())
    row = process_file(inbox / SEED.name, inbox, out, Settings())
    write_index(out)
    folder = out / row["output"]
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [folder, *folder.iterdir(), out / "index.html"]}
    assert modes[row["output"]] == 0o755
    assert {name: mode for name, mode in modes.items() if name != row["output"]} == {
        f"{row['output']}/{name}": 0o644 for name in ("zh-Hans.html", "zh-Hans.txt", "zh-Hant-TW.html", "zh-Hant-TW.txt",
                                                       "review.html", "bundle.json")} | {"index.html": 0o644}
