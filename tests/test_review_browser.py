"""The review page as an editor sees it, in real headless Chromium: the decision and the first
error without scrolling on a desktop and a phone, a rules-file change visible, held pages
marked and not indexed.

The held notice is the seed with a rules file that changes a number in one rendition
(1600億元 -> 1700億元), as an editor's mistaken rule would.
"""

import json

import pytest

from fanjian.flows.batch import process_file, write_index
from fanjian.settings import Settings

from .conftest import ROOT, SEED

SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.slow]
RULES = '[[replace-after]]\ntarget = "zh-Hant-TW"\nfind = "1600億元"\nreplace = "1700億元"\n'
VIEWPORTS = {"desktop": (1400, 900), "phone": (390, 844)}
# Where the banner and its first error are, in the viewport as first shown; how wide the page is.
FOLD_PROBE = """(() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; };
  const banner = document.getElementById('decision');
  const first = banner.querySelector('li a');
  return {banner: box(banner), heading: banner.querySelector('h2').innerText, first: box(first),
          first_text: first.innerText, href: first.getAttribute('href'), height: innerHeight, width: innerWidth,
          scroll_width: document.documentElement.scrollWidth,
          heading_size: parseFloat(getComputedStyle(banner.querySelector('h2')).fontSize)};
})()"""
TARGET_PROBE = """(() => { const el = document.querySelector(':target'); const r = el.getBoundingClientRect();
  return {id: el.id, top: r.top, bottom: r.bottom, height: innerHeight,
          marks: [...el.querySelectorAll('mark.error')].map(m => [m.innerText, getComputedStyle(m).backgroundColor])}; })()"""


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    inbox, out = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("out")
    (inbox / "notice.txt").write_bytes(SEED.read_bytes())
    (inbox / "notice.rules.toml").write_text(RULES, encoding="utf-8")
    row = process_file(inbox / "notice.txt", inbox, out, Settings())
    write_index(out)
    assert row["status"] == "hold"
    return out / row["output"]


@pytest.mark.parametrize("device", VIEWPORTS)
def test_decision_and_first_error_visible_without_scrolling(browser, held, device):
    report = browser.open(held / "review.html", SCREENSHOTS / f"review-held-{device}.png", VIEWPORTS[device], FOLD_PROBE)
    assert report.errors == []
    seen = report.probe
    assert seen["heading"] == "结论：暂缓发布，需编辑处理"
    assert seen["first_text"] == "数字与原文不同｜繁体中文（台湾） 第6段：1600亿元 缺失，1700亿元 多出"
    assert seen["href"] == "#at-zh-Hant-TW-block-5"
    top, bottom, left, right = seen["first"]
    assert 0 <= top and bottom <= seen["height"], seen  # above the fold
    assert 0 <= left and right <= seen["width"], seen
    assert seen["scroll_width"] <= seen["width"]  # no sideways scrolling, even on the phone
    assert seen["heading_size"] >= 20  # the decision is not small print


def test_the_error_link_lands_on_the_changed_number(browser, held):
    report = browser.open(held / "review.html", None, VIEWPORTS["phone"], TARGET_PROBE, fragment="at-zh-Hant-TW-block-5")
    seen = report.probe
    assert seen["id"] == "at-zh-Hant-TW-block-5"
    assert -2 <= seen["top"] < seen["height"]  # scrolled to it
    assert [m[0] for m in seen["marks"]] == ["1700億元"]  # the exact span, highlighted
    assert seen["marks"][0][1] not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")


def test_rules_file_change_is_visible(browser, held):
    probe = """(() => ({
      marked: [...document.querySelectorAll('section[lang="zh-Hant-TW"] mark.change')]
                .filter(m => m.innerText === '1700億元').map(m => m.title),
      rows: [...document.querySelectorAll('#changes tbody tr')].map(r => [...r.cells].map(c => c.innerText))}))()"""
    seen = browser.open(held / "review.html", None, VIEWPORTS["desktop"], probe).probe
    assert seen["marked"] == ["numbers differ from the source: 1600亿元 missing, 1700亿元 added ← "
                              "规则文件 replace-after: OpenCC → 1600億元; notice.rules.toml replace-after 1: 1600億元 → 1700億元"]
    assert ["规则文件 replace-after", "zh-Hant-TW", "第6段", "1600億元", "1700億元", "notice.rules.toml replace-after 1 ×1"] in seen["rows"]


@pytest.mark.parametrize("name", ["zh-Hans.html", "zh-Hant-TW.html", "review.html"])
def test_held_pages_are_marked_and_not_indexed(browser, held, name):
    probe = """({robots: document.querySelector('meta[name=robots]')?.content,
                 banner: (document.querySelector('.held-banner') || document.getElementById('decision')).innerText,
                 top: (document.querySelector('.held-banner') || document.getElementById('decision')).getBoundingClientRect().top})"""
    seen = browser.open(held / name, None, VIEWPORTS["phone"], probe).probe
    assert seen["robots"] == "noindex, nofollow"
    assert seen["banner"].startswith(("暂缓发布", "暫緩發布", "结论：暂缓发布"))
    assert 0 <= seen["top"] < 300


def test_published_pages_are_indexable(browser, tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "seed.txt").write_bytes(SEED.read_bytes())
    row = process_file(inbox / "seed.txt", inbox, out, Settings())
    seen = browser.open(out / row["output"] / "zh-Hans.html", None, None, "document.querySelectorAll('meta[name=robots], .held-banner').length").probe
    assert (row["status"], seen) == ("publish", 0)
    bundle = json.loads((out / row["output"] / "bundle.json").read_text(encoding="utf-8"))
    assert bundle["decision"] == "publish"
