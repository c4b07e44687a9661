"""Clean: each case in fixtures/clean.json, and the data files it reads."""

import json

import pytest

from fanjian.clean import clean
from fanjian.data import read_lines
from fanjian.model import to_jsonable
from fanjian.repair import repair

from .conftest import ROOT

CASES = json.loads((ROOT / "fixtures" / "clean.json").read_text(encoding="utf-8"))
KIND_LETTERS = {"heading": "H", "paragraph": "P", "list_item": "L", "table": "T", "attachment": "A", "image": "I"}


def case_input(case: dict) -> str:
    text = case.get("input") or (ROOT / case["input_file"]).read_text(encoding=case["encoding"])
    return repair(text).text if case.get("repair") else text


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(strict=True)] if c["expect"] == "fail" else [])
             for c in CASES],
)
def test_clean_case(case):
    notice = clean(case_input(case), case["format"])
    want = case["expected"]
    meta = to_jsonable(notice.meta)
    assert {k: meta[k] for k in want["meta"]} == want["meta"]
    assert not {k: v for k, v in meta.items() if v and k not in want["meta"]}, "unexpected metadata"
    texts = [b.text for b in notice.blocks]
    if "kinds" in want:
        assert "".join(KIND_LETTERS[b.kind] for b in notice.blocks) == want["kinds"]
    if "texts" in want:
        assert texts == want["texts"]
    if "headings" in want:
        assert [b.text for b in notice.blocks if b.kind == "heading"] == want["headings"]
    if "first_words" in want:
        paragraphs = [b.text for b in notice.blocks if b.kind == "paragraph"]
        assert len(paragraphs) == len(want["first_words"])
        assert all(p.startswith(w) for p, w in zip(paragraphs, want["first_words"]))
    if "chrome" in want:
        assert list(notice.chrome) == want["chrome"]
    if "table" in want:
        tables = [b for b in notice.blocks if b.kind == "table"]
        assert [list(map(list, t.rows)) for t in tables] == [want["table"]]
    if "image" in want:
        assert [{"text": b.text, "href": b.href} for b in notice.blocks if b.kind == "image"] == [want["image"]]
    whole = "\n".join(texts + [c for b in notice.blocks for row in b.rows for c in row])
    assert [s for s in want.get("absent", []) if s in whole] == []


def test_stray_html_end_would_lose_the_article():
    """Why clean_html strips </html>: libxml2 alone drops everything after it."""
    from lxml import html

    page = (ROOT / "fixtures" / "html" / "gov_notice.html").read_text(encoding="utf-8")
    assert "乡村振兴战略" not in html.document_fromstring(page).text_content()
    assert any("乡村振兴战略" in b.text for b in clean(page, "html").blocks)


@pytest.mark.parametrize("name", ["chrome_phrases.txt", "meta_labels.tsv", "chrome_tail_markers.txt",
                                  "chrome_image_words.txt", "attachment_extensions.txt"])
def test_clean_data_sorted_unique_with_header(name):
    path = ROOT / "src" / "fanjian" / "data" / name
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    for field in ("File:", "Format:", "Source:", "Licence:", "Used by:"):
        assert any(line.startswith(f"# {field}") for line in header), field
    entries = list(read_lines(name))
    assert entries == sorted(set(entries))


def test_labelled_strip_tail_read_before_children():
    """The walk reads an element's tail before its children: the label met first wins."""
    from fanjian.clean.html import parse_html
    from fanjian.clean.html_meta import labelled_strips

    filler = "正文很长。" * 40  # the strip is too long to read whole: each text is read alone
    tree = parse_html(f"<html><body><div>{filler}<p><b>作者：乙</b></p>作者：丙</div></body></html>")
    assert labelled_strips(tree) == {"author": "丙"}


def test_loose_text_beside_paragraphs_is_kept():
    # A notice body mixing <p> with text straight in the container and <br> breaks: every
    # part of it is the notice (salutation, items, closing), none may be lost.
    page = ("<html><head><title>关于开展安全检查的通知</title></head><body>"
            "<div class='nav'><a href='/'>首页</a> <a href='/a'>政务公开</a></div>"
            "<div class='content'><h1>关于开展安全检查的通知</h1>各街道办事处、区直各单位：<br><br>"
            "为切实做好今冬明春安全生产工作，经区政府同意，决定开展一次安全生产大检查。<br><br>"
            "<p>一、检查时间：2026年12月10日至12月31日。各单位要高度重视，认真组织。</p>"
            "二、检查内容：重点检查消防设施、用电安全、危险化学品储存等情况。<br>"
            "<p>三、工作要求：各单位于12月31日前将检查情况报区应急管理局。</p>"
            "特此通知。<br>某某区人民政府办公室<br>2026年12月5日</div>"
            "<div class='footer'>版权所有 某某区人民政府 网站标识码1234</div></body></html>")
    texts = [b.text for b in clean(page, "html").blocks]
    assert texts == ["各街道办事处、区直各单位：",
                     "为切实做好今冬明春安全生产工作，经区政府同意，决定开展一次安全生产大检查。",
                     "一、检查时间：2026年12月10日至12月31日。各单位要高度重视，认真组织。",
                     "二、检查内容：重点检查消防设施、用电安全、危险化学品储存等情况。",
                     "三、工作要求：各单位于12月31日前将检查情况报区应急管理局。",
                     "特此通知。", "某某区人民政府办公室", "2026年12月5日"]


def test_a_widened_related_content_heading_ends_the_article():
    # 热门推荐 is a marker; 热门视频推荐 keeps its two ends with a word inside: the same kind
    # of heading, and what follows it is chrome. A short heading of the notice's own stays.
    body = "".join(f"<p>第{n}段：本次活动共有三千余名市民参加，各项工作有序推进，取得了良好的社会效果。</p>" for n in range(1, 6))
    page = (f"<html><head><title>活动顺利举行</title></head><body><div class='article'><h1>活动顺利举行</h1>{body}"
            "<p><b>热门视频推荐</b></p><p><a href='/v/1.html'>某地举办迎春灯会</a></p></div></body></html>")
    notice = clean(page, "html")
    assert [b.text for b in notice.blocks][-1].startswith("第5段") and "热门视频推荐" in notice.chrome
    own = page.replace("热门视频推荐", "四、工作要求").replace("<p><a href='/v/1.html'>某地举办迎春灯会</a></p>", "")
    assert [b.text for b in clean(own, "html").blocks][-1] == "四、工作要求"


def test_an_interviews_questions_are_text_not_bylines():
    """`记者：…` heads both a byline (metadata) and an interview's questions (text): a value
    never holds a sentence, so a line whose words end one is the speaker's, and stays."""
    text = ("合作社里的新农人\n记者：李明\n"
            "记者：您好！合作社是怎么办起来的？\n韩玉山：2008年前后，村里的年轻人都出去打工了。\n"
            "记者：现在发展得怎么样？\n韩玉山：去年收入翻了一番。\n")
    notice = clean(text, "text")
    assert [b.text for b in notice.blocks] == [
        "记者：您好！合作社是怎么办起来的？", "韩玉山：2008年前后，村里的年轻人都出去打工了。",
        "记者：现在发展得怎么样？", "韩玉山：去年收入翻了一番。"]
    assert notice.meta.author == "李明" and notice.meta.title == "合作社里的新农人"
