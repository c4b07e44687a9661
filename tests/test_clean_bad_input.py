"""Clean on pages that have nothing to give: a clear InputError, never a crash."""

import pytest

from fanjian.clean import MAX_CHARS, clean
from fanjian.errors import InputError

NAV_ONLY = (
    "<html><head><title>首页_某某市人民政府</title></head><body>"
    "<div class='nav'><ul>" + "".join(f"<li><a href='/c{i}'>栏目{i}</a></li>" for i in range(30)) + "</ul></div>"
    "<div class='footer'><p>主办单位：某某市人民政府办公室</p><p>版权所有</p><p>网站标识码：1234567890</p></div>"
    "</body></html>"
)
PARAGRAPH = "<p>这是一段足够长的正文内容，用来检查清理程序在异常结构下仍能取出正文而不会崩溃。</p>"


@pytest.mark.parametrize("page,format,reason", [
    ("<html><head><title>空页面</title></head><body></body></html>", "html", "no main text"),
    ("", "html", "could not be parsed"),
    (NAV_ONLY, "html", "all navigation"),
    ("<html><body>" + "<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000 + "</body></html>", "html", "nested too deeply"),
    ("", "text", "no text"),
    ("打印本页\n关闭窗口\n版权所有\n网站标识码：123", "text", "no body text"),
])
def test_bad_input_is_a_clear_error(page, format, reason):
    with pytest.raises(InputError, match=reason):
        clean(page, format)


def test_fifty_megabyte_page_is_refused_before_parsing():
    page = "<html><body>" + PARAGRAPH * 1000 + " " * (50 * 1024 * 1024) + "</body></html>"
    assert len(page) > MAX_CHARS
    with pytest.raises(InputError, match="too large"):
        clean(page, "html")


@pytest.mark.parametrize("page", [
    "<div><p>未闭合的段落<b>加粗<table><tr><td>单元格" + PARAGRAPH * 5,  # unclosed everything
    "<<<>>></p></div>" + PARAGRAPH * 5 + "<p",  # stray and truncated tags
    "<html><body>" + "<div>" * 200 + PARAGRAPH * 5 + "</div>" * 200 + "</body></html>",  # deep, within limit
    "<?xml version='1.0' encoding='gb2312'?><html><body>" + PARAGRAPH * 5 + "</body></html>",
    "<html><body>\x00\x01" + PARAGRAPH * 5 + "</body></html>",
])
def test_malformed_html_keeps_its_text(page):
    notice = clean(page, "html")
    assert any("足够长的正文内容" in b.text for b in notice.blocks)


def test_unknown_format_and_bytes_are_refused():
    with pytest.raises(InputError, match="unknown input format"):
        clean("正文。", "pdf")
    with pytest.raises(TypeError, match="decode"):
        clean(b"\xe6\xad\xa3")
