"""The reader's journey that every engine must pass: one scenario, run by
``tests/test_browser_smoke.py`` in Chromium, WebKit and Firefox through one page API.

The scenario is an ordered list of :class:`Step`. A step is a function of the page
and the :class:`Journey` (the test server, figures); it acts through the shared steps
of ``page_steps.py`` (which hold every selector) and asserts what the reader must see.
After every step the run fails on any page error or request to another host, naming
the step and the engine. A new feature of the tools (importing a file, planning a week,
opening a share link) is a new step appended to ``STEPS``, not a new suite.
"""

from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable

import page_steps as s
from activity_files import gpx, run_fit

# Figures of each passing run in this pytest session, printed by conftest.py at the end.
RUNS: list[dict] = []

FIRST_WEEK, FIRST_RUN = "2026-11-16", "2026-11-17"
SECOND_WEEK, SECOND_RUN = "2026-11-23", "2026-11-24"
IMPORT_WEEK = "2026-11-30"  # the week the imported files fill
PLAN_WEEK = "2026-12-07"  # the week planned ahead


@dataclass
class Journey:
    """What one run carries from step to step."""

    server: object  # browsers.server.SmokeServer
    figures: dict = field(default_factory=dict)

    @contextmanager
    def offline(self):
        """The server refuses every connection until the block ends (airplane mode)."""
        self.server.dark = True
        try:
            try:  # the switch itself must work, or an "offline" pass would prove nothing
                urllib.request.urlopen(self.server.url, timeout=5)
                raise AssertionError("the test server still answers while dark")
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            yield
        finally:
            self.server.dark = False


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[object, Journey], None]


class StepFailed(AssertionError):
    """A step failed in an engine; the message says which and why."""


def _ready_at(page) -> float | None:
    """When the engine reported ready, in ms since this document's navigation started."""
    return page.evaluate("() => window.__smoke ? window.__smoke.readyAt : null")


# ---- the steps ----

def home_to_quiz(page, journey):
    page.goto(s.HOME)
    page.wait_for_selector(s.HOME_TO_QUIZ)
    page.evaluate("() => { window.__smokeTap = performance.now(); }")
    page.click(s.HOME_TO_QUIZ)
    page.wait_for_selector(s.QUIZ_QUESTION)
    assert page.evaluate("() => window.__smokeTap !== undefined"), "the home page's link reloaded the page: instant navigation is off"
    assert s.wait_for_engine(page) == "cold", "a first visit must boot Python from scratch"
    journey.figures["first_ready_ms"] = round(_ready_at(page) - page.evaluate("() => window.__smokeTap"))


def quiz_verdict(page, journey):
    s.answer_as_a_tired_beginner(page)
    page.wait_for_selector(s.VERDICT)


def quiz_reload_from_the_snapshot(page, journey):
    page.wait_for_function(s.SNAPSHOT_STORED, timeout=s.ENGINE_LIMIT_MS)
    page.reload()
    assert s.wait_for_engine(page) == "snapshot", "the second visit must restore the engine from its snapshot"
    journey.figures["repeat_ready_ms"] = round(_ready_at(page))
    assert s.tired_beginner_answers_kept(page), "the quiz lost its answers on reload"
    page.wait_for_selector("[data-fix=recovery]")  # the restored engine scores the kept answers


def instant_navigation_away_and_back(page, journey):
    assert s.navigate_instantly_to_the_checklist_and_back(page), "the page reloaded: instant navigation is off"
    s.answer_and_wait_for_a_new_verdict(page, "tired_easy", "always")


def checklist_review_and_reload(page, journey):
    page.goto(s.CHECKLIST)
    s.wait_for_checklist_settled(page)
    s.review_a_week_with_one_run(page, FIRST_WEEK, FIRST_RUN)
    s.open_section(page, "history")
    page.wait_for_selector(s.saved_week(FIRST_WEEK))
    page.reload()  # the address (#history) opens the same section again
    page.wait_for_selector(s.saved_week(FIRST_WEEK))  # from the device's storage, before the engine
    s.wait_for_checklist_settled(page)
    page.wait_for_selector(s.saved_week(FIRST_WEEK))  # and still there once the engine has checked it


def both_tools_offline(page, journey):
    page.wait_for_function(s.OFFLINE_READY, timeout=s.ENGINE_LIMIT_MS)
    with journey.offline():
        page.reload()
        s.wait_for_checklist_settled(page)
        page.wait_for_selector(s.saved_week(FIRST_WEEK))
        s.start_a_new_week(page)
        s.review_a_week_with_one_run(page, SECOND_WEEK, SECOND_RUN)
        s.open_section(page, "history")
        page.wait_for_selector(s.saved_week(SECOND_WEEK))
        page.goto(s.QUIZ)
        s.wait_for_engine(page)
        assert s.tired_beginner_answers_kept(page), "the quiz lost its answers offline"
        s.answer_and_wait_for_a_new_verdict(page, "easy_talk", "always")


def open_a_share_link(page, journey):
    """The two weeks saved so far, shared as a link and opened: nothing is written, nothing sent."""
    link = s.create_share_link(page)
    assert "#s1." in link and link.startswith(journey.server.url), link
    before = s.stored_weeks_text(page)
    s.open_share_link(page, link, [FIRST_WEEK, SECOND_WEEK])
    assert s.stored_weeks_text(page) == before, "opening a share link changed the saved weeks"
    journey.figures["share_link_chars"] = len(link)


def import_activity_files(page, journey):
    """A watch's FIT file and an app's GPX through the engine's readers (loaded now, on first
    use), rated and added; chosen again, both are recognised and nothing is added twice."""
    folder = tempfile.mkdtemp(prefix="smoke-import-")
    paths = [f"{folder}/tuesday.fit", f"{folder}/thursday.gpx"]
    with open(paths[0], "wb") as f:
        f.write(run_fit("2026-12-01T07:00:00Z", 40, 7.5, offset_minutes=60))
    with open(paths[1], "wb") as f:
        f.write(gpx("2026-12-03T17:00:00Z", 30, 5.0))
    page.goto(s.CHECKLIST)
    s.wait_for_checklist_settled(page)
    t = time.monotonic()
    found = s.import_activity_files(page, paths)
    journey.figures["import_preview_s"] = round(time.monotonic() - t, 1)
    assert found == "Found 2 activities: 2 to add, 0 already logged.", found
    status = s.rate_every_import_and_confirm(page, "4")
    assert status.startswith("Added 2 sessions in 1 week"), status
    week = next(w for w in json.loads(s.stored_weeks_text(page))["weeks"] if w["week_start"] == IMPORT_WEEK)
    assert sorted((x["date"], x["minutes"], x["effort"]) for x in week["sessions"]) == [
        ("2026-12-01", 40, 4), ("2026-12-03", 30, 4)], week["sessions"]
    before = s.stored_weeks_text(page)
    again = s.import_activity_files(page, paths)
    assert again == "Found 2 activities: 0 to add, 2 already logged.", again
    assert s.stored_weeks_text(page) == before


def plan_the_next_week(page, journey):
    """Two hard sessions on consecutive days: the engine says so before they are run; the
    plan is stored in its week and still there after a reload."""
    page.goto(s.CHECKLIST)
    s.wait_for_checklist_settled(page)
    found = s.plan_a_week(page, PLAN_WEEK, [("2026-12-08", "workout", "45"), ("2026-12-09", "workout", "40"),
                                            ("2026-12-13", "long", "70")])
    assert "plan_back_to_back" in found, found
    week = next(w for w in json.loads(s.stored_weeks_text(page))["weeks"] if w["week_start"] == PLAN_WEEK)
    assert [(p["date"], p["kind"], p["minutes"]) for p in week["plan"]["sessions"]] == [
        ("2026-12-08", "workout", 45), ("2026-12-09", "workout", 40), ("2026-12-13", "long", 70)], week
    assert week.get("sessions", []) == []
    page.reload()
    s.wait_for_checklist_settled(page)
    page.fill(s.PLAN_WEEK_START, PLAN_WEEK)
    page.dispatch_event(s.PLAN_WEEK_START, "change")
    assert page.evaluate(f"() => document.querySelector('{s.plan_row(3, 'minutes')}').value") == "70"


STEPS: list[Step] = [
    Step("home -> quiz (instant navigation, first visit boots cold)", home_to_quiz),
    Step("quiz: answer, verdict", quiz_verdict),
    Step("quiz: reload keeps the answers, engine from the snapshot", quiz_reload_from_the_snapshot),
    Step("instant navigation away and back", instant_navigation_away_and_back),
    Step("checklist: log a session, review, reload keeps it", checklist_review_and_reload),
    Step("offline: reload both tools, review a week, answer the quiz", both_tools_offline),
    Step("share: make a link of the saved weeks and open it, read-only", open_a_share_link),
    Step("import: a FIT and a GPX file, rated and added; again, nothing added twice", import_activity_files),
    Step("plan: the next week, checked before it is run, kept after a reload", plan_the_next_week),
]


def summary(runs: list[dict]) -> list[str]:
    """One line per run (build, engine): version, engine-ready times, how long the journey took."""
    def sec(ms):
        return "-" if ms is None else f"{ms / 1000:.1f} s"
    return [f"{r.get('build', ''):<9}{r['engine']:<9} {r['version']:<16} engine ready {sec(r.get('first_ready_ms'))} on a first visit "
            f"(home -> quiz), {sec(r.get('repeat_ready_ms'))} from the snapshot; journey {r['total_s']:.0f} s"
            for r in runs]


def run(page, journey: Journey, steps: list[Step] = STEPS) -> dict:
    """Run ``steps`` in order on ``page``; returns the figures, raises :class:`StepFailed`."""
    started = time.monotonic()
    for step in steps:
        t = time.monotonic()
        where = f"{page.engine} {page.version}, step '{step.name}'"
        try:
            step.run(page, journey)
        except Exception as err:  # an assertion, or a driver error (timeout, lost session)
            what = str(err) if isinstance(err, AssertionError) else f"{type(err).__name__}: {err}"
            problems = page.problems()  # a page error is often the cause: show it beside the failure
            raise StepFailed(f"{where}: {what}" + (f"\npage problems: {'; '.join(problems[:8])}" if problems else "")) from err
        problems = page.problems()
        if problems:
            raise StepFailed(f"{where}: " + "; ".join(problems[:8]))
        journey.figures.setdefault("steps_s", {})[step.name] = round(time.monotonic() - t, 1)
    journey.figures["total_s"] = round(time.monotonic() - started, 1)
    return journey.figures
