"""Every link in what a run writes can be followed: a relative link names a file the run
wrote under out/, anything else is an absolute http(s) address (a page's relative links are
resolved against its own address, or shown as text with a warning). Run over every HTML
and text fixture the project has, the index included."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html

from fanjian.flows.batch import process_file, write_index
from fanjian.settings import Settings

from .conftest import ROOT, SEED

INPUTS = sorted([SEED, *(ROOT / "fixtures" / "html").glob("*.html"), *(ROOT / "fixtures" / "pages").glob("*.html"),
                 *(ROOT / "fixtures" / "clean").glob("*.html"), ROOT / "fixtures" / "raw" / "hostile.html",
                 *(ROOT / "fixtures" / "raw" / "decode").iterdir()])
TEXT_LINK = re.compile(r"<([^<>\s]+)>$", re.M)


def _follow(link: str, page: Path, out: Path) -> str | None:
    """None when `link` can be followed from `page`; else why not."""
    parts = urlsplit(link)
    if parts.scheme in ("http", "https") and parts.netloc:
        return None
    if parts.scheme or parts.netloc:
        return f"not http(s): {link}"
    if not parts.path:  # a fragment of the same page
        return None
    target = (page.parent / unquote(parts.path)).resolve()
    if not target.is_relative_to(out.resolve()):
        return f"leaves out/: {link}"
    return None if target.is_file() else f"no such file: {link}"


def test_every_written_link_can_be_followed(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for path in INPUTS:
        if path.is_file() and not path.name.startswith("."):
            (inbox / path.name).write_bytes(path.read_bytes())
    statuses = [process_file(p, inbox, out, Settings())["status"] for p in sorted(inbox.iterdir())]
    assert statuses.count("publish") + statuses.count("hold") >= len(INPUTS) // 2
    write_index(out)
    broken, absolute, relative = [], 0, 0
    for page in out.rglob("*.html"):
        tree = html.fromstring(page.read_bytes())
        for el, attr in [*((a, "href") for a in tree.iter("a")), *((i, "src") for i in tree.iter("img"))]:
            link = (el.get(attr) or "").strip()
            if not link:
                continue
            absolute += link.startswith(("http://", "https://"))
            relative += not urlsplit(link).scheme
            if why := _follow(link, page, out):
                broken.append(f"{page.relative_to(out)}: {why}")
    for text in out.rglob("*.txt"):
        for link in TEXT_LINK.findall(text.read_text(encoding="utf-8")):
            if not link.startswith(("http://", "https://")):
                broken.append(f"{text.relative_to(out)}: not absolute: {link}")
    assert broken == []
    assert relative > 0 and absolute > 0  # the index links the notices; pages keep their absolute links
