"""The spine in a real browser: the tool form works before Python, the engine runs
in a module Web Worker off the main thread, and it survives instant navigation."""

from __future__ import annotations

import pytest

from page_steps import READY

pytestmark = pytest.mark.browser



def test_form_is_usable_before_the_engine_and_answers_once_it_is_ready(phone):
    context, page, watch = phone
    held = []
    # Hold back the Python runtime so we can look at the page before the engine exists.
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto("tools/quiz/")
    page.wait_for_function("document.querySelector('[data-engine-status]').dataset.state === 'loading'")
    assert page.locator("#q-easy_talk").is_visible()
    page.check("input[name=easy_talk][value=rarely]")  # answering works with no engine yet
    assert page.locator("[data-quiz-progress-text]").inner_text() == "1 of 27 answered"
    assert page.locator("[data-engine-status]").get_attribute("data-state") == "loading"
    assert page.locator("[data-verdict]").count() == 0
    assert not page.locator("[data-action=retry]").is_visible()  # nothing has failed

    for _ in range(300):  # the worker asks for the runtime when it gets to it (a busy machine: seconds)
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the worker never asked for the wasm runtime"
    for route in held:
        route.continue_()
    page.wait_for_selector(READY, timeout=90_000)
    assert not page.locator("[data-action=retry]").is_visible()
    page.wait_for_selector("[data-verdict]")
    assert page.locator("[data-fix=effort]").count() == 1
    assert len([w for w in watch.workers if "engine-worker.mjs" in w]) == 1
    watch.assert_clean()


def test_engine_survives_instant_navigation_away_and_back(phone):
    context, page, watch = phone
    page.goto("tools/quiz/")
    page.wait_for_selector(READY, timeout=90_000)
    page.evaluate("window.__sameDocument = true")
    # Material's instant navigation, no reload: to an article, then on to the checklist.
    page.click("article details.danger > summary")  # the safety note is folded on the tools' pages
    page.locator("article details.danger a[href*='pain-and-injury/']").first.click()
    page.wait_for_selector("h1#pain-is-information, article h1")
    assert "pain-and-injury" in page.url
    page.locator("article a[href*='weekly-checklist/']").first.click()
    page.wait_for_selector("[data-tool-tabs]")
    page.wait_for_selector(READY)  # the same worker serves the checklist at once
    page.go_back()
    page.go_back()
    page.wait_for_selector("[data-question=level]")
    assert page.evaluate("window.__sameDocument === true"), "the page reloaded: instant navigation is off"
    page.check("input[name=level][value=experienced]")
    page.check("input[name=tired_easy][value=always]")
    page.wait_for_selector("[data-fix=recovery]")
    engine_workers = [w for w in watch.workers if "engine-worker.mjs" in w]
    assert len(engine_workers) == 1, f"expected one engine worker for the visit, got {engine_workers}"
    watch.assert_clean()


def test_a_deep_link_keeps_its_address_after_instant_navigation(phone):
    """From an article with a table of contents to a heading on another page: the address
    stays the one the reader followed (a citation or a tool section must stay linkable)."""
    context, page, watch = phone
    page.goto("guide/easy-runs/")
    page.evaluate("window.__sameDocument = true")
    page.evaluate("() => { const a = document.createElement('a'); a.id = 'deep'; a.textContent = 'deep';"
                  " a.href = new URL('../strength/#how-often', location.href).href; document.querySelector('article').append(a); }")
    page.click("#deep")
    page.wait_for_selector("h1#strength, article h2#how-often")
    page.wait_for_timeout(1500)  # past Material's scroll-spy debounce (250 ms) and its repeat
    assert page.evaluate("window.__sameDocument === true")
    assert page.evaluate("location.hash") == "#how-often"
    watch.assert_clean()


def test_engine_failure_shows_a_message_and_retry_recovers(phone):
    context, page, watch = phone
    broken = {"on": True}

    def maybe_fail(route):
        if broken["on"]:
            route.abort()
        else:
            route.continue_()

    context.route("**/pyodide.asm.wasm", maybe_fail)
    page.goto("tools/quiz/")
    page.check("input[name=easy_talk][value=always]")
    page.wait_for_selector("[data-engine-status][data-state=failed]", timeout=60_000)
    assert "try again" in page.locator("[data-engine-text]").inner_text().lower()
    assert page.locator("input[name=easy_talk][value=always]").is_checked()  # nothing typed is lost
    assert page.locator("[data-action=retry]").is_visible()
    broken["on"] = False
    page.click("[data-action=retry]")
    page.wait_for_selector(READY, timeout=90_000)
    assert not page.locator("[data-action=retry]").is_visible()
    page.check("input[name=easy_drift][value=never]")
    page.wait_for_selector("[data-verdict]")
    # The aborted download is expected to log a console error; nothing else may.
    assert all("pyodide" in e.lower() or "failed to load" in e.lower() or "fetch" in e.lower() or "wasm" in e.lower()
               for e in watch.errors), watch.errors
    assert watch.foreign == []
