"""Real headless Chromium driven over the DevTools protocol, for tests of the pages we write.

A page is opened in its own tab; every console error, uncaught exception and browser log
error (CSP violations, failed loads) is collected; the rendered DOM is read back by
script in the page's world, and a full-page screenshot is saved.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import selectors
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.sync.client import connect

# FANJIAN_CHROMIUM points elsewhere, e.g. to check that a missing browser skips (or fails under CI).
CHROMIUM = Path(os.environ.get("FANJIAN_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--hide-scrollbars", "--window-size=1000,1400", "--remote-debugging-port=0"]
LISTENING = re.compile(r"DevTools listening on (ws://\S+)")
START_TIMEOUT = 60
PAGE_TIMEOUT = 30
# What the page reports about itself once loaded: read in the page, after rendering.
DOM_PROBE = """JSON.stringify({
  title: document.title,
  lang: document.documentElement.lang,
  h1: [...document.querySelectorAll('h1')].map(e => e.textContent),
  paragraphs: [...document.querySelectorAll('p')].map(e => e.textContent),
  text: document.body.innerText,
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  scripts: document.querySelectorAll('script,iframe,object,embed,form').length,
  cjk_width: (() => { const s = document.createElement('span'); s.textContent = '国國'; document.body.append(s);
                      const w = s.getBoundingClientRect().width; s.remove(); return w; })(),
})"""


@dataclass
class PageReport:
    url: str
    dom: dict
    errors: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    probe: object = None  # what the caller's `probe` expression returned


class Chromium:
    """One browser for a test session; `open(path)` loads a page in a fresh tab."""

    def __init__(self, binary: Path = CHROMIUM):
        self.profile = tempfile.TemporaryDirectory(prefix="fanjian-chromium-")
        self.proc = subprocess.Popen(
            [str(binary), *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,  # its helpers share our child's process group, ended together
        )
        self.stderr: list[str] = []
        self.ws = connect(self._ws_url(), max_size=None, open_timeout=START_TIMEOUT)
        self.ids = itertools.count(1)

    def _ws_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stderr, selectors.EVENT_READ)
        buffer = b""
        while time.monotonic() < deadline:
            if not sel.select(timeout=deadline - time.monotonic()):
                break
            chunk = os.read(self.proc.stderr.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            found = LISTENING.search(buffer.decode("utf-8", "replace"))
            if found:
                self.stderr.append(buffer.decode("utf-8", "replace"))
                threading.Thread(target=self._drain, daemon=True).start()
                return found.group(1)
        self.close()
        raise RuntimeError(f"chromium did not start: {buffer.decode('utf-8', 'replace')[-2000:]}")

    def _drain(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             events: list | None = None) -> dict:
        """One command; events arriving meanwhile are appended to `events`."""
        msg_id = next(self.ids)
        msg = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv(timeout=PAGE_TIMEOUT))
            if reply.get("id") == msg_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            if events is not None and "method" in reply:
                events.append(reply)

    def wait_for(self, method: str, session: str, events: list) -> None:
        if any(e["method"] == method and e.get("sessionId") == session for e in events):
            return
        while True:
            event = json.loads(self.ws.recv(timeout=PAGE_TIMEOUT))
            if "method" in event:
                events.append(event)
                if event["method"] == method and event.get("sessionId") == session:
                    return

    def open(self, path: Path | str, screenshot: Path | None = None, viewport: tuple[int, int] | None = None,
             probe: str | None = None, fragment: str = "", until: str | None = None) -> PageReport:
        """`path`: a file, or an http(s) URL; `viewport`: (width, height) in CSS pixels, as a
        phone or desktop window shows the page; `probe`: an expression evaluated in the page
        once rendered, its JSON value in `report.probe`; `fragment`: opened at `#fragment`;
        `until`: an expression the page must make true first (an app that renders after load)."""
        events: list[dict] = []
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in ("Page", "Runtime", "Log"):
                self.send(f"{domain}.enable", session=session, events=events)
            if viewport is not None:
                width, height = viewport
                self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                                 "mobile": width < 600}, session=session, events=events)
            url = path if isinstance(path, str) else path.resolve().as_uri() + (f"#{fragment}" if fragment else "")
            self.send("Page.navigate", {"url": url}, session=session, events=events)
            self.wait_for("Page.loadEventFired", session, events)
            deadline = time.monotonic() + 4 * PAGE_TIMEOUT  # a busy machine renders an app slowly
            while until is not None and not self.send("Runtime.evaluate", {
                    "expression": f"Boolean({until})", "returnByValue": True}, session=session, events=events)["result"]["value"]:
                assert time.monotonic() < deadline, f"{url}: never true: {until}"
                time.sleep(0.25)
            # Fonts loaded and one frame painted before the DOM is read and the page shot.
            dom = json.loads(self.send("Runtime.evaluate", {
                "expression": f"document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r({DOM_PROBE}))))",
                "awaitPromise": True, "returnByValue": True}, session=session, events=events)["result"]["value"])
            report = PageReport(url, dom, console_errors(e for e in events if e.get("sessionId") == session))
            if probe is not None:
                report.probe = json.loads(self.send("Runtime.evaluate", {
                    "expression": f"JSON.stringify({probe})", "returnByValue": True},
                    session=session, events=events)["result"]["value"])
            if screenshot is not None:
                seen = len(events)
                metrics = self.send("Page.getLayoutMetrics", session=session, events=events)["cssContentSize"]
                clip = {"x": 0, "y": 0, "width": metrics["width"], "height": min(metrics["height"], 12000), "scale": 1}
                shot = self.send("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True},
                                 session=session, events=events)
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
                report.screenshot = screenshot
                report.errors += console_errors(e for e in events[seen:] if e.get("sessionId") == session)
            return report
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def close(self) -> None:
        try:
            if getattr(self, "ws", None) is not None:
                self.ws.close()
        finally:
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGTERM)  # our own child's group, by its id
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                    self.proc.wait()
            self.profile.cleanup()


def console_errors(events) -> list[str]:
    """Error-level messages among DevTools events: console.error, uncaught exceptions,
    and the browser's own log (CSP violations, resources that failed to load)."""
    errors = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            errors.append("exception: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            errors.append(f"log ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}".strip())
    return errors
