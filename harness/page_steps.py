"""Steps and probes shared by the browser tests, the three-engine smoke suite and the
benchmark (bench/phone.py, bench/engines.py).

Every selector the shared steps use is named here, once: when the tools' markup
changes, this module follows it and every engine's run follows this module. A step
takes a page with the part of Playwright's sync ``Page`` API that
``harness/browsers/page.py`` implements for every engine (``goto``, ``reload``,
``evaluate``, ``wait_for_selector``, ``wait_for_function``, ``check``, ``is_checked``,
``fill``, ``click``, ``dispatch_event``, ``get_attribute``, ``text_content``,
``go_back``, ``set_input_files``), so a bare Playwright page works too. Steps wait for what they need with
generous limits (the engine's first boot takes several seconds on a busy machine),
never with fixed sleeps.
"""

from __future__ import annotations

# ---- pages ----
HOME = ""
QUIZ = "tools/quiz/"
CHECKLIST = "tools/weekly-checklist/"
SHARED = "tools/shared-weeks/"

# ---- the pages' stable hooks ----
COMPONENT = "[data-guide-component]"
STATUS = "[data-engine-status]"
# The engine is ready and, on the weekly tool, has read the saved weeks (until then the history
# shows the stored ones unchecked, and its buttons would act on weeks not yet read).
READY = (":is([data-guide-component]:not([data-guide-component=checklist]), [data-weeks]:not([data-weeks=loading]))"
         " [data-engine-status][data-state=ready]")
VERDICT = "[data-verdict]"
HOME_TO_QUIZ = ".md-content a.md-button[href$='tools/quiz/']"
QUIZ_SAFETY_NOTE = "article details.danger > summary"  # the tools' safety note, folded until opened
QUIZ_TO_ARTICLE = "article details.danger a[href*='pain-and-injury/']"
ARTICLE_TO_CHECKLIST = "article a[href*='weekly-checklist/']"
QUIZ_QUESTION = "[data-question=level]"
WEEK_FORM = "[data-week-form]"
TOOL_TABS = "[data-tool-tabs]"  # the weekly tool's sections: this-week, log, plan, history, backup
WEEK_START = "#week-start"
ADD_SESSION = "[data-action=add-session]"
NEW_WEEK = "[data-action=new-week]"
SESSION_DATE = ".guide-session [name=date]"  # the first session of the form
SESSION_MINUTES = ".guide-session [name=minutes]"
SUBMIT_WEEK = "[data-week-form] button[type=submit]"
WEEK_VERDICT = "[data-week-result]:not([hidden]) [data-verdict]"
NO_STRENGTH = "[data-finding=strength_none]"
BACKUP_REMINDER = "[data-backup-reminder]"
STALE_LAST_REVIEW = "[data-last-review]:not([hidden]) .guide-stale"  # last visit's findings, not yet refreshed
SHARE_WEEK_TICKED = "[data-share-weeks] input[name=share_week]:checked"
SHARE_LINK = "[data-action=share-link]"
SHARE_URL = "[data-share-url]"
SHARE_SEND = "[data-share-result] .md-button--primary"  # "Share the link…", or "Copy the link" without Web Share
SHARE_STATUS = "[data-share-status]"
SHARE_QR = "[data-share-qr] svg"
SHARE_REPORT = "[data-action=share-report]"
REPORT = ".guide-report"
SHARED_VIEW = "[data-guide-component=shared]"
SHARED_OPEN = "[data-guide-component=shared][data-shared=open]"
SHARED_REFUSED = "[data-guide-component=shared][data-shared=refused]"
SHARED_STATUS = "[data-shared-status]"
KEEP_COPY = "[data-action=keep-copy]"
PLAN_WEEK_START = "#plan-week-start"
PLAN_BLANK = "[data-action=plan-blank]"
PLAN_ADD = "[data-action=plan-add]"
PLAN_CHECK = "[data-plan-form] button[type=submit]"
PLAN_FINDING = "[data-plan-result]:not([hidden]) [data-plan-findings] [data-finding]"
IMPORT_FILES = "[data-action=import-activities]"  # the activity files' picker (many at once)
IMPORT_PREVIEW = ".guide-import-preview"
IMPORT_ROW = "[data-import-row]"  # one activity found: to add (with its effort and purpose) or a duplicate
IMPORT_DUPLICATE = "[data-import-row][data-duplicate]"
IMPORT_REFUSED = "[data-refused] li"
IMPORT_BULK_EFFORT = "select[name=all-effort]"
IMPORT_RATE_ALL = "[data-action=import-rate-all]"  # "Use for every run not rated"
IMPORT_CANCEL = "[data-action=import-cancel]"
IMPORT_CONFIRM = "[data-action=import-confirm]"
IMPORT_STATUS = "[data-activities-status]"


def section_tab(name: str) -> str:
    """The tab of one of the weekly tool's sections."""
    return f"[data-tab={name}]"


def answer(question: str, value: str) -> str:
    """The radio or box for ``value`` of quiz ``question``."""
    return f"input[name={question}][value={value}]"


def saved_week(week_start: str) -> str:
    """A week in the checklist's history list (in the History section: open it first)."""
    return f"[data-history-list] [data-week='{week_start}']"


def shared_week(week_start: str) -> str:
    """A week opened from a share, on the shared-weeks page."""
    return f"[data-shared-week='{week_start}']"


# ---- what the page's storage and caches hold ----

# True once the service worker's cache holds every "lazy" file of its build (the Python
# runtime and the engine wheel; not the "on_use" activity readers), read from the precache
# manifest it keeps.
ENGINE_CACHED = """async () => {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const manifest = await cache.match(new URL('__precache.json', location.origin + '/').href);
    if (!manifest) continue;
    const lazy = (await manifest.json()).files.filter((f) => f.lazy && !f.on_use);
    const cached = new Set((await cache.keys()).map((r) => r.url));
    if (lazy.length && lazy.every((f) => cached.has(new URL(f.url, location.origin + '/').href))) return true;
  }
  return false;
}"""

# True once the engine worker has stored its memory snapshot (after a cold boot).
SNAPSHOT_STORED = """async () => (await (await caches.open("guide-engine-snapshot")).keys()).length > 0"""

# True once a service worker controls the page and has cached the engine for offline use.
OFFLINE_READY = f"""async () => navigator.serviceWorker.controller !== null && await ({ENGINE_CACHED})()"""

ENGINE_LIMIT_MS = 120_000  # a first boot: about 6 s in WebKit here, far longer on a loaded machine


# ---- steps ----

def wait_for_engine(page, timeout: float = ENGINE_LIMIT_MS) -> str:
    """Wait until the engine is ready; returns how it booted ("cold" or "snapshot")."""
    page.wait_for_selector(READY, timeout=timeout)
    return page.get_attribute(STATUS, "data-engine-boot")


def wait_for_checklist_settled(page, timeout: float = ENGINE_LIMIT_MS) -> None:
    """Wait until the engine is ready and has re-checked the saved weeks (the last
    findings are refreshed), so the page no longer moves under the reader's finger."""
    wait_for_engine(page, timeout)
    page.wait_for_function(f"() => !document.querySelector('{STALE_LAST_REVIEW}')", timeout=timeout)


def answer_as_a_tired_beginner(page) -> None:
    """Two quiz answers that make the engine suggest the recovery fix; waits for it."""
    page.check(answer("level", "beginner"))
    page.check(answer("sleep", "under_6"))
    page.wait_for_selector("[data-fix=recovery]")


def tired_beginner_answers_kept(page) -> bool:
    """Are the answers of :func:`answer_as_a_tired_beginner` still ticked?"""
    return page.is_checked(answer("level", "beginner")) and page.is_checked(answer("sleep", "under_6"))


def answer_and_wait_for_a_new_verdict(page, question: str, value: str) -> None:
    """Change one answer and wait until the engine has rendered a verdict for it.

    The verdict shown before is marked, so only a verdict drawn after the change counts.
    """
    page.evaluate("(sel) => { for (const v of document.querySelectorAll(sel)) v.dataset.stepOld = ''; }", VERDICT)
    page.check(answer(question, value))
    page.wait_for_selector(f"{VERDICT}:not([data-step-old])")


def open_section(page, name: str) -> None:
    """Show one of the weekly tool's sections, as a reader taps its tab."""
    page.click(section_tab(name))
    page.wait_for_selector(f"[data-panel={name}]:not([hidden])")


def review_a_week_with_one_run(page, week_start: str = "2026-11-16", run_day: str = "2026-11-17") -> None:
    """Log one 30-minute session in the week of ``week_start`` and wait for the review."""
    open_section(page, "log")
    page.fill(WEEK_START, week_start)
    page.dispatch_event(WEEK_START, "change")
    page.click(ADD_SESSION)
    page.fill(SESSION_DATE, run_day)
    page.fill(SESSION_MINUTES, "30")
    page.click(SUBMIT_WEEK)
    page.wait_for_selector(WEEK_VERDICT)


def start_a_new_week(page) -> None:
    """Clear the form for another week (the reviewed one stays saved)."""
    open_section(page, "log")
    page.click(NEW_WEEK)
    page.wait_for_function(f"() => document.querySelectorAll('{SESSION_DATE}').length === 0")


def navigate_instantly_to_the_checklist_and_back(page) -> bool:
    """From the quiz, through an article, to the checklist and back with the back button,
    all with Material's instant navigation; True when the page never reloaded."""
    page.evaluate("() => { window.__stepSameDocument = true; }")
    page.click(QUIZ_SAFETY_NOTE)
    page.click(QUIZ_TO_ARTICLE)
    page.wait_for_selector(ARTICLE_TO_CHECKLIST)
    page.click(ARTICLE_TO_CHECKLIST)
    page.wait_for_selector(TOOL_TABS)
    wait_for_engine(page)  # the same worker serves the checklist at once
    page.go_back()
    page.wait_for_function("() => location.pathname.includes('/pain-and-injury/')")
    page.wait_for_selector(ARTICLE_TO_CHECKLIST)
    page.go_back()
    page.wait_for_function("() => location.pathname.endsWith('/tools/quiz/')")
    page.wait_for_selector(QUIZ_QUESTION)
    return page.evaluate("() => window.__stepSameDocument === true")


def create_share_link(page) -> str:
    """Go to the checklist and make a share link of the weeks ticked by default; returns the link."""
    page.goto(CHECKLIST)
    wait_for_checklist_settled(page)
    open_section(page, "history")  # the share panel is part of the History section
    page.wait_for_selector(SHARE_WEEK_TICKED)
    page.click(SHARE_LINK)
    page.wait_for_selector(SHARE_URL)
    return page.get_attribute(SHARE_URL, "value")


def open_share_link(page, link: str, weeks: list[str], timeout: float = ENGINE_LIMIT_MS) -> None:
    """Open a share link and wait until every week in ``weeks`` shows its verdict (or the lack of one)."""
    page.goto(link)
    page.wait_for_selector(SHARED_OPEN, timeout=timeout)
    for week_start in weeks:
        page.wait_for_selector(f"{shared_week(week_start)} [data-verdict]")


def plan_row(n: int, field: str) -> str:
    """A field (date, kind, minutes, distance) of the plan form's n-th session (from 1)."""
    return f"[data-plan-rows] > li:nth-child({n}) [name={field}]"


def plan_a_week(page, week_start: str, sessions: list[tuple[str, str, str]]) -> list[str]:
    """Plan the week of ``week_start`` from a blank week with ``sessions`` of (date, kind,
    minutes); check and save it; returns the ids of the plan's findings."""
    open_section(page, "plan")
    page.fill(PLAN_WEEK_START, week_start)
    page.dispatch_event(PLAN_WEEK_START, "change")
    page.click(PLAN_BLANK)
    for n, (date, kind, minutes) in enumerate(sessions, start=1):
        page.click(PLAN_ADD)
        page.fill(plan_row(n, "date"), date)
        page.fill(plan_row(n, "kind"), kind)
        page.dispatch_event(plan_row(n, "kind"), "change")
        page.fill(plan_row(n, "minutes"), minutes)
    page.click(PLAN_CHECK)
    page.wait_for_selector(PLAN_FINDING)
    return page.evaluate(f"() => [...document.querySelectorAll('{PLAN_FINDING}')].map((f) => f.dataset.finding)")


def import_activity_files(page, paths, timeout: float = ENGINE_LIMIT_MS) -> str:
    """Choose activity files in the checklist's import (Backup & import) and wait for the
    preview; returns its first line ("Found N activities: A to add, D already logged.")."""
    open_section(page, "backup")
    page.set_input_files(IMPORT_FILES, paths)
    page.wait_for_selector(IMPORT_PREVIEW, timeout=timeout)
    return page.text_content(f"{IMPORT_PREVIEW} > p").strip()


def rate_every_import_and_confirm(page, effort: str) -> str:
    """Give every unrated activity of the preview ``effort``, add them; returns the status."""
    page.fill(IMPORT_BULK_EFFORT, effort)
    page.click(IMPORT_RATE_ALL)
    page.click(IMPORT_CONFIRM)
    page.wait_for_function(f"() => /^Added /.test(document.querySelector('{IMPORT_STATUS}').textContent)")
    return page.text_content(IMPORT_STATUS)


def stored_weeks_text(page):
    """The saved weeks' text exactly as localStorage holds it (None: nothing saved)."""
    return page.evaluate("() => localStorage.getItem('trainsmart.weeks')")
