"""Shared fixtures: the built site served on a free loopback port, and Chromium.

The browser tests run against ``site/`` as ``make test`` builds it (``mkdocs
build --strict`` runs first); the smoke suite and ``test_built_sites.py`` also
use the Zensical build, ``build/zensical-site/`` (``make build-zensical``).
Debian's Chromium is driven by Playwright with ``executable_path``; Playwright
never downloads a browser here.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import socketserver
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
ZENSICAL_SITE = ROOT / "build" / "zensical-site"  # site_dir in zensical.yml
from browsers.chromium import ARGS as CHROMIUM_ARGS  # noqa: E402  (harness/: shared with the benchmark)
from browsers.chromium import CHROMIUM, PHONE  # noqa: E402
SITE_URL = "http://127.0.0.1:8000/"  # site_url in mkdocs.yml when SITE_URL is not set


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site as a static host serves it, with the few changes a test server needs.

    Each change goes through :meth:`transform`, and ``sw.js`` is served with the precache
    hashes of the changed files recomputed: the service worker keeps a file only when its
    body matches the build's manifest, so a server that changes a file must say so there.
    """

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".json": "application/json",
                      ".webmanifest": "application/manifest+json"}
    types = {".xml": "application/xml", ".html": "text/html; charset=utf-8", ".js": "text/javascript"}

    def log_message(self, *args):
        pass

    def transform(self, rel: str, body: bytes) -> bytes:
        """The file's bytes as this server sends them (``rel``: its path in the site)."""
        if rel == "sitemap.xml":
            # Material's instant navigation only follows links listed in sitemap.xml, and it
            # compares ports too: serve the sitemap as if the site lived at this server's URL.
            return body.replace(SITE_URL.encode(), f"http://127.0.0.1:{self.server.server_address[1]}/".encode())
        return body

    def _manifest_following_changes(self, site: Path) -> bytes:
        head, rest = (site / "sw.js").read_text(encoding="utf-8").split("\n", 1)
        manifest = json.loads(head.removeprefix("const PRECACHE = ").removesuffix(";"))
        for f in manifest["files"]:
            rel = "index.html" if f["url"] == "./" else f["url"] + "index.html" if f["url"].endswith("/") else f["url"]
            if rel.endswith((".html", ".xml")) and (site / rel).is_file():
                f["hash"] = hashlib.sha256(self.transform(rel, (site / rel).read_bytes())).hexdigest()[:16]
        return f"const PRECACHE = {json.dumps(manifest, sort_keys=True)};\n{rest}".encode("utf-8")

    def do_GET(self):
        path = self.path.split("?")[0]
        site = Path(self.directory)
        local = Path(self.translate_path(path))
        if local.is_dir() and path.endswith("/"):
            local = local / "index.html"
        rel = local.relative_to(site).as_posix() if local.is_relative_to(site) else ""
        if rel == "sw.js":
            return self.send(self._manifest_following_changes(site), self.types[".js"])
        if local.suffix in (".html", ".xml") and local.is_file():
            return self.send(self.transform(rel, local.read_bytes()), self.types[local.suffix])
        super().do_GET()

    def send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a browser closing a connection early is not a test failure


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port; returns (server, base_url)."""
    server = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` (make test does it first).")
    return SITE


@pytest.fixture(scope="session")
def zensical_site_dir() -> Path:
    if not (ZENSICAL_SITE / "index.html").exists():
        pytest.fail("build/zensical-site/ is not built: run `make build-zensical` (make test does it first).")
    return ZENSICAL_SITE


# Each generator's build, by the name the tests use, as a fixture name.
BUILDS = {"mkdocs": "site_dir", "zensical": "zensical_site_dir"}


@pytest.fixture(scope="session")
def base_url(site_dir):
    server, url = serve(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make test`, which installs Debian's chromium.")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """Collects what a page did that a test may want to fail on."""

    def __init__(self, context, page, base_url):
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.workers: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("worker", lambda w: self.workers.append(w.url))
        context.on("request", lambda r: None if r.url.startswith((base_url, "data:", "blob:")) else self.foreign.append(r.url))

    def assert_clean(self):
        assert self.foreign == [], f"requests to other hosts: {self.foreign[:5]}"
        assert self.errors == [], f"console errors: {self.errors[:5]}"


@pytest.fixture
def phone(browser, base_url):
    """A fresh phone-sized browser context and page, with a watch on errors and requests."""
    context = browser.new_context(**PHONE, base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    watch = PageWatch(context, page, base_url)
    yield context, page, watch
    context.close()


def pytest_terminal_summary(terminalreporter):
    """After a run that included the smoke suite: each engine's version and timings."""
    import sys

    scenario = sys.modules.get("smoke_scenario")
    if scenario is None or not scenario.RUNS:
        return
    terminalreporter.section("smoke: engines and timings (figures, not goals)")
    for line in scenario.summary(scenario.RUNS):
        terminalreporter.write_line(line)
