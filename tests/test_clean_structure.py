"""Chrome decided by the page's structure and metadata from where it lives (issue #25)."""

import sys

import pytest

from fanjian.clean import clean

from .conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench.clean_scores import CORPORA, load, ours, score

ARTICLE = "<p>为切实做好春季森林防火工作，有效预防和遏制森林火灾发生，现将有关事项通知如下。</p><p>各单位要认真落实，确保安全。</p>"


def page(body: str, head: str = "<title>关于做好春季森林防火工作的通知_通知公告_某某区人民政府</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def removed(notice) -> dict[str, str]:
    return dict(zip(notice.chrome, notice.chrome_reasons))


def test_comment_share_and_recommend_blocks_go_with_their_reasons():
    notice = clean(page(
        '<div class="main"><h1>关于做好春季森林防火工作的通知</h1>' + ARTICLE +
        '<div class="share-bar">分享到：微信 微博</div>'
        '<div id="commentArea"><p>网友评论仅供其表达个人看法，并不表明本站立场。</p><p>目前没有跟贴，欢迎你发表观点</p></div>'
        '<div class="recommend"><p>热门推荐</p><p>另一篇报道的标题，共有128条跟贴</p></div></div>'), "html")
    assert [b.text for b in notice.blocks] == ["为切实做好春季森林防火工作，有效预防和遏制森林火灾发生，现将有关事项通知如下。",
                                               "各单位要认真落实，确保安全。"]
    why = removed(notice)
    assert why["网友评论仅供其表达个人看法，并不表明本站立场。"] == "class/id names a page part: comment"
    assert why["另一篇报道的标题，共有128条跟贴"] == "class/id names a page part: recommend"
    assert why["分享到：微信 微博"] == "class/id names a page part: share"


def test_a_layout_table_of_links_goes_and_a_data_table_stays_a_table():
    menu = "".join(f'<td><a href="/c{i}/">栏目{i}</a></td>' for i in range(6))
    data = "<table><tr><td>单位</td><td>人数</td></tr><tr><td>第一街道</td><td>120</td></tr><tr><td>第二街道</td><td>95</td></tr></table>"
    notice = clean(page(f'<table><tr>{menu}</tr></table><div class="text">{ARTICLE}{data}</div>'), "html")
    assert [b.rows for b in notice.blocks if b.kind == "table"] == [(("单位", "人数"), ("第一街道", "120"), ("第二街道", "95"))]
    assert removed(notice)["栏目0"] == "table of links (layout, not data): 6 links, 100% link text"


def test_a_line_that_is_one_link_and_a_script_control_go():
    notice = clean(page(
        '<div class="text"><p>正文第一段，内容足够长，是一句完整的话，不会被当成导航。<a href="javascript:void(0)">字体放大</a></p>'
        '<p>正文第二段。<br><a href="/news/2024/other.html">另一篇新闻的标题</a><br>正文第三段，同样是完整的句子。</p></div>'), "html")
    assert [b.text for b in notice.blocks] == ["正文第一段，内容足够长，是一句完整的话，不会被当成导航。", "正文第二段。",
                                               "正文第三段，同样是完整的句子。"]
    assert removed(notice)["字体放大"] == "a script control (javascript: link)"
    assert removed(notice)["另一篇新闻的标题"] == "a line that is one link and nothing else"


def test_the_headline_wins_over_the_title_and_the_byline_gives_date_and_source():
    notice = clean(page(
        '<div class="nav"><a href="/">首页</a> <a href="/news/">新闻</a></div>'
        '<h1>关于做好春季森林防火工作的通知</h1><div class="info"><span>2024-03-01 09:30</span> · '
        '<a href="https://www.example.cn/">某某日报</a></div><div class="text">' + ARTICLE + '</div>'), "html")
    meta = notice.meta
    assert (meta.title, meta.published, meta.source) == ("关于做好春季森林防火工作的通知", "2024-03-01", "某某日报")


@pytest.mark.parametrize("title, h1, want", [
    ("春晓_原文及赏析_某某诗词网", "春晓", "春晓"),  # a two-character headline, the <title>'s first part
    ("公告_某某县人民政府", "公告", "公告"),
    ("关于开展安全检查的通知_某某县人民政府", "首页", "关于开展安全检查的通知"),  # a logo's h1 is no headline
])
def test_a_short_h1_that_starts_the_title_is_the_headline(title, h1, want):
    html = (f"<html><head><title>{title}</title></head><body><h1>{h1}</h1>"
            f'<div class="text">{ARTICLE}</div></body></html>')
    assert clean(html, "html").meta.title == want


@pytest.mark.parametrize("strip, source", [
    ("本文来源于<a href='/'>国家统计局</a> 2024-05-11", "国家统计局"),
    ("稿件来源：河北日报 2024-05-11", "河北日报"),
    ("来源：央视新闻客户端 <a class='report' href='/r'>举报</a> 2024-05-11", "央视新闻客户端"),
])
def test_source_label_variants(strip, source):
    notice = clean(page(f"<h1>关于做好春季森林防火工作的通知</h1><div class='info'>{strip}</div><div class='text'>{ARTICLE}</div>"),
                   "html")
    assert (notice.meta.source, notice.meta.published) == (source, "2024-05-11")


def test_a_date_only_in_json_ld():
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-07-02T08:00:00+08:00"}</script>'
    notice = clean(page(f"<h1>关于做好春季森林防火工作的通知</h1><div class='text'>{ARTICLE}</div>", head=ld), "html")
    assert notice.meta.published == "2023-07-02"


def test_a_relative_date_resolved_against_the_pages_own_date():
    head = '<meta property="article:modified_time" content="2024-05-10T12:00:00+08:00">'
    notice = clean(page(f"<h1>关于做好春季森林防火工作的通知</h1><div class='info'>昨天 10:20 来源：某某日报</div>"
                        f"<div class='text'>{ARTICLE}</div>", head=head), "html")
    assert notice.meta.published == "2024-05-09"


def test_staff_credits_and_a_reprint_notice_at_the_end_go():
    notice = clean(page("<div class='text'>" + ARTICLE + "<p>总监制：邹 明</p><p>审 读：崔向升</p>"
                        "<p>本站专稿，未经书面授权请勿转载。</p></div>"), "html")
    assert [b.text for b in notice.blocks][-1] == "各单位要认真落实，确保安全。"
    assert removed(notice)["审 读：崔向升"] == "staff credits at the end of the article"


CASES = [c for corpus in CORPORA if corpus.is_dir() for c in load(corpus)]


@pytest.mark.skipif(not CASES, reason="shared corpora not present")
def test_the_shared_corpora_as_stored():
    """Both corpora: title, date and source exact on at least 95% of the pages that have one,
    and every removed line has its reason."""
    got = {m: [0, 0] for m in ("kept", "chrome-free", "title", "date", "source")}
    for case in CASES:
        result = score(case, ours(case["raw"]))
        for m, ok in result.items():
            if ok is not None:
                got[m][0] += ok
                got[m][1] += 1
    assert all(g >= 0.95 * h for m, (g, h) in got.items() if m in ("title", "date", "source")), got
    assert got["kept"][0] >= got["kept"][1] - 1 and got["chrome-free"][0] >= got["chrome-free"][1] - 3, got


def test_paragraphs_in_a_layout_cell_stay_paragraphs():
    """A law whose articles are one <p> each, and <br><br> paragraphs, inside a layout table."""
    articles = "".join(f"<p>第{i}条 本条规定第{i}项内容，各单位应当遵守执行。</p>" for i in (1, 2, 3))
    notice = clean(page(f"<table><tr><td>{articles}第一段文字，内容较长。<br><br>第二段文字，同样较长。</td></tr></table>"), "html")
    assert [b.text for b in notice.blocks] == ["第1条 本条规定第1项内容，各单位应当遵守执行。", "第2条 本条规定第2项内容，各单位应当遵守执行。",
                                               "第3条 本条规定第3项内容，各单位应当遵守执行。", "第一段文字，内容较长。",
                                               "第二段文字，同样较长。"]


def test_a_government_page_built_of_layout_tables():
    """Menus, a column of links, breadcrumb, previous/next and a footer with its badge, all in
    layout tables without a class that names them (fixtures/clean/layout_table_gov_page.html)."""
    notice = clean((ROOT / "fixtures" / "clean" / "layout_table_gov_page.html").read_text(encoding="utf-8"), "html")
    meta = notice.meta
    assert (meta.title, meta.published, meta.source, meta.site) == (
        "关于开展2024年度安全生产大检查的通知", "2024-03-05", "县应急管理局", "某某县人民政府")
    assert [b.text for b in notice.blocks] == [
        "各乡镇人民政府，县直各有关单位：",
        "为深刻吸取近期事故教训，有效防范化解重大安全风险，经县政府同意，决定在全县范围内开展2024年度安全生产大检查。现将有关事项通知如下：",
        "一、检查范围。全县所有生产经营单位，重点是危险化学品、道路交通、建筑施工、消防等行业领域。",
        "二、时间安排。自2024年3月10日起至2024年6月30日止，分三个阶段进行。",
        "三、工作要求。各单位要高度重视，主要负责同志要亲自部署，确保检查不走过场。",
        "联系人：李某，联系电话：0123-4567890。",
        "某某县安全生产委员会办公室",
        "2024年3月5日",
    ]
    assert len(notice.chrome_reasons) == len(notice.chrome) and all(notice.chrome_reasons)


ARTICLE_LEAD = "".join(f"<p>县政府召开第{n}次专题会议，部署今年防汛工作。会议指出，各地要严格落实责任，"
                       f"加强巡查值守，确保群众生命财产安全。</p>" for n in range(1, 9))


def _body_text(html: str) -> str:
    return "\n".join(b.text for b in clean(html, "html").blocks)


def test_a_link_inside_a_sentence_stays_in_the_sentence():
    """A link to a site's front page is chrome on its own line, not in the middle of prose."""
    text = _body_text(page(
        '<div class="text">' + ARTICLE_LEAD + '<p>市民可登录<a href="https://www.example.gov.cn/">市政务服务网</a>'
        '在线办理不动产登记、社保关系转移、公积金提取等二十余项业务，也可在工作日拨打服务热线咨询。</p></div>'
        '<div class="foot"><a href="https://www.example.gov.cn/">返回首页</a></div>'))
    assert "市民可登录市政务服务网在线办理不动产登记、社保关系转移、公积金提取等二十余项业务，也可在工作日拨打服务热线咨询。" in text
    assert "返回首页" not in text


def test_a_sentence_in_a_layout_table_is_not_cut_at_its_link():
    """Text in <font> lines closed by <br> inside a layout table's cell: the extractor leaves
    the link and the words after it between paragraphs; they go back where they stood."""
    cell = "".join(f"<font>　　第{n}项，各乡镇要加强巡查值守，确保安全度汛，责任落实到人。</font><br>" for n in range(1, 6))
    cell += '<font>　　预警信息要通过短信、<a href="/yj/">应急广播平台</a>等渠道及时传递到户。</font><br>'
    text = _body_text(page(f'<table><tr><td class="nav"><a href="/">首页</a></td></tr><tr><td>{cell}</td></tr></table>'))
    assert "预警信息要通过短信、应急广播平台等渠道及时传递到户。" in text


def test_a_page_only_the_extractors_last_resort_reads_keeps_its_sentences_whole():
    """Div soup with no paragraph elements: the last resort puts every text node on a line;
    lines break only at block elements, so a sentence around a link stays one."""
    divs = "".join(f'<div class="MsoNormal"><span>第{n}条，检察机关依法办理涉老诈骗案件，'
                   f'切实维护老年人合法权益。</span></div>' for n in range(1, 4))
    divs += ('<div class="MsoNormal"><span>如遇可疑情况，也可通过<a href="https://www.example.gov.cn/">'
             '检察服务网</a>进行咨询。</span></div>')
    text = _body_text(page(divs))
    assert "如遇可疑情况，也可通过检察服务网进行咨询。" in text


def test_a_link_beside_an_image_goes():
    notice = clean(page(
        '<div class="text">' + ARTICLE +
        '<p><img src="https://img.example.cn/a.jpg"><a href="https://img.example.cn/a_big.jpg">点击放大图片</a></p>'
        '<p>第三段写明了联系办法，详见<a href="/z/4.html">办事指南</a>。</p></div>'), "html")
    assert [b.text for b in notice.blocks if b.kind != "image"] == [
        "为切实做好春季森林防火工作，有效预防和遏制森林火灾发生，现将有关事项通知如下。", "各单位要认真落实，确保安全。",
        "第三段写明了联系办法，详见办事指南。"]
    assert [b.href for b in notice.blocks if b.kind == "image"] == ["https://img.example.cn/a.jpg"]
    assert removed(notice)["点击放大图片"] == "a line that is one link and nothing else"


@pytest.mark.parametrize("tail, gone", [
    (["各单位联络处主办 网络中心维护", "通讯地址：某某市某某路8号 邮政编码：100001 电话：010-5550123"], 2),
    (["推荐使用1366×768以上分辨率浏览本站"], 1),
    (["相关链接："], 1),
    (["主办单位：某某区文化馆", "承办单位：某某街道文化站"], 0),  # an event's organisers, not beside a footer: text
])
def test_site_credits_viewing_advice_and_a_bare_link_label_at_the_end_go(tail, gone):
    notice = clean(page("<div class='text'>" + ARTICLE + "".join(f"<p>{line}</p>" for line in tail) + "</div>"), "html")
    texts = [b.text for b in notice.blocks]
    assert texts == ["为切实做好春季森林防火工作，有效预防和遏制森林火灾发生，现将有关事项通知如下。", "各单位要认真落实，确保安全。",
                     *tail[: len(tail) - gone]]


def test_a_release_dated_only_at_its_close():
    notice = clean(page("<div class='content'><span>" + "".join(
        f"　　{line}<br><br>" for line in ("康樂及文化事務署今日宣布，流動圖書館新增兩個服務站，方便偏遠地區居民借閱圖書。",
                                           "發言人表示，新服務站將於下月起每星期開放兩節。", "完"))
        + "2023年11月2日（星期四）<br>香港時間16時05分</span></div>",
        "<title>流動圖書館新增服務站</title>"), "html")
    assert notice.meta.published == "2023-11-02"


def test_an_events_organisers_stay_and_the_sites_credit_goes_with_its_footer():
    dump = "\n".join(["关于举办少儿书画比赛的通知", "各街道文化站：", "为丰富少年儿童课余生活，决定举办少儿书画比赛。",
                      "主办单位：某某区文化馆", "承办单位：某某街道文化站", "请各单位按时报送作品。", "某某区文化馆",
                      "2024年4月2日", "【打印本页】", "主办：某某区人民政府办公室　技术支持：某某网络公司",
                      "网站标识码：3300000009"])
    notice = clean(dump, "text")
    assert [b.text for b in notice.blocks][2:] == ["主办单位：某某区文化馆", "承办单位：某某街道文化站", "请各单位按时报送作品。",
                                                   "某某区文化馆", "2024年4月2日"]
    assert removed(notice)["主办：某某区人民政府办公室　技术支持：某某网络公司"] == \
        "the site's footer (copyright, licence or contact details) at the end of the article"


def test_a_headline_the_page_only_styles_large_and_bold():
    notice = clean(page(
        '<table><tr><td><img src="/images/banner.jpg" alt="某某县人民政府"></td></tr>'
        '<tr><td>您当前的位置：<a href="/">首页</a> &gt;&gt; 部门动态</td></tr>'
        '<tr><td align="center"><font style="font-size:20px;font-weight:bold">县林业局部署春季森林防火工作</font></td></tr>'
        '<tr><td>' + ARTICLE + '</td></tr></table>', "<title>某某县人民政府--部门动态</title>"), "html")
    assert notice.meta.title == "县林业局部署春季森林防火工作"


def test_an_official_accounts_prompts_and_its_list_of_other_articles_go():
    dump = "\n".join(["地铁3号线下月开通", "点击蓝字 关注我们", "记者从市轨道交通集团获悉，地铁3号线将于下月开通运营。",
                      "3号线全长18公里，共设车站15座。", "▼ 推荐阅读 ▼", "本周末全市有雨", "这些公园的荷花开了",
                      "点赞、转发、在看，都是支持"])
    notice = clean(dump, "text")
    assert [b.text for b in notice.blocks] == ["记者从市轨道交通集团获悉，地铁3号线将于下月开通运营。", "3号线全长18公里，共设车站15座。"]
    assert removed(notice)["这些公园的荷花开了"] == "a list of other articles at the end of the article"
    assert removed(notice)["点击蓝字 关注我们"] == "a follow-us prompt at the start of the article"


def test_a_metadata_table_is_read_into_the_metadata_and_leaves_the_text():
    meta_rows = ("<tr><td>索 引 号：</td><td>000014349/2024-00077</td><td>主题分类：</td><td>城乡建设</td></tr>"
                 "<tr><td>发布机构：</td><td>某某区人民政府办公室</td><td>发布日期：</td><td>2024-03-05</td></tr>"
                 "<tr><td>文　　号：</td><td>某政办发〔2024〕3号</td><td></td><td></td></tr>")
    data = "<table><tr><td>单位</td><td>人数</td></tr><tr><td>第一街道</td><td>120</td></tr></table>"
    notice = clean(page(f'<div class="xxgk"><table>{meta_rows}</table></div><div class="text">{ARTICLE}{data}</div>'), "html")
    assert [b.kind for b in notice.blocks] == ["paragraph", "paragraph", "table"]
    assert (notice.meta.index_number, notice.meta.published, notice.meta.doc_number) == (
        "000014349/2024-00077", "2024-03-05", "某政办发〔2024〕3号")


@pytest.mark.parametrize("head, script, want", [
    ('<meta name="founder-date" content="2023-09-14">', "", "2023-09-14"),  # an e-paper CMS's own meta
    ("", "var nickname = '某某发布'; var createTime = '2023-09-14 18:30';", "2023-09-14"),  # an official account's page
    ("", 'var ct = "1694687400";', "2023-09-14"),  # the same, as a Unix time (China time)
])
def test_a_publication_date_from_a_cms_meta_or_the_pages_script(head, script, want):
    notice = clean(page(f'<div class="text">{ARTICLE}</div><script>{script}</script>',
                        f"<title>关于做好春季森林防火工作的通知</title>{head}"), "html")
    assert notice.meta.published == want


def test_a_source_after_a_bar():
    notice = clean(page(f'<div class="text">{ARTICLE}<p>来源 | 某某区应急管理局</p></div>'), "html")
    assert notice.meta.source == "某某区应急管理局"
    assert [b.text for b in notice.blocks][-1] == "各单位要认真落实，确保安全。"


def test_a_side_columns_lines_above_the_headline_go():
    side = "<div class='zuo'><div>工作动态</div><div>便民电话</div><p>党政办：0571-5550101</p><p>综治中心：0571-5550120</p></div>"
    notice = clean(page(f"<div class='main'>{side}<div class='you'><div class='bt'>县林业局部署春季森林防火工作</div>"
                        f"{ARTICLE}</div></div>", "<title>县林业局部署春季森林防火工作_某某县人民政府</title>"), "html")
    assert [b.text for b in notice.blocks] == ["为切实做好春季森林防火工作，有效预防和遏制森林火灾发生，现将有关事项通知如下。",
                                               "各单位要认真落实，确保安全。"]
    assert removed(notice)["党政办：0571-5550101"] == "a line above the article's headline (a menu or side column)"


def test_a_list_inside_a_layout_tables_cell_is_kept():
    """fixtures/html/list_in_layout_cell.html: a notice in a layout table's cell whose
    arrangements are an <ol>, which trafilatura drops inside a cell."""
    notice = clean((ROOT / "fixtures" / "html" / "list_in_layout_cell.html").read_text(encoding="utf-8"), "html")
    texts = [b.text for b in notice.blocks]
    assert any(t.startswith("會議設有公眾旁聽席20個") for t in texts)
    assert any(t.startswith("會議室設有輪椅通道及助聽系統") for t in texts)


def test_a_date_widget_above_and_a_footer_row_of_the_layout_table_below_go():
    footer = ("<table><tr><td></td><td>主办单位：某某县人民政府办公室　地址：某某县府前路1号 邮编：410000 湘ICP备05000001号</td>"
              "<td></td></tr></table>")
    notice = clean(page(f"<div class='top'>今天是：2024年3月18日 星期一</div><div class='text'>{ARTICLE}</div>{footer}"), "html")
    assert [b.text for b in notice.blocks] == ["为切实做好春季森林防火工作，有效预防和遏制森林火灾发生，现将有关事项通知如下。",
                                               "各单位要认真落实，确保安全。"]


def test_a_comment_section_at_the_end_goes_whole():
    notice = clean(page(f"<div class='text'>{ARTICLE}<p>网友评论：（只显示最新10条。评论内容只代表网友观点，与本站立场无关）</p>"
                        "<p>这个通知很及时，我们村已经开始清理可燃物了。</p><p>没有更多评论</p></div>"), "html")
    assert [b.text for b in notice.blocks][-1] == "各单位要认真落实，确保安全。"
    assert removed(notice)["这个通知很及时，我们村已经开始清理可燃物了。"] == "a comment section at the end of the article"


def test_a_side_box_and_a_media_players_text_go():
    notice = clean(page(f"<div class='main'><div class='text'>{ARTICLE}</div>"
                        "<div class='tjj-side-box'><h3>数据发布日程</h3><p>上半年经济运行情况将于7月24日发布</p></div>"
                        "<div class='video-wrap'><p class='video-tip'>视频加载中，请稍候……</p></div></div>"), "html")
    assert [b.text for b in notice.blocks] == ["为切实做好春季森林防火工作，有效预防和遏制森林火灾发生，现将有关事项通知如下。",
                                               "各单位要认真落实，确保安全。"]
    assert removed(notice)["视频加载中，请稍候……"] == "class/id names a page part: video"


SIDE_COLUMN = ('<table><tr><td class="now">今日天气：晴转多云　18～27℃　北风2级</td></tr></table>'
               '<table><tr><td width="220"><table><tr><td>办事服务</td></tr><tr><td>服务热线：12345</td></tr>'
               '<tr><td>值班电话：0571-87000000</td></tr><tr><td>关注“某某发布”微信</td></tr></table></td>')


@pytest.mark.parametrize("number", ["", "<tr><td>某政办发〔2024〕5号</td></tr>"])
def test_lines_beside_the_article_above_its_headline_go(number):
    """A table-layout page: a header widget and a side column come before the headline's cell
    in the page; the article's own lines above its headline (a document number) stay."""
    html = page(SIDE_COLUMN + f'<td><table>{number}<tr><td class="title">关于做好春季森林防火工作的通知</td></tr>'
                f'<tr><td class="text">{ARTICLE * 3}</td></tr></table></td></tr></table>')
    notice = clean(html, "html")
    text = "\n".join(b.text or " ".join(map(" ".join, b.rows)) for b in notice.blocks)
    for line in ("今日天气", "服务热线：12345", "值班电话", "关注“某某发布”微信"):
        assert line not in text
        assert removed(notice)[next(c for c in notice.chrome if line in c)] == "a line above the article's headline (a menu or side column)"
    assert ("某政办发〔2024〕5号" in text) == bool(number)
    assert notice.blocks[-1].text.startswith("各单位要认真落实")


def test_lines_after_the_article_below_its_frame_go():
    """A right-hand column that comes after the article in the page: its schedule and phone
    lines go; the article's own closing lines (the issuer, the date) stay."""
    closing = "<p>某某区人民政府办公室</p><p>2024年3月1日</p>"
    side = ('<td width="240"><table><tr><td>数据发布日程</td></tr><tr><td>11月18日 10月份主要经济指标</td></tr>'
            '<tr><td>举报电话：0571-12340</td></tr></table></td>')
    html = page(f'<table><tr><td><table><tr><td class="title">关于做好春季森林防火工作的通知</td></tr>'
                f'<tr><td class="text">{ARTICLE * 3}{closing}</td></tr></table></td>{side}</tr></table>')
    notice = clean(html, "html")
    text = [b.text for b in notice.blocks]
    assert text[-2:] == ["某某区人民政府办公室", "2024年3月1日"]
    for line in ("数据发布日程", "11月18日 10月份主要经济指标", "举报电话：0571-12340"):
        assert removed(notice)[line] == "a line after the article, below its frame on the page (a side column or footer)"


def test_the_headline_found_by_the_title_it_shows():
    """No heading tag or class names the headline (<td class="newstitle">): the element whose
    whole text is the <title> is the headline, and the side column above it goes."""
    notice_line = "<p>本站将于4月6日凌晨进行系统维护，届时网站将暂停访问。</p>"
    html = page(notice_line + SIDE_COLUMN + f'<td><table><tr><td class="newstitle">关于做好春季森林防火工作的通知</td></tr>'
                f'<tr><td class="ct">{ARTICLE * 3}</td></tr></table></td></tr></table>',
                head="<title>关于做好春季森林防火工作的通知</title>")
    notice = clean(html, "html")
    assert notice.meta.title == "关于做好春季森林防火工作的通知"
    assert notice.blocks[0].text.startswith("为切实做好春季森林防火工作")
    assert {"本站将于4月6日凌晨进行系统维护，届时网站将暂停访问。", "值班电话：0571-87000000"} <= set(notice.chrome)


def test_the_element_showing_the_title_wins_over_a_column_heading_before_it():
    """A column heading (class "lm_tit") comes before the headline, which no class names: the
    element showing the <title>'s part before the site's name is the headline."""
    html = page('<table><tr><td class="lm_tit"><span>人才招聘</span><span>当前位置：首页 >> 人才招聘 >> 正文</span></td></tr>'
                f'<tr><td class="titlestyle1048">关于做好春季森林防火工作的通知</td></tr><tr><td>{ARTICLE * 3}</td></tr></table>',
                head="<title>关于做好春季森林防火工作的通知-某某区人民政府</title>")
    assert clean(html, "html").meta.title == "关于做好春季森林防火工作的通知"


def test_headlines_with_dates_after_the_article_go_without_their_label():
    stories = [("省里发布首批美丽河湖名单", "2024-04-22"), ("湿地公园试开园迎客", "2024-03-30")]
    items = "".join(f"<li><a href='/n/{k}.htm'>{t}</a><span>{d}</span></li>" for k, (t, d) in enumerate(stories))
    notice = clean(page("<div class='text'>" + ARTICLE + f"<div class='rel'><ul>{items}</ul></div></div>"), "html")
    assert [b.text for b in notice.blocks][-1] == "各单位要认真落实，确保安全。"
    assert removed(notice)[stories[0][0] + stories[0][1]] == "a list of other articles at the end of the article"
