"""The three browser engines the smoke suite and ``make bench`` drive, one adapter each.

=========  ===================================  =====================================
engine     browser (Debian package)             driver
=========  ===================================  =====================================
chromium   ``chromium``                          Playwright (PyPI), ``executable_path``
webkit     ``webkit2gtk-driver`` (MiniBrowser)   Selenium (PyPI) + ``WebKitWebDriver``, Xvfb
firefox    ``firefox-esr``                       puppeteer-core (npm) over WebDriver BiDi
=========  ===================================  =====================================

Each adapter is an :class:`~browsers.page.EnginePage`: the same page calls everywhere.
``scripts/ensure-browsers.sh`` (run by ``make test``) installs the packages when missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import chromium, firefox, webkit

ENGINES = ("chromium", "webkit", "firefox")


def missing(engine: str) -> list[str]:
    """What this machine lacks to run ``engine`` (empty when it can)."""
    need = {"chromium": [chromium.CHROMIUM],
            "webkit": [webkit.DRIVER, webkit.MINIBROWSER, webkit.XVFB],
            "firefox": [firefox.FIREFOX, shutil.which("node") or "node",
                        str(firefox.BRIDGE.parents[2] / "node_modules" / "puppeteer-core" / "package.json")]}[engine]
    return [p for p in need if not Path(p).exists()]


def open_page(engine: str, base_url: str, *, playwright_browser=None, display: str | None = None):
    """A fresh profile in ``engine`` with one phone-sized page; the caller closes it."""
    if engine == "chromium":
        return chromium.ChromiumPage(base_url, browser=playwright_browser)
    if engine == "webkit":
        if display is None:
            raise ValueError("webkit needs an X display: start a browsers.webkit.Xvfb")
        return webkit.WebKitPage(base_url, display)
    if engine == "firefox":
        return firefox.FirefoxPage(base_url)
    raise ValueError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
