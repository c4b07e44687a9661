"""s2tw and s2hk run as s2t + t2tw / t2hk (`fanjian.zh.opencc_split`) write what they write whole,
and the marked conversions of `ambiguity` run without segmentation write what they write with it.

The split is compared with the whole configuration on the shared OpenCC test cases, the
golden texts, the pages and the seed (each whole and line by line), and on random text
made of slices of those texts, the guard keys, the project's inline keys, compatibility
ideographs and NUL. The whole configuration is OpenCC's own, so these are conformance
checks of the shortcut, not of a copy of it.
"""

import copy
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanjian.convert.ambiguity import marker_converter
from fanjian.data import read_tsv
from fanjian.zh.opencc import converter, project_converter, project_spec, wheel_spec
from fanjian.zh.opencc_split import InlineGuarded, SplitOpenCC, splits, unsegmented

from . import test_fuzz  # noqa: F401  (registers and loads the Hypothesis profiles)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
CONFIGS = ["s2tw", "s2hk"]


def _split(config: str, project: bool) -> SplitOpenCC | InlineGuarded:
    """The converter `convert` uses: OpenCC's split, or the project's, which is OpenCC's
    split where no inline key occurs."""
    conv = project_converter(config) if project else converter(config)
    split = conv.fast if project and isinstance(conv, InlineGuarded) else conv
    assert isinstance(split, SplitOpenCC), f"{config} is not split: the shortcut is off"
    return conv


def _texts() -> list[str]:
    cases = (ROOT / "fixtures" / "opencc" / "testcases.json").read_text(encoding="utf-8")
    inputs = [c["input"] for c in json.loads(re.sub(r",(\s*[\]}])", r"\1", cases))["cases"]]
    files = [*(ROOT / "fixtures" / "opencc" / "golden").glob("*.txt"), ROOT / "fixtures" / "clean" / "pages_expected.txt",
             ROOT / "fixtures" / "golden" / "seed.repaired.txt", *sorted((ROOT / "seeds").glob("*.txt"))]
    whole = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    return inputs + whole + [line for text in whole for line in text.splitlines() if line.strip()]


TEXTS = _texts()


@pytest.mark.parametrize("project", [False, True], ids=["opencc", "project"])
@pytest.mark.parametrize("config", CONFIGS)
def test_split_writes_what_the_whole_configuration_writes(config, project):
    split = _split(config, project)
    differ = [t[:40] for t in TEXTS if split.convert(t) != split.whole.convert(t)]
    assert differ == [] and len(TEXTS) > 1000


def _marked(config: str, user: bool) -> InlineGuarded:
    conv = marker_converter(config, (("范德繁", "范德繁"), ("发布", "發佈")) if user else (), True)
    assert isinstance(conv, InlineGuarded), f"marked {config} keeps its segmentation: the shortcut is off"
    return conv


@pytest.mark.parametrize("user", [False, True], ids=["project", "user"])
@pytest.mark.parametrize("config", CONFIGS)
def test_marked_conversion_without_segmentation_writes_the_same(config, user):
    marked = _marked(config, user)
    differ = [t[:40] for t in TEXTS if marked.convert(t) != marked.whole.convert(t)]
    assert differ == [] and marked.inline.search("新征程")
    assert [t for t in TEXTS if not marked.inline.search(t) and marked.fast.convert(t) != marked.whole.convert(t)] == []


def _guard_keys() -> list[str]:
    return [key for _, key in read_tsv("opencc_split_guards.tsv")[1:]]


def _pieces() -> list[str]:
    keys = _guard_keys()
    simplified = [converter("t2s").convert(k) for k in keys]  # what s2t may turn into a key
    inline = [row[0] for row in read_tsv("protected_terms.tsv")]
    return keys + simplified + [k[1:] for k in simplified] + [k[:-1] for k in simplified] + inline + \
        ["\uf900", "\ufa10", "\U0002f800", "\x00", "纯吃茶", "新征程万里", "\n", "\n\n"]


SLICES = st.builds(lambda text, start, size: text[start % len(text) :][:size],
                   st.sampled_from(TEXTS[-400:]), st.integers(0, 10_000), st.integers(1, 30))
MIXED = st.lists(st.one_of(SLICES, st.sampled_from(_pieces()), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)),
                 max_size=12).map("".join)


@given(st.sampled_from(CONFIGS), st.booleans(), MIXED)
def test_split_equals_whole_on_random_text(config, project, text):
    split = _split(config, project)
    assert split.convert(text) == split.whole.convert(text)
    marked = _marked(config, project)
    assert marked.convert(text) == marked.whole.convert(text)


def test_guarded_texts_go_through_the_whole_configuration():
    tw = _split("s2tw", False)
    assert tw.guard.search(tw.first.convert("纯吃茶"))  # s2t writes 純喫茶, a key of TWVariantsPhrases
    assert tw.convert("纯吃茶") == tw.whole.convert("纯吃茶") == "純喫茶"
    project = _split("s2tw", True)
    assert project.inline.search("踏上新征程") and project.convert("踏上新征程") == "踏上新征程"


def test_only_the_lines_holding_an_inline_key_go_through_the_whole_configuration():
    text = "区委书记发布通知\n踏上新征程，干字当头\n\n后来\n新征程"
    calls = []
    for conv in (_split("s2tw", True), _marked("s2tw", False)):
        slow = conv.whole
        conv.whole = type("Counting", (), {"convert": lambda self, t, slow=slow: calls.append(t) or slow.convert(t)})()
        try:
            assert conv.convert(text) == slow.convert(text)
        finally:
            conv.whole = slow
    assert calls == ["踏上新征程，干字当头", "新征程"] * 2


def test_a_configuration_of_another_shape_is_not_split():
    whole, first, second = wheel_spec("s2tw"), wheel_spec("s2t"), wheel_spec("t2tw")
    assert splits(whole, first, second)
    other = copy.deepcopy(whole)
    other["segmentation"]["dict"]["dicts"].pop()  # segmentation no longer the first step's dictionary
    assert not splits(other, first, second)
    assert not splits(whole, first, wheel_spec("t2hk"))
    assert not splits(project_spec("s2tw", ()), first, second)  # inline dictionaries: see InlineGuarded
    assert unsegmented(project_spec("s2t", ())) is None  # nothing to drop
    assert unsegmented(whole) is None  # two steps: the second may match across segments
    one_step = {**whole, "conversion_chain": whole["conversion_chain"][:1]}
    assert unsegmented(one_step) is not None and unsegmented(other | {"conversion_chain": one_step["conversion_chain"]}) is None


def test_written_configurations_are_shared_by_processes_and_none_is_left_per_process(tmp_path):
    """Configurations are files named by their content in one folder of this user: a
    second process (a killed one too) adds nothing, a user dictionary adds its own."""
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "TMPDIR": str(tmp_path)}
    code = ("from fanjian.zh.opencc import config_dir, project_converter; from fanjian.convert.ambiguity import marker_converter; "
            "project_converter('s2tw', {entries}); marker_converter('s2tw', {entries}, True); print(config_dir(), flush=True)")

    def run(entries: str = "()", kill: bool = False) -> set[str]:
        script = code.format(entries=entries) + ("; import os, signal; os.kill(os.getpid(), signal.SIGKILL)" if kill else "")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        assert done.returncode == (-signal.SIGKILL if kill else 0), done.stderr
        assert Path(done.stdout.strip()) == tmp_path / f"fanjian-opencc-{os.getuid()}"
        return {p.name for p in tmp_path.rglob("*")}

    first = run()
    assert first == run() == run(kill=True)
    assert all(not name.endswith(".tmp") for name in first)
    with_entries = run("(('甲乙', '甲乙'),)") - first
    assert with_entries and all(name.startswith(("s2tw-", "marked-s2tw")) for name in with_entries)
    assert run("(('甲乙', '甲乙'),)") - first == with_entries


def test_a_shared_configuration_folder_others_can_write_is_not_used(tmp_path):
    """Another user could plant configurations there: a private folder, removed at exit, instead."""
    import os
    import subprocess
    import sys

    shared = tmp_path / f"fanjian-opencc-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)
    code = "from fanjian.zh.opencc import config_dir, project_converter; project_converter('s2tw'); print(config_dir())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "TMPDIR": str(tmp_path)})
    private = Path(done.stdout.strip())
    assert private.parent == tmp_path and private != shared and not private.exists()
    assert not any(shared.iterdir())
