"""The page's own address given by the user: `--base-url` (the inbox's address for a run,
the file's own for `reprocess`) or a `url` in the input's rules file. A rules file's url
wins over `--base-url`, which wins over what the page says (<base>, canonical, og:url);
relative links resolve against the winner, and the bundle says which it was."""

import dataclasses
import json
import shutil

import pytest

from fanjian.cli import main
from fanjian.errors import InputError
from fanjian.flows.batch import process_file
from fanjian.model import SourceInfo
from fanjian.pipeline import process
from fanjian.rules import parse_rules
from fanjian.settings import Settings
from fanjian.store import notice_id

from .conftest import ROOT

GOV = ROOT / "fixtures" / "html" / "gov_notice.html"  # relative attachment links, no address of its own
PDF = "https://www.example.gov.cn/attach/2024/%E7%94%B3%E6%8A%A5%E6%8C%87%E5%8D%97.pdf"  # /attach/2024/申报指南.pdf


def bundle_of(out, name):
    return json.loads((out / "notices" / notice_id(name) / "bundle.json").read_text(encoding="utf-8"))


def unresolved(bundle):
    return [f for f in bundle["findings"] if f["kind"] == "link-unresolved"]


@pytest.fixture
def harness_env(prefect_harness, monkeypatch, tmp_path):
    """`fanjian` in this process, its flows reported to the session's test server."""
    from prefect.settings import PREFECT_API_URL

    monkeypatch.setenv("PREFECT_API_URL", PREFECT_API_URL.value())
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / ".prefect"))


def test_run_with_base_url_resolves_relative_links_and_a_bad_rules_url_fails_alone(harness_env, tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    (inbox / "2024").mkdir(parents=True)
    shutil.copy(GOV, inbox / "2024" / "gov.html")
    shutil.copy(GOV, inbox / "side.html")
    (inbox / "side.html.rules.toml").write_text('url = "https://mirror.example.org/zwgk/side.html"\n')
    shutil.copy(GOV, inbox / "bad.html")
    (inbox / "bad.rules.toml").write_text('url = "www.example.gov.cn/bad.html"\n')

    # exit status 1: an input failed, the others were processed
    assert main(["run", str(inbox), "--out", str(out), "--base-url", "https://www.example.gov.cn/zwgk"]) == 1
    failed = [json.loads(p.read_text(encoding="utf-8")) for p in (out / "failed").glob("*.error.json")]
    assert [f["input"] for f in failed] == ["bad.html"]
    assert ("bad.rules.toml url: the page address 'www.example.gov.cn/bad.html' is not an absolute http or https "
            "address") in json.dumps(failed, ensure_ascii=False)

    gov = bundle_of(out, "2024/gov.html")  # the inbox's address and the input's path
    assert gov["meta"]["url"] == gov["source"]["url"] == "https://www.example.gov.cn/zwgk/2024/gov.html"
    assert gov["meta"]["url_source"] == "base-url"
    assert PDF in [a["href"].replace("申报指南", "%E7%94%B3%E6%8A%A5%E6%8C%87%E5%8D%97") for a in gov["meta"]["attachments"]]
    assert unresolved(gov) == []
    page = (out / "notices" / notice_id("2024/gov.html") / "zh-Hans.html").read_text(encoding="utf-8")
    assert f'href="{PDF}"' in page

    side = bundle_of(out, "side.html")  # the rules file wins over --base-url
    assert (side["meta"]["url"], side["meta"]["url_source"]) == ("https://mirror.example.org/zwgk/side.html", "rules-file")
    assert side["source"]["url"] == "https://www.example.gov.cn/zwgk/side.html"
    assert "https://mirror.example.org/attach/2024/申报指南.pdf" in [a["href"] for a in side["meta"]["attachments"]]


def test_reprocess_with_base_url_takes_it_as_the_files_own_address(harness_env, tmp_path):
    out = tmp_path / "out"
    shutil.copy(GOV, tmp_path / "notice.html")
    url = "https://www.example.gov.cn/zwgk/2024/t20240301_1.html"
    assert main(["reprocess", str(tmp_path / "notice.html"), "--out", str(out), "--base-url", url]) == 0
    bundle = bundle_of(out, "notice.html")
    assert (bundle["meta"]["url"], bundle["meta"]["url_source"], bundle["source"]["url"]) == (url, "base-url", url)
    assert f'href="{PDF}"' in (out / "notices" / notice_id("notice.html") / "zh-Hant-TW.html").read_text(encoding="utf-8")


CANONICAL = GOV.read_text(encoding="utf-8").replace(
    "<head>", '<head><link rel="canonical" href="https://mirror.example.org/copy/notice.html">', 1).encode()


def test_precedence_rules_file_then_base_url_then_the_page():
    assert b"canonical" in CANONICAL
    sidecar = SourceInfo("n.html", rules='url = "https://own.example.cn/n.html"\n', rules_path="n.rules.toml")
    given = "https://www.example.gov.cn/zwgk/n.html"
    cases = [
        (SourceInfo("n.html"), "", "https://mirror.example.org/copy/notice.html", "page"),
        (SourceInfo("n.html"), given, given, "base-url"),
        (sidecar, given, "https://own.example.cn/n.html", "rules-file"),
        (sidecar, "", "https://own.example.cn/n.html", "rules-file"),
    ]
    for source, base_url, url, url_source in cases:
        bundle = process(CANONICAL, source, base_url=base_url).bundle
        assert (bundle["meta"]["url"], bundle["meta"]["url_source"]) == (url, url_source)
        host = url.split("/")[2]
        assert {a["href"].split("/")[2] for a in bundle["meta"]["attachments"]} == {host}
        assert ("url" in bundle["source"]) == bool(base_url)
    # none at all: links stay relative, shown as text, each a finding; no url_source
    plain = process(GOV.read_bytes(), SourceInfo("n.html")).bundle
    assert plain["meta"]["url"] == "" and "url_source" not in plain["meta"] and len(unresolved(plain)) == 3


def test_source_url_is_the_same_as_the_keyword_and_a_text_input_records_it():
    text = "通知标题\n\n发布时间：2024年3月1日\n\n现将有关事项通知如下。\n".encode()
    by_keyword = process(text, SourceInfo("a.txt"), base_url="https://x.gov.cn/a.txt").bundle
    by_source = process(text, SourceInfo("a.txt", url="https://x.gov.cn/a.txt")).bundle
    assert by_keyword == by_source
    assert (by_keyword["meta"]["url"], by_keyword["meta"]["url_source"]) == ("https://x.gov.cn/a.txt", "base-url")
    with pytest.raises(InputError, match=r"a\.txt: base url 'x\.gov\.cn/a\.txt' is not an absolute"):
        process(text, SourceInfo("a.txt"), base_url="x.gov.cn/a.txt")


def test_url_in_both_rule_formats_and_bad_values_name_the_file(tmp_path):
    assert [(r.kind, r.find) for r in parse_rules("@url\thttps://x.cn/a.html\n", "d.txt")] == [("url", "https://x.cn/a.html")]
    for text, name in [('url = "/a.html"\n', "a.rules.toml"), ("url = 5\n", "a.rules.toml"),
                       ('url = "javascript:alert(1)"\n', "a.rules.toml"), ('url = "https://"\n', "a.rules.toml"),
                       ("@url\thttps://x.cn/a b.html\n", "d.txt"), ("@url\t\n", "d.txt")]:
        with pytest.raises(InputError, match=name.replace(".", r"\.")):
            parse_rules(text, name)
    # a user dictionary applies to every input: a url in it is an error naming it
    dictionary = tmp_path / "terms.txt"
    dictionary.write_text("范德繁\n@url\thttps://x.cn/a.html\n", encoding="utf-8")
    settings = dataclasses.replace(Settings(), user_dicts=(str(dictionary),))
    with pytest.raises(InputError, match=r"terms\.txt.*a url names one page's address"):
        process("通知\n\n正文第一段。".encode(), SourceInfo("a.txt"), settings)


def test_a_new_base_url_reprocesses_the_same_one_skips(tmp_path):
    inbox, out = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(GOV, inbox / "n.html")
    settings = Settings()
    status = lambda url: process_file(inbox / "n.html", inbox, out, settings, base_url=url)["status"]
    assert status("https://a.example.cn/") == "publish"
    assert status("https://a.example.cn") == "skipped"  # the same address: n.html in that folder
    assert status("https://b.example.cn/") == "publish"
    assert bundle_of(out, "n.html")["meta"]["url"] == "https://b.example.cn/n.html"
    assert status(None) == "publish"  # none given now: the page's relative links, unresolved
    assert status(None) == "skipped"
    assert unresolved(bundle_of(out, "n.html"))


def test_serve_gives_both_deployments_the_inbox_address_and_flows_refuse_a_bad_one():
    from fanjian.flows.republish import bad_address
    from fanjian.flows.serving import deployments

    inbox_run, one_file = deployments("/data/inbox", "/data/out", "*/15 * * * *", Settings(),
                                      base_url="https://www.example.gov.cn/zwgk/")
    assert inbox_run.parameters["base_url"] == one_file.parameters["base_url"] == "https://www.example.gov.cn/zwgk/"
    assert "base_url" not in deployments("/data/inbox", "/data/out", "*/15 * * * *", Settings())[0].parameters
    assert bad_address("https://www.example.gov.cn/zwgk/") is None and bad_address(None) is None
    assert bad_address("zwgk/") == "refused: base_url 'zwgk/' is not an absolute http or https address"
