"""Everything one notice publishes, assembled: the bundle (what happened to the notice and
why, schema-versioned) and every output file (`<target>.html`, `<target>.txt`,
`review.html`, `bundle.json`).
"""

from __future__ import annotations

import json

from fanjian.emit import SCHEMA, render_bundle, render_html, render_review, render_text
from fanjian.model import Decoded, Notice, Rendition, Repaired, Report, SourceInfo, to_jsonable
from fanjian.rules import rules_digest


def build_bundle(nid: str, source: SourceInfo, versions: dict, decoded: Decoded, script, repaired: Repaired,
                 notice: Notice, renditions: dict[str, Rendition], report: Report, review: dict,
                 outputs: list[str], url_source: str = "page") -> dict:
    """The bundle of one notice. `versions`: pipeline_version and settings_hash; `script`: the
    source's script profile; `review`: what the editorial steps record (rules, document numbers);
    `url_source`: where the page's address (`meta.url`) came from: page, base-url or rules-file."""
    return {
        "schema": SCHEMA,
        "id": nid,
        "pipeline_version": versions["pipeline_version"],
        "settings_hash": versions["settings_hash"],
        "source": {"path": source.path, "sha256": source.sha256, "bytes": source.bytes}
        | ({"rules": source.rules_path, "rules_sha256": rules_digest(source)} if source.rules_path else {})
        | ({"url": source.url} if source.url else {}),
        "decoding": {k: v for k, v in to_jsonable(decoded).items() if k != "text"},
        "script": to_jsonable(script),
        "repairs": to_jsonable(repaired.repairs),
        "meta": to_jsonable(notice.meta) | ({"url_source": url_source} if notice.meta.url else {}),
        "chrome": list(notice.chrome),
        "chrome_reasons": list(notice.chrome_reasons),
        "renditions": {
            t: {"title": r.title, "config": r.config, "meta": to_jsonable(r.meta),
                "blocks": to_jsonable(r.blocks), "changes": to_jsonable(r.changes),
                "ambiguities": to_jsonable(r.ambiguities)}
            for t, r in renditions.items()
        },
        "entities": to_jsonable(report.entities),
        "findings": to_jsonable(report.findings),
        "decision": report.decision,
        "review": review,
        "outputs": outputs,
    }


def notice_files(nid: str, source: SourceInfo, versions: dict, decoded: Decoded, script, repaired: Repaired,
                 notice: Notice, renditions: dict[str, Rendition], report: Report, review: dict,
                 page_lines: tuple[str, ...] = (), template=None, url_source: str = "page") -> tuple[dict, dict[str, bytes]]:
    """The bundle and every file of one notice, by name inside its folder. `page_lines`: for an
    HTML source, the lines its page displays, shown on the review page as received. `template`:
    the site template the page was cleaned with (`clean.template.Template`), written beside
    the outputs as template.json and named in the bundle. `url_source`: see `build_bundle`."""
    targets = list(renditions)
    held = report.decision != "publish"
    files = {f"{t}.html": render_html(r, [o for o in targets if o != t], held) for t, r in renditions.items()}
    files.update({f"{t}.txt": render_text(r) for t, r in renditions.items()})
    bundle = build_bundle(nid, source, versions, decoded, script, repaired, notice, renditions, report, review,
                          sorted(files) + ["review.html", "bundle.json"] + (["template.json"] if template else []),
                          url_source)
    if template:
        bundle["template"] = {"site": template.site, "digest": template.digest(), "file": "template.json"}
        files["template.json"] = json.dumps(template.to_json(), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    files["review.html"] = render_review(bundle, decoded.text, notice.format, page_lines)
    files["bundle.json"] = render_bundle(bundle)
    return bundle, files


__all__ = ["build_bundle", "notice_files"]
