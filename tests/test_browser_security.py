"""Security of the built site: nothing but the site's own host is contacted, the
Content-Security-Policy holds (no violations, no 'unsafe-inline' scripts, no
'unsafe-eval'), no inline event handlers anywhere, and the engine wheel is used
only when its sha256 matches the Pyodide lock file."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import PHONE, SITE, serve
from page_steps import READY

pytestmark = pytest.mark.browser

PAGES = {"home": "", "article": "guide/easy-runs/", "glossary": "glossary/", "quiz": "tools/quiz/",
         "checklist": "tools/weekly-checklist/", "shared": "tools/shared-weeks/"}


def with_a_share(path: str) -> str:
    """The shared-weeks page with a share of one week in its fragment (it must open under the policy)."""
    from guide_engine import handle
    from shares import fragment, runner_weeks, stored_text

    weeks = runner_weeks(1)
    built = handle({"type": "share_build", "data": {"weeks": [weeks[0]["week_start"]], "text": stored_text(weeks)}})["data"]
    return path + fragment(built["text"], built["check"])
RECORD_CSP = """(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
})();"""


def csp_of(page) -> str:
    metas = page.locator("meta[http-equiv=Content-Security-Policy]")
    assert metas.count() == 1, "no Content-Security-Policy meta tag"
    return metas.get_attribute("content")


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        tokens = part.split()
        if tokens:
            out[tokens[0]] = tokens[1:]
    return out


def test_every_page_type_stays_on_its_own_host_and_keeps_its_policy(browser, base_url):
    context = browser.new_context(**PHONE, base_url=base_url)
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    page.set_default_timeout(30_000)
    requests, foreign, console = [], [], []
    context.on("request", lambda r: requests.append(r.url))
    context.on("request", lambda r: None if r.url.startswith((base_url, "data:", "blob:")) else foreign.append(r.url))
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: console.append(f"page error: {e}"))
    try:
        for name, path in PAGES.items():
            page.goto(with_a_share(path) if name == "shared" else path)
            page.wait_for_load_state("load")
            if name in ("quiz", "checklist", "shared"):
                page.wait_for_selector(READY, timeout=90_000)
            if name == "shared":
                page.wait_for_selector("[data-shared=open] [data-shared-week]")
            page.wait_for_timeout(300)
            policy = directives(csp_of(page))
            assert "'unsafe-inline'" not in policy["script-src"], policy["script-src"]
            assert all("'unsafe-eval'" not in tokens for tokens in policy.values()), policy
            assert policy.get("default-src") == ["'self'"] and policy.get("object-src") == ["'none'"], policy
            violations = page.evaluate("window.__cspViolations")
            assert violations == [], f"{name}: CSP violations {violations}"
            assert console == [], f"{name}: console {console}"
            assert foreign == [], f"{name}: requests to other hosts {foreign}"
        # The worker and the runtime were fetched from the site itself.
        assert any(u.endswith("pyodide.asm.wasm") for u in requests)
        assert any("guide_engine-" in u and u.endswith(".whl") for u in requests)
    finally:
        context.close()


class _Handlers(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def test_no_built_page_has_an_inline_event_handler():
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) > 15, "site/ is not built"
    offenders = {}
    for path in pages:
        parser = _Handlers()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.found:
            offenders[str(path.relative_to(SITE))] = parser.found[:3]
    assert offenders == {}


def test_an_engine_wheel_that_does_not_match_the_lock_is_refused(browser, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    [lock_path] = copy.glob("pyodide/*/pyodide-lock.json")
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    entry = lock["packages"]["guide-engine"]
    entry["sha256"] = ("0" if entry["sha256"][0] != "0" else "1") + entry["sha256"][1:]
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    server, url = serve(copy)
    context = browser.new_context(**PHONE, base_url=url)
    try:
        page = context.new_page()
        wheel = []
        context.on("request", lambda r: wheel.append(r.url) if r.url.endswith(".whl") else None)
        page.goto("tools/quiz/")
        page.check("input[name=easy_talk][value=rarely]")
        page.wait_for_selector("[data-engine-status][data-state=failed]", timeout=90_000)
        assert wheel, "the worker never asked for the wheel"
        text = page.locator("[data-engine-text]").inner_text()
        assert "could not start" in text and "did not load" in text, text
        assert page.locator("[data-engine-status] [data-action=retry]").is_visible()
        page.check("input[name=easy_drift][value=often]")
        page.wait_for_timeout(1000)
        assert page.locator("[data-verdict]").count() == 0, "a result was computed by a wheel that failed its check"
    finally:
        context.close()
        server.shutdown()
