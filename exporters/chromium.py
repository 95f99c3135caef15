"""Headless Chromium, driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: no port,
no extra package, nothing downloaded). Used to print the review pack to PDF (`exporters/report/pdf.py`)
and by the report's browser tests.

    >>> with Chromium.started() as browser:                  # doctest: +SKIP
    ...     browser.open(Path("report/pack.html"))
    ...     pdf = browser.pdf()

EA_CHROMIUM names the binary to use; otherwise the first of chromium, chromium-browser, google-chrome
on PATH. Chromium is installed by `scripts/install.sh --test`.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ea_model.errors import EaError

__all__ = ["Chromium", "ChromiumError", "chromium_path"]

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
)
TIMEOUT = 30.0
INSTALL_HINT = (
    "install it with `bash scripts/install.sh --test` or `apt-get install chromium` "
    "(EA_CHROMIUM=/path/to/chrome picks another binary)"
)


class ChromiumError(EaError):
    """Chromium is missing, died, or refused a command."""


def chromium_path() -> str:
    """The Chromium binary to run; ChromiumError (one line saying how to install it) when there is none."""
    for candidate in (os.environ.get("EA_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    raise ChromiumError(f"Chromium is not installed: {INSTALL_HINT}")


class Chromium:
    """A headless Chromium and one page, spoken to over the DevTools protocol on fds 3/4."""

    def __init__(self, profile: Path, timeout: float = TIMEOUT) -> None:
        self.timeout = timeout
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # The child must see the pipes as fd 3 (commands in) and fd 4 (replies out).
        high_r, high_w = os.dup(to_child_r), os.dup(from_child_w)
        os.close(to_child_r)
        os.close(from_child_w)

        def wire() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [chromium_path(), *CHROMIUM_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, high_r, high_w),
            preexec_fn=wire,
        )
        os.close(high_r)
        os.close(high_w)
        self._next = 0
        self._replies: dict[int, dict] = {}
        self._cond = threading.Condition()
        self.events: queue.Queue = queue.Queue()
        self.log: list[dict] = []  # every event, for after-the-fact checks
        self.session = ""
        threading.Thread(target=self._read, daemon=True).start()
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=1366, height=900, deviceScaleFactor=1, mobile=False)

    @classmethod
    @contextmanager
    def started(cls, timeout: float = TIMEOUT) -> Iterator[Chromium]:
        """A Chromium with a throw-away profile, closed (and the profile removed) on leaving."""
        with tempfile.TemporaryDirectory(prefix="ea-chromium-") as profile:
            browser = cls(Path(profile), timeout)
            try:
                yield browser
            finally:
                browser.close()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._cond.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._cond:
                        self._replies[message["id"]] = message
                        self._cond.notify_all()
                else:
                    self.log.append(message)
                    self.events.put(message)

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self._next += 1
        ident = self._next
        message = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while ident not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise ChromiumError(f"Chromium did not answer {method}")
                self._cond.wait(left)
            reply = self._replies.pop(ident)
        if "error" in reply:
            raise ChromiumError(f"Chromium refused {method}: {reply['error']}")
        return reply.get("result", {})

    def call(self, method: str, **params) -> dict:
        return self.send(method, self.session, **params)

    def wait_for(self, method: str, timeout: float | None = None) -> dict:
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChromiumError(f"no {method} event from Chromium within {timeout} s")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if event.get("method") == method and event.get("sessionId") == self.session:
                return event

    def open(self, path: Path, fragment: str = "") -> None:
        while not self.events.empty():
            self.events.get_nowait()
        url = path.resolve().as_uri() + fragment
        current = self.js("location.href.split('#')[0]") if self.session else ""
        if fragment and current == url.split("#")[0]:
            self.open_blank()  # a fragment-only change would not reload: open the page afresh, as a reader would
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def open_blank(self) -> None:
        self.call("Page.navigate", url="about:blank")
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise ChromiumError(f"script failed in Chromium: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        params: dict = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf(self, **options) -> bytes:
        """The page printed to PDF: its own @page size and margins, backgrounds kept; `options` are more
        `Page.printToPDF` parameters."""
        params = {"printBackground": True, "preferCSSPageSize": True, **options}
        data = self.call("Page.printToPDF", **params)["data"]
        return base64.b64decode(data)

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, CSP violations and failed loads seen so far."""
        out = []
        for event in self.log:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                out.append(f"console.{params['type']}: {[a.get('value') for a in params.get('args', [])]}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                out.append(f"log: {params['entry'].get('text')} ({params['entry'].get('url', '')})")
            elif method == "Network.loadingFailed":
                out.append(f"load failed: {params.get('errorText')}")
        return out

    def requested_urls(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.log if e.get("method") == "Network.requestWillBeSent"]

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except ChromiumError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)
