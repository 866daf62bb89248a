"""Chromium through Playwright (PyPI), Debian's ``/usr/bin/chromium``: never a download.

Playwright is what the rest of the browser tests use, and it reports console
messages, page errors and every request of the browser context (workers included).
"""

from __future__ import annotations

import os

from .page import EnginePage

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # as the browser tests' flags
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2,
         "locale": "en-GB"}  # kilometres by default (en-US readers get miles; tests that need them say so)


class ChromiumPage(EnginePage):
    """A fresh browser context at phone size in a Playwright-driven Chromium.

    ``browser`` is a running Playwright browser (the test session's); without one, this
    page starts Playwright and Chromium itself and stops them on ``close``.
    """

    engine = "chromium"

    def __init__(self, base_url: str, browser=None):
        super().__init__(base_url)
        self._own = None
        if browser is None:
            from playwright.sync_api import sync_playwright

            self._own = sync_playwright().start()
            browser = self._own.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        self._browser = browser
        self.version = browser.version
        self._context = browser.new_context(**PHONE)
        self._page = self._context.new_page()
        self._page.set_default_timeout(60_000)
        self._native: list[str] = []
        self._page.on("console", lambda m: self._native.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self._page.on("pageerror", lambda e: self._native.append(f"page error: {e}"))
        self._context.on("request", self._on_request)

    def _on_request(self, request) -> None:
        if not request.url.startswith((self.base_url, "data:", "blob:")):
            self._native.append(f"request to another host: {request.url}")

    def _navigate(self, url):
        self._page.goto(url, wait_until="load")

    def _reload(self):
        self._page.reload(wait_until="load")

    def _evaluate(self, fn_source, arg):
        return self._page.evaluate(fn_source, arg)

    def _click(self, selector):
        self._page.click(selector)

    def _type(self, selector, text):
        self._page.fill(selector, text)

    def _upload(self, selector, paths):
        self._page.set_input_files(selector, paths)

    def _url(self):
        return self._page.url

    def native_problems(self):
        rows, self._native = self._native, []
        return rows

    def close(self):
        self._context.close()
        if self._own is not None:
            self._browser.close()
            self._own.stop()
