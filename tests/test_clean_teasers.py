"""Related-story lists and pagers come out of HTML pages; figures, galleries and data stay."""

from lxml import html

from fanjian.clean import clean
from fanjian.clean.teasers import drop_teasers

from .conftest import ROOT

ARTICLE = "<p>本市自六月一日起受理生活补助申请，凡设籍本市满一年的家庭均可提出申请，请备妥相关文件至各街道办理。</p>"


def page(*parts: str) -> str:
    return f"<html><head><title>补助申请通知</title></head><body><div class='article'>{ARTICLE * 3}{''.join(parts)}</div></body></html>"


def item(href: str, text: str, picture: str = "p.jpg") -> str:
    return f"<li><a href='{href}'><img src='{picture}'></a><a href='{href}'>{text}</a><span>2024-05-24</span></li>"


def texts(markup: str) -> list[str]:
    return [b.text for b in clean(markup, "html").blocks]


def test_a_list_of_picture_links_to_other_stories_goes_into_chrome():
    teasers = "<ul>" + item("../a/c.html", "黄骅港码头首根钢管桩沉桩完成") + item("../b/c.html", "邢台南和：大蒜收获忙") + "</ul>"
    notice = clean(page(teasers), "html")
    assert [b.text for b in notice.blocks] == [notice.blocks[0].text] * 3
    assert list(notice.chrome) == ["黄骅港码头首根钢管桩沉桩完成", "2024-05-24", "邢台南和：大蒜收获忙", "2024-05-24"]


def test_what_is_not_a_related_story_list_stays():
    lone = "<ul>" + item("../a/c.html", "黄骅港码头首根钢管桩沉桩完成") + "</ul>"  # one item: may be the article's figure
    gallery = "<ul>" + item("big1.jpg", "码头全景") + item("big2.jpg", "沉桩现场") + "</ul>"  # pictures of this story
    sentences = ("<ul>" + item("../a/c.html", "码头沉桩完成。工程进入新阶段") + item("../b/c.html", "大蒜收获忙；农户增收") + "</ul>")
    files = "<ul>" + item("/f/一.pdf", "实施细则") + item("/f/二.pdf", "申请表") + "</ul>"
    for kept, shown in [(lone, "黄骅港码头首根钢管桩沉桩完成"), (gallery, "码头全景"), (sentences, "大蒜收获忙；农户增收"),
                        (files, "申请表")]:
        tree = html.fromstring(page(kept))
        assert drop_teasers(tree) == [] and shown in tree.text_content()


def test_text_after_a_removed_item_stays_in_place():
    tree = html.fromstring("<div><ul>" + item("a.html", "甲") + "尾文" + item("b.html", "乙") + "</ul></div>")
    assert drop_teasers(tree) == ["甲", "2024-05-24", "乙", "2024-05-24"]
    assert tree.text_content() == "尾文"


def test_a_pager_goes_but_a_column_of_numbers_stays():
    pager = "<p>|&lt;&lt;1</p><p>2</p><p>3</p><p>&gt;&gt;|</p>"
    numbers = "<p>2</p><p>3</p><p>4</p>"
    assert texts(page(pager)) == [texts(page())[0]] * 3
    assert texts(page(numbers))[-3:] == ["2", "3", "4"]


def test_the_pages_related_stories_are_gone():
    pages = ROOT / "fixtures" / "pages"
    for name, titles in [("mh_he.news.cn.html", ["黄骅港综合港区液体化工码头首根钢管桩沉桩完成", "邢台南和：大蒜收获忙"]),
                         ("mh_politics.gmw.cn.html", ["江苏无锡：梁溪河景观带成市民休闲胜地", "山东日照：茶园采摘直播忙"])]:
        notice = clean((pages / name).read_text(encoding="utf-8"), "html")
        body = "\n".join(b.text for b in notice.blocks)
        assert [t for t in titles if t in body] == [] and set(titles) <= set(notice.chrome)


def test_story_cards_with_a_summary_go():
    """Picture and headline linking to the same page, with a summary beside them (youth.cn's
    listing under the article): a related-story list even though the item holds sentences."""
    card = ('<li><a href="/s/{n}.htm"><img src="/p/{n}.jpg"></a><div><a href="/s/{n}.htm">山东日照：小蓝莓助力农业发展{n}</a>'
            '<p>5月22日，农户在采摘蓝莓。自2005年发展蓝莓种植以来，陈疃镇蓝莓...<a href="/s/{n}.htm">【详细】</a></p></div></li>')
    tree = html.fromstring(page("<ul>" + card.format(n=1) + card.format(n=2) + "</ul>"))
    assert drop_teasers(tree)[:3] == ["山东日照：小蓝莓助力农业发展1", "5月22日，农户在采摘蓝莓。自2005年发展蓝莓种植以来，陈疃镇蓝莓...", "【详细】"]
    assert "蓝莓" not in tree.text_content()
