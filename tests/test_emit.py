"""Emit: rendition pages and text from fixtures/emit.json, the seed's pages, the review page,
the index, hostile input and atomic writes."""

import json
import os

import pytest
from lxml import etree, html

from fanjian.emit import render_html, render_review, render_text
from fanjian.emit.html import csp
from fanjian.emit.index import render_index
from fanjian.flows.batch import process_file, write_index
from fanjian.model import Block, Meta, Rendition, SourceInfo
from fanjian.pipeline import process
from fanjian.settings import Settings
from fanjian.store import collect_index, notice_id, write_atomic, write_result

from .conftest import ROOT, SEED

CASES = json.loads((ROOT / "fixtures" / "emit.json").read_text(encoding="utf-8"))
HOSTILE = ROOT / "fixtures" / "raw" / "hostile.html"
FUTURE = "标题测试\n来源：区政府 发布时间：2099-01-01\n区政府召开会议，部署全年工作。\n"


def rendition_of(case_input: dict) -> Rendition:
    meta = dict(case_input["meta"], attachments=tuple(case_input["meta"].get("attachments", ())))
    blocks = tuple(Block(**dict(b, rows=tuple(map(tuple, b.get("rows", ()))))) for b in case_input["blocks"])
    return Rendition(case_input["target"], "none", Meta(**meta), blocks)


def case_param(case):
    marks = [pytest.mark.xfail(strict=True, reason=case["comment"])] if case["expect"] == "fail" else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [case_param(c) for c in CASES])
def test_emit_cases(case):
    rendition = rendition_of(case["input"])
    assert render_text(rendition).decode("utf-8") == case["expected"]["txt"]
    page = html.fromstring(render_html(rendition, []))
    article = etree.tostring(page.find(".//article"), method="html", encoding="unicode", with_tail=False)
    assert article == case["expected"]["article"]
    assert page.get("lang") == case["input"]["target"]


def parse(data: bytes):
    return html.fromstring(data)


@pytest.fixture(scope="module")
def seed_result():
    raw = SEED.read_bytes()
    return process(raw, SourceInfo(SEED.name, "0" * 64, len(raw)))


def test_seed_page_is_the_rendition(seed_result):
    for target, rendition in seed_result.renditions.items():
        page = parse(seed_result.files[f"{target}.html"])
        assert page.get("lang") == target
        assert page.find(".//meta[@charset]").get("charset") == "utf-8"
        assert page.findtext(".//title") == rendition.title
        assert [h1.text_content() for h1 in page.iter("h1")] == [rendition.title]
        body = [b.text for b in rendition.blocks if b.kind in ("paragraph", "heading")]
        shown = [el.text_content() for el in page.find(".//article").iterchildren("p", "h2", "h3")]
        assert shown == body
        assert page.find(".//time").get("datetime") == "2024-02-19"
        others = [t for t in seed_result.renditions if t != target]
        assert [a.get("href") for a in page.find(".//nav").iter("a")] == [f"{t}.html" for t in others]


def test_seed_text_is_title_meta_then_blocks(seed_result):
    text = seed_result.files["zh-Hans.txt"].decode("utf-8")
    rendition = seed_result.renditions["zh-Hans"]
    head, *blocks = text.rstrip("\n").split("\n\n")
    assert head == f"{rendition.title}\n来源：罗湖区委宣传部\n发布时间：2024-02-19"
    assert blocks == [b.text for b in rendition.blocks]
    assert "\r" not in text and text.endswith("\n")


def test_csp_allows_only_the_pages_own_style(seed_result):
    page = parse(seed_result.files["zh-Hans.html"])
    (style,) = page.iter("style")
    policy = page.find(".//meta[@http-equiv='Content-Security-Policy']").get("content")
    assert policy == csp(style.text)
    assert "default-src 'none'" in policy and "unsafe" not in policy and "script-src" not in policy


def test_review_marks_every_repair_chrome_line_and_change(seed_result):
    bundle = seed_result.bundle
    page = parse(seed_result.files["review.html"])
    received = page.find(".//pre[@class='received']")
    refs = [a.get("href") for a in received.iter("a")]
    assert refs == [f"#repair-{i + 1}" for i in range(len(bundle["repairs"]))]
    assert [el.text for el in received.iter("del")] == [r["before"] for r in bundle["repairs"] if r["before"]]
    struck = set()
    for line in received.find_class("chrome"):  # read as repaired: without what was struck out
        for el in line.xpath(".//del | .//sup"):
            el.drop_tree()
        struck.add(line.text_content().strip())
    assert struck == set(bundle["chrome"])  # each removed line struck where it stood
    assert [li.text_content() for li in page.get_element_by_id("chrome").iter("li")] == bundle["chrome"]
    assert len(page.get_element_by_id("repairs").find(".//tbody")) == len(bundle["repairs"])
    for target, rendition in bundle["renditions"].items():
        column = page.find(f".//section[@lang='{target}']")
        marked = {m.text for m in column.find_class("change")}
        assert {c["text"] for c in rendition["changes"]} == marked
        assert all(b["text"] in column.text_content() for b in rendition["blocks"])


def test_review_shows_findings_where_they_apply(seed_result):
    bundle = json.loads(json.dumps(seed_result.bundle))
    blocks = bundle["renditions"]["zh-Hant-TW"]["blocks"]
    bundle["findings"] = [  # locations as check writes them
        {"severity": "warning", "kind": "ambiguous-char", "message": "干 -> 幹", "target": "zh-Hant-TW", "location": "block 2"},
        {"severity": "warning", "kind": "wrong-script", "message": "1 character of the other script", "target": "zh-Hant-TW",
         "location": "block 0"},
        {"severity": "error", "kind": "number-changed", "message": "numbers differ from the source: 18日 missing, 2月 added",
         "target": "zh-Hant-TW", "location": "block 0"},
        {"severity": "error", "kind": "future-date", "message": "publish date 2099-01-01 lies in the future", "target": "",
         "location": "meta.published"}]
    bundle["decision"] = "hold"
    page = parse(render_review(bundle, seed_result.decoded.text))
    banner = page.get_element_by_id("decision")
    assert banner.get("class") == "decision hold"
    assert banner.find("h2").text_content() == "结论：暂缓发布，需编辑处理"
    assert [(a.text_content(), a.get("href")) for a in banner.iter("a")] == [
        ("数字与原文不同｜繁体中文（台湾） 第1段：18日 缺失，2月 多出", "#at-zh-Hant-TW-block-0"),
        ("发布时间在未来｜发布时间：publish date 2099-01-01 lies in the future", "#at-zh-Hans-meta")]
    assert banner.find(".//a").get("title") == (
        "error (numbers differ from the source): numbers differ from the source: 18日 missing, 2月 added")
    assert [li.text_content() for li in page.get_element_by_id("warnings").iter("li")] == [
        "另一字体的字｜繁体中文（台湾） 第1段：1 character of the other script"]
    column = page.find(".//section[@lang='zh-Hant-TW']")
    assert "error: numbers differ from the source: 18日 missing, 2月 added" in [li.text for li in column.find(".//ul").iter("li")]
    flagged = column.find_class("flagged")  # block 0, by its error; not block 2 (a character default)
    assert [(el.text_content(), el.get("id")) for el in flagged] == [(blocks[0]["text"], "at-zh-Hant-TW-block-0")]
    # the exact span: the added number, wherever it stands in the block
    assert [m.text for m in flagged[0].find_class("error")] == ["2月"] * blocks[0]["text"].count("2月")
    assert page.get_element_by_id("at-zh-Hans-meta").tag == "p"
    assert not page.find(".//section[@lang='zh-Hans']").find_class("flagged")
    assert page.find(".//meta[@name='robots']").get("content") == "noindex, nofollow"


def test_index_newest_first_and_held_apart(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "old.txt").write_text("旧通知\n来源：区政府 发布时间：2023-05-04\n区政府召开会议，部署工作。\n", encoding="utf-8")
    (inbox / "seed.txt").write_bytes(SEED.read_bytes())
    (inbox / "future.txt").write_text(FUTURE, encoding="utf-8")
    out = tmp_path / "out"
    rows = [process_file(p, inbox, out, Settings()) for p in sorted(inbox.iterdir())]
    assert sorted(r["status"] for r in rows) == ["hold", "publish", "publish"]
    page = parse(write_index(out).read_bytes())
    published = page.get_element_by_id("published").find("ol")
    ids = {r["file"]: r["id"] for r in rows}
    assert [li.get("id") for li in published] == [ids["seed.txt"], ids["old.txt"]]  # 2024-02-19 before 2023-05-04
    first = published[0]
    assert [a.get("href") for a in first.iter("a")] == [
        f"notices/{ids['seed.txt']}/zh-Hans.html", f"notices/{ids['seed.txt']}/zh-Hans.html",
        f"notices/{ids['seed.txt']}/zh-Hant-TW.html", f"notices/{ids['seed.txt']}/review.html"]
    assert first.find(".//time").get("datetime") == "2024-02-19"
    assert "罗湖区委宣传部" in first.text_content()
    (held,) = page.get_element_by_id("held").find("ul")
    assert held.get("id") == ids["future.txt"]
    assert [a.get("href") for a in held.iter("a")] == [f"held/{ids['future.txt']}/review.html"]
    assert held.find("ul/li").text_content() == "错误：publish date 2099-01-01 lies in the future"
    assert held.find("ul/li").get("class") == "error"
    counts = page.find_class("counts")[0]
    assert [(a.text, a.get("href")) for a in counts.iter("a")] == [
        ("发布 2", "#published"), ("暂缓发布 1", "#held"), ("处理失败 0", "#failed")]
    for href in [a.get("href") for a in page.iter("a")]:
        path, _, fragment = href.partition("#")
        assert (out / (path or "index.html")).is_file(), href
        assert not fragment or page.get_element_by_id(fragment) is not None or path, href


def test_index_lists_failed_inputs_with_their_reason_until_they_succeed(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "seed.txt").write_bytes(SEED.read_bytes())
    (inbox / "empty.txt").write_bytes(b"")
    rows = {p.name: process_file(p, inbox, out, Settings()) for p in sorted(inbox.iterdir())}
    assert rows["empty.txt"]["status"] == "failed"
    page = parse(write_index(out).read_bytes())
    (item,) = page.get_element_by_id("failed").iter("li")
    assert item.get("id") == f"failed-{rows['empty.txt']['id']}"
    assert "empty.txt" in item.text_content() and rows["empty.txt"]["error"] in item.text_content()
    counts = page.find_class("counts")[0]
    assert [a.text for a in counts.iter("a")] == ["发布 1", "暂缓发布 0", "处理失败 1"]
    (inbox / "empty.txt").write_bytes(SEED.read_bytes().replace("罗湖".encode(), "福田".encode()))
    assert process_file(inbox / "empty.txt", inbox, out, Settings())["status"] in ("publish", "hold")
    page = parse(write_index(out).read_bytes())
    assert list(page.get_element_by_id("failed").iter("li")) == []


def test_index_pages_link_each_other_and_shrink(tmp_path, monkeypatch):
    """Published notices continue on index-2.html, ... newest first, numbered on; held ones
    stay on the first page; a shorter list removes the pages it no longer needs."""
    from fanjian.emit import index as index_page

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for day in range(1, 6):
        (inbox / f"n{day}.txt").write_text(f"第{day}号通知\n来源：区政府 发布时间：2024-03-0{day}\n区政府召开会议，部署第{day}项工作。\n",
                                          encoding="utf-8")
    (inbox / "future.txt").write_text(FUTURE, encoding="utf-8")
    rows = {r["file"]: r for r in (process_file(p, inbox, out, Settings()) for p in sorted(inbox.iterdir()))}
    monkeypatch.setattr(index_page, "PAGE_SIZE", 2)
    write_index(out)
    assert sorted(p.name for p in out.glob("index*.html")) == ["index-2.html", "index-3.html", "index.html"]
    pages = [parse((out / name).read_bytes()) for name in ("index.html", "index-2.html", "index-3.html")]
    listed = [li.get("id") for page in pages for li in page.get_element_by_id("published").find("ol")]
    assert listed == [rows[f"n{day}.txt"]["id"] for day in (5, 4, 3, 2, 1)]
    assert [page.get_element_by_id("published").find("ol").get("start") for page in pages] == [None, "3", "5"]
    assert [len(page.xpath("//section[@id='held']")) for page in pages] == [1, 0, 0]
    for number, page in enumerate(pages, 1):
        for nav in page.find_class("pages"):
            assert nav.find("strong").text == str(number)
            assert [a.get("href") for a in nav.xpath("a[@rel]")] == (
                [index_page.page_name(number + 1)] if number == 1 else
                [index_page.page_name(number - 1)] + ([index_page.page_name(number + 1)] if number < 3 else []))
        for href in [a.get("href") for a in page.iter("a")]:
            assert (out / (href.partition("#")[0] or "index.html")).is_file(), href
    monkeypatch.setattr(index_page, "PAGE_SIZE", 3)
    write_index(out)
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == ["index-2.html", "index.html"]
    monkeypatch.setattr(index_page, "PAGE_SIZE", 500)
    write_index(out)
    assert not parse((out / "index.html").read_bytes()).find_class("pages")
    assert sorted(p.name for p in out.glob("index*.html")) == ["index.html"]


def test_index_of_an_empty_folder(tmp_path):
    page = parse(render_index(collect_index(tmp_path)))
    assert page.get_element_by_id("published").find("p").text == "无"


# Everything an attacker put in fixtures/raw/hostile.html: none may reach any output file.
HOSTILE_MARKERS = ["<script", "</script", "alert(", "javascript", "onerror", "onload", "onclick", "onmouseover",
                   "<iframe", "<form", "<input", "<object", "<embed", "<svg", "<base", "http-equiv=\"refresh\"",
                   "evil.example", "color:red", "color:#f00", "font-size:99px", "position:fixed", "<!entity", "lollol"]


def test_hostile_html_reaches_no_output(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / HOSTILE.name).write_bytes(HOSTILE.read_bytes())
    row = process_file(inbox / HOSTILE.name, inbox, out, Settings())
    assert row["status"] in ("publish", "hold"), row
    write_index(out)
    written = sorted(p for p in out.rglob("*") if p.is_file() and ".fanjian" not in p.parts)  # the index's database
    assert {p.name for p in written} == {"index.html", "bundle.json", "review.html", "zh-Hans.html",
                                         "zh-Hans.txt", "zh-Hant-TW.html", "zh-Hant-TW.txt"}
    for path in written:
        data = path.read_bytes()
        lowered = data.decode("utf-8").lower()
        if path.name == "bundle.json":  # the page's own address is recorded as data, never as a link
            recorded = json.loads(data)["meta"]["url"]
            assert recorded == "https://evil.example/"
            lowered = lowered.replace(f'"url": "{recorded}"', '"url": ""')
        assert [m for m in HOSTILE_MARKERS if m in lowered] == [], path.name
        assert len(data) < 64_000, path.name  # no entity expansion
        if path.suffix == ".html":
            page = parse(data)
            assert [el.tag for el in page.iter("script", "iframe", "form", "object", "embed", "base", "link")] == []
            assert len(page.findall(".//style")) == 1 and page.find(".//style").getparent().tag == "head"
            for el in page.iter():
                assert not [a for a in el.attrib if a.lower().startswith("on") or a.lower() == "style"], (path.name, el.tag)
            for href in page.xpath("//@href | //@src"):
                assert href.startswith(("https://", "http://", "#")) or ":" not in href, (path.name, href)
    text = (out / row["output"] / "zh-Hans.txt").read_text(encoding="utf-8")
    assert "严禁携带火种进山" in text and "特此通知。" in text  # the notice itself survives


def test_write_atomic_replaces_whole_and_leaves_no_temp(tmp_path):
    path = tmp_path / "index.html"
    write_atomic(path, b"old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    with pytest.raises(TypeError):
        write_atomic(path, "not bytes")  # fails mid-write
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["index.html"]


def test_write_result_swaps_the_folder_or_keeps_the_old_one(tmp_path, seed_result):
    import dataclasses

    folder = write_result(seed_result, tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    broken = dataclasses.replace(seed_result, files=dict(seed_result.files, **{"missing/dir.txt": b"x"}))
    with pytest.raises(FileNotFoundError):
        write_result(broken, tmp_path)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(os.listdir(folder.parent)) == [folder.name]  # no staging folder left behind
    changed = dataclasses.replace(seed_result, files=dict(seed_result.files, **{"zh-Hans.txt": b"v2\n"}))
    write_result(changed, tmp_path)
    assert (folder / "zh-Hans.txt").read_bytes() == b"v2\n"
    assert sorted(os.listdir(folder.parent)) == [folder.name]


def test_an_attachment_linked_in_place_is_not_listed_again():
    from fanjian.emit import render_html, render_text
    from fanjian.model import Block, Meta, Rendition

    placed = {"name": "1.资金安排明细表", "href": "https://www.example.gov.cn/a/1.xlsx"}
    only_meta = {"name": "2.申报指南", "href": "https://www.example.gov.cn/a/2.pdf"}
    rendition = Rendition("zh-Hans", "none", Meta(title="通知", attachments=(placed, only_meta)),
                          (Block("paragraph", "正文。"), Block("attachment", placed["name"], href=placed["href"])))
    html = render_html(rendition, []).decode()
    text = render_text(rendition).decode()
    assert html.count('href="https://www.example.gov.cn/a/1.xlsx"') == 1
    assert html.count('href="https://www.example.gov.cn/a/2.pdf"') == 1
    assert text.count("/a/1.xlsx") == 1 and text.count("/a/2.pdf") == 1


def test_index_reads_only_the_bundles_that_changed(tmp_path, monkeypatch):
    """A second run's index takes unchanged notices from the index database; a rewritten
    notice is read again, and the page is the same as one built from the bundles."""
    from fanjian.store import index_db as store

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in ("a.txt", "b.txt"):
        (inbox / name).write_bytes(SEED.read_bytes())
        process_file(inbox / name, inbox, out, Settings())
    first = write_index(out).read_bytes()
    read = []
    monkeypatch.setattr(store, "_read_bundle", lambda path: read.append(path.parent.name) or json.loads(path.read_bytes()))
    assert write_index(out).read_bytes() == first and read == []
    (inbox / "b.txt").write_bytes(SEED.read_bytes().replace("范德繁".encode(), "范德新".encode()))
    process_file(inbox / "b.txt", inbox, out, Settings())
    write_index(out)
    assert read == [notice_id("b.txt")]
    assert render_index(collect_index(out)) == (out / "index.html").read_bytes()


def test_index_lists_failed_inputs_with_their_reason():
    from fanjian.emit.index import render_index_pages

    failed = [{"input": "b/empty.txt", "id": "x2", "error": "empty input: nothing to decode"},
              {"input": "a/pixel.png", "id": "x1", "error": "binary data (PNG image), not text: refused"}]
    ((name, data),) = list(render_index_pages([], failed=failed))
    page = parse(data)
    assert name == "index.html"
    assert [li.text_content() for li in page.get_element_by_id("failed").iter("li")] == [
        "a/pixel.png：binary data (PNG image), not text: refused", "b/empty.txt：empty input: nothing to decode"]
    assert [a.text for a in page.find_class("counts")[0].iter("a")] == ["发布 0", "暂缓发布 0", "处理失败 2"]
