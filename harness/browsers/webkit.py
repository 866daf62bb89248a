"""WebKitGTK through Selenium (PyPI) and Debian's ``WebKitWebDriver``, under Xvfb.

Debian's ``webkit2gtk-driver`` gives the W3C WebDriver server for WebKitGTK and its
MiniBrowser. Selenium is the maintained W3C client with a WebKitGTK driver class; it
is given the driver's path, so Selenium Manager never runs (and ``SE_OFFLINE`` forbids
it to download even if it did). MiniBrowser has no headless mode: it draws into an
Xvfb display this module starts. WebKitWebDriver has no log or network events
(``get_log`` is unsupported), so errors come from the injected watcher alone.
In automation mode MiniBrowser uses an ephemeral profile: every session is a first visit.
"""

from __future__ import annotations

import glob
import os
import subprocess

from .page import EnginePage

DRIVER = os.environ.get("WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER = os.environ.get("MINIBROWSER") or next(
    iter(sorted(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser"))), "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
XVFB = "/usr/bin/Xvfb"
WINDOW = (447, 844)  # MiniBrowser's narrowest window: a large phone, still Material's mobile layout

# Where a reader would tap: the centre of the element's first line box, scrolled to the
# middle of the view. (WebKitWebDriver's element click aims at the centre of the whole
# box, which for a link wrapped over two lines is the text beside it.)
_TAP_POINT = """(sel) => {
  const el = document.querySelector(sel);
  el.scrollIntoView({ behavior: 'instant', block: 'center', inline: 'nearest' }); // not smooth: the point is read at once
  const r = el.getClientRects()[0];
  if (!r) return null;
  const x = Math.round(r.left + Math.min(r.width / 2, Math.max(1, r.width - 2)));
  const y = Math.round(r.top + r.height / 2);
  const hit = document.elementFromPoint(x, y);
  return hit && (hit === el || el.contains(hit) || hit.control === el || (el.labels && [...el.labels].includes(hit))) ? [x, y] : null;
}"""


class Xvfb:
    """A virtual X display on the first free number (``-displayfd``); ``stop()`` ends it."""

    def __init__(self):
        read, write = os.pipe()
        self.proc = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                                     pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            self.proc.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


class WebKitPage(EnginePage):
    """A new WebKitWebDriver session (a fresh MiniBrowser) on the X display ``display``."""

    engine = "webkit"

    def __init__(self, base_url: str, display: str):
        super().__init__(base_url)
        os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver or a browser
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        service = Service(executable_path=DRIVER, env={**os.environ, "DISPLAY": display})
        self._driver = webdriver.WebKitGTK(options=options, service=service)
        self._driver.set_window_size(*WINDOW)
        self._driver.set_script_timeout(120)
        self.version = self._driver.capabilities.get("browserVersion", "?")

    def _navigate(self, url):
        self._driver.get(url)

    def _reload(self):
        self._driver.refresh()

    def _evaluate(self, fn_source, arg):
        # A returned Promise is awaited by the driver (W3C Execute Script).
        return self._driver.execute_script(f"return ({fn_source})(arguments[0]);", arg)

    def _element(self, selector):
        from selenium.webdriver.common.by import By

        return self._driver.find_element(By.CSS_SELECTOR, selector)

    def _click(self, selector):
        point = self._evaluate(_TAP_POINT, selector)
        if point is None:  # covered, or no line box: let the driver's own click say why
            return self._element(selector).click()
        from selenium.webdriver.common.actions.action_builder import ActionBuilder

        actions = ActionBuilder(self._driver)
        actions.pointer_action.move_to_location(*point).click()
        actions.perform()

    def _type(self, selector, text):
        el = self._element(selector)
        el.clear()
        el.send_keys(text)

    def _upload(self, selector, paths):
        # WebDriver's Element Send Keys on a file input: one path a line, change fires once.
        self._element(selector).send_keys("\n".join(paths))

    def _url(self):
        return self._driver.current_url

    def close(self):
        self._driver.quit()
