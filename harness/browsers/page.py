"""One page API for every engine: the part of Playwright's sync ``Page`` that the steps use.

The smoke scenario and the shared steps (``harness/page_steps.py``) call ``goto``,
``reload``, ``evaluate``, ``wait_for_selector``, ``wait_for_function``, ``check``,
``is_checked``, ``fill``, ``click``, ``dispatch_event``, ``get_attribute``,
``text_content`` and ``go_back``, with Playwright's names and meanings, so the same step
runs on a bare Playwright page (the Chromium tests, the benchmark) and on
:class:`EnginePage`. An engine adapter only supplies six primitives (navigate, reload,
evaluate, click, type, url) and its driver's own error events, if it has any; waiting,
checking and filling are written once here, so every engine is driven the same way.

Waiting polls the page (every ``POLL_S``) up to a deadline: never a fixed sleep.
"""

from __future__ import annotations

import re
import time

POLL_S = 0.1
DEFAULT_TIMEOUT_MS = 30_000

# Visible as Playwright means it: attached, with a box, not visibility:hidden.
_VISIBLE = """(sel) => {
  const el = document.querySelector(sel);
  return Boolean(el && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
}"""
# Input types whose value a driver cannot type portably (a date field's keys depend on the
# engine and locale): set the value and dispatch input and change, as Playwright's fill does.
_SET_VALUE = """([sel, value]) => {
  const el = document.querySelector(sel);
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return el.value;
}"""
# Resolves once the element's box has not moved for two animation frames (at most ~1 s):
# a click aimed at a box that is still moving (a panel appearing above it) lands elsewhere.
_SETTLED = """async (sel) => {
  const el = document.querySelector(sel);
  const box = () => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].join(); };
  // (a page that draws no frames, hidden or throttled, still moves on after 50 ms)
  const frame = () => new Promise((resolve) => { requestAnimationFrame(() => resolve()); setTimeout(resolve, 50); });
  let last = box();
  for (let i = 0, same = 0; i < 60 && same < 2; i++) {
    await frame();
    const now = box();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return true;
}"""
_TYPED_BY_VALUE = {"date", "time", "month", "week", "datetime-local", "color", "range", "select-one"}  # a select: by its value
_FUNCTION = re.compile(r"^\s*(async\s+)?(\(|function\b|[A-Za-z_$][\w$]*\s*=>)")
# What the injected watcher (harness/browsers/watch.js) recorded since the last harvest.
_HARVEST = """() => {
  let rows = [];
  try {
    rows = JSON.parse(sessionStorage.getItem('smoke.problems') || '[]');
    sessionStorage.removeItem('smoke.problems');
  } catch (e) { /* storage blocked: only this document's rows */ }
  return rows.concat(window.__smoke ? window.__smoke.problems.splice(0) : ['watcher missing: the page was not served by the smoke server']);
}"""


class StepTimeout(AssertionError):
    """A wait ran out; the message names the engine, the page and what was awaited."""


def as_function(js: str) -> str:
    """A JS function source for ``js``, which may be a function or an expression (as in Playwright)."""
    return js if _FUNCTION.match(js) else f"() => ({js})"


class EnginePage:
    """Playwright-like page calls over an engine adapter's primitives (subclasses)."""

    engine = "?"
    version = "?"

    def __init__(self, base_url: str):
        self.base_url = base_url

    # ---- primitives an adapter supplies ----
    def _navigate(self, url: str) -> None:
        raise NotImplementedError

    def _reload(self) -> None:
        raise NotImplementedError

    def _evaluate(self, fn_source: str, arg):
        raise NotImplementedError

    def _click(self, selector: str) -> None:
        raise NotImplementedError

    def _type(self, selector: str, text: str) -> None:
        """Clear the field and type ``text`` with the driver's key input."""
        raise NotImplementedError

    def _upload(self, selector: str, paths: list[str]) -> None:
        """Choose local files in a file input, as the reader does in the picker."""
        raise NotImplementedError

    def _url(self) -> str:
        raise NotImplementedError

    def native_problems(self) -> list[str]:
        """Errors and other-host requests the driver itself reported since the last call."""
        return []

    def close(self) -> None:
        raise NotImplementedError

    # ---- the page API ----
    @property
    def url(self) -> str:
        return self._url()

    def goto(self, path: str) -> None:
        self._navigate(path if "://" in path else self.base_url + path.lstrip("/"))

    def reload(self) -> None:
        self._reload()

    def go_back(self) -> None:
        """The back button; with instant navigation the page itself handles it (no load)."""
        self._evaluate("() => history.back()", None)

    def evaluate(self, js: str, arg=None):
        return self._evaluate(as_function(js), arg)

    def wait_for_function(self, js: str, arg=None, timeout: float = DEFAULT_TIMEOUT_MS):
        fn = as_function(js)
        deadline = time.monotonic() + timeout / 1000
        while True:
            value = self._evaluate(fn, arg)
            if value:
                return value
            if time.monotonic() > deadline:
                raise StepTimeout(f"{self.engine}: waited {timeout / 1000:.0f} s on {self._where()} for {js.strip()[:160]}")
            time.sleep(POLL_S)

    def wait_for_selector(self, selector: str, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
        try:
            self.wait_for_function(_VISIBLE, selector, timeout=timeout)
        except StepTimeout:
            raise StepTimeout(f"{self.engine}: {selector!r} not shown within {timeout / 1000:.0f} s on {self._where()}") from None

    def click(self, selector: str) -> None:
        self.wait_for_selector(selector)
        self._evaluate(_SETTLED, selector)
        self._click(selector)

    def check(self, selector: str) -> None:
        self.wait_for_selector(selector)
        if not self.is_checked(selector):
            self._evaluate(_SETTLED, selector)
            self._click(selector)
        if not self.is_checked(selector):
            raise AssertionError(f"{self.engine}: clicking {selector!r} did not check it")

    def is_checked(self, selector: str) -> bool:
        return bool(self._evaluate("(sel) => document.querySelector(sel).checked", selector))

    def fill(self, selector: str, value: str) -> None:
        self.wait_for_selector(selector)
        kind = self._evaluate("(sel) => document.querySelector(sel).type", selector)
        if kind in _TYPED_BY_VALUE:
            self._evaluate(_SET_VALUE, [selector, value])
        else:
            self._type(selector, value)
        got = self._evaluate("(sel) => document.querySelector(sel).value", selector)
        if got != value:
            raise AssertionError(f"{self.engine}: {selector!r} holds {got!r} after filling in {value!r}")

    def set_input_files(self, selector: str, paths: list[str]) -> None:
        """Choose ``paths`` in the file input ``selector`` with the driver's own file upload."""
        self._upload(selector, [str(p) for p in paths])

    def dispatch_event(self, selector: str, kind: str) -> None:
        self._evaluate("([sel, kind]) => document.querySelector(sel).dispatchEvent(new Event(kind, { bubbles: true }))",
                       [selector, kind])

    def get_attribute(self, selector: str, name: str):
        return self._evaluate("([sel, name]) => document.querySelector(sel).getAttribute(name)", [selector, name])

    def text_content(self, selector: str):
        return self._evaluate("(sel) => document.querySelector(sel).textContent", selector)

    # ---- what the smoke suite checks ----
    def problems(self) -> list[str]:
        """Page errors and requests to other hosts since the last call: the watcher's and the driver's."""
        try:
            rows = list(self._evaluate(_HARVEST, None))
        except Exception as err:  # noqa: BLE001  (a page that cannot run a script is itself a problem)
            rows = [f"could not read the page's problems: {err}"]
        return rows + self.native_problems()

    def _where(self) -> str:
        try:
            state = self._evaluate("() => { const s = document.querySelector('[data-engine-status]');"
                                   " return s ? `${s.dataset.state}: ${s.textContent.trim().slice(0, 120)}` : 'no engine status'; }",
                                   None)
        except Exception as err:  # noqa: BLE001
            state = f"page not scriptable ({type(err).__name__})"
        return f"{self._url()} (engine {state})"
