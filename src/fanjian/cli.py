"""The `fanjian` command. Only argument parsing here; the work is in the library and flows.

Exit status: 0 when every input was published or held, 1 when some input failed
(the others were still processed), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import FanjianError, SettingsError
from .settings import load


def _quiet_prefect() -> None:
    # Analytics off silences "database is locked" tracebacks of the embedded server.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")


def _settings(args):
    return load(getattr(args, "config", None), targets=getattr(args, "to", None),
                user_dicts=getattr(args, "dict", None), localise_phrases=getattr(args, "phrases", None) or None)


def cmd_run(args) -> int:
    _quiet_prefect()
    settings = _settings(args)
    inbox = Path(args.inbox)
    if not inbox.is_dir():
        raise SettingsError(f"{inbox}: not a folder")
    from flows.republish import republish

    rows = republish(str(inbox), args.out, list(settings.targets), args.force, list(settings.user_dicts),
                     settings.localise_phrases)
    return _report(rows)


def cmd_reprocess(args) -> int:
    _quiet_prefect()
    settings = _settings(args)
    from flows.republish import reprocess_file

    return _report(reprocess_file(args.file, args.out, list(settings.targets)))


def _report(rows: list[dict]) -> int:
    from .batch import summarise

    for row in rows:
        line = f"{row['status']:8} {row['file']}"
        if row["error"]:
            line += f": {row['error']}"
        elif row["findings"] and row["status"] == "hold":
            line += ": " + "; ".join(row["findings"])
        print(line)
    counts = summarise(rows)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 1 if counts["failed"] else 0


def cmd_convert(args) -> int:
    from .convert import convert_text
    from .userdict import load_entries

    source = args.source
    entries = load_entries(args.dict or ())
    handle = open(args.file, encoding="utf-8") if args.file else sys.stdin
    with handle:
        for line in handle:
            end = "\n" if line.endswith("\n") else ""
            sys.stdout.write(convert_text(line.rstrip("\n"), args.to, source, phrases=args.phrases, entries=entries) + end)
    return 0


def cmd_detect(args) -> int:
    """One JSON line per file: the encoding and why; an error line for a file that failed."""
    from .decode import decode

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
        except OSError as err:
            row, status = {"path": name, "error": err.strerror or str(err)}, 1
        print(json.dumps(row, ensure_ascii=False))
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fanjian", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def targets(p):
        p.add_argument("--to", help="comma-separated BCP 47 targets (default zh-Hans,zh-Hant-TW)")
        p.add_argument("--config", help="settings TOML file")

    def dictionaries(p):
        p.add_argument("--dict", action="append", help="user dictionary (TOML or text) of protected terms and fixes; repeatable")
        p.add_argument("--phrases", action="store_true", help="localise vocabulary (s2twp/s2hkp): changes wording")

    run = sub.add_parser("run", help="process every file in an inbox folder through the Prefect flow")
    run.add_argument("inbox")
    run.add_argument("--out", required=True)
    run.add_argument("--force", action="store_true", help="reprocess inputs that have not changed")
    targets(run)
    dictionaries(run)
    run.set_defaults(func=cmd_run)

    rep = sub.add_parser("reprocess", help="process one file again, whatever the ledger says")
    rep.add_argument("file")
    rep.add_argument("--out", required=True)
    targets(rep)
    rep.set_defaults(func=cmd_reprocess)

    conv = sub.add_parser("convert", help="convert text line for line (stdin to stdout without FILE)")
    conv.add_argument("--to", required=True, help="zh-Hans, zh-Hant, zh-Hant-TW or zh-Hant-HK")
    conv.add_argument("--from", dest="source", help="source variant, when known")
    conv.add_argument("file", nargs="?")
    dictionaries(conv)
    conv.set_defaults(func=cmd_convert)

    det = sub.add_parser("detect", help="print the detected encoding of each file as a JSON line")
    det.add_argument("--charset", help="charset the files are declared in (as an HTTP header would say)")
    det.add_argument("files", nargs="+")
    det.set_defaults(func=cmd_detect)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SettingsError as err:
        print(f"fanjian: {err}", file=sys.stderr)
        return 2
    except FanjianError as err:
        print(f"fanjian: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
