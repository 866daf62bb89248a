"""The content check: one set of rules, and a typo fails loudly, naming the file and field.

Each case takes the real content file, breaks one thing, and runs the check the build
and the engine run on first use (``content.check_quiz`` / ``check_checklist``).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from guide_engine import content
from guide_engine.metrics import METRICS, RULES

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "guide_engine"
CHECKLIST = json.loads((ENGINE / "data" / "checklist.json").read_text(encoding="utf-8"))
QUIZ = json.loads((ENGINE / "data" / "quiz.json").read_text(encoding="utf-8"))


def refused_checklist(change) -> str:
    data = copy.deepcopy(CHECKLIST)
    change(data)
    with pytest.raises(content.ContentError) as caught:
        content.check_checklist(data)
    return str(caught.value)


def refused_quiz(change) -> str:
    data = copy.deepcopy(QUIZ)
    change(data)
    with pytest.raises(content.ContentError) as caught:
        content.check_quiz(data)
    return str(caught.value)


def row(data: dict, finding_id: str) -> dict:
    return next(r for r in data["findings"] if r["id"] == finding_id)


def test_the_shipped_content_passes_its_check():
    content.check_content()


def test_a_misspelt_metric_in_a_findings_row_is_refused_naming_the_row():
    message = refused_checklist(lambda d: row(d, "sleep_short")["when"][0].__setitem__(0, "sleep_hour"))
    assert message.startswith("checklist.json: findings[")
    assert "(sleep_short).when[0]: unknown metric 'sleep_hour'" in message


def test_an_unknown_comparison_in_a_findings_row_is_refused():
    message = refused_checklist(lambda d: row(d, "no_rest")["when"][0].__setitem__(1, "=>"))
    assert "(no_rest).when[0]: unknown op '=>'" in message


def test_a_rule_the_engine_does_not_read_is_refused():
    message = refused_checklist(lambda d: d["rules"].__setitem__("monotony_high", 2.0))
    assert message == "checklist.json: rules: not read by the engine: ['monotony_high']"


def test_a_missing_rule_is_refused():
    message = refused_checklist(lambda d: d["rules"].pop("light_day_minutes"))
    assert message == "checklist.json: rules: missing: ['light_day_minutes']"


def test_a_verdict_cap_on_an_unknown_fact_or_band_is_refused():
    assert "unknown metric 'caution'" in refused_checklist(lambda d: d["verdict"]["caps"][0].__setitem__("metric", "caution"))
    assert "unknown band 'smartish'" in refused_checklist(lambda d: d["verdict"]["caps"][0].__setitem__("band", "smartish"))


def test_a_pain_sign_needs_a_severity():
    assert "pain_flags[0].severity" in refused_checklist(lambda d: d["pain_flags"][0].pop("severity"))


def test_every_rule_the_engine_declares_is_read_in_its_code():
    """RULES is what the content check allows; each name must really be looked up."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ENGINE.glob("*.py")))
    unread = [name for name in RULES if not re.search(rf'\[\s*"{name}"\s*\]', source)]
    assert unread == []


def test_every_metric_a_row_may_name_is_one_the_review_or_the_plan_computes():
    from guide_engine.metrics import PLAN_METRICS
    from guide_engine.plan import plan_metrics
    from guide_engine.review import review

    week = {"week_start": "2026-11-16", "sessions": [],
            "plan": {"sessions": [{"id": "p1", "date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 30}]}}
    assert set(METRICS) <= set(review(week)["metrics"])
    assert set(PLAN_METRICS) <= set(plan_metrics(week))


@pytest.mark.parametrize("score", [3, 1])
def test_a_warning_answer_worth_a_point_is_refused(score):
    """Else ticking a warning sign could raise a score: at 3 by changing an answer, and even at 1
    by answering one more question of a quiz half done whose answers so far score 0."""
    def change(d):
        q = next(q for q in d["questions"] if q["id"] == "tired_easy")
        next(o for o in q["options"] if o["id"] == "often")["score"] = score
    assert "warning_signs[0].tired_easy: a warning answer scores 0" in refused_quiz(change)


def test_a_warning_sign_naming_an_unknown_option_is_refused():
    message = refused_quiz(lambda d: d["warning_signs"][2]["answers"]["workout_overshoot"].append("always"))
    assert message == "quiz.json: warning_signs[2].workout_overshoot: unknown option 'always'"


def test_a_cap_naming_an_unknown_band_is_refused():
    assert "warning_caps[0].band" in refused_quiz(lambda d: d["warning_caps"][0].__setitem__("band", "great"))
