"""One notice through every stage: `process(raw, source, settings) -> Result`.

The CLI, the flows and the tests all call this one function. No I/O here: the
caller reads the bytes and writes `Result.files` (see `store`).
"""

from __future__ import annotations

import dataclasses
import re

from fanjian.check import check
from fanjian.clean import clean
from fanjian.convert.text import ConvertOptions, convert_notice, profile
from fanjian.decode.choose import decode
from fanjian.convert.editorial import finish, options as plan_options, prepare, record, with_flags
from fanjian.emit import SCHEMA, render_bundle, render_html, render_review, render_text
from fanjian.errors import InputError
from fanjian.model import Result, SourceInfo, to_jsonable
from fanjian.repair import repair, repair_findings
from fanjian.settings import PIPELINE_VERSION, Settings
from fanjian.rules import rules_digest
from fanjian.store import notice_id
from fanjian.rules import load_entries

HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|\?xml)", re.I | re.S)


def looks_like_html(text: str) -> bool:
    return bool(HTML_START.match(text[:4096])) or "<html" in text[:4096].lower()


def process(raw: bytes, source: SourceInfo, settings: Settings | None = None) -> Result:
    """Bytes of one input to every output file, the bundle and the decision."""
    settings = settings or Settings()
    try:
        decoded = decode(raw, source.declared)
        repaired = repair(decoded.text)
        notice = clean(repaired.text, "html" if looks_like_html(repaired.text) else "text")
        plan = prepare(notice, source, settings)
    except InputError as err:
        raise err.with_path(source.path) from None
    notice = plan.notice
    script = profile("\n".join(b.text for b in notice.blocks))
    options = plan_options(plan, ConvertOptions(settings.localise_phrases, load_entries(settings.user_dicts)))
    renditions = {t: finish(plan, convert_notice(notice, t, script.source, options), script.source, options, settings)
                  for t in settings.targets}
    report = with_flags(check(notice, renditions, layout=plan.layout), renditions)
    if unsettled := repair_findings(repaired):  # warnings: the decision stands
        report = dataclasses.replace(report, findings=unsettled + report.findings)

    nid = notice_id(source.path)
    files = {f"{t}.html": render_html(r, [o for o in settings.targets if o != t]) for t, r in renditions.items()}
    files.update({f"{t}.txt": render_text(r) for t, r in renditions.items()})
    bundle = {
        "schema": SCHEMA,
        "id": nid,
        "pipeline_version": PIPELINE_VERSION,
        "settings_hash": settings.digest(),
        "source": {"path": source.path, "sha256": source.sha256, "bytes": source.bytes}
        | ({"rules": source.rules_path, "rules_sha256": rules_digest(source)} if source.rules_path else {}),
        "decoding": {k: v for k, v in to_jsonable(decoded).items() if k != "text"},
        "script": to_jsonable(script),
        "repairs": to_jsonable(repaired.repairs),
        "meta": to_jsonable(notice.meta),
        "chrome": list(notice.chrome),
        "renditions": {
            t: {"title": r.title, "config": r.config, "meta": to_jsonable(r.meta),
                "blocks": to_jsonable(r.blocks), "changes": to_jsonable(r.changes),
                "ambiguities": to_jsonable(r.ambiguities)}
            for t, r in renditions.items()
        },
        "entities": to_jsonable(report.entities),
        "findings": to_jsonable(report.findings),
        "decision": report.decision,
        "review": record(plan, source),
        "outputs": sorted(files) + ["review.html", "bundle.json"],
    }
    files["review.html"] = render_review(bundle, decoded.text, notice.format)
    files["bundle.json"] = render_bundle(bundle)
    return Result(nid, source, decoded, repaired, notice, renditions, report, bundle, files)
