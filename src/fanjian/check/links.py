"""Links a reader can follow: a link copied from a page is absolute (clean resolves it
against the page's own address, `Meta.url`), or it cannot be resolved and the renditions
print it as plain text. Each such link is a warning, so an editor can supply the address.

>>> from fanjian.model import Block, Meta, Notice
>>> notice = Notice(Meta(), (Block("attachment", "申报指南", href="/attach/2024/申报指南.pdf"),
...                          Block("image", "", href="https://x.cn/a.png")))
>>> [(f.kind, f.location, f.message) for f in link_findings(notice)]
[('link-unresolved', 'block 0', 'link /attach/2024/申报指南.pdf cannot be resolved: the page address is unknown; shown as text')]
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fanjian.model import Finding, Notice


def resolvable(href: str) -> bool:
    """An absolute http(s) address (what a reader's browser can open from any page), with
    no control character or backslash, which emit refuses to write as a link.

    >>> resolvable("https://x.cn/附件1 申报表.doc"), resolvable("https://x.cn/a\\tb"), resolvable("http:foo")
    (True, False, False)
    """
    href = (href or "").strip()
    if any(ord(c) < 0x20 or c == "\\" for c in href):
        return False
    parts = urlsplit(href)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def link_findings(notice: Notice) -> list[Finding]:
    """A warning for each link of the notice that is not an absolute address."""
    why = "the page address is unknown" if not notice.meta.url else f"not resolvable against {notice.meta.url}"
    out = [Finding("warning", "link-unresolved", f"link {b.href} cannot be resolved: {why}; shown as text", "", f"block {i}")
           for i, b in enumerate(notice.blocks) if b.href and not resolvable(b.href)]
    placed = {b.href for b in notice.blocks if b.href}
    out += [Finding("warning", "link-unresolved", f"link {a['href']} cannot be resolved: {why}; shown as text", "",
                    "meta.attachments")
            for a in notice.meta.attachments if a.get("href") and a["href"] not in placed and not resolvable(a["href"])]
    return out


__all__ = ["link_findings", "resolvable"]
