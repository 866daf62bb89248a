"""The self-check quiz in a phone-sized browser: a whole run through the questions,
answers kept across reloads, "Start again" with Undo, red-flag alerts first,
keyboard-only use, and a page that fits a 360 px screen.

Expectations come from ``guide_engine/data/quiz.json`` and the engine itself
(run here in CPython), so wording changes there do not break these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from guide_engine import handle
from page_steps import READY

pytestmark = pytest.mark.browser

MOUNTED = "[data-engine-status][data-state]"  # the quiz script has run (answers restored)
ROOT = Path(__file__).resolve().parents[1]
BANK = json.loads((ROOT / "guide_engine" / "data" / "quiz.json").read_text(encoding="utf-8"))
QUESTIONS = BANK["questions"]
TOTAL = len(QUESTIONS)
WORST_AREAS = {"effort", "recovery", "strength"}  # answered badly so the result has fixes

CHECKED_JS = """() => [...document.querySelectorAll('[data-guide-component=quiz] [data-question] input:checked')]
                     .map((i) => `${i.name}=${i.value}`).sort()"""
RESULT_SETTLED_JS = """() => document.querySelector('[data-verdict]')
                         && !document.querySelector('[data-quiz-result] .guide-provisional')
                         && !document.querySelector('[data-quiz-result] .guide-stale')"""


def _options(q):
    return BANK[q["options_from"]] if q.get("kind") == "profile" else q["options"]


def planned_answers() -> dict:
    """One answer per question: worst options in the effort/recovery/strength areas,
    the best unflagged option elsewhere, the first option for profile questions and
    "none" for every multi question."""
    answers = {}
    for q in QUESTIONS:
        opts = [o for o in _options(q) if not o.get("na")]  # "not for me" options score nothing
        if q.get("kind") == "profile":
            answers[q["id"]] = opts[0]["id"]
        elif q.get("kind") == "multi":
            answers[q["id"]] = ["none"]
        elif q["area"] in WORST_AREAS:
            answers[q["id"]] = min(opts, key=lambda o: o["score"])["id"]
        else:
            answers[q["id"]] = max((o for o in opts if not o.get("flag")), key=lambda o: o["score"])["id"]
    return answers


def engine_quiz(answers: dict) -> dict:
    response = handle({"v": 1, "id": 1, "type": "quiz", "data": {"answers": answers}})
    assert response["type"] == "result", response
    return response["data"]


def answer(page, answers: dict):
    for qid, value in answers.items():
        for v in value if isinstance(value, list) else [value]:
            page.check(f"[data-question={qid}] input[value='{v}']")


def no_horizontal_scroll(page, width=360):
    page.set_viewport_size({"width": width, "height": 800})
    page.wait_for_function("(w) => document.documentElement.clientWidth === w", arg=width, timeout=10_000)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""(w) => [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > w + 0.5 && el.getClientRects().length)
        .slice(0, 5).map((el) => el.tagName + (el.className && typeof el.className === 'string' ? '.' + el.className : ''))""", width)
    inner = page.evaluate("window.innerWidth")
    assert scroll_width <= width, f"page is {scroll_width}px wide at {width}px (innerWidth {inner}); widest offenders: {wide}"


def test_answering_everything_gives_a_verdict_and_three_fixes_that_link_into_the_guide(phone):
    context, page, watch = phone
    answers = planned_answers()
    expected = engine_quiz(answers)
    assert expected["complete"] and len(expected["fixes"]) == 3 and not expected["alerts"]

    page.goto("tools/quiz/")
    page.wait_for_selector(READY, timeout=90_000)
    assert page.locator("[data-question]").count() == TOTAL
    answer(page, answers)

    assert page.locator("[data-quiz-progress-text]").inner_text() == f"All {TOTAL} questions answered"
    page.wait_for_function(RESULT_SETTLED_JS)
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == expected["verdict"]["id"]
    fixes = page.locator("[data-fix]")
    assert fixes.count() == 3
    assert [fixes.nth(i).get_attribute("data-fix") for i in range(3)] == [f["area"] for f in expected["fixes"]]
    assert {fixes.nth(i).get_attribute("data-fix") for i in range(3)} == WORST_AREAS
    hrefs = [fixes.nth(i).locator("a").first.get_attribute("href") for i in range(3)]
    for href, fix in zip(hrefs, expected["fixes"]):
        url = urlparse(href)
        assert url.netloc == urlparse(page.url).netloc, href
        assert url.path.startswith("/guide/") and url.fragment, href
        assert href.endswith(fix["link"]), (href, fix["link"])
        # The target page exists in the built site.
        assert (ROOT / "site" / url.path.strip("/") / "index.html").exists(), href

    # The result also fits a 360 px screen with the areas table shown.
    no_horizontal_scroll(page)
    page.set_viewport_size({"width": 390, "height": 844})

    # Follow the first fix: the target page has the anchor the link points at.
    first = fixes.first.locator("a").first
    anchor = urlparse(hrefs[0]).fragment
    first.click()
    page.wait_for_url(lambda u: urlparse(u).path == urlparse(hrefs[0]).path)
    page.wait_for_selector("article h1")
    assert page.locator(f"[id='{anchor}']").count() == 1, f"no element with id {anchor!r} on {page.url}"
    watch.assert_clean()


def test_answers_survive_a_reload_and_start_again_clears_them_with_undo(phone):
    context, page, watch = phone
    answers = planned_answers()
    page.goto("tools/quiz/")
    answer(page, answers)  # answering works while the engine loads
    before = page.evaluate(CHECKED_JS)
    assert len(before) == TOTAL

    page.reload()
    page.wait_for_selector(MOUNTED)
    assert page.evaluate(CHECKED_JS) == before
    assert page.locator("[data-quiz-progress-text]").inner_text() == f"All {TOTAL} questions answered"
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_function(RESULT_SETTLED_JS)

    # Start again clears every answer and the result; Undo in the status brings them back.
    page.click("[data-action=reset]")
    assert page.evaluate(CHECKED_JS) == []
    assert page.locator("[data-quiz-progress-text]").inner_text() == f"0 of {TOTAL} answered"
    assert page.locator("[data-verdict]").count() == 0
    undo = page.locator("[data-action-status] button", has_text="Undo")
    assert undo.is_visible()
    undo.click()
    assert page.evaluate(CHECKED_JS) == before
    assert page.locator("[data-quiz-progress-text]").inner_text() == f"All {TOTAL} questions answered"
    page.wait_for_function(RESULT_SETTLED_JS)
    assert "back" in page.locator("[data-action-status]").inner_text().lower()

    # The restored answers are saved again: they survive a reload.
    page.reload()
    page.wait_for_selector(MOUNTED)
    assert page.evaluate(CHECKED_JS) == before

    # Cleared answers stay cleared after a reload.
    page.wait_for_selector(READY, timeout=90_000)
    page.click("[data-action=reset]")
    assert page.evaluate(CHECKED_JS) == []
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    assert page.evaluate(CHECKED_JS) == []
    assert page.locator("[data-quiz-progress-text]").inner_text() == f"0 of {TOTAL} answered"
    assert page.locator("[data-verdict]").count() == 0
    assert page.locator("[data-result-empty]").is_visible()
    watch.assert_clean()


def test_a_red_flag_puts_the_stop_alert_above_the_verdict_on_the_first_screen(phone):
    context, page, watch = phone
    page.goto("tools/quiz/")
    page.wait_for_selector(READY, timeout=90_000)
    answer(page, {"level": "intermediate", "easy_talk": "mostly", "sleep": "7_plus", "pain_level": "1_2"})
    page.check("[data-question=pain_signs] input[value=sharp]")
    alert = page.locator("[data-quiz-result] [role=alert]", has_text="Stop running")
    alert.wait_for()
    page.wait_for_function(f"() => (document.querySelector('[data-verdict] .guide-provisional') || {{}}).textContent?.includes('5 of {TOTAL}')")
    verdict = page.locator("[data-verdict]")

    # In the DOM, the alert comes before the verdict.
    assert page.evaluate("""() => {
        const a = [...document.querySelectorAll('[data-quiz-result] [role=alert]')].find((el) => el.textContent.includes('Stop running'));
        const v = document.querySelector('[data-verdict]');
        return Boolean(a.compareDocumentPosition(v) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    # On screen: scrolled to the result, the alert sits above the verdict and within the first screen.
    result = page.locator("[data-quiz-result]")
    result.scroll_into_view_if_needed()
    page.evaluate("document.querySelector('[data-quiz-result]').scrollIntoView({block: 'start'})")
    r, a, v = result.bounding_box(), alert.bounding_box(), verdict.bounding_box()
    viewport = page.viewport_size["height"]
    assert a["y"] < v["y"], (a, v)
    assert a["y"] - r["y"] < viewport, "the alert is not on the result's first screen"
    assert a["y"] >= 0 and a["y"] < viewport
    assert "not medical advice" in result.inner_text()
    # No score anywhere beside the alert: the areas are listed for later, without theirs.
    assert "/100" not in result.inner_text() and page.locator(".guide-area__score, .guide-areas meter").count() == 0
    assert "By area, for later" in result.inner_text() and page.locator("[data-area]").count() >= 3
    if page.locator("[data-fix]").count():
        assert "cleared to run" in result.locator("h3", has_text="fix these first").inner_text()

    no_horizontal_scroll(page)
    watch.assert_clean()


def test_the_quiz_works_with_the_keyboard_alone(phone):
    context, page, watch = phone
    page.goto("tools/quiz/")
    page.wait_for_selector(READY, timeout=90_000)

    # Every question is a fieldset with a legend.
    shapes = page.evaluate("""() => [...document.querySelectorAll('[data-question]')].map((fs) =>
        [fs.tagName, Boolean(fs.querySelector(':scope > legend')) && fs.querySelector(':scope > legend').textContent.trim().length > 0])""")
    assert len(shapes) == TOTAL
    assert all(tag == "FIELDSET" and legend for tag, legend in shapes), shapes

    progress = page.locator("[data-quiz-progress-text]")
    assert progress.inner_text() == f"0 of {TOTAL} answered"
    in_quiz = "() => { const el = document.activeElement; return Boolean(el && el.tagName === 'INPUT' && el.closest('[data-guide-component=quiz]')); }"
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate(in_quiz):
            break
    else:
        pytest.fail("Tab never reached an answer in the quiz form")
    focused = page.evaluate("() => [document.activeElement.name, document.activeElement.value]")
    assert focused[0] == QUESTIONS[0]["id"], focused  # the first question comes first

    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.querySelector('[data-quiz-progress-text]').textContent === '1 of {TOTAL} answered'")
    first_value = page.evaluate("() => document.querySelector(`[data-question] input:checked`).value")
    assert first_value == focused[1]

    page.keyboard.press("ArrowDown")  # moves within the group and selects
    now = page.evaluate("() => [document.activeElement.name, document.activeElement.value, document.activeElement.checked]")
    assert now[0] == QUESTIONS[0]["id"] and now[1] != first_value and now[2], now
    assert progress.inner_text() == f"1 of {TOTAL} answered"

    page.keyboard.press("Tab")  # on to the next question's radios
    nxt = page.evaluate("() => document.activeElement.name")
    assert nxt == QUESTIONS[1]["id"], nxt
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.querySelector('[data-quiz-progress-text]').textContent === '2 of {TOTAL} answered'")
    watch.assert_clean()


def test_start_again_while_the_engine_loads_stays_cleared(phone):
    context, page, watch = phone
    held = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.goto("tools/quiz/")
    page.wait_for_function("document.querySelector('[data-engine-status]').dataset.state === 'loading'")
    answer(page, {"easy_talk": "rarely", "sleep": "under_6"})
    page.click("[data-action=reset]")
    assert page.evaluate(CHECKED_JS) == []
    page.wait_for_function("true")
    for route in held:
        route.continue_()
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_timeout(1000)  # let any queued request come back
    assert page.locator("[data-quiz-progress-text]").inner_text() == f"0 of {TOTAL} answered"
    assert page.locator("[data-verdict]").count() == 0, "a verdict for the cleared answers is shown"
    assert page.evaluate("() => localStorage.getItem('trainsmart.quiz')") is None or \
        page.evaluate("() => Object.keys(JSON.parse(localStorage.getItem('trainsmart.quiz')).answers).length") == 0
    page.reload()
    page.wait_for_selector(MOUNTED)
    assert page.evaluate(CHECKED_JS) == [], "cleared answers came back after a reload"
    watch.assert_clean()
