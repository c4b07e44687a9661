"""The flows under Prefect's test harness: skipping, reprocessing, artifacts, names,
schedules, the progress feed and the Dask task runner."""

import asyncio
import html
import io
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import yaml

from .conftest import ROOT, SEED

FUTURE = "2099-01-01"


def seed_page() -> bytes:
    """The seed notice as a scraped GB2312-declared page with navigation and footer chrome."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[3:])
    page = (f'<!DOCTYPE html><html><head><meta charset="gb2312"><title>{html.escape(lines[1])}</title></head>'
            f'<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a></div>'
            f'<h1>{html.escape(lines[1])}</h1><div class="info">{html.escape(lines[2])}</div>'
            f'<div class="content">{body}</div><div class="footer">版权所有 深圳市罗湖区人民政府</div></body></html>')
    return page.encode("gb18030")


def make_inbox(folder: Path) -> dict[str, str]:
    """A mixed inbox; returns each file's expected decision."""
    folder.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    (folder / "seed-utf8.txt").write_bytes(SEED.read_bytes())
    (folder / "gbk").mkdir()
    (folder / "gbk" / "seed-gb18030.txt").write_bytes(text.encode("gb18030"))
    (folder / "future.txt").write_text(text.replace("2024-02-19", FUTURE), encoding="utf-8")
    (folder / "page.html").write_bytes(seed_page())
    (folder / "empty.txt").write_bytes(b"")
    return {"seed-utf8.txt": "publish", "gbk/seed-gb18030.txt": "publish", "future.txt": "hold",
            "page.html": "publish", "empty.txt": "failed"}


def statuses(rows):
    return {r["file"]: r["status"] for r in rows}


def run_statuses(**params) -> tuple[dict, dict[str, str]]:
    """A republish run's result, and every input's status as the progress feed saw it."""
    from fanjian.flows import progress
    from fanjian.flows.republish import republish

    seen = {}
    listener = lambda row: seen.setdefault(row["file"], row["status"])
    progress.subscribe(listener)
    try:
        result = republish(**params, return_state=True).result(raise_on_failure=False)  # Failed: an input failed
    finally:
        progress.unsubscribe(listener)
    assert result["counts"]["files"] == len(seen)
    assert {k: v for k, v in result["counts"].items() if k != "files" and v} == dict(Counter(seen.values()))
    return result, seen


def test_republish_skips_unchanged_reprocesses_changed_and_forced(tmp_path, prefect_harness):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    first, seen = run_statuses(inbox=str(inbox), out=str(out))
    assert seen == expected
    # the rows kept: held and failed first, then published; skipped ones only counted
    assert [r["status"] for r in first["rows"]] == ["failed", "hold", "publish", "publish", "publish"]  # inbox order within each
    held = next(r for r in first["rows"] if r["file"] == "future.txt")
    assert any(FUTURE in f and "future" in f for f in held["findings"])
    assert (out / "held" / held["id"] / "bundle.json").exists()
    assert not (out / "notices" / held["id"]).exists()

    # unchanged: everything skipped, except the failed input, which is tried again
    again, seen = run_statuses(inbox=str(inbox), out=str(out))
    assert seen == {name: "failed" if want == "failed" else "skipped" for name, want in expected.items()}
    assert statuses(again["rows"]) == {"empty.txt": "failed"}

    # one changed file: only it is processed
    changed = inbox / "gbk" / "seed-gb18030.txt"
    changed.write_bytes(changed.read_bytes() + "\n（完）\n".encode("gb18030"))
    third = run_statuses(inbox=str(inbox), out=str(out))[1]
    assert {n for n, s in third.items() if s not in ("skipped", "failed")} == {"gbk/seed-gb18030.txt"}

    # forced: everything processed again
    assert run_statuses(inbox=str(inbox), out=str(out), force=True)[1] == expected
    assert not list(out.rglob("*.tmp"))


def _artifacts(flow_run_id):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read():
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))

    return {a.key: a for a in asyncio.run(read())}


def test_run_name_table_and_summary_artifacts(tmp_path, prefect_harness):
    import json

    from prefect.client.orchestration import get_client

    from fanjian.flows.artifacts import REPUBLISH_KEYS
    from fanjian.flows.republish import republish

    TABLE_KEY, SUMMARY_KEY = REPUBLISH_KEYS.table, REPUBLISH_KEYS.summary

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    state = republish(str(inbox), str(out), return_state=True)
    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run_id)
    when = run.expected_start_time.astimezone()
    assert run.name == f"republish inbox=inbox {when:%Y-%m-%dT%H:%M} {str(flow_run_id)[:6]}"
    assert state.is_failed() and state.message == "1 of 5 inputs failed; the others went on"

    artifacts = _artifacts(flow_run_id)
    table = json.loads(artifacts[TABLE_KEY].data)
    assert list(table[0])[:4] == ["file", "decision", "reason", "link"]
    assert {r["file"]: r["decision"] for r in table} == expected
    seed = next(r for r in table if r["file"] == "seed-utf8.txt")
    assert seed["repairs"] > 0 and seed["chrome removed"] > 0 and seed["script"]
    link = Path(seed["link"])  # no public URL: the review page's path
    assert link.name == "review.html" and link.is_file() and link.parent.parent == (out / "notices").resolve()
    failed = next(r for r in table if r["file"] == "empty.txt")
    assert failed["reason"] == "empty input: nothing to decode" and Path(failed["link"]).is_file()

    summary = artifacts[SUMMARY_KEY].data
    assert "| files | publish | hold | failed | skipped |" in summary and "| 5 | 3 | 1 | 1 | 0 |" in summary
    assert "set FANJIAN_PUBLIC_URL (`--public-url`)" in summary
    assert "## Held (1)" in summary and f"- `future.txt` (`{out.resolve()}/held/" in summary
    assert f"/review.html`): error: publish date {FUTURE}" in summary
    assert f"## Failed (1)\n- `empty.txt` (`{failed['link']}`): empty input: nothing to decode" in summary


def test_artifact_links_point_where_out_is_served(tmp_path, prefect_harness, monkeypatch):
    import json

    from fanjian.flows.artifacts import REPROCESS_KEYS
    from fanjian.flows.republish import reprocess_file

    monkeypatch.setenv("FANJIAN_PUBLIC_URL", "https://notices.example.gov.cn/out/")
    state = reprocess_file(str(SEED), str(tmp_path / "out"), return_state=True)
    artifacts = _artifacts(state.state_details.flow_run_id)
    assert set(artifacts) == {REPROCESS_KEYS.table, REPROCESS_KEYS.summary}  # its own keys, not the inbox run's
    row = json.loads(artifacts[REPROCESS_KEYS.table].data)[0]
    folder = state.result()["rows"][0]["output"]
    assert row["link"] == f"https://notices.example.gov.cn/out/{folder}/review.html"
    assert (tmp_path / "out" / folder / "review.html").is_file()


def test_a_run_keeps_counts_of_all_and_a_bounded_set_of_rows(tmp_path, prefect_harness, monkeypatch):
    import json

    from fanjian.flows import artifacts as shown
    from fanjian.flows import republish as module
    from fanjian.flows import tally

    monkeypatch.setattr(tally, "SHOWN_ROWS", 3)
    monkeypatch.setattr(shown, "LISTED", 0)
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    make_inbox(inbox)
    state = module.republish(str(inbox), str(out), return_state=True)
    result = state.result(raise_on_failure=False)
    assert result["counts"] == {"files": 5, "publish": 3, "hold": 1, "failed": 1, "skipped": 0}
    assert statuses(result["rows"]) == {"empty.txt": "failed", "future.txt": "hold", "page.html": "publish"}

    artifacts = _artifacts(state.state_details.flow_run_id)
    table = artifacts[shown.REPUBLISH_KEYS.table]
    assert [r["file"] for r in json.loads(table.data)] == [r["file"] for r in result["rows"]]
    assert table.description.startswith("3 of the 5 inputs this run processed, held and failed first")
    summary = artifacts[shown.REPUBLISH_KEYS.summary].data
    assert "| 5 | 3 | 1 | 1 | 0 |" in summary
    assert "## Held (1)\n- … and 1 more" in summary and "## Failed (1)\n- … and 1 more" in summary


def test_reprocess_file_is_named_for_its_file(tmp_path, prefect_harness):
    from prefect.client.orchestration import get_client

    from fanjian.flows.republish import reprocess_file

    out = tmp_path / "out"
    state = reprocess_file(str(SEED), str(out), return_state=True)
    assert state.result()["rows"][0]["status"] == "publish"
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
    assert run.name.startswith(f"reprocess-file path={SEED.name} ")


def test_a_one_file_run_given_an_inbox_reads_only_inside_it(tmp_path, prefect_harness):
    from fanjian.flows.republish import reprocess_file

    inbox, out, outside = tmp_path / "inbox", tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SEED.read_bytes())
    inbox.mkdir()
    (inbox / "sub").mkdir()
    (inbox / "sub" / "seed.txt").write_bytes(SEED.read_bytes())
    (inbox / "away").symlink_to(outside)
    for path in (str(outside / "secret.txt"), "away/secret.txt", "sub/../../outside/secret.txt"):
        state = reprocess_file(path, str(out), inbox=str(inbox), return_state=True)
        assert state.is_failed() and state.message == (
            f"refused: path {path!r} is outside the deployment's inbox {inbox}")
    assert not out.exists()  # refused before anything was written
    result = reprocess_file("sub/seed.txt", str(out), inbox=str(inbox))
    assert [(r["file"], r["status"]) for r in result["rows"]] == [("sub/seed.txt", "publish")]  # named as the inbox run names it


def test_ignored_inbox_entries_are_counted_and_listed_with_their_rule(tmp_path, prefect_harness):
    from fanjian.flows.artifacts import REPUBLISH_KEYS
    from fanjian.flows.republish import republish

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    for name in (".draft.txt", "upload.tmp", "seed-utf8.txt~", "gbk/.hidden.html"):
        (inbox / name).write_bytes(SEED.read_bytes())
    (inbox / ".git").mkdir()
    (inbox / "elsewhere").symlink_to(tmp_path)
    (inbox / "seed-utf8.rules.toml").write_text("")  # read with its input: neither processed nor listed
    state = republish(str(inbox), str(out), return_state=True)
    result = state.result(raise_on_failure=False)
    assert statuses(result["rows"]) == expected and result["counts"]["files"] == len(expected)
    assert result["ignored"] == [
        [".git/", "hidden folder (starts with .)"], ["elsewhere/", "link to a folder (not followed)"],
        [".draft.txt", "hidden name (starts with .)"], ["seed-utf8.txt~", "editor backup (ends with ~)"],
        ["upload.tmp", "temporary file (ends with .tmp)"], ["gbk/.hidden.html", "hidden name (starts with .)"]]
    summary = _artifacts(state.state_details.flow_run_id)[REPUBLISH_KEYS.summary].data
    assert summary.endswith("## Ignored (6)\n- `.git/`: hidden folder (starts with .)\n"
                            "- `elsewhere/`: link to a folder (not followed)\n- `.draft.txt`: hidden name (starts with .)\n"
                            "- `seed-utf8.txt~`: editor backup (ends with ~)\n- `upload.tmp`: temporary file (ends with .tmp)\n"
                            "- `gbk/.hidden.html`: hidden name (starts with .)\n")


def assert_feed_sees_every_file_once(tmp_path, run) -> None:
    """`run(inbox, out)` (a republish run returning its state) shown by the plain progress
    display: one line per input of make_inbox, then the counts."""
    from fanjian.flows import progress
    from fanjian.flows.console import PlainDisplay

    inbox = tmp_path / "inbox"
    expected = make_inbox(inbox)
    stream = io.StringIO()
    display = PlainDisplay(stream)
    progress.subscribe(display)
    try:
        rows = run(str(inbox), str(tmp_path / "out")).result(raise_on_failure=False)["rows"]
    finally:
        progress.unsubscribe(display)
    display.finish(rows, "out")
    lines = stream.getvalue().splitlines()
    assert sorted(line.split()[1].rstrip(":") for line in lines[:-1]) == sorted(expected)
    assert lines[-1] == "files=5 publish=3 hold=1 failed=1 skipped=0"


def test_progress_feed_sees_every_file_once(tmp_path, prefect_harness):
    from fanjian.flows.republish import republish

    assert_feed_sees_every_file_once(tmp_path, lambda inbox, out: republish(inbox, out, return_state=True))


def test_inbox_deployment_schedule_and_limits():
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy
    from prefect.server.schemas.schedules import CronSchedule

    from fanjian.flows.serving import deployments
    from fanjian.settings import load

    inbox_run, one_file = deployments("/data/inbox", "/data/out", "*/15 * * * *", load(targets="zh-Hans"))
    assert (inbox_run.name, one_file.name) == ("fanjian", "fanjian")
    assert inbox_run.concurrency_limit == 1
    assert inbox_run.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.ENQUEUE
    assert one_file.concurrency_limit is None and not one_file.schedules
    assert inbox_run.parameters == {"inbox": "/data/inbox", "out": "/data/out", "targets": ["zh-Hans"],
                                    "force": False, "config": None, "user_dicts": [], "localise_phrases": False}
    assert "path" not in one_file.parameters  # given at each manual run
    assert one_file.parameters["inbox"] == "/data/inbox"  # the only folder its path may lead into

    cron = inbox_run.schedules[0].schedule
    start = datetime(2026, 11, 26, 10, 7, tzinfo=UTC)
    server_side = CronSchedule(cron=cron.cron, timezone=cron.timezone or "UTC")
    dates = asyncio.run(server_side.get_dates(n=4, start=start))
    assert [d.strftime("%H:%M") for d in dates] == ["10:15", "10:30", "10:45", "11:00"]


def test_prefect_yaml_points_at_the_flows():
    from prefect.flows import load_flow_from_entrypoint

    spec = yaml.safe_load((ROOT / "flows" / "prefect.yaml").read_text())
    by_flow = {}
    for deployment in spec["deployments"]:
        flow = load_flow_from_entrypoint(str(ROOT / deployment["entrypoint"]))
        by_flow[flow.name] = deployment
        params = set(deployment.get("parameters", {}))
        assert params <= set(flow.parameters.properties), deployment["name"]
    inbox = by_flow["republish"]
    assert inbox["concurrency_limit"] == {"limit": 1, "collision_strategy": "ENQUEUE"}
    assert inbox["schedules"][0]["cron"] == "*/15 * * * *"
    assert by_flow["reprocess-file"]["work_pool"]["name"] == inbox["work_pool"]["name"]
    assert set(by_flow["reprocess-file"]["parameters"]) == {"inbox", "out"}  # fixed when deployed


def test_only_transient_io_errors_are_retried():
    import errno

    from prefect.states import Failed

    from fanjian.errors import InputError, OutputError
    from fanjian.flows.republish import is_transient

    def retried(exc):
        return is_transient(None, None, Failed(data=exc))

    assert retried(OutputError("busy disk", errno.EBUSY)) and retried(OSError(errno.EAGAIN, "try again"))
    assert not retried(OutputError("disk full", errno.ENOSPC))
    assert not retried(OutputError("read-only", errno.EROFS))
    assert not retried(InputError("binary data, not text: refused", "a.png"))
