"""The `fanjian` command. Only argument parsing here; the work is in the library and flows.

Exit status: 0 when every input was published or held, 1 when some input failed
(the others were still processed), 2 for a usage error, 3 when the run's Prefect server
did not start (nothing was processed).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
import tomllib
from pathlib import Path

from fanjian.errors import FanjianError, SettingsError
from fanjian.flows.connect import SERVER_FAILED, await_server, connect, hint_once, server_failed
from fanjian.flows.server import ServerStartError, project_home
from fanjian.flows.warm import WARM_MAX_BYTES
from fanjian.flows.warm import request as warm_request
from fanjian.rules import is_address
from fanjian.settings import PUBLIC_URL_ENV, load


class UsageError(SettingsError):
    """A command line that cannot be run as given: exit status 2."""


def settings_from_args(args):
    config = getattr(args, "config", None)
    for name in getattr(args, "dict", None) or ():
        if not Path(name).is_file():
            raise UsageError(f"--dict {name}: no such file")
    try:
        return load(config, targets=getattr(args, "to", None),
                    user_dicts=getattr(args, "dict", None), localise_phrases=getattr(args, "phrases", None) or None,
                    doc_numbers=getattr(args, "doc_numbers", None), regional_quotes=getattr(args, "quotes", None))
    except FileNotFoundError:
        raise UsageError(f"--config {config}: no such file") from None
    except OSError as err:
        raise UsageError(f"--config {config}: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UsageError(f"--config {config}: not a TOML file: {err}") from None


def cmd_run(args) -> int:
    settings = settings_from_args(args)
    inbox = Path(args.inbox)
    if not inbox.is_dir():
        raise UsageError(f"{inbox}: {'not a folder' if inbox.exists() else 'no such folder'}")
    if args.dask_address and args.task_runner != "dask":
        raise UsageError("--dask-address needs --task-runner dask")
    if args.workers is not None and args.task_runner == "dask":
        raise UsageError("--workers is for this machine's processes; a Dask cluster has its own workers")
    server = connect(quiet_console=sys.stdout.isatty(), own_server=True)
    try:
        from fanjian.flows.console import make_display
        from fanjian.flows.launch import dask_runner, run_inbox

        if server is not None:
            await_server(server)
        # after `connect`: a runner's workers take PREFECT_API_URL from this process
        task_runner = dask_runner(args.dask_address) if args.task_runner == "dask" else None
        display = make_display()
        outcome = run_inbox(str(inbox), args.out, settings, args.force, args.config, task_runner=task_runner,
                            display=display, base_url=args.base_url, workers=args.workers)
        display.finish(outcome.rows, args.out, history_note(outcome, server is None), outcome.ignored)
    finally:
        if server is not None:
            server.stop()
    return status_of(outcome.rows)


def cmd_reprocess(args) -> int:
    settings = settings_from_args(args)
    if not os.path.lexists(args.file):
        raise UsageError(f"{args.file}: no such file")
    # The warm `fanjian ui` process takes small inputs; a public URL is this process's setting
    warm = (os.path.isfile(args.file) and os.path.getsize(args.file) <= WARM_MAX_BYTES
            and not os.environ.get("PREFECT_API_URL") and not os.environ.get(PUBLIC_URL_ENV))
    if warm and (reply := warm_request(project_home(), _absolute_argv(args))):
        sys.stdout.write(reply["stdout"])
        sys.stderr.write(reply["stderr"])
        return reply["status"]
    server = connect(own_server=True)
    try:
        from fanjian.flows.console import PlainDisplay
        from fanjian.flows.launch import run_file

        if server is not None:
            await_server(server)
        display = PlainDisplay()
        outcome = run_file(args.file, args.out, settings, args.config, display=display, base_url=args.base_url)
        display.finish(outcome.rows, args.out, history_note(outcome, server is None))
    finally:
        if server is not None:
            server.stop()
    if server is not None:
        hint_once(server.home)
    return status_of(outcome.rows)


def _absolute_argv(args) -> list[str]:
    """The reprocess command line for another process, in another folder: paths absolute."""
    argv = ["reprocess", os.path.abspath(args.file), "--out", os.path.abspath(args.out)]
    if args.config:
        argv += ["--config", os.path.abspath(args.config)]
    for name in args.dict or ():
        argv += ["--dict", os.path.abspath(name)]
    if args.phrases:
        argv.append("--phrases")
    for flag, value in (("--to", args.to), ("--doc-numbers", args.doc_numbers), ("--quotes", args.quotes),
                        ("--base-url", args.base_url)):
        argv += [flag, value] if value else []
    return argv


def history_note(outcome, lasting_server: bool = True) -> str:
    """The run's record; a link to it only on a server that outlives the run."""
    recorded, expected = outcome.task_runs_recorded, outcome.task_runs_expected
    note = f"flow run {outcome.flow_run_id}: {recorded} of {expected} task runs recorded{outcome.where}"
    if recorded < expected:
        note += " (the rest may appear later)"
    if lasting_server and (api_url := os.environ.get("PREFECT_API_URL")):
        note += f"\nsee {api_url.removesuffix('/api')}/runs/flow-run/{outcome.flow_run_id}"
    return note


def status_of(rows: list[dict]) -> int:
    from fanjian.flows.batch import summarise

    return 1 if summarise(rows)["failed"] else 0


def cmd_serve(args) -> int:
    settings = settings_from_args(args)
    if not Path(args.inbox).is_dir():
        raise SettingsError(f"{args.inbox}: not a folder")
    connect()
    if not os.environ.get("PREFECT_API_URL"):
        raise SettingsError("serve needs a Prefect server: start `fanjian ui` first, or set PREFECT_API_URL")
    from fanjian.flows.serving import serve_forever

    serve_forever(str(Path(args.inbox).resolve()), str(Path(args.out).resolve()), args.cron,
                  settings, args.config, args.name, args.timezone, args.base_url)
    return 0


def reprocess_request(argv: list[str]) -> dict:
    """What `fanjian reprocess` would print and return, run in this process."""
    from fanjian.errors import FanjianError, SettingsError
    from fanjian.flows.console import PlainDisplay
    from fanjian.flows.launch import run_file

    stream = io.StringIO()
    try:
        args = build_parser().parse_args(argv)
        settings = settings_from_args(args)
        display = PlainDisplay(stream)
        outcome = run_file(args.file, args.out, settings, args.config, display=display, base_url=args.base_url)
        display.finish(outcome.rows, args.out, history_note(outcome))
        return {"stdout": stream.getvalue(), "stderr": "", "status": status_of(outcome.rows)}
    except SettingsError as err:
        return {"stdout": stream.getvalue(), "stderr": f"fanjian: {err}\n", "status": 2}
    except FanjianError as err:
        return {"stdout": stream.getvalue(), "stderr": f"fanjian: {err}\n", "status": 1}
    except BaseException:
        return {"fallback": True}


def cmd_ui(args) -> int:
    connect()
    from fanjian.flows.server import forget, record, running_server, start_server
    from fanjian.flows.warm import serve as serve_warm
    from fanjian.flows.warm import stop as stop_warm

    home = project_home()
    if api_url := running_server(home):
        print(f"already running: {api_url.removesuffix('/api')}")
        return 0
    proc, api_url = start_server(home, args.port)
    record(home, api_url, proc.pid)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops the server like Ctrl-C
    os.environ["PREFECT_API_URL"] = api_url  # the runs `fanjian reprocess` sends here are recorded there
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    warm = serve_warm(home, reprocess_request)
    print(f"Prefect UI: {api_url.removesuffix('/api')}")
    print(f"PREFECT_HOME={home}; in another shell: export PREFECT_API_URL={api_url}", flush=True)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        return 0
    finally:
        stop_warm(warm, home)
        forget(home)


def cmd_convert(args) -> int:
    """Line for line, in any encoding `decode` reads (the whole input is read first:
    the encoding is chosen from all of it)."""
    from fanjian.convert.text import convert_text
    from fanjian.decode import decode
    from fanjian.rules import conversion_entries
    from fanjian.store.rules_files import read_rules

    entries = conversion_entries(read_rules(args.dict or ()))
    raw = _read_all(args.file)
    if not raw:
        return 0
    try:
        text = decode(raw, args.charset).text
    except FanjianError as err:
        raise FanjianError(f"{args.file or 'stdin'}: {getattr(err, 'reason', None) or err}") from None
    for line in io.StringIO(text, newline=None):  # universal newlines, as text-mode reading had
        end = "\n" if line.endswith("\n") else ""
        sys.stdout.write(convert_text(line.rstrip("\n"), args.to, args.source, phrases=args.phrases,
                                      entries=entries) + end)
    return 0


def _read_all(name: str | None) -> bytes:
    if not name:
        return sys.stdin.buffer.read()
    try:
        with open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: is a folder, not a file") from None
    except OSError as err:
        raise FanjianError(f"{name}: cannot be read: {err.strerror or err}") from None


def cmd_detect(args) -> int:
    """One JSON line per file: the encoding and why; an error line for a file that failed."""
    from fanjian.decode import decode

    status = 0
    for name in args.files:
        try:
            with open(name, "rb") as handle:
                decoded = decode(handle.read(), args.charset)
            row = {"path": name, "encoding": decoded.encoding, "method": decoded.method,
                   "confidence": round(decoded.confidence, 3), "declared": decoded.declared,
                   "overruled": decoded.overruled, "replaced": decoded.replaced}
            if decoded.segments:
                row["segments"] = list(decoded.segments)
        except FanjianError as err:
            row, status = {"path": name, "error": getattr(err, "reason", None) or str(err)}, 1
        except FileNotFoundError:
            row, status = {"path": name, "error": "no such file"}, 1
        except OSError as err:
            row, status = {"path": name, "error": err.strerror or str(err)}, 1
        print(json.dumps(row, ensure_ascii=False))
    return status


def charset(label: str) -> str:
    """An argparse type: a charset label `decode` can use."""
    from fanjian.decode.labels import codec_for

    if codec_for(label) is None:
        raise argparse.ArgumentTypeError(f"{label!r} is not a charset fanjian can decode (e.g. gbk, big5, utf-8)")
    return label


def count(value: str) -> int:  # an argparse type: 1 or more
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes (1 or more)")
    return int(value)


INBOX_URL = "where the inbox is published (http/https): an input's address is it and the input's path"


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="fanjian", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    def targets(p):
        p.add_argument("--to", help="comma-separated BCP 47 targets (default zh-Hans,zh-Hant-TW)")
        p.add_argument("--config", help="settings TOML file")

    def dictionaries(p):
        p.add_argument("--dict", action="append", help="user dictionary (TOML or text) of protected terms and fixes; repeatable")
        p.add_argument("--phrases", action="store_true", help="localise vocabulary (s2twp/s2hkp): changes wording")

    def review(p):
        p.add_argument("--doc-numbers", choices=("original", "body", "convert"),
                       help="how renditions write a 文号: as issued (default), issuing body as issued, or converted")
        p.add_argument("--quotes", help="comma-separated targets whose “” ‘’ become 「」 『』 (zh-Hant-TW,zh-Hant-HK)")

    def addresses(p, base_url: str):  # base_url: the page's address, relative links resolve against it
        p.add_argument("--public-url", help="where the out folder is served (http/https): the Prefect artifacts link there")
        p.add_argument("--base-url", help=base_url + " (a rules file's url wins)")

    run = sub.add_parser("run", help="process every file in an inbox folder through the Prefect flow")
    run.add_argument("inbox")
    run.add_argument("--out", required=True)
    run.add_argument("--force", action="store_true", help="reprocess inputs that have not changed")
    run.add_argument("--task-runner", choices=("threads", "dask"), default="threads",
                     help="where batches run: this machine (--workers), or a Dask cluster (needs the `dask` extra)")
    run.add_argument("--workers", type=count, metavar="N", help="processes for batches (default: one per core, "
                     "at most one per batch; each takes 500-600 MB; 1: all in this process)")
    run.add_argument("--dask-address", help="scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786")
    addresses(run, INBOX_URL)
    targets(run)
    dictionaries(run)
    review(run)
    run.set_defaults(func=cmd_run)

    rep = sub.add_parser("reprocess", help="process one file again, whatever the ledger says")
    rep.add_argument("file")
    rep.add_argument("--out", required=True)
    addresses(rep, "the file's own address (http/https), which its relative links resolve against")
    targets(rep)
    dictionaries(rep)
    review(rep)
    rep.set_defaults(func=cmd_reprocess)

    conv = sub.add_parser("convert", help="convert text line for line (stdin to stdout without FILE)")
    conv.add_argument("--to", required=True, help="zh-Hans, zh-Hant, zh-Hant-TW or zh-Hant-HK")
    conv.add_argument("--from", dest="source", help="source variant, when known")
    conv.add_argument("--charset", type=charset, help="charset of the input, when known (detected otherwise)")
    conv.add_argument("file", nargs="?")
    dictionaries(conv)
    conv.set_defaults(func=cmd_convert)

    srv = sub.add_parser("serve", help="serve the inbox deployment on a cron schedule and the one-file deployment")
    srv.add_argument("--inbox", required=True)
    srv.add_argument("--out", required=True)
    srv.add_argument("--cron", default="*/15 * * * *", help='when to run over the inbox (default "*/15 * * * *")')
    srv.add_argument("--timezone", help="IANA time zone of the cron schedule (default UTC)")
    srv.add_argument("--name", default="fanjian", help="deployment name (default fanjian)")
    addresses(srv, INBOX_URL)
    targets(srv)
    dictionaries(srv)
    srv.set_defaults(func=cmd_serve)

    ui = sub.add_parser("ui", help="start a local Prefect server and UI on 127.0.0.1 and print its URL")
    ui.add_argument("--port", type=int, default=4200)
    ui.set_defaults(func=cmd_ui)

    det = sub.add_parser("detect", help="print the detected encoding of each file as a JSON line")
    det.add_argument("--charset", type=charset, help="charset the files are declared in (as an HTTP header would say)")
    det.add_argument("files", nargs="+")
    det.set_defaults(func=cmd_detect)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if (url := getattr(args, "public_url", None)) is not None:
            if not url.startswith(("http://", "https://")):
                raise UsageError(f"--public-url {url}: not an http or https address")
            os.environ[PUBLIC_URL_ENV] = url  # read by fanjian.flows.artifacts, in this process and its runs
        if (url := getattr(args, "base_url", None)) is not None and not is_address(url):
            raise UsageError(f"--base-url {url}: not an absolute http or https address")
        return args.func(args)
    except SettingsError as err:
        print(f"fanjian: {err}", file=sys.stderr)
        return 2
    except FanjianError as err:
        print(f"fanjian: {err}", file=sys.stderr)
        return 1
    except ServerStartError as err:
        print(server_failed(err), file=sys.stderr)
        return SERVER_FAILED
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        return 128 + signal.SIGINT


def _quiet_stdout() -> None:
    """The reader went away (`fanjian convert ... | head -1`): what is still buffered for
    stdout goes nowhere, instead of a second BrokenPipeError at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
