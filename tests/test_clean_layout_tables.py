"""A page laid out with a table of columns (the article in one cell, a side column in the
next) reads as an article: its paragraphs apart, its figures table a table, the side
column's boxes out. A letter's form table keeps its short rows as a table."""

from fanjian.clean import clean

PARAGRAPHS = [
    "今年以来，全县上下坚持稳中求进工作总基调，经济运行持续回升向好，社会大局和谐稳定，各项事业取得新的进展。",
    "初步核算，全年全县地区生产总值四百一十二亿元，按不变价格计算，比上年增长百分之六点一，增速高于全市平均水平。",
    "全年粮食播种面积二十八万亩，粮食总产量十一万吨，比上年增长百分之一点八；茶叶和水果产量均有增长。",
    "全年规模以上工业企业实现增加值一百二十六亿元，增长百分之七点八，装备制造业和新材料产业增长较快。",
]
SIDE = ["最新数据", "统计违法举报电话：0598-5821120", "数据查询：0598-5821101"]


def _page() -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    body += ("<table border='1'><tr><td>指标</td><td>单位</td><td>绝对数</td></tr>"
             "<tr><td>地区生产总值</td><td>亿元</td><td>412.6</td></tr><tr><td>粮食产量</td><td>万吨</td><td>11.6</td></tr></table>")
    body += "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    side = "".join(f"<div class='sbox'><p>{line}</p></div>" for line in SIDE)
    return (f"<html><head><title>全县统计公报</title></head><body><table width='1000'><tr>"
            f"<td valign='top'><h1>全县统计公报</h1><div class='content'>{body}</div></td>"
            f"<td width='20'></td><td valign='top' width='280'>{side}</td></tr></table></body></html>")


def test_an_article_in_a_layout_tables_cell_comes_out_as_paragraphs():
    notice = clean(_page(), "html")
    texts = [b.text for b in notice.blocks if b.kind == "paragraph"]
    assert texts == PARAGRAPHS
    tables = [b.rows for b in notice.blocks if b.kind == "table"]
    assert tables == [(("指标", "单位", "绝对数"), ("地区生产总值", "亿元", "412.6"), ("粮食产量", "万吨", "11.6"))]
    shown = " ".join(b.text or " ".join(c for row in b.rows for c in row) for b in notice.blocks)
    assert not any(line in shown for line in SIDE)


def test_a_letters_form_keeps_its_short_rows_as_a_table():
    question = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    page = ("<html><body><h2>关于道路施工噪音的问题</h2><table>"
            "<tr><th>信件编号</th><td>LX2406030188</td><th>来信人</th><td>吴**</td></tr>"
            f"<tr><th>来信内容</th><td colspan='3'><div>{question}</div></td></tr></table></body></html>")
    notice = clean(page, "html")
    assert [b.rows for b in notice.blocks if b.kind == "table"] == [(("信件编号", "LX2406030188", "来信人", "吴**"),)]
    assert [b.text for b in notice.blocks if b.kind == "paragraph"] == PARAGRAPHS[:2]


def test_a_one_row_table_of_cells_side_by_side_is_no_data_table():
    reply = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = ("<html><body><h2>关于道路施工噪音的问题</h2><table>"
            f"<tr><th>回复内容</th><td>{reply}</td></tr></table>"
            "<table><tr><td>满意度评价：</td><td>请您对本次办理结果进行评价</td><td>满意 基本满意 不满意</td></tr></table>"
            "</body></html>")
    notice = clean(page, "html")
    assert [b.text for b in notice.blocks if b.kind == "paragraph"][:4] == PARAGRAPHS
    assert not [b.rows for b in notice.blocks if b.kind == "table"]
