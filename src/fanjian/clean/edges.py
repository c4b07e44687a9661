"""Lines glued to the end of the article that are not its text: credits, notices, footers, prompts.

Looked for only from the article's last block backwards, so a sentence in the middle of the
text that mentions 转载 or 监制 stays.
- staff credits: a run of two or more short `label：name` lines ("总监制：邹 明", "审 读：崔向升");
- a reprint or rights notice: a short line that names a right (转载, 授权, 版权) and forbids or
  disclaims (未经, 不得, 请勿, 仅代表): "39健康网专稿，未经书面授权请勿转载。";
- the site's footer: a site mark (版权所有, ICP备, 公网安备, ©) or an address with its postcode,
  phone or e-mail, no sentence (a notice's own "联系人：…，电话：…。" stays);
- a follow-us, app or tip-off prompt: a short line about a QR code, an official account, the
  app, or news tips (二维码, 公众号, 客户端, 报料).

>>> from fanjian.model import Block
>>> blocks = [Block("paragraph", "正文。"), Block("paragraph", "总监制：邹 明"), Block("paragraph", "审 读：崔向升"),
...           Block("paragraph", "【本文版权归某网所有，未经授权不得转载。】")]
>>> kept, removed = trim_article_end(blocks + [Block("paragraph", "扫描二维码关注某某发布公众号"),
...     Block("paragraph", "地址：某某路1号 邮编：100000 电话：010-12345678")])
>>> [b.text for b in kept], [why for _, why in removed[:2]]
(['正文。'], ["the site's footer (copyright, licence or contact details) at the end of the article", 'a follow-us, app or tip-off prompt at the end of the article'])
>>> [text for text, _ in removed[2:]]
['【本文版权归某网所有，未经授权不得转载。】', '审 读：崔向升', '总监制：邹 明']
>>> trim_article_end([Block("paragraph", "正文。"), Block("paragraph", "联系人：王某，联系电话：12345678。")])[1]
[]
"""

from __future__ import annotations

import re

from fanjian.model import Block
from fanjian.zh.script import simplified_view

CREDIT = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff \u3000]{0,5}[:：]\s*[\u4e00-\u9fff·][\u4e00-\u9fff· \u3000]{0,7}")
CREDITS_MIN = 2
NOTICE_MAX = 150  # characters of a reprint notice
# Last resort: the words such notices are made of, in Simplified (compared through the view).
RIGHTS = re.compile(r"转载|授权|版权|摘编|立场|观点")
DISCLAIMS = re.compile(r"未经|不得|请勿|禁止|严禁|仅代表|不代表|声明")
FOOTER_MAX = 200
SITE_MARK = re.compile(r"版权所有|ICP备|ICP证|公网安备|©|copyright|all rights reserved|网站标识码", re.I)
# Advice on how to view the site: "建议使用1920×1080分辨率 IE9以上版本浏览器".
VIEWING_ADVICE = re.compile(r"(?:建议|推荐|最佳|以上).{0,30}(?:分辨率|浏览器)|(?:分辨率|浏览器).{0,30}(?:浏览|以上|最佳)")
# Who runs the site: "某某宣传部主办 新闻中心维护"; an event notice names its 主办单位 too,
# so such a line counts only beside another footer line.
SITE_CREDIT = re.compile(r"主办|承办|协办|维护|技术支持|运维")
CREDIT_MAX = 80
# A link list's label left without its links (they were removed as a block of links).
LINKS_LABEL = re.compile(r"[\u4e00-\u9fff]{0,4}链接[:：]?")
ADDRESS = re.compile(r"地址|邮编|邮政编码")
CONTACT = re.compile(r"(?:地址|邮编|邮政编码|电话|传真|e-?mail|邮箱)\s*[:：]", re.I)
PROMPT_MAX = 60
PROMPT = re.compile(r"二维码|公众号|客户端|app|报料|蓝字|星标|点赞|在看", re.I)
ACTION = re.compile(r"扫|关注|下载|点击|打开|报料|分享|轻点|设为")
# A list of other articles closing the page: its label, then only headlines.
RELATED_LABEL = re.compile(r"[▼▲■●◆>》【\[\s]*(?:(?:往期|相关|推荐|延伸|热门|热点|精彩|更多)(?:推荐|阅读|回顾|文章|新闻|报道)|猜你喜欢)"
                           r"[】\]：:▼▲\s]*")
RELATED_MAX = 12  # headlines under such a label
# A headline and its date, no sentence in it (鹭州：白鹭洲湿地公园试开园2024-03-30).
DATED_TITLE = re.compile(r"[^。！？；]{4,40}?[\s\[(（]*(?:19|20)\d\d(?:[-/.]\d{1,2}){2}[\])）]?|[^。！？；]{4,40}?[\s\[(（]*\d{1,2}[-/]\d{1,2}[\])）]?")
DATED_TITLES_MIN = 2
# A comment section's heading: it and all after it are readers' comments and their widgets.
COMMENTS_LABEL = re.compile(r"[【\[\s]*(?:网友|热门|最新|全部|读者)?(?:评论|留言)(?:区|板)?(?:[】\]：:（(\s]|$)|[【\[\s]*(?:发表|我要)(?:评论|留言)")
COMMENTS_REACH = 15  # blocks from the end where such a heading is looked for
HEADLINE_LINE_MAX = 50
PROMPTS_AT_START = 3  # text blocks looked at
TEXT_KINDS = ("paragraph", "heading", "list_item")
CHROME_PHRASE = "a page-chrome phrase or a bare date stamp"  # as `lines.sift` says it
FOOTER = "the site's footer (copyright, licence or contact details) at the end of the article"


def _is_footer(text: str) -> bool:
    """A site footer line: a site mark (版权所有, ICP备, 公网安备, ©) or an address with its
    postcode, phone or e-mail, and no sentence."""
    if len(text) > FOOTER_MAX or "。" in text:
        return False
    view = simplified_view(text)
    return bool(SITE_MARK.search(view) or VIEWING_ADVICE.search(view)
                or (ADDRESS.search(view) and len(CONTACT.findall(view)) >= 2))


def _is_site_credit(text: str) -> bool:
    return len(text) <= CREDIT_MAX and "。" not in text and bool(SITE_CREDIT.search(simplified_view(text)))


def _is_staff_credit(text: str) -> bool:
    """"审 读：崔向升"; not an event's organisers (主办单位：某某区文化馆), which are its text."""
    return CREDIT.fullmatch(text) is not None and not SITE_CREDIT.search(simplified_view(text))


def is_prompt(text: str) -> bool:
    """Asks the reader to scan, follow, download or send tips: "扫描二维码关注某某公众号"."""
    if len(text) > PROMPT_MAX:
        return False
    view = simplified_view(text)
    return bool(PROMPT.search(view) and ACTION.search(view))


def _related_label(blocks: list[Block], end: int) -> int | None:
    """Where a "往期推荐" label stands with only headlines after it up to `end`, or None."""
    for i in range(end - 1, max(0, end - RELATED_MAX - 1), -1):
        block = blocks[i]
        if block.kind not in TEXT_KINDS and block.kind != "image":
            return None
        if block.kind in TEXT_KINDS and RELATED_LABEL.fullmatch(simplified_view(block.text.strip())):
            return i if i > 0 else None
        if block.kind in TEXT_KINDS and (len(block.text) > HEADLINE_LINE_MAX or block.text.rstrip().endswith("。")):
            return None
    return None


def _comments_start(blocks: list[Block], end: int) -> int | None:
    """Where a comment section (网友评论：…, 发表评论) starts among the last blocks before `end`, or None."""
    for i in range(end - 1, max(0, end - COMMENTS_REACH) - 1, -1):
        block = blocks[i]
        if block.kind in TEXT_KINDS and len(block.text) <= NOTICE_MAX and COMMENTS_LABEL.match(simplified_view(block.text)):
            return i if i > 0 else None
    return None


def trim_article_start(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, str]]]:
    """`blocks` without the follow-us prompts among their first lines ("点击蓝字，关注我们")."""
    opening = [i for i, b in enumerate(blocks[:PROMPTS_AT_START]) if b.kind in TEXT_KINDS and is_prompt(b.text)]
    if len(opening) == len(blocks):
        return blocks, []
    return ([b for i, b in enumerate(blocks) if i not in opening],
            [(blocks[i].text, "a follow-us prompt at the start of the article") for i in opening])


def _is_notice(text: str) -> bool:
    if len(text) > NOTICE_MAX:
        return False
    view = simplified_view(text)
    return bool(RIGHTS.search(view) and DISCLAIMS.search(view))


def trim_article_end(blocks: list[Block], chrome_line=None, label_line=None) -> tuple[list[Block], list[tuple[str, str]]]:
    """`blocks` without the credits and notices at their end, and (text, reason) of each removed.
    `chrome_line`: a test for page-chrome lines that may stand among them (a text dump's
    footer still holds 打印本页), removed on the way; `label_line`: a test for metadata
    lines (责任编辑：王芳), where the trim stops so that they are read."""
    end = len(blocks)
    removed: list[tuple[str, str]] = []

    def footer_seen(end: int) -> bool:  # the line after this one was taken as the footer
        return end < len(blocks) and bool(removed) and removed[-1] == (blocks[end].text, FOOTER)

    def footer_above(end: int) -> bool:  # the line before this one is a footer line
        return end >= 2 and blocks[end - 2].kind in TEXT_KINDS and _is_footer(blocks[end - 2].text)
    while end > 1:
        block = blocks[end - 1]
        if block.kind == "image" and not block.text:  # a badge under the footer goes with it
            text_end = end - 1
            while text_end > 1 and blocks[text_end - 1].kind == "image" and not blocks[text_end - 1].text:
                text_end -= 1
            above = blocks[text_end - 1].text if blocks[text_end - 1].kind in TEXT_KINDS else ""
            if not (above and (_is_footer(above) or is_prompt(above))):
                break
            removed += [(f"[image] {b.href}", "a badge or QR code under the site's footer") for b in blocks[text_end:end]]
            end = text_end
            continue
        cells = " ".join(c for row in block.rows for c in row if c) if block.kind == "table" else ""
        if cells and _is_footer(cells):  # a layout table's footer row
            removed.append((cells, FOOTER))
            end -= 1
            continue
        if block.kind not in TEXT_KINDS:
            break
        if label_line is not None and label_line(block.text):
            break
        if chrome_line is not None and not _is_footer(block.text) and chrome_line(block.text):
            removed.append((block.text, CHROME_PHRASE))
            end -= 1
            continue
        if _is_notice(block.text):
            removed.append((block.text, "a reprint or rights notice at the end of the article"))
            end -= 1
            continue
        if _is_footer(block.text) or (_is_site_credit(block.text) and (footer_seen(end) or footer_above(end))):
            removed.append((block.text, FOOTER))
            end -= 1
            continue
        if LINKS_LABEL.fullmatch(simplified_view(block.text.strip())):
            removed.append((block.text, "a link list's label at the end of the article, its links gone"))
            end -= 1
            continue
        if is_prompt(block.text):
            removed.append((block.text, "a follow-us, app or tip-off prompt at the end of the article"))
            end -= 1
            continue
        comments = _comments_start(blocks, end)
        if comments is not None:
            removed += [(b.text, "a comment section at the end of the article") for b in reversed(blocks[comments:end]) if b.text]
            end = comments
            continue
        label = _related_label(blocks, end)
        if label is not None:
            removed += [(b.text, "a list of other articles at the end of the article") for b in reversed(blocks[label:end])]
            end = label
            continue
        run = _run_before(blocks, end, lambda b: b.kind == "list_item" and DATED_TITLE.fullmatch(b.text.strip()))
        if end - run >= DATED_TITLES_MIN:  # its label gone: headlines, each with its date
            removed += [(b.text, "a list of other articles at the end of the article") for b in reversed(blocks[run:end])]
            end = run
            continue
        run = _run_before(blocks, end, lambda b: b.kind in TEXT_KINDS and _is_staff_credit(b.text.strip()))
        if end - run >= CREDITS_MIN:
            removed += [(b.text, "staff credits at the end of the article") for b in reversed(blocks[run:end])]
            end = run
            continue
        break
    return blocks[:end], removed


def _run_before(blocks: list[Block], end: int, test) -> int:
    """Where the run of blocks that pass `test` ending at `end` starts (never the first block)."""
    run = end
    while run > 1 and test(blocks[run - 1]):
        run -= 1
    return run


__all__ = ["is_prompt", "trim_article_end", "trim_article_start"]
