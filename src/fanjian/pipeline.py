"""One notice through every stage: `process(raw, source, settings) -> Result`.

The CLI, the flows and the tests all call this one function. It composes the stages and
nothing else: the caller reads the bytes and the rules and writes `Result.files` (see `store`).
"""

from __future__ import annotations

import dataclasses
import re

from fanjian.check import check, with_flags
from fanjian.check.plausible import with_final_check
from fanjian.clean import clean
from fanjian.clean.template import Template
from fanjian.clean.visible import visible_lines
from fanjian.convert.editorial import finish, prepare, record
from fanjian.convert.editorial import options as plan_options
from fanjian.convert.text import ConvertOptions, convert_notice, profile
from fanjian.decode import decode
from fanjian.emit.bundle import notice_files
from fanjian.errors import InputError
from fanjian.model import Result, SourceInfo
from fanjian.repair import repair, repair_findings
from fanjian.rules import Rule, fix_entries, is_address, page_address, parse_rules
from fanjian.settings import PIPELINE_VERSION, Settings
from fanjian.store import notice_id
from fanjian.store.rules_files import read_rules

HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|\?xml)", re.I | re.S)


def looks_like_html(text: str) -> bool:
    return bool(HTML_START.match(text[:4096])) or "<html" in text[:4096].lower()


def process(raw: bytes, source: SourceInfo, settings: Settings | None = None,
            rules: tuple[Rule, ...] | None = None, template: Template | None = None, *,
            base_url: str = "") -> Result:
    """Bytes of one input to every output file, the bundle and the decision.

    `rules`: the user dictionaries' rules, read once by the caller (`store.read_rules`); read
    here from `settings.user_dicts` when not given. An input's own rules file travels in
    `source.rules` (`store.with_rules`). `template`: the site template learnt from other pages
    of the input's site (`fanjian.clean.template`); written beside the outputs as template.json.
    `base_url`: the input's own address as the caller gives it (`--base-url`; or `source.url`).

    The page's address, which its relative links resolve against, is the first of: the `url`
    of its rules file, the address given, what the page says (<base>, canonical, og:url).
    The bundle records it (`meta.url`), where it came from (`meta.url_source`) and the one given.
    """
    settings = settings or Settings()
    if base_url:
        source = dataclasses.replace(source, url=base_url)
    try:
        if source.url and not is_address(source.url):
            raise InputError(f"base url {source.url!r} is not an absolute http or https address")
        if rules is None:
            rules = read_rules(settings.user_dicts)
        address = None
        if source.rules_path:
            own = _own_rules(source)
            address = page_address(own)
            rules = rules + tuple(r for r in own if r.kind != "url")
        url, url_source = (address.find, "rules-file") if address else (source.url, "base-url")
        decoded = decode(raw, source.declared)
        repaired = repair(decoded.text)
        notice = clean(repaired.text, "html" if looks_like_html(repaired.text) else "text", template=template,
                       url=url)
        plan = prepare(notice, rules, settings)
    except InputError as err:
        raise err.with_path(source.path) from None
    notice = plan.notice
    script = profile("\n".join(b.text for b in notice.blocks))
    options = plan_options(plan, ConvertOptions(settings.localise_phrases, fix_entries(rules)))
    renditions = {t: finish(plan, convert_notice(notice, t, script.source, options), script.source, options, settings)
                  for t in settings.targets}
    report = with_flags(check(notice, renditions, layout=plan.layout), renditions)
    report = with_final_check(report, renditions, decoded.confidence)  # garbage is never published
    if unsettled := repair_findings(repaired):  # warnings: the decision stands
        report = dataclasses.replace(report, findings=unsettled + report.findings)

    nid = notice_id(source.path)
    # The review shows an HTML source as received, before repair: the lines its page displays.
    page_lines = tuple(visible_lines(decoded.text)) if notice.format == "html" else ()
    versions = {"pipeline_version": PIPELINE_VERSION, "settings_hash": settings.digest()}
    bundle, files = notice_files(nid, source, versions, decoded, script, repaired, notice, renditions, report,
                                 record(plan, source), page_lines, template, url_source if url else "page")
    return Result(nid, source, decoded, repaired, notice, renditions, report, bundle, files)


def _own_rules(source: SourceInfo) -> tuple[Rule, ...]:
    """The rules of the input's rules file; InputError naming that file when malformed."""
    try:
        return parse_rules(source.rules, source.rules_path)
    except InputError as err:
        if source.rules_path in err.reason:
            raise
        raise InputError(f"rules file {source.rules_path}: {err.reason}") from None
