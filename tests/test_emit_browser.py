"""The written pages in real headless Chromium: rendered DOM, console errors, screenshots.

Screenshots go to tests/output/screenshots/ (ignored by git) for the test report.
Skipped only when Chromium is absent on a developer's machine; with CI=true they must run.
"""

import json
import struct

import pytest

from fanjian.flows.batch import process_file, write_index
from fanjian.settings import Settings

from .conftest import ROOT, SEED
from .test_emit import HOSTILE

SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The seed and the hostile page processed into one output folder, with its index."""
    inbox = tmp_path_factory.mktemp("inbox")
    out = tmp_path_factory.mktemp("out")
    for source in (SEED, HOSTILE):
        (inbox / source.name).write_bytes(source.read_bytes())
    rows = {r["file"]: r for r in (process_file(p, inbox, out, Settings()) for p in sorted(inbox.iterdir()))}
    write_index(out)
    return out, rows


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_the_error_detector_sees_errors(browser, tmp_path):
    """Console errors, exceptions, CSP violations and failed loads are all caught; a clean page has none."""
    pages = {
        "console": "<p>a</p><script>console.error('boom')</script>",
        "exception": "<p>a</p><script>undefinedFunction()</script>",
        "csp": "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'\"><p>a</p><script>1</script>",
        "network": "<p>a</p><img src='missing.png'>",
        "clean": "<title>t</title><p>a</p>",
    }
    found = {}
    for name, markup in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(f"<!DOCTYPE html><html><head></head><body>{markup}</body></html>", encoding="utf-8")
        found[name] = browser.open(path).errors
    assert [e.split(":")[0] for e in found["console"]] == ["console"] and "boom" in found["console"][0]
    assert found["exception"][0].startswith("exception: ReferenceError")
    assert found["csp"][0].startswith("log (security)") and "Content Security Policy" in found["csp"][0]
    assert found["network"][0].startswith("log (network)") and "missing.png" in found["network"][0]
    assert found["clean"] == []


@pytest.mark.parametrize("target", ["zh-Hans", "zh-Hant-TW"])
def test_seed_rendition_in_chromium(browser, site, target):
    out, rows = site
    folder = out / rows[SEED.name]["output"]
    rendition = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))["renditions"][target]
    report = browser.open(folder / f"{target}.html", SCREENSHOTS / f"seed-{target}.png")
    assert report.errors == []
    assert report.dom["title"] == rendition["title"]
    assert report.dom["h1"] == [rendition["title"]]
    assert report.dom["lang"] == target
    paragraphs = [b["text"] for b in rendition["blocks"] if b["kind"] == "paragraph"]
    assert [p for p in report.dom["paragraphs"] if p in paragraphs] == paragraphs  # every one, in order
    assert report.dom["scripts"] == 0
    width, height = png_size(report.screenshot)
    assert width == 1000 and height > 1000  # the whole article, not a blank viewport


def test_seed_review_page_in_chromium(browser, site):
    out, rows = site
    folder = out / rows[SEED.name]["output"]
    bundle = json.loads((folder / "bundle.json").read_text(encoding="utf-8"))
    report = browser.open(folder / "review.html", SCREENSHOTS / "seed-review.png")
    assert report.errors == []
    assert report.dom["title"] == f"审阅：{bundle['meta']['title']}"
    for rendition in bundle["renditions"].values():
        for block in rendition["blocks"]:
            assert block["text"] in report.dom["text"]
    for line in bundle["chrome"]:
        assert line in report.dom["text"]
    assert report.dom["scripts"] == 0
    assert png_size(report.screenshot)[1] > 1000


def test_index_in_chromium(browser, site):
    out, rows = site
    bundle = json.loads((out / rows[SEED.name]["output"] / "bundle.json").read_text(encoding="utf-8"))
    report = browser.open(out / "index.html", SCREENSHOTS / "index.png")
    assert report.errors == []
    assert report.dom["title"] == "通知列表"
    assert bundle["renditions"]["zh-Hans"]["title"] in report.dom["text"]
    assert f"notices/{bundle['id']}/zh-Hant-TW.html" in report.dom["links"]
    assert png_size(report.screenshot)[1] > 100


@pytest.mark.parametrize("name", ["zh-Hans.html", "review.html"])
def test_hostile_pages_run_nothing_in_chromium(browser, site, name):
    out, rows = site
    report = browser.open(out / rows[HOSTILE.name]["output"] / name, SCREENSHOTS / f"hostile-{name[:-5]}.png")
    assert report.errors == []  # no blocked script or load either: nothing tried to run or fetch
    assert report.dom["scripts"] == 0
    assert "特此通知。" in report.dom["text"]
    assert all(not link.lower().startswith("javascript") for link in report.dom["links"])
