"""Accessibility: axe-core (WCAG 2.1 A and AA rules) on every page type in the light and
dark palettes, and both tools used with the keyboard alone.

axe-core comes from node_modules (pinned in package.json) and is injected with
``page.add_script_tag``. The site's Content-Security-Policy allows no script that
is not the site's own or hashed, so the inline script Playwright adds would be
blocked: the axe contexts are created with ``bypass_csp=True`` (only these).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import PHONE
from page_steps import READY

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
QUIZ = json.loads((ROOT / "guide_engine" / "data" / "quiz.json").read_text(encoding="utf-8"))
TOTAL = len(QUIZ["questions"])
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {"home": "", "article": "guide/easy-runs/", "glossary": "glossary/", "references": "references/",
         "quiz": "tools/quiz/", "checklist": "tools/weekly-checklist/#log", "shared": "tools/shared-weeks/",
         # The weekly tool's other sections, each with a returning reader's data in it.
         "this-week": "tools/weekly-checklist/#this-week", "plan": "tools/weekly-checklist/#plan",
         "history": "tools/weekly-checklist/#history", "backup": "tools/weekly-checklist/#backup"}
SECTIONS = {"this-week", "plan", "history", "backup"}


def seed_weeks(context):
    """Three reviewed weeks before this one and plans for this week and the next, stored as the tool stores them."""
    today = dt.date.today()
    this_monday = today - dt.timedelta(days=today.weekday())
    weeks = []
    for back in (3, 2, 1):
        monday = this_monday - dt.timedelta(weeks=back)
        weeks.append({"week_start": monday.isoformat(), "checklist": {"purpose": {"answer": "yes"}, "easy_easy": {"answer": "no"}},
                      "sessions": [{"date": (monday + dt.timedelta(days=d)).isoformat(), "kind": k, "intent": i, "minutes": m,
                                    "effort": e} for d, k, i, m, e in ((1, "easy", "easy", 40, 3), (3, "workout", "hard", 50, 8),
                                                                        (6, "long", "easy", 80 + 10 * back, 4))]})
    for monday in (this_monday, this_monday + dt.timedelta(weeks=1)):  # this week's plan, and next week's (the Plan section's default)
        weeks.append({"week_start": monday.isoformat(), "plan": {"sessions": [
            {"id": "p1", "date": monday.isoformat(), "kind": "easy", "intent": "easy", "minutes": 40},
            {"id": "p2", "date": (monday + dt.timedelta(days=1)).isoformat(), "kind": "workout", "intent": "hard", "minutes": 45},
            {"id": "p3", "date": (monday + dt.timedelta(days=2)).isoformat(), "kind": "workout", "intent": "hard", "minutes": 50}]}})
    text = json.dumps({"format": "trainsmart-weeks", "schema": 2, "weeks": weeks})
    context.add_init_script(f"try {{ localStorage.getItem('trainsmart.weeks') || localStorage.setItem('trainsmart.weeks', {json.dumps(text)}); }} catch (e) {{}}")


def show_section(page, name):
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_selector(f"[data-panel={name}]:not([hidden])")
    if name == "this-week":
        page.wait_for_selector("[data-week-status] [data-status-verdict]:not(:empty)")
    elif name == "plan":
        page.click("[data-plan-form] button[type=submit]")  # next week's stored plan, checked: two hard days in a row
        page.wait_for_selector("[data-plan-result]:not([hidden]) [data-finding]")
    elif name == "history":
        page.wait_for_selector("[data-history-list] li[data-week]")
        page.click("[data-action=share-link]")  # the share panel with its link and QR code
        page.wait_for_selector("[data-share-qr] svg")


def shared_link() -> str:
    """The shared-weeks page with a share of two weeks (one with its plan) in its fragment."""
    from guide_engine import handle
    from shares import fragment, runner_weeks, stored_text

    weeks = runner_weeks(2, plans=True)
    built = handle({"type": "share_build", "data": {"weeks": [w["week_start"] for w in weeks], "text": stored_text(weeks)}})
    return PAGES["shared"] + fragment(built["data"]["text"], built["data"]["check"])


def show_quiz_result(page):
    page.wait_for_selector(READY, timeout=90_000)
    page.check("input[name=level][value=beginner]")
    page.check("input[name=easy_talk][value=rarely]")
    page.check("input[name=easy_drift][value=often]")
    page.check("input[name=sleep][value=under_6]")
    page.wait_for_selector("[data-verdict]")
    page.wait_for_selector("[data-fix]")


def show_checklist_review(page):
    page.wait_for_selector(READY, timeout=90_000)
    page.check("input[name=check-purpose][value=yes]")
    page.check("input[name=check-easy_easy][value=no]")
    page.click("[data-action=add-session]")
    li = page.locator("[data-sessions] > li").last
    li.locator("[name=minutes]").fill("45")
    li.locator("[name=effort]").select_option("6")
    page.click("[data-week-form] button[type=submit]")
    page.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
    page.wait_for_selector("[data-week-result] [data-finding]")
    page.wait_for_selector("[data-history-list] li[data-week]", state="attached")


def show_shared_weeks(page):
    page.wait_for_selector("[data-shared=open] [data-shared-week] [data-verdict]", timeout=90_000)


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')), count: v.nodes.length }));
    }""", WCAG)


def describe(violations) -> str:
    return "\n".join(f"- {v['id']} ({v['impact']}, {v['count']} node(s)): {v['help']}; e.g. {v['targets']}"
                     for v in violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_wcag_21_aa_violations(browser, base_url, name, scheme):
    # bypass_csp: the CSP would block the script tag that carries axe-core (see the module docstring).
    context = browser.new_context(**PHONE, base_url=base_url, bypass_csp=True, color_scheme=scheme)
    if name in SECTIONS:
        seed_weeks(context)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(shared_link() if name == "shared" else PAGES[name])
        page.wait_for_load_state("load")
        body_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert body_scheme == ("slate" if scheme == "dark" else "default"), body_scheme
        if name == "quiz":
            show_quiz_result(page)
        elif name == "checklist":
            show_checklist_review(page)
        elif name in SECTIONS:
            show_section(page, name)
        elif name == "shared":
            show_shared_weeks(page)
        violations = axe_violations(page)
        assert violations == [], f"axe on {name} ({scheme}):\n{describe(violations)}"
    finally:
        context.close()


def _active(page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement; return el ? {
        tag: el.tagName, type: el.type || '', name: el.name || '', value: el.value || '',
        action: el.dataset ? el.dataset.action || '' : '',
        quiz: Boolean(el.closest('[data-guide-component=quiz]')),
        question: el.closest('[data-question]') ? el.closest('[data-question]').dataset.question : '' } : {}; }""")


def test_the_whole_quiz_can_be_answered_with_the_keyboard_alone(phone):
    context, page, watch = phone
    page.goto("tools/quiz/")
    page.wait_for_selector(READY, timeout=90_000)
    for _ in range(150):
        page.keyboard.press("Tab")
        if _active(page).get("question"):
            break
    else:
        pytest.fail("Tab never reached the first answer")
    first = _active(page)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # arrow keys move the choice within the group
    moved = _active(page)
    assert moved["question"] == first["question"] and moved["value"] != first["value"]
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # and back again
    assert _active(page)["question"] == first["question"]

    answered = {first["question"]}
    for _ in range(400):
        page.keyboard.press("Tab")
        el = _active(page)
        qid = el.get("question")
        if qid and qid not in answered:
            page.keyboard.press("Space")
            answered.add(qid)
        if len(answered) == TOTAL:
            break
    assert len(answered) == TOTAL, f"reached only {len(answered)} of {TOTAL} questions with Tab"
    page.wait_for_function(f"() => document.querySelector('[data-quiz-progress-text]').textContent"
                           f" === 'All {TOTAL} questions answered'")
    page.wait_for_selector("[data-verdict]")
    assert page.locator("[data-provisional], .guide-provisional").count() == 0
    watch.assert_clean()


def test_a_week_can_be_logged_and_saved_with_the_keyboard_alone(phone):
    context, page, watch = phone
    page.goto("tools/weekly-checklist/#log")
    page.wait_for_selector(READY, timeout=90_000)
    for _ in range(200):
        page.keyboard.press("Tab")
        if _active(page).get("action") == "add-session":
            break
    else:
        pytest.fail("Tab never reached 'Add a session'")
    page.keyboard.press("Enter")
    focused = _active(page)
    assert focused["name"] == "minutes", f"after 'Add a session' the focus is on {focused}"
    page.keyboard.type("45")
    page.keyboard.press("Tab")  # on to the distance
    page.keyboard.type("8")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]", timeout=30_000)
    assert page.evaluate("() => document.activeElement === document.querySelector('[data-week-result]')")
    saved = json.loads(page.evaluate("() => localStorage.getItem('trainsmart.weeks')"))
    session = saved["weeks"][0]["sessions"][0]
    assert session["minutes"] == 45 and session["distance_km"] == 8
    assert page.locator("[data-week-result] h3", has_text="Findings").count() == 1
    watch.assert_clean()

