"""The smoke suite's test server: the built site as ``tests/conftest.py`` serves it, plus

* a watcher script (``watch.js``) injected as the first script of every HTML page, so
  page errors and requests to other hosts are recorded the same way in every engine,
  including WebKit, whose driver has no console or network events;
* a dark switch: while ``dark`` is set, every connection is closed unanswered, as a
  phone in airplane mode sees it, so a reload must be answered by the service worker
  (WebKitWebDriver has no network emulation; the same switch serves every engine);
* a probe page without the site's CSP (``/__smoke__/probe.html`` and its worker), where
  the suite asks each engine which platform features it has.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import socketserver
import threading
from pathlib import Path

from conftest import _Handler

HERE = Path(__file__).resolve().parent
WATCH = (HERE / "watch.js").read_text(encoding="utf-8")
WATCH_HASH = "'sha256-%s'" % base64.b64encode(hashlib.sha256(WATCH.encode()).digest()).decode()
PROBES = {"/__smoke__/probe.html": ("text/html; charset=utf-8", HERE / "probe.html"),
          "/__smoke__/probe.mjs": ("text/javascript", HERE / "probe.mjs"),
          "/__smoke__/probe-worker.mjs": ("text/javascript", HERE / "probe-worker.mjs")}
CSP_SCRIPT_SRC = re.compile(rb"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*script-src 'self')")


def with_watcher(html: bytes) -> bytes:
    """``html`` with the watcher as its first script, allowed by the page's CSP through its hash."""
    html = html.replace(b"<head>", b"<head><script>" + WATCH.encode() + b"</script>", 1)
    return CSP_SCRIPT_SRC.sub(lambda m: m.group(1) + b" " + WATCH_HASH.encode(), html, count=1)


class _SmokeHandler(_Handler):
    def handle(self):
        if self.server.dark:
            self.server.refused += 1
            return  # close the connection without an answer: a network error for the browser
        super().handle()

    def transform(self, rel: str, body: bytes) -> bytes:
        body = super().transform(rel, body)
        return with_watcher(body) if rel.endswith(".html") else body

    def do_GET(self):
        path = self.path.split("?")[0]
        if path in PROBES:
            ctype, file = PROBES[path]
            return self.send(file.read_bytes(), ctype)
        super().do_GET()


class SmokeServer(socketserver.ThreadingTCPServer):
    """The site on 127.0.0.1 at a free port, with a dark switch (``dark``)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, directory: Path):
        super().__init__(("127.0.0.1", 0), functools.partial(_SmokeHandler, directory=str(directory)))
        self.dark = False
        self.refused = 0
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not a test failure

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
