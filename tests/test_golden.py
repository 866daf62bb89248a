"""Golden request/response files for the engine boundary (``tests/golden/*.json``).

Each file is ``{"request": {...}, "response": {...}}`` where ``response`` is exactly
what ``guide_engine.handle(request)`` returns. The Pyodide parity test replays the
same files in the browser runtime, so every case must be deterministic and the same
on every Python: no ``version`` requests (they report the Python minor version).

To add a case, add it to ``CASES`` (or drop a file holding just ``{"request": ...}``
into the folder) and regenerate::

    GOLDEN_REGEN=1 .venv/bin/python -m pytest tests/test_golden.py

Regeneration rewrites every file's response from its stored request. Without the
variable, a mismatch fails with a unified diff of the pretty-printed JSON.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from pathlib import Path

import pytest

import personas
import week_personas as wp
from guide_engine import handle

GOLDEN = Path(__file__).resolve().parent / "golden"
REGEN = os.environ.get("GOLDEN_REGEN") == "1"


def quiz(answers: object, rid: int = 1) -> dict:
    return {"v": 1, "id": rid, "type": "quiz", "data": {"answers": answers}}


def review(data: dict) -> dict:
    return {"v": 1, "id": 1, "type": "review", "data": data}


# file stem -> request; the stem says what the case proves.
CASES: dict[str, object] = {
    "ping-echoes-the-id": {"v": 1, "id": 41, "type": "ping", "data": {}},
    "quiz-beginner-all-hard-gets-effort-strength-recovery-fixes": quiz(personas.BEGINNER_ALL_HARD),
    "quiz-structured-runner-is-smart-with-no-fixes": quiz(personas.STRUCTURED_EXPERIENCED),
    "quiz-red-flag-overrides-verdict": quiz(personas.SHARP_PAIN),
    "quiz-chest-pain-alert-comes-first": quiz(personas.CHEST_PAIN),
    "quiz-pain-four-says-see-not-stop": quiz(personas.PAIN_FOUR),
    "quiz-missed-periods-says-talk-to-a-doctor": quiz(personas.MISSED_PERIODS),
    "quiz-partial-answers-give-provisional-result": quiz({"easy_talk": "sometimes", "sleep": "6_7", "energy": []}, "partial"),
    "quiz-no-level-gives-intermediate-advice": quiz({"strength_freq": "never", "pain_recurring": "yes"}),
    # Personas named for the verdict a coach gives (issue: verdicts a coach would sign).
    "quiz-chest-pain-in-a-good-runner-is-urgent-care-with-no-score": quiz(personas.CHEST_PAIN_ONLY),
    "quiz-missed-periods-and-bone-injuries-is-see-a-doctor": quiz(personas.PERIODS_AND_BONES),
    "quiz-four-warning-signs-is-hard-not-smart": quiz(personas.FOUR_WARNING_SIGNS),
    "quiz-no-workouts-yet-is-no-leak": quiz(personas.BEGINNER_NO_WORKOUTS_YET),
    "quiz-daily-running-with-no-light-day-is-mostly-smart": quiz(personas.DAILY_NO_LIGHT_DAY),
    "review-blank-week-gets-no-verdict": review(wp.blank_week()),
    "review-seven-all-out-days-is-hard-not-smart": review(wp.seven_all_out_days()),
    "review-textbook-week-with-a-light-day-is-smart": review(wp.textbook_week_reviewed()),
    "review-chest-pain-in-a-smart-week-is-urgent-care": review(wp.textbook_week_with_chest_pain()),
    "review-race-week-is-no-spike-and-no-strength-scolding": review(wp.race_week()),
    "review-distance-on-one-run-compares-by-time": review(wp.distance_on_one_run_last_week()),
    "review-nearly-flat-week-reads-monotony-10": review(wp.nearly_flat_week()),
    "review-two-cautions-are-mostly-smart": review(wp.two_cautions()),
    "review-pain-four-is-see-a-professional-first": review(wp.pain_four()),
    "review-old-weeks-are-not-recent-load": review(wp.old_weeks_are_not_recent()),
    "plan-sensible-week-raises-no-caution": {"v": 1, "id": 1, "type": "plan", "data": wp.sensible_plan()},
    "plan-hard-days-together-and-a-long-jump-get-changes": {"v": 1, "id": 1, "type": "plan",
                                                            "data": wp.plan_with_hard_days_together_and_a_long_jump()},
    "review-planned-against-done": review(wp.planned_against_done()),
    "error-unknown-request-type": {"v": 1, "id": 2, "type": "train"},
    "error-request-not-an-object": ["ping"],
    "error-wrong-protocol-version": {"v": 2, "id": 3, "type": "ping"},
    "error-bool-id-is-not-echoed": {"v": 1, "id": True, "type": "ping"},
    "error-unknown-field-in-data": {"v": 1, "id": 4, "type": "ping", "data": {"hello": "world"}},
    "error-quiz-unknown-question": quiz({"easy_talk": "always", "shoe_size": "44"}),
    "error-quiz-unknown-option": quiz({"sleep": "9_hours"}),
    "error-quiz-none-ticked-with-another-option": quiz({"pain_signs": ["none", "sharp"]}),
    "error-quiz-multi-given-text": quiz({"energy": "periods"}),
}


def shared_weeks_text() -> str:
    """A runner's saved weeks: last week, and this week with its plan (the textbook week)."""
    this_week = {**wp.textbook_week_reviewed()["week"],
                 "plan": {"sessions": [{"id": "p1", "date": "2026-11-22", "kind": "long", "intent": "easy", "minutes": 100,
                                        "distance_km": 17}]}}
    this_week["sessions"][-1] = {**this_week["sessions"][-1], "plan_id": "p1", "note": "<b>hilly</b>, felt strong"}
    older = wp.week(wp.session(3, 30, 3), start=wp.MONDAY - dt.timedelta(days=28))
    return json.dumps({"format": "trainsmart-weeks", "schema": 2, "weeks": [older, wp.last_week(), this_week]})


def share(kind: str, **data) -> dict:
    return {"v": 1, "id": 1, "type": kind, "data": data}


def shared_text(made: str = "2026-11-22") -> tuple[str, str]:
    """The share of the last two weeks that share_build answers for shared_weeks_text(), made on ``made``."""
    answer = handle(share("share_build", weeks=["2026-11-16", "2026-11-09"], text=shared_weeks_text(), today=made))["data"]
    return answer["text"], answer["check"]


def edited(text: str) -> str:
    return text.replace('"minutes":100', '"minutes":10', 1)


CASES |= {
    "share-build-holds-the-chosen-weeks-in-date-order": share("share_build", weeks=["2026-11-16", "2026-11-09"],
                                                              text=shared_weeks_text(), today="2026-11-22"),
    "share-open-reviews-each-week-against-the-other-shared-weeks": share("share_open", text=shared_text()[0],
                                                                         check=shared_text()[1]),
    "share-open-reviews-a-week-as-it-stood-when-shared": share("share_open", text=shared_text("2026-11-19")[0],
                                                               today="2026-12-05", units="mi"),
    "error-share-open-edited-link-fails-its-check": share("share_open", text=edited(shared_text()[0]), check=shared_text()[1]),
    "error-share-open-newer-schema-says-reload": share("share_open", text=shared_text()[0].replace('"schema":2', '"schema":3', 1)),
    "error-share-open-backup-is-not-a-share": share("share_open", text=shared_weeks_text()),
}


def pretty(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(path: Path, request: object) -> None:
    path.write_text(pretty({"request": request, "response": handle(request)}), encoding="utf-8")


def golden_files() -> list[Path]:
    """Every golden file: those on disk plus any case not yet written (so regen creates it)."""
    paths = set(GOLDEN.glob("*.json")) | {GOLDEN / f"{stem}.json" for stem in CASES}
    return sorted(paths)


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.stem)
def test_golden_response_matches_handle(path):
    stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    request = CASES.get(path.stem, stored.get("request"))
    if REGEN:
        GOLDEN.mkdir(exist_ok=True)
        write(path, request)
        return
    assert path.exists(), f"{path.name} is missing: regenerate with GOLDEN_REGEN=1"
    assert set(stored) == {"request", "response"}, f"{path.name} must hold exactly request and response"
    if path.stem in CASES:
        assert stored["request"] == CASES[path.stem], f"{path.name}: stored request differs from CASES"
    actual = handle(stored["request"])
    if actual != stored["response"]:
        diff = difflib.unified_diff(pretty(stored["response"]).splitlines(), pretty(actual).splitlines(),
                                    f"{path.name} (stored)", "handle(request)", lineterm="")
        pytest.fail("golden response differs:\n" + "\n".join(diff), pytrace=False)


def test_every_case_in_the_table_has_its_golden_file():
    missing = [stem for stem in CASES if not (GOLDEN / f"{stem}.json").exists()]
    assert missing == [], "run GOLDEN_REGEN=1 .venv/bin/python -m pytest tests/test_golden.py"


def test_golden_files_are_stored_pretty_and_sorted():
    """Stable formatting keeps regenerated diffs small and reviewable."""
    unformatted = [p.name for p in sorted(GOLDEN.glob("*.json"))
                   if p.read_text(encoding="utf-8") != pretty(json.loads(p.read_text(encoding="utf-8")))]
    assert unformatted == []


def test_no_golden_request_asks_for_the_version():
    """``version`` reports the Python minor version, which differs in Pyodide."""
    kinds = [json.loads(p.read_text(encoding="utf-8"))["request"] for p in sorted(GOLDEN.glob("*.json"))]
    assert [k for k in kinds if isinstance(k, dict) and k.get("type") == "version"] == []
