"""Planning the week ahead: the plan checked before it is run, then set against what was done.

Plans go through the public boundary (``handle``): ``plan`` checks a planned week with
its history, ``weeks_plan`` stores a plan in the saved weeks, and a ``review`` of a week
with a plan compares what was done. The reference week starts on Monday 2026-11-16.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guide_engine import handle
from guide_engine.week import parse_week

MONDAY = dt.date(2026, 11, 16)
PREVIOUS = MONDAY - dt.timedelta(days=7)


def day(n: int, start: dt.date = MONDAY) -> str:
    return (start + dt.timedelta(days=n - 1)).isoformat()


def planned(pid: str, n: int, minutes: int, kind: str = "easy", intent: str = "easy", **extra) -> dict:
    return {"id": pid, "date": day(n), "kind": kind, "intent": intent, "minutes": minutes, **extra}


def done(n: int, minutes: int, effort: int, kind: str = "easy", intent: str = "easy", start: dt.date = MONDAY, **extra) -> dict:
    return {"date": day(n, start), "kind": kind, "intent": intent, "minutes": minutes, "effort": effort, **extra}


def last_week(**extra) -> dict:
    """A steady week: 4 runs (200 minutes), a 14 km long run, two strength sessions."""
    return {"week_start": PREVIOUS.isoformat(), "sessions": [
        done(1, 40, 3, start=PREVIOUS, distance_km=7), done(2, 50, 7, "workout", "hard", start=PREVIOUS, distance_km=9),
        done(4, 40, 3, start=PREVIOUS, distance_km=7), done(6, 70, 4, "long", start=PREVIOUS, distance_km=14),
        done(3, 30, 5, "strength", "moderate", start=PREVIOUS), done(5, 30, 5, "strength", "moderate", start=PREVIOUS)], **extra}


def sensible_plan() -> list[dict]:
    return [planned("p1", 1, 40, distance_km=7), planned("p2", 2, 50, "workout", "hard", distance_km=9),
            planned("p3", 3, 30, "strength", "moderate"), planned("p4", 4, 40, distance_km=7),
            planned("p5", 5, 30, "strength", "moderate"), planned("p6", 6, 75, "long", distance_km=15)]


def check(plan: list[dict], history: list[dict] | None = None, units: str | None = None, **week) -> dict:
    data = {"week": {"week_start": MONDAY.isoformat(), "plan": {"sessions": plan}, **week},
            "history": [last_week()] if history is None else history, **({"units": units} if units else {})}
    response = handle({"v": 1, "id": 1, "type": "plan", "data": data})
    assert response["type"] == "result", response
    return response["data"]


def ids(result: dict, severity: str | None = None) -> list[str]:
    return [f["id"] for f in result["findings"] if severity is None or f["severity"] == severity]


def text(result: dict, finding: str) -> str:
    return next(f["text"] for f in result["findings"] if f["id"] == finding)


def test_a_sensible_plan_raises_no_caution():
    result = check(sensible_plan())
    assert ids(result, "caution") == []
    assert "plan_strength_ok" in ids(result)


def test_hard_days_back_to_back_are_found_and_a_day_to_move_to_is_suggested():
    plan = [*sensible_plan()[:3], planned("p4", 3, 45, "workout", "hard", distance_km=8), *sensible_plan()[4:]]
    # hard on Tuesday (p2) and Wednesday (p4): Thursday is the nearest day not next to Tuesday
    result = check(plan)
    assert "plan_back_to_back" in ids(result, "caution")
    message = text(result, "plan_back_to_back")
    assert "Tuesday, Wednesday" in message and "Move Wednesday's hard session to Thursday." in message


def test_a_planned_long_run_past_the_recent_longest_gets_a_cap_within_ten_percent():
    plan = [*sensible_plan()[:5], planned("p6", 7, 110, "long", distance_km=18)]  # 18 vs 14 km: 29 % longer
    result = check(plan)
    assert "plan_spike" in ids(result, "caution")
    assert "Cap Sunday's run at 15 km to stay within 10 % of your longest run of the 30 days before (14 km)." \
        in text(result, "plan_spike")


def test_capping_a_long_run_also_caps_a_longer_run_after_it():
    # Saturday's 18 km long run is capped at 15 km; Sunday's 16 km easy run passed the check only
    # because its 30 days held the uncapped long run. Capped alone, the long run would be shorter
    # than the next day's easy run.
    plan = [*sensible_plan()[:5], planned("p6", 6, 110, "long", distance_km=18), planned("p7", 7, 90, distance_km=16)]
    message = text(check(plan), "plan_spike")
    assert "Cap Saturday's run at 15 km" in message and message.endswith("Keep Sunday's run under that too.")
    # A run as long as the cap would make two long runs back to back: named too, in miles as well
    # (9.5 mi typed is kept as 15.29 km, 9.50077 mi); three runs are listed as a reader would.
    same = [*sensible_plan()[:5], planned("p6", 6, 110, "long", distance_km=17.7), planned("p7", 7, 90, distance_km=15.29)]
    assert text(check(same, units="mi"), "plan_spike").endswith("Cap Saturday's run at 9.5 mi to stay within 10 % of your "
                                                                 "longest run of the 30 days before (8.7 mi). Keep Sunday's run under that too.")
    three = [planned("p1", 1, 40, distance_km=7), planned("p3", 3, 90, distance_km=16), planned("p5", 5, 90, distance_km=16),
             planned("p6", 6, 110, "long", distance_km=18), planned("p7", 7, 90, distance_km=16)]
    # (Wednesday's 16 km is the spike here: the later runs are measured against it.)
    assert text(check(three), "plan_spike").endswith("Cap Wednesday's run at 15 km to stay within 10 % of your longest run of "
                                                     "the 30 days before (14 km). Keep Friday's, Saturday's and Sunday's runs under that too.")
    # A shorter run after it is left alone.
    shorter = [*sensible_plan()[:5], planned("p6", 6, 110, "long", distance_km=18), planned("p7", 7, 45, distance_km=8)]
    assert "Keep" not in text(check(shorter), "plan_spike")


def test_a_plan_after_pain_two_weeks_running_says_see_someone_as_the_review_does():
    # Pain of 3/10 in each of the two weeks before the plan: the review of the last one said "see a
    # professional"; the plan must not say "keep the hard sessions if it stays at 3 or less".
    two_ago = MONDAY - dt.timedelta(days=14)
    history = [{"week_start": two_ago.isoformat(), "sessions": [done(3, 40, 3, start=two_ago, distance_km=7, pain=3)]},
               last_week(), ]
    history[1]["sessions"][0]["pain"] = 3
    result = check(sensible_plan(), history)
    assert ids(result)[0] == "plan_pain_returns" and "3/10 or more in each of the last two weeks" in text(result, "plan_pain_returns")
    # Pain in the last week only is the usual note.
    history[0]["sessions"][0]["pain"] = 0
    assert "plan_pain_low" in ids(check(sensible_plan(), history), "note")


def test_a_plan_with_training_every_day_names_the_lightest_day_to_rest():
    plan = [*sensible_plan(), planned("p7", 7, 45, distance_km=8)]
    result = check(plan)
    assert "plan_no_rest" in ids(result, "caution")
    assert "Make Monday a rest day" in text(result, "plan_no_rest")  # 40 easy minutes (120): lighter than 30 of strength (150)


def test_a_big_rise_over_the_recent_weeks_is_a_caution_with_a_target():
    plan = [planned(f"p{n}", n, 70, distance_km=12) for n in (1, 2, 4, 5, 6)]  # 350 vs 200 running minutes
    result = check(plan)
    assert "plan_volume_jump" in ids(result, "caution")
    assert "near 220 minutes" in text(result, "plan_volume_jump")


def test_pain_last_week_rules_out_hard_sessions_and_more_rules_out_running():
    four = check(sensible_plan(), [last_week(sessions=[done(6, 40, 3, start=PREVIOUS, pain=4)])])
    assert "plan_pain_no_hard" in ids(four, "see")
    five = check(sensible_plan(), [last_week(sessions=[done(6, 40, 3, start=PREVIOUS, pain=5)])])
    assert "plan_pain_no_run" in ids(five, "stop")
    flag = check(sensible_plan(), [last_week(sessions=[done(6, 40, 3, start=PREVIOUS, pain_flags=["sharp"])])])
    assert ids(flag)[0] == "plan_pain_stop"
    easy_only = [p for p in sensible_plan() if p["intent"] != "hard"]
    assert "plan_pain_no_hard" not in ids(check(easy_only, [last_week(sessions=[done(6, 40, 3, start=PREVIOUS, pain=4)])]))


def test_pain_last_week_is_named_whatever_the_plan_holds_and_nothing_beside_it_praises():
    strength_only = [planned("s1", 2, 30, "strength", "moderate"), planned("s2", 4, 30, "strength", "moderate")]
    flag = check(strength_only, [last_week(sessions=[done(6, 40, 3, start=PREVIOUS, pain_flags=["sharp"])])])
    assert ids(flag)[0] == "plan_pain_stop"  # no run planned, yet the red flag still comes first
    five = check(strength_only, [last_week(sessions=[done(6, 40, 3, start=PREVIOUS, pain=5)])])
    assert ids(five)[0] == "plan_pain_no_run"
    easy_only = [p for p in sensible_plan() if p["intent"] != "hard"]
    four = check(easy_only, [last_week(sessions=[done(6, 40, 3, start=PREVIOUS, pain=4)])])
    assert ids(four)[0] == "plan_pain_see" and "4/10" in text(four, "plan_pain_see")
    for result in (flag, five, four):
        assert ids(result, "good") == [], result["findings"]  # plan_strength_ok would praise two sessions
    assert "plan_strength_ok" in ids(check(easy_only))  # without the pain, the same plan is praised


def test_pain_two_days_ago_in_a_week_that_starts_on_sunday_is_named():
    """The last saved week ran Sunday 8 to Saturday 14 November: its pain is 2 days old."""
    sunday_week = {"week_start": "2026-11-08", "start_day": "sunday", "sessions": [
        done(1, 40, 3, start=dt.date(2026, 11, 8)),
        done(7, 90, 4, "long", start=dt.date(2026, 11, 8), distance_km=16, pain=6, pain_flags=["next_day"])]}
    result = check(sensible_plan(), [sunday_week])
    assert ids(result)[0] == "plan_pain_stop" and ids(result, "good") == []


def test_beside_no_running_the_check_plans_no_running_around_it():
    """No move of a hard session, no cap for the long run, no "that can be fine": only the pain."""
    plan = [*sensible_plan()[:3], planned("p4", 3, 45, "workout", "hard"), *sensible_plan()[4:5],
            planned("p6", 7, 120, "long", distance_km=20)]
    calm = check(plan)
    assert {"plan_back_to_back", "plan_spike_large"} <= set(ids(calm))
    for pain in ({"pain": 5}, {"pain_flags": ["stride"]}):
        hurt = check(plan, [last_week(sessions=[done(7, 90, 4, "long", start=PREVIOUS, distance_km=16, **pain)])])
        assert [f["severity"] for f in hurt["findings"]][:1] == ["stop"]
        assert [f for f in hurt["findings"] if f["severity"] in ("caution", "note", "good")] == [], hurt["findings"]


def test_a_little_pain_last_week_is_named_as_a_note():
    result = check(sensible_plan(), [last_week(sessions=[*last_week()["sessions"], done(7, 30, 3, start=PREVIOUS, pain=3)])])
    assert "plan_pain_low" in ids(result, "note") and "3/10" in text(result, "plan_pain_low")


def test_a_cap_is_never_zero_nor_below_the_run_it_is_measured_from():
    history = [{"week_start": PREVIOUS.isoformat(), "phase": "recovery", "sessions": [
        done(n, 15, 2, "recovery", start=PREVIOUS, distance_km=0.4) for n in (2, 4, 6)]}]
    result = check([planned("p1", 2, 15, "recovery", distance_km=0.4), planned("p2", 7, 15, distance_km=2)], history,
                   phase="recovery")
    message = text(result, "plan_spike_double")
    assert "Cap Sunday's run at 0.4 km" in message, message


def test_a_hard_day_moves_only_to_a_free_day_and_a_race_keeps_its_date():
    # Tuesday and Wednesday hard; Thursday holds an easy run and strength: Friday is the free day.
    busy = [planned("a", 1, 40), planned("b", 2, 50, "workout", "hard"), planned("c", 3, 50, "workout", "hard"),
            planned("d", 4, 40), planned("e", 4, 30, "strength", "moderate"), planned("f", 6, 40), planned("g", 7, 95, "long")]
    assert "Move Wednesday's hard session to Friday." in text(check(busy), "plan_back_to_back")
    # A workout on Saturday before Sunday's race: the workout moves, not the race.
    race = [planned("a", 1, 40), planned("b", 3, 40), planned("c", 4, 30, "strength", "moderate"),
            planned("e", 6, 45, "workout", "hard"), planned("f", 7, 45, "race", "hard", distance_km=10)]
    assert "Move Saturday's hard session to " in text(check(race), "plan_back_to_back")


def test_the_rest_day_suggested_is_never_the_long_run_or_the_race():
    week = [planned(f"e{n}", n, 45 if n < 7 else 40, distance_km=8) for n in range(1, 7)] + [planned("l", 7, 40, "long", distance_km=8)]
    assert "Make Sunday" not in text(check(week), "plan_no_rest")
    raced = [planned(f"e{n}", n, 40) for n in (1, 2, 3, 4, 5)] + [planned("r", 6, 12, "race", "hard", distance_km=1.6),
                                                                   planned("l", 7, 60, "long", distance_km=10)]
    message = text(check(raced, phase="race"), "plan_no_rest")
    assert "Make Saturday" not in message and "Make Sunday" not in message, message


def test_two_or_three_strength_sessions_are_praised_six_are_not():
    base = [p for p in sensible_plan() if p["kind"] != "strength"]
    assert "plan_strength_ok" in ids(check(base + [planned(f"s{n}", n, 30, "strength", "moderate") for n in (3, 5)]))
    six = check(base + [planned(f"s{n}", n, 30, "strength", "moderate") for n in range(1, 7)])
    assert "plan_strength_many" in ids(six, "note") and "plan_strength_ok" not in ids(six)


def test_a_plan_without_sessions_is_refused():
    response = handle({"type": "plan", "data": {"week": {"week_start": MONDAY.isoformat()}}})
    assert (response["error"]["code"], response["error"]["path"]) == ("missing", "week.plan")


# --- planned against done ------------------------------------------------------------


def review_of(week: dict) -> dict:
    response = handle({"v": 1, "id": 1, "type": "review", "data": {"week": week, "history": [last_week()]}})
    assert response["type"] == "result", response
    return response["data"]


def test_planned_against_done_tells_done_changed_skipped_extra_and_harder():
    plan = sensible_plan()
    plan[3] = {**plan[3], "skipped": True}  # p4 skipped
    sessions = [done(1, 40, 3, plan_id="p1", distance_km=7),              # as planned
                done(2, 50, 9, "workout", "hard", plan_id="p2"),          # harder than hard? 9 <= 10: not harder
                done(3, 30, 5, "strength", "moderate", plan_id="p3"),
                done(5, 30, 8, "strength", "moderate", plan_id="p5"),     # planned moderate, rated 8: harder
                done(6, 100, 4, "long", plan_id="p6", distance_km=19),    # 100 vs 75 min: changed
                done(7, 30, 3)]                                           # not in the plan: extra
    result = review_of({"week_start": MONDAY.isoformat(), "plan": {"sessions": plan}, "sessions": sessions})
    against = result["metrics"]["plan"]
    assert [(r["id"], r["status"], r["harder"]) for r in against["sessions"]] == [
        ("p1", "done", False), ("p2", "done", False), ("p3", "done", False), ("p4", "skipped", False),
        ("p5", "done", True), ("p6", "changed", False)]
    assert against["extra"] == 1 and against["done_pct"] == 83  # 5 of 6 carried out
    # planned 265 minutes, done 280: +5.7 %, within 20 %
    assert (against["planned_minutes"], against["done_minutes"], against["volume_pct"]) == (265, 280, 5.7)
    assert "plan_followed" in ids(result) and "plan_harder" in ids(result)


def test_running_more_than_planned_is_a_caution_that_weighs_in_the_verdict():
    plan = [planned("p1", 2, 40), planned("p2", 4, 40)]
    sessions = [done(2, 60, 3, plan_id="p1"), done(4, 60, 3, plan_id="p2"), done(6, 40, 3)]
    answered = {k: {"answer": "yes"} for k in ("purpose", "easy_easy", "workouts_on_target", "volume_sensible")}
    week = {"week_start": MONDAY.isoformat(), "plan": {"sessions": plan}, "sessions": sessions, "checklist": answered,
            "phase": "recovery"}  # no strength scolding: the plan is the only caution
    result = review_of(week)
    assert result["metrics"]["plan_volume_pct"] == 100.0  # 160 done against 80 planned
    assert ids(result, "caution") == ["plan_over"]
    assert (result["verdict"]["id"], result["verdict"]["score"]) == ("mostly-smart", 79)


def test_in_a_week_not_over_the_planned_days_still_to_come_are_not_counted_as_missed():
    plan = [planned("p1", 1, 40), planned("p2", 3, 40), planned("p3", 5, 40), planned("p4", 7, 90, "long")]
    week = {"week_start": MONDAY.isoformat(), "plan": {"sessions": plan}, "sessions": [done(1, 40, 3, plan_id="p1")]}
    wednesday = ok("review", week=week, today=day(3))["metrics"]["plan"]
    assert [r["status"] for r in wednesday["sessions"]] == ["done", "not_logged", "upcoming", "upcoming"]
    assert wednesday["done_pct"] == 50  # one of the two due so far
    sunday = ok("review", week=week, today=day(7))["metrics"]["plan"]
    assert [r["status"] for r in sunday["sessions"]] == ["done", "not_logged", "not_logged", "not_logged"]
    assert sunday["done_pct"] == 25
    before = ok("review", week={**week, "sessions": []}, today=(MONDAY - dt.timedelta(days=1)).isoformat())
    assert before["metrics"]["plan"]["done_pct"] is None  # nothing due yet: no share to give


def test_beside_a_pain_alert_running_less_than_planned_is_no_shortfall():
    # Told to stop, the runner did: a note that they "trained less than the plan" and should plan
    # for the time they have would read as a push to run beside the alert.
    plan = [planned(f"p{n}", n, 45) for n in range(1, 7)]
    week = {"week_start": MONDAY.isoformat(), "plan": {"sessions": plan}, "sessions": [done(1, 40, 3, plan_id="p1")]}
    assert "plan_under" in ids(review_of(week))
    week["sessions"][0]["pain_flags"] = ["sharp"]
    found = ids(review_of(week))
    assert found[0] == "pain_red_flag" and "plan_under" not in found


def test_a_week_of_todays_schema_migrates_unchanged_and_gains_nothing():
    old = {"schema": 1, "week_start": MONDAY.isoformat(), "start_day": "monday", "sessions": [done(2, 40, 3)],
           "checklist": {"purpose": {"answer": "yes", "note": "ok"}}, "sleep_hours": 7.5, "feeling": "normal"}
    new = parse_week(old, "week")
    assert new == {**old, "schema": 2}


# --- stored plans ----------------------------------------------------------------------


def ok(kind: str, **data) -> dict:
    response = handle({"v": 1, "id": 1, "type": kind, "data": data})
    assert response["type"] == "result", response
    return response["data"]


def test_a_plan_is_stored_beside_what_was_logged_and_the_log_form_keeps_it():
    stored = ok("weeks_save", week={"week_start": MONDAY.isoformat(), "sessions": [done(1, 40, 3)]}, text=None)
    planned_ = ok("weeks_plan", week_start=MONDAY.isoformat(), plan={"sessions": sensible_plan()}, base=stored["rev"])
    assert planned_["check"]["findings"] and planned_["week"]["sessions"] == [done(1, 40, 3)]
    # The log form saves the week without a plan field: the stored plan stays.
    again = ok("weeks_save", week={"week_start": MONDAY.isoformat(), "sessions": [done(1, 40, 3), done(2, 50, 7, plan_id="p2",
                                                                                                  kind="workout", intent="hard")]},
               base=planned_["rev"])
    week = json.loads(again["text"])["weeks"][0]
    assert [p["id"] for p in week["plan"]["sessions"]] == [p["id"] for p in sensible_plan()]
    # A null plan from the log form is no instruction to delete it either: only weeks_plan removes one.
    nulled = ok("weeks_save", week={"week_start": MONDAY.isoformat(), "plan": None, "sessions": [done(1, 40, 3)]},
                base=again["rev"])
    assert [p["id"] for p in json.loads(nulled["text"])["weeks"][0]["plan"]["sessions"]] == [p["id"] for p in sensible_plan()]
    # Removing a planned session that was done keeps the session, no longer linked.
    trimmed = ok("weeks_plan", week_start=MONDAY.isoformat(), plan={"sessions": sensible_plan()[2:]}, base=again["rev"])
    assert [s.get("plan_id") for s in trimmed["week"]["sessions"]] == [None, None]


def test_a_plan_for_a_week_not_yet_saved_creates_it():
    planned_ = ok("weeks_plan", week_start=MONDAY.isoformat(), start_day="monday", plan={"sessions": sensible_plan()}, text=None)
    assert json.loads(planned_["text"])["weeks"][0]["start_day"] == "monday"
    cleared = ok("weeks_plan", week_start=MONDAY.isoformat(), plan=None, base=planned_["rev"])
    assert "plan" not in json.loads(cleared["text"])["weeks"][0]


@pytest.mark.parametrize("data, path", [
    ({"week_start": "2026-11-21", "start_day": "monday", "plan": None}, "week_start"),  # a Saturday
    ({"week_start": MONDAY.isoformat(), "plan": {"sessions": [{**planned("p1", 1, 40), "minutes": -5}]}}, "plan.sessions.0.minutes"),
])
def test_a_refused_plan_names_the_field_of_the_request_that_is_wrong(data, path):
    response = handle({"v": 1, "id": 1, "type": "weeks_plan", "data": {**data, "text": None}})
    assert response["type"] == "error" and response["error"]["path"] == path, response


# --- properties --------------------------------------------------------------------------

KINDS = ["easy", "long", "workout", "race", "recovery", "cross", "strength"]
INTENTS = ["easy", "moderate", "hard"]


@st.composite
def plans(draw) -> list[dict]:
    n = draw(st.integers(1, 12))
    return [planned(f"p{i}", draw(st.integers(1, 7)), draw(st.integers(1, 120)), draw(st.sampled_from(KINDS)),
                    draw(st.sampled_from(INTENTS)), **({"distance_km": draw(st.integers(1, 40))} if draw(st.booleans()) else {}))
            for i in range(n)]


@settings(max_examples=200, deadline=None)
@given(plans())
def test_any_plan_gets_a_check_never_an_error(plan):
    result = check(plan)
    assert result["plan"]["sessions"] == len(plan)


@settings(max_examples=200, deadline=None)
@given(plans(), st.integers(1, 6))
def test_adding_a_hard_day_next_to_another_never_removes_the_back_to_back_finding(plan, n):
    hard = [planned("h1", n, 45, "workout", "hard"), planned("h2", n + 1, 45, "workout", "hard")]
    before = check([*plan, *hard])
    assert "plan_back_to_back" in ids(before)
    extra = planned("h3", n + 2 if n + 2 <= 7 else n - 1, 40, "workout", "hard")
    assert "plan_back_to_back" in ids(check([*plan, *hard, extra]))
