"""Firefox ESR through puppeteer-core (npm) over WebDriver BiDi, in a Node child process.

Debian ships ``firefox-esr`` but no geckodriver, so neither Selenium nor Playwright (whose
Firefox is a patched build it downloads) can drive it here; puppeteer-core speaks
WebDriver BiDi to Firefox itself and downloads nothing. ``firefox_bridge.mjs`` runs it
and takes one JSON request a line; this class is the Python side of that pipe.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from pathlib import Path

from .page import EnginePage

FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
BRIDGE = Path(__file__).resolve().parent / "firefox_bridge.mjs"
CALL_TIMEOUT_S = 180


class BridgeError(RuntimeError):
    """The bridge answered with an error, or not at all."""


class FirefoxPage(EnginePage):
    """A fresh Firefox (its own temporary profile) with one page at phone size."""

    engine = "firefox"

    def __init__(self, base_url: str):
        super().__init__(base_url)
        self._proc = subprocess.Popen(["node", str(BRIDGE), FIREFOX, base_url], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
                                      cwd=BRIDGE.parents[2])  # the repository root, whose node_modules has puppeteer-core
        self._replies: queue.Queue = queue.Queue()
        self._stderr: list[str] = []
        threading.Thread(target=self._read, args=(self._proc.stdout, self._replies.put), daemon=True).start()
        threading.Thread(target=self._read, args=(self._proc.stderr, self._stderr.append), daemon=True).start()
        self._next = 1
        self._wait(0)
        self.version = str(self._call("version")).removeprefix("firefox/")

    @staticmethod
    def _read(stream, sink):
        for line in stream:
            sink(line)
        sink(None)

    def _wait(self, want: int, op: str = "start"):
        while True:
            try:
                line = self._replies.get(timeout=CALL_TIMEOUT_S)
            except queue.Empty:
                raise BridgeError(f"firefox bridge: no answer to {op} in {CALL_TIMEOUT_S} s") from None
            if line is None:
                raise BridgeError(f"firefox bridge exited during {op}: {''.join(l for l in self._stderr if l)[-1500:]}")
            msg = json.loads(line)
            if msg["id"] != want:
                continue  # an answer to an earlier call that timed out
            if "error" in msg:
                raise BridgeError(f"firefox: {op}: {msg['error']}")
            return msg["value"]

    def _call(self, op: str, **args):
        call_id, self._next = self._next, self._next + 1
        self._proc.stdin.write(json.dumps({"id": call_id, "op": op, "args": args}) + "\n")
        self._proc.stdin.flush()
        return self._wait(call_id, op)

    def _navigate(self, url):
        self._call("navigate", url=url)

    def _reload(self):
        self._call("reload")

    def _evaluate(self, fn_source, arg):
        return self._call("evaluate", fn=fn_source, arg=arg)

    def _click(self, selector):
        self._call("click", selector=selector)

    def _type(self, selector, text):
        self._call("type", selector=selector, text=text)

    def _upload(self, selector, paths):
        self._call("upload", selector=selector, paths=paths)

    def _url(self):
        return self._call("url")

    def native_problems(self):
        return self._call("problems")

    def close(self):
        try:
            self._call("close")
        except BridgeError:
            pass
        finally:
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
