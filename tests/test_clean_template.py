"""Site templates learnt from real pages of one site (shared/corpus/pages2, fixtures/pages)."""

from pathlib import Path

import pytest

from fanjian.clean import clean
from fanjian.clean.template import Template, learn_template
from fanjian.decode.choose import decode
from fanjian.model import SourceInfo
from fanjian.pipeline import process

from .conftest import ROOT

PAGES2 = ROOT.parent / "shared" / "corpus" / "pages2"
PAGES = ROOT / "fixtures" / "pages"
SITES = {
    "163.com": [PAGES2 / n for n in ("mh_www.163.com.html", "gg_www.163.com_money.html", "ga_news.163.com.html")],
    "sohu.com": [PAGES2 / n for n in ("hd_www.sohu.com.html", "mh_www.sohu.com.html")],
    "ifeng.com": [PAGES2 / n for n in ("mh_news.ifeng.com.html", "mh_pl.ifeng.com.html")],
    "news.cn": [PAGES / "mh_news.cn.html", PAGES2 / "np_www.news.cn.html"],
}
needs_corpus = pytest.mark.skipif(not PAGES2.is_dir(), reason="shared/corpus/pages2 not present")


def texts(paths: list[Path]) -> list[str]:
    return [decode(p.read_bytes()).text for p in paths]


def template_removed(notice) -> list[str]:
    return [text for text, why in zip(notice.chrome, notice.chrome_reasons) if why.endswith("(site template)")]


@needs_corpus
@pytest.mark.parametrize("site", sorted(SITES))
def test_a_sites_template_loses_no_body_paragraph(site):
    pages = texts(SITES[site])
    template = learn_template(pages, site)
    for page in pages:
        plain, templated = clean(page, "html"), clean(page, "html", template=template)
        assert templated.blocks == plain.blocks and templated.meta == plain.meta
        assert template_removed(templated)


@needs_corpus
def test_163_template_is_its_menus_and_footer():
    pages = texts(SITES["163.com"])
    notice = clean(pages[0], "html", template=learn_template(pages, "163.com"))
    assert template_removed(notice)[:6] == ["网易新闻", "网易公开课", "网易红彩", "网易严选", "邮箱大师", "网易云课堂"]
    assert notice.chrome_reasons[0] == "repeated in the same place on other pages of 163.com (site template)"


@needs_corpus
def test_ifeng_template_is_its_footer():
    pages = texts(SITES["ifeng.com"])
    assert sorted(t for _, t in learn_template(pages, "ifeng.com").blocks) == [
        "凤凰新媒体 版权所有 Copyright © 2019 Phoenix New Media Limited All Rights Reserved.",
        "凤凰新媒体介绍 投资者关系 Investor Relations 广告服务 诚征英才 保护隐私权 免责条款 意见反馈 凤凰卫视 京ICP证030609号",
    ]


@needs_corpus
def test_pages_of_two_template_generations_share_no_block():
    """39.net's food and news channels: same site, different templates, nothing learnt."""
    pages = texts([PAGES2 / "mh_food.39.net_decl-gb2312.html", PAGES2 / "mh_news.39.net_decl-gb2312.html"])
    assert learn_template(pages, "39.net").blocks == frozenset()


ARTICLE = ('<html><body><div class="top"><a href="/">首页</a> <a href="/news/">新闻</a></div>'
           '<div class="content"><h1>{title}</h1><p>{body}</p><p>特此通知。</p><p>扫码关注本网微信</p></div>'
           '<div class="bottom">主办单位：某某市人民政府办公室</div></body></html>')


def site_pages() -> list[str]:
    return [ARTICLE.format(title=f"关于第{i}批项目的通知", body=f"第{i}批项目名单已经确定，现予公布，请各单位按时报送材料。")
            for i in (1, 2, 3)]


def test_a_repeated_line_inside_the_article_goes_and_a_repeated_sentence_stays():
    pages = site_pages()
    notice = clean(pages[0], "html", template=learn_template(pages[1:], "example.gov.cn"))
    assert [b.text for b in notice.blocks] == ["第1批项目名单已经确定，现予公布，请各单位按时报送材料。", "特此通知。"]
    assert template_removed(notice) == ["首页 新闻", "扫码关注本网微信", "主办单位：某某市人民政府办公室"]


def test_the_template_round_trips_through_json_and_keeps_its_digest():
    template = learn_template(site_pages(), "example.gov.cn")
    again = Template.from_json(template.to_json())
    assert again == template and again.digest() == template.digest()
    assert clean(site_pages()[0], "html", template=template.to_json()).blocks == \
        clean(site_pages()[0], "html", template=template).blocks


def test_process_writes_the_template_beside_the_output_and_names_it_in_the_bundle():
    pages = site_pages()
    template = learn_template(pages, "example.gov.cn")
    raw = pages[0].encode("utf-8")
    result = process(raw, SourceInfo("a.html", "", len(raw)), template=template)
    assert result.bundle["template"] == {"site": "example.gov.cn", "digest": template.digest(), "file": "template.json"}
    assert "template.json" in result.bundle["outputs"] and "template.json" in result.files
    assert len(result.bundle["chrome_reasons"]) == len(result.bundle["chrome"])
    assert "template" not in process(raw, SourceInfo("a.html", "", len(raw))).bundle
