"""End to end against a real `prefect server`: whole run history, both artifacts, the
table in the UI (headless Chromium), two runs at once, `serve` and a manual deployment
run, and the embedded server keeping every task run."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from lxml import html as lxml_html

from .browser import Chromium
from .conftest import ROOT, SEED
from .test_flows import make_inbox

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
DEADLINE = 300  # a bound for a hung server, not a speed target: loaded machines took over 120 s


@pytest.fixture(scope="module")
def ui_home(tmp_path_factory):
    """`fanjian ui` on a free port, with its own PREFECT_HOME; stopped as `kill` would."""
    from fanjian.flows.server import STATE_FILE, free_port

    home = tmp_path_factory.mktemp("prefect-home")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "fanjian.cli", "ui", "--port", str(port)],
                            env=cli_env(PREFECT_HOME=str(home)), stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == f"Prefect UI: http://127.0.0.1:{port}\n"  # printed once healthy
    assert proc.stdout.readline().endswith(f"export PREFECT_API_URL=http://127.0.0.1:{port}/api\n")
    assert (home / STATE_FILE).exists()
    yield home, f"http://127.0.0.1:{port}/api"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0 and not (home / STATE_FILE).exists()


@pytest.fixture(scope="module")
def server(ui_home):
    return ui_home[1]


def cli_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    path = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    return env | {"PYTHONPATH": path, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"} | extra


def fanjian(*args, **env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "fanjian.cli", *args], env=cli_env(**env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(proc: subprocess.Popen) -> tuple[int, str]:
    out, err = proc.communicate(timeout=DEADLINE * 2)
    assert proc.returncode in (0, 1), err[-3000:]
    return proc.returncode, out


def api(api_url: str, path: str, body: dict | None = None):
    """The reply's JSON; a 503 (the server's SQLite busy under load) is asked again."""
    for _ in range(20):
        reply = httpx.post(f"{api_url}{path}", json=body or {}) if body is not None else httpx.get(f"{api_url}{path}")
        if reply.status_code != 503:
            break
        time.sleep(0.5)
    reply.raise_for_status()
    return reply.json()


def flow_run_id(stdout: str) -> tuple[str, int, int]:
    """From `flow run <id>: <n> of <m> task runs recorded ...`."""
    words = next(line for line in stdout.splitlines() if line.startswith("flow run ")).split()
    return words[2].rstrip(":"), int(words[3]), int(words[5])


def dump_dom(url: str, profile: Path) -> str:
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run",
                           f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom", url],
                          capture_output=True, text=True, timeout=DEADLINE)
    return proc.stdout


def status_by_file(stdout: str) -> dict[str, str]:
    rows = [line.split(None, 1) for line in stdout.splitlines()]
    return {row[1].split(":")[0]: row[0] for row in rows if row[0] in ("publish", "hold", "failed", "skipped")}


def test_inbox_run_is_recorded_whole_and_its_table_renders_in_the_ui(server, tmp_path):
    from fanjian.flows.artifacts import REPUBLISH_KEYS

    TABLE_KEY, SUMMARY_KEY = REPUBLISH_KEYS.table, REPUBLISH_KEYS.summary

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    config = tmp_path / "fanjian.toml"
    config.write_text("batch_size = 2\n")
    public = "https://notices.example.gov.cn/out"
    code, stdout = finished(fanjian("run", str(inbox), "--out", str(out), "--config", str(config),
                                    "--public-url", public + "/", PREFECT_API_URL=server))
    assert code == 1 and status_by_file(stdout) == expected  # one input failed, the others went on
    run_id, recorded, created = flow_run_id(stdout)
    assert (recorded, created) == (4, 4)  # three batches of two files, and the index
    assert f"see {server.removesuffix('/api')}/runs/flow-run/{run_id}" in stdout

    task_runs = api(server, "/task_runs/filter", {"flow_runs": {"id": {"any_": [run_id]}}})
    assert len(task_runs) == 4 and {t["state_type"] for t in task_runs} == {"COMPLETED"}
    assert sorted(t["task_key"].split("-")[0] for t in task_runs) == ["process_batch"] * 3 + ["write_index"]
    artifacts = api(server, "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run_id]}}})
    by_key = {a["key"]: a for a in artifacts}
    assert set(by_key) == {TABLE_KEY, SUMMARY_KEY}
    table = json.loads(by_key[TABLE_KEY]["data"])
    assert {r["file"]: r["decision"] for r in table} == expected

    base = server.removesuffix("/api")
    page = lxml_html.fromstring(dump_dom(f"{base}/v2/runs/flow-run/{run_id}?tab=Artifacts", tmp_path / "chromium1"))
    assert page.xpath("//title") and run_id not in page.xpath("string(//title)")
    links = page.xpath(f"//a[.//h3[text()='{TABLE_KEY}']]/@href")
    assert links == [f"/v2/artifacts/artifact/{by_key[TABLE_KEY]['id']}"]
    shown = lxml_html.fromstring(dump_dom(base + links[0], tmp_path / "chromium2"))
    header = [th.text_content() for th in shown.xpath("//table//thead//th")]
    rows = [[td.text_content() for td in tr.xpath("./td")] for tr in shown.xpath("//table//tbody/tr")]
    assert header == list(table[0]) and header[:4] == ["file", "decision", "reason", "link"]
    assert rows == [[str(v) for v in row.values()] for row in table]
    for row in table:  # each link names the file written under out/, as served from the public URL
        assert row["link"].startswith(public + "/") and (out / row["link"].removeprefix(public + "/")).is_file()
    run = api(server, f"/flow_runs/{run_id}", None)
    assert run["state_type"] == "FAILED" and run["state"]["message"] == "1 of 5 inputs failed; the others went on"

    chromium = Chromium()
    try:  # the decision column is on screen in a 1400 px window, without scrolling sideways
        report = chromium.open(base + links[0], viewport=(1400, 900), until="document.querySelector('table thead th')",
                               probe="[...document.querySelectorAll('table thead th')].map(th => "
                                     "[th.textContent.trim(), Math.round(th.getBoundingClientRect().right)])")
    finally:
        chromium.close()
    edges = dict(report.probe)
    assert edges["decision"] <= 1400 and edges["file"] < edges["decision"], report.probe


def test_two_inbox_runs_at_once_write_each_output_once(ui_home, tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    # no PREFECT_API_URL: both runs find the `fanjian ui` server of their PREFECT_HOME
    runs = [fanjian("run", str(inbox), "--out", str(out), PREFECT_HOME=str(ui_home[0])) for _ in range(2)]
    stdouts = [finished(proc)[1] for proc in runs]
    assert all(f"see {ui_home[1].removesuffix('/api')}/runs/flow-run/" in out for out in stdouts)
    seen = [status_by_file(out) for out in stdouts]
    for name, want in expected.items():
        got = sorted(s[name] for s in seen)
        assert got == (["failed", "failed"] if want == "failed" else sorted([want, "skipped"])), name
    folders = [p for kind in ("notices", "held") for p in (out / kind).iterdir()]
    assert len({p.name for p in folders}) == len(folders) == len(expected) - 1
    for folder in folders:
        bundle = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
        assert sorted(p.name for p in folder.iterdir()) == sorted(bundle["outputs"])
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def wait_for(check, what: str):
    """Poll the server for a state another process brings about."""
    deadline = time.monotonic() + DEADLINE
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)
    return found


def test_serve_both_deployments_and_a_manual_run(server, tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(SEED, inbox)  # a one-file run must name a file inside the deployment's inbox
    serving = fanjian("serve", "--inbox", str(inbox), "--out", str(out), "--cron", "0 3 * * *",
                      "--name", "e2e", PREFECT_API_URL=server, PREFECT_RUNNER_POLL_FREQUENCY="1")
    try:
        # serve registers the two deployments one after the other: wait for both.
        both = wait_for(lambda: (found if len(found := [d for d in api(server, "/deployments/filter", {})
                                                        if d["name"] == "e2e"]) == 2 else None), "the deployments")
        deployment = next(d for d in both if d["schedules"])
        assert deployment["global_concurrency_limit"]["limit"] == 1
        assert deployment["concurrency_options"]["collision_strategy"] == "ENQUEUE"
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 3 * * *"
        assert deployment["parameters"]["inbox"] == str(inbox)

        manual = subprocess.run([sys.executable, "-m", "prefect", "deployment", "run", "reprocess-file/e2e",
                                 "--param", f"path={inbox / SEED.name}"], env=cli_env(PREFECT_API_URL=server),
                                capture_output=True, text=True, timeout=DEADLINE)
        assert manual.returncode == 0, manual.stdout + manual.stderr
        deployment_id = api(server, "/deployments/name/reprocess-file/e2e", None)["id"]
        flow_filter = {"deployments": {"id": {"any_": [deployment_id]}}}
        run = wait_for(lambda: next((r for r in api(server, "/flow_runs/filter", flow_filter)
                                     if r["state_type"] in ("COMPLETED", "FAILED", "CRASHED")), None), "the manual run")
        assert run["state_type"] == "COMPLETED" and run["name"].startswith(f"reprocess-file path={SEED.name} ")
        assert len(list((out / "notices").glob("*/bundle.json"))) == 1
    finally:
        serving.send_signal(signal.SIGINT)
        serving.communicate(timeout=DEADLINE)
    after = api(server, f"/deployments/{deployment['id']}", None)
    assert after["paused"] is False and after["schedules"][0]["active"] is True  # not paused on shutdown


def test_embedded_server_keeps_every_task_run(tmp_path):
    inbox, out, home = tmp_path / "inbox", tmp_path / "out", tmp_path / "home"
    inbox.mkdir()
    text = SEED.read_text(encoding="utf-8").splitlines()[2]
    for n in range(40):
        (inbox / f"n{n:02}.txt").write_text(f"{text}\n第{n}号通知。\n", encoding="utf-8")
    config = tmp_path / "fanjian.toml"
    config.write_text("batch_size = 1\n")  # 40 batches: many task-run events at exit
    _code, stdout = finished(fanjian("run", str(inbox), "--out", str(out), "--config", str(config),
                                    PREFECT_HOME=str(home)))
    _run_id, recorded, created = flow_run_id(stdout)
    assert (recorded, created) == (41, 41)
    with sqlite3.connect(home / "prefect.db") as db:  # what the next process, or `fanjian ui`, will see
        stored = db.execute("select count(*) from task_run").fetchone()[0]
    assert stored == 41


def test_work_pool_with_a_process_worker(server, tmp_path):
    """flows/prefect.yaml deployed to a process work pool; a worker on this machine runs it."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    env = cli_env(PREFECT_API_URL=server, FANJIAN_ROOT=str(ROOT), FANJIAN_INBOX=str(inbox), FANJIAN_OUT=str(out))
    prefect = [sys.executable, "-m", "prefect"]
    for command in (["work-pool", "create", "fanjian", "--type", "process"],
                    ["--no-prompt", "deploy", "--prefect-file", "flows/prefect.yaml", "--all"]):
        done = subprocess.run(prefect + command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=DEADLINE)
        assert done.returncode == 0, done.stdout + done.stderr
    deployment = api(server, "/deployments/name/republish/fanjian", None)
    assert deployment["parameters"] == {"inbox": str(inbox), "out": str(out)}
    assert deployment["global_concurrency_limit"]["limit"] == 1
    assert deployment["concurrency_options"]["collision_strategy"] == "ENQUEUE"

    worker = subprocess.Popen(prefect + ["worker", "start", "--pool", "fanjian"], env=env | {"PREFECT_WORKER_QUERY_SECONDS": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = subprocess.run(prefect + ["deployment", "run", "republish/fanjian"], env=env,
                                 capture_output=True, text=True, timeout=DEADLINE)
        run_id = next(line.split()[-1] for line in started.stdout.splitlines() if "UUID" in line)
        run = wait_for(lambda: (r := api(server, f"/flow_runs/{run_id}", None))["state_type"]
                       in ("COMPLETED", "FAILED", "CRASHED") and r, "the worker's run")
        # the inbox holds one empty file: the run ends Failed saying so, the others published
        assert run["state_type"] == "FAILED" and run["state"]["message"] == "1 of 5 inputs failed; the others went on"
    finally:
        worker.terminate()
        worker.wait(timeout=DEADLINE)
    published = {json.loads(p.read_text(encoding="utf-8"))["source"]["path"]
                 for p in out.glob("*/*/bundle.json")}
    assert published == {name for name, want in expected.items() if want != "failed"}


def test_batches_on_an_existing_dask_cluster(server, tmp_path):
    from distributed import LocalCluster

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    expected = make_inbox(inbox)
    config = tmp_path / "fanjian.toml"
    config.write_text("batch_size = 2\n")  # three batches to spread over two workers
    # worker processes reached over TCP like a remote cluster; like any Dask worker running
    # fanjian they need the project importable and PREFECT_API_URL to report their task runs
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
                      env={k: v for k, v in cli_env(PREFECT_API_URL=server).items() if k.startswith(("PYTHON", "PREFECT"))}) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        before = cluster.scheduler.transition_counter
        code, stdout = finished(fanjian("run", str(inbox), "--out", str(out), "--config", str(config),
                                        "--task-runner", "dask", "--dask-address", cluster.scheduler_address,
                                        PREFECT_API_URL=server))
        assert cluster.scheduler.transition_counter > before  # the batches went through this cluster
    assert code == 1 and status_by_file(stdout) == expected
    assert flow_run_id(stdout)[1:] == (4, 4)


def test_deployment_parameters_a_caller_cannot_abuse(server, tmp_path):
    """Whoever reaches the server starts runs with their own parameters: each is refused,
    with one line in the run's log and state, and nothing is read or written outside the
    inbox and the out folder."""
    inbox, out, outside, elsewhere = (tmp_path / name for name in ("inbox", "out", "outside", "elsewhere"))
    for folder in (inbox, outside):
        folder.mkdir()
    (inbox / "seed.txt").write_bytes(SEED.read_bytes())
    (outside / "secret.txt").write_bytes(SEED.read_bytes())
    (inbox / "away").symlink_to(outside)
    (inbox / "link.txt").symlink_to(outside / "secret.txt")
    rules = tmp_path / "rules.toml"
    rules.write_text('targets = ["zh-Hans"]\n')
    serving = fanjian("serve", "--inbox", str(inbox), "--out", str(out), "--cron", "0 3 * * *",
                      "--name", "guarded", PREFECT_API_URL=server, PREFECT_RUNNER_POLL_FREQUENCY="1")
    try:
        found = wait_for(lambda: (d if len(d := {x["flow_id"]: x["id"] for x in api(server, "/deployments/filter", {})
                                                  if x["name"] == "guarded"}) == 2 else None), "the deployments")
        ids = {api(server, f"/flows/{flow_id}", None)["name"]: dep for flow_id, dep in found.items()}
        attempts = [
            ("reprocess-file", {"path": "/etc/passwd"}, "refused: path '/etc/passwd' is outside the deployment's inbox"),
            ("reprocess-file", {"path": str(inbox / "away" / "secret.txt")}, "refused: path"),
            ("reprocess-file", {"path": "link.txt"}, "refused: path 'link.txt' is outside"),
            ("reprocess-file", {"path": "seed.txt", "out": str(elsewhere)}, "refused: parameter 'out' is fixed"),
            ("reprocess-file", {"path": "seed.txt", "config": str(rules)}, "refused: parameter 'config' is fixed"),
            ("reprocess-file", {"path": "/etc/passwd", "inbox": "/etc"}, "refused: parameter 'inbox' is fixed"),
            ("republish", {"inbox": "/etc"}, "refused: parameter 'inbox' is fixed"),
            ("republish", {"user_dicts": [str(rules)]}, "refused: parameter 'user_dicts' is fixed"),
        ]
        runs = [(api(server, f"/deployments/{ids[flow]}/create_flow_run", {"parameters": params})["id"], why)
                for flow, params, why in attempts]
        for run_id, why in runs:
            run = wait_for(lambda run_id=run_id: (r := api(server, f"/flow_runs/{run_id}", None))["state_type"]
                           in ("COMPLETED", "FAILED", "CRASHED") and r, "a refused run")
            assert run["state_type"] == "FAILED" and run["state"]["message"].startswith(why), run["state"]
            refusals = wait_for(lambda run_id=run_id: [entry["message"] for entry in api(server, "/logs/filter", {
                "logs": {"flow_run_id": {"any_": [run_id]}}}) if entry["message"].startswith("refused:")], "its log line")
            assert refusals == [run["state"]["message"]]
        assert not out.exists() and not elsewhere.exists()  # nothing written, not even the out folder
        good = api(server, f"/deployments/{ids['reprocess-file']}/create_flow_run", {"parameters": {"path": "seed.txt"}})
        run = wait_for(lambda: (r := api(server, f"/flow_runs/{good['id']}", None))["state_type"]
                       in ("COMPLETED", "FAILED", "CRASHED") and r, "the good run")
        assert run["state_type"] == "COMPLETED"
    finally:
        serving.send_signal(signal.SIGINT)
        serving.communicate(timeout=DEADLINE)
    assert [p.parent.name.rsplit("-", 1)[0] for p in out.glob("*/*/bundle.json")] == ["seed"]
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]


def test_reprocess_runs_in_the_warm_process_of_a_running_fanjian_ui(ui_home, tmp_path):
    """No server of its own and no Prefect import: the `fanjian ui` process runs the flow,
    recorded on its server; paths are taken from the caller's folder."""
    home, server_url = ui_home
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "seed.txt").write_bytes(SEED.read_bytes())
    proc = subprocess.Popen([sys.executable, "-m", "fanjian.cli", "reprocess", "in/seed.txt", "--out", "out"],
                            env=cli_env(PREFECT_HOME=str(home)), cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=DEADLINE * 2)
    assert (proc.returncode, err) == (0, "")  # no server started, no hint
    assert status_by_file(out) == {"seed.txt": "publish"}
    run_id, recorded, created = flow_run_id(out)
    assert (recorded, created) == (2, 2)
    assert f"see {server_url.removesuffix('/api')}/runs/flow-run/{run_id}" in out
    assert api(server_url, f"/flow_runs/{run_id}", None)["name"].startswith("reprocess-file path=seed.txt ")
    assert [p.parent.name.rsplit("-", 1)[0] for p in (tmp_path / "out").glob("*/*/bundle.json")] == ["seed"]
