"""Weekly metrics, findings and verdicts checked against figures worked out by hand.

Every expected number below is computed in a comment beside it, from the
definitions in ``guide_engine/metrics.py`` (and CONTENT.md's evidence table), not
by running the engine. Weeks go through the public boundary (``handle``), so each
case also proves the week validates. Thresholds and finding ids come from
``guide_engine/data/checklist.json`` read as plain JSON.

The reference week starts on Monday 2026-11-16; day N of the week is
``day(N)`` (day 1 = Monday 2026-11-16, day 7 = Sunday 2026-11-22).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from guide_engine import handle
from guide_engine.metrics import spike_percent_text

ROOT = Path(__file__).resolve().parents[1]
CHECKLIST = json.loads((ROOT / "guide_engine" / "data" / "checklist.json").read_text(encoding="utf-8"))
ITEMS = [i["id"] for i in CHECKLIST["items"]]
GROUP = {row["id"]: row["group"] for row in CHECKLIST["findings"]}
VERDICT_IDS = [v["id"] for v in CHECKLIST["verdict"]["bands"]]

WEEK_START = dt.date(2026, 11, 16)  # a Monday
PREVIOUS = WEEK_START - dt.timedelta(days=7)  # Monday 2026-11-09


def day(n: int, start: dt.date = WEEK_START) -> str:
    """Day ``n`` (1-7) of the week starting ``start``, as an ISO date."""
    return (start + dt.timedelta(days=n - 1)).isoformat()


def session(n: int, minutes: int = 40, effort: int = 3, kind: str = "easy", intent: str = "easy",
            start: dt.date = WEEK_START, **extra) -> dict:
    return {"date": day(n, start), "kind": kind, "intent": intent, "minutes": minutes, "effort": effort, **extra}


def week(*sessions: dict, start: dt.date = WEEK_START, **extra) -> dict:
    return {"week_start": start.isoformat(), "sessions": list(sessions), **extra}


def review(this_week: dict, history: list[dict] | None = None) -> dict:
    """The review result data; fails the test on an error response."""
    data = {"week": this_week} if history is None else {"week": this_week, "history": history}
    response = handle({"v": 1, "id": 1, "type": "review", "data": data})
    assert response["type"] == "result", response
    return response["data"]


def review_error(this_week: dict, history: list[dict] | None = None) -> dict:
    data = {"week": this_week} if history is None else {"week": this_week, "history": history}
    response = handle({"v": 1, "id": 1, "type": "review", "data": data})
    assert response["type"] == "error", response
    return response["error"]


def finding_ids(result: dict) -> list[str]:
    return [f["id"] for f in result["findings"]]


def in_group(result: dict, group: str) -> list[str]:
    """The ids of the findings reported from one group of rows (at most one)."""
    return [f["id"] for f in result["findings"] if GROUP[f["id"]] == group]


def two_strength_sessions() -> list[dict]:
    """Strength on Tuesday and Thursday, 30 min at 5: a week with no caution findings.

    Daily loads [0,150,0,150,0,0,0] (30 × 5 = 150): mean 300/7 ≈ 42.86; the
    population SD is 150·√(2/7·5/7) ≈ 67.76, so monotony ≈ 0.63 (< 1.5, "fine");
    two strength sessions are "strength_ok"; no runs, no pain, no change.
    """
    return [session(2, 30, 5, "strength", "moderate"), session(4, 30, 5, "strength", "moderate")]


# --- weekly load, monotony, strain --------------------------------------------------


def test_an_empty_week_has_no_load_and_undefined_monotony_that_is_not_uniform():
    m = review(week())["metrics"]
    assert m["daily_loads"] == [0] * 7
    assert m["weekly_load"] == 0
    assert (m["monotony"], m["monotony_uniform"], m["strain"]) == (None, False, None)  # SD 0 and mean 0
    assert m["rest_days"] == 7  # no day has a session
    assert (m["sessions"], m["runs"], m["total_minutes"], m["distance_km"], m["easy_share"]) == (0, 0, 0, None, None)


def test_a_week_without_a_sessions_field_is_the_same_as_an_empty_one():
    bare = {"week_start": WEEK_START.isoformat()}
    assert review(bare)["metrics"] == review(week())["metrics"]


def test_a_single_session_gives_load_monotony_and_strain_by_hand():
    m = review(week(session(1, minutes=40, effort=5)))["metrics"]
    # session load = 40 min × effort 5 = 200 AU, all on day 1
    assert m["daily_loads"] == [200, 0, 0, 0, 0, 0, 0]
    assert m["weekly_load"] == 200
    # mean = 200/7 = 28.5714...
    # deviations: 200 − 28.5714 = 171.4286 once, −28.5714 six times
    # variance = (171.4286² + 6 × 28.5714²)/7 = (29387.755 + 4897.959)/7 = 4897.959
    # SD = √4897.959 = 69.985 (exactly 200·√6/7)
    # monotony = 28.5714/69.985 = 0.40825 (exactly 1/√6) -> 0.41
    assert m["monotony"] == 0.41
    assert m["monotony_uniform"] is False
    # strain = 200 × 0.40825 = 81.65 -> 82 (from the unrounded monotony)
    assert m["strain"] == 82
    assert m["rest_days"] == 6


def test_the_hand_arithmetic_for_one_session_matches_the_textbook_formulas():
    """A check on the comment above, not on the engine: the closed forms agree."""
    loads = [200, 0, 0, 0, 0, 0, 0]
    mean = sum(loads) / 7
    sd = math.sqrt(sum((x - mean) ** 2 for x in loads) / 7)
    assert (mean, sd) == (pytest.approx(200 / 7), pytest.approx(200 * math.sqrt(6) / 7))
    assert mean / sd == pytest.approx(1 / math.sqrt(6))


@pytest.mark.parametrize(("training_days", "monotony", "strain", "group_finding"), [
    # p = share of days with the same load a = 100 (20 min × 5), the rest 0:
    # mean = p·a, SD = a·√(p(1−p)), monotony = √(p/(1−p)), strain = 7·p·a × monotony
    pytest.param(2, 0.63, 126, "monotony_fine", id="2-days-fine"),   # √(2/5)=0.63246; 200×0.63246=126.49 -> 126
    pytest.param(5, 1.58, 791, "monotony_mid", id="5-days-mid"),     # √(5/2)=1.5811; 500×1.5811=790.57 -> 791
    pytest.param(6, 2.45, 1470, "monotony_high", id="6-days-high"),  # √(6/1)=2.4495; 600×2.4495=1469.7 -> 1470
])
def test_monotony_bands_follow_the_share_of_loaded_days(training_days, monotony, strain, group_finding):
    sessions = [session(n, minutes=20, effort=5) for n in range(1, training_days + 1)]
    result = review(week(*sessions))
    m = result["metrics"]
    assert m["weekly_load"] == 100 * training_days
    assert (m["monotony"], m["strain"]) == (monotony, strain)
    assert in_group(result, "monotony") == [group_finding]


def test_an_all_rest_week_logged_at_effort_zero_has_no_load_and_no_monotony():
    """Seven sessions rated 0 ("Rest"): every daily load is 0 × minutes = 0."""
    result = review(week(*(session(n, minutes=30, effort=0, kind="cross") for n in range(1, 8))))
    m = result["metrics"]
    assert (m["daily_loads"], m["weekly_load"]) == ([0] * 7, 0)
    assert (m["monotony"], m["monotony_uniform"], m["strain"]) == (None, False, None)  # SD 0, mean 0: not "uniform"
    assert in_group(result, "monotony") == []
    # 30 minutes at effort 0 is a light day (effort <= 2, 30 minutes or less), which counts as rest.
    assert (m["rest_days"], in_group(result, "rest")) == (7, [])


def test_a_flat_week_reads_the_monotony_cap_and_is_flagged_as_uniform():
    result = review(week(*(session(n, minutes=30, effort=4) for n in range(1, 8))))
    m = result["metrics"]
    # 30 × 4 = 120 AU every day: mean 120, SD 0 -> monotony at its cap of 10; strain 840 × 10
    assert (m["daily_loads"], m["weekly_load"]) == ([120] * 7, 840)
    assert (m["monotony"], m["monotony_uniform"], m["strain"]) == (10, True, 8400)
    assert in_group(result, "monotony") == ["monotony_uniform"]
    assert "monotony_uniform" in finding_ids(result) and "no_rest" in finding_ids(result)


def test_two_sessions_on_one_day_add_up_and_leave_the_day_count_alone():
    m = review(week(session(3, 30, 4), session(3, 20, 8, "workout", "hard")))["metrics"]
    # day 3: 30 × 4 + 20 × 8 = 120 + 160 = 280
    assert m["daily_loads"] == [0, 0, 280, 0, 0, 0, 0]
    assert (m["sessions"], m["rest_days"], m["total_minutes"]) == (2, 6, 50)


# --- single-run spike ---------------------------------------------------------------


def long_run(n: int, km: float, start: dt.date = WEEK_START) -> dict:
    return session(n, minutes=int(km * 6), effort=3, kind="long", start=start, distance_km=km)


LAST_WEEK_10K = week(long_run(2, 10.0, PREVIOUS), start=PREVIOUS)  # 10 km on Tuesday 2026-11-10


@pytest.mark.parametrize(("km", "ratio", "expected"), [
    pytest.param(22.0, 2.2, ["spike_double"], id="22-vs-10-more-than-double"),  # 22 ÷ 10 = 2.2 > 2.0
    pytest.param(14.0, 1.4, ["spike_large"], id="14-vs-10-30-to-100-percent"),  # 14 ÷ 10 = 1.4 > 1.3
    pytest.param(13.0, 1.3, ["spike"], id="13-vs-10-exactly-30-percent"),         # 13 ÷ 10 = 1.3, not over 1.3
    pytest.param(11.5, 1.15, ["spike"], id="11.5-vs-10-over-10-percent"),       # 11.5 ÷ 10 = 1.15 > 1.1
    pytest.param(11.0, 1.1, [], id="11-vs-10-exactly-10-percent"),              # 11 ÷ 10 = 1.1, not over 1.1
    pytest.param(9.0, 0.9, [], id="shorter-than-baseline"),                     # 9 ÷ 10 = 0.9
])
def test_a_long_run_is_compared_with_the_longest_of_the_previous_30_days(km, ratio, expected):
    result = review(week(long_run(7, km)), [LAST_WEEK_10K])
    assert result["metrics"]["spike"] == {"date": day(7), "km": km, "base_km": 10.0, "ratio": ratio}
    assert in_group(result, "spike") == expected


@pytest.mark.parametrize(("km", "shown"), [
    pytest.param(11.04, "10.4%", id="past-the-10-percent-line-not-on-it"),  # "10%" read as within the rule
    pytest.param(11.5, "15%", id="whole-percent-elsewhere"),
    pytest.param(13.04, "30.4%", id="past-the-30-percent-line"),
])
def test_the_spike_percent_never_reads_as_sitting_on_a_rules_line(km, shown):
    result = review(week(long_run(7, km)), [LAST_WEEK_10K])
    [finding] = [f for f in result["findings"] if GROUP[f["id"]] == "spike"]
    assert f", {shown} longer than your longest run" in finding["text"]


@pytest.mark.parametrize(("ratio", "shown"), [
    pytest.param(27.51 / 25, "just over 10%", id="10.04-percent-even-the-tenth-reads-as-on-the-line"),
    pytest.param(32.51 / 25, "just over 30%", id="30.04-percent"),
    pytest.param(27.49 / 25, "just under 10%", id="9.96-percent"),
    pytest.param(1.1, "10%", id="on-the-line-says-so"),
    pytest.param(1.3, "30%", id="on-the-30-percent-line"),
])
def test_a_spike_a_hair_past_a_line_says_just_over_it(ratio, shown):
    assert spike_percent_text(ratio) == shown


def test_a_review_says_a_run_a_hair_past_the_line_is_just_over_it():
    result = review(week(long_run(7, 27.51)), [week(long_run(2, 25.0, PREVIOUS), start=PREVIOUS)])
    [finding] = [f for f in result["findings"] if GROUP[f["id"]] == "spike"]
    assert ", just over 10% longer than your longest run" in finding["text"]


def test_a_run_exactly_30_percent_longer_is_not_past_the_30_percent_line():
    # helper-9: 9.88 / 7.6 is 1.3000000000000003 in floating point, which read as "well past".
    result = review(week(long_run(7, 9.88)), [week(long_run(2, 7.6, PREVIOUS), start=PREVIOUS)])
    [finding] = [f for f in result["findings"] if GROUP[f["id"]] == "spike"]
    assert finding["id"] == "spike" and ", 30% longer than your longest run" in finding["text"]


def test_a_run_a_hair_past_double_says_just_over_2_times():
    result = review(week(long_run(7, 20.01)), [LAST_WEEK_10K])
    [finding] = [f for f in result["findings"] if GROUP[f["id"]] == "spike"]
    assert finding["id"] == "spike_double" and "just over 2 times" in finding["text"]


def test_the_spike_text_names_the_run_the_baseline_and_the_ratio():
    result = review(week(long_run(7, 22.0)), [LAST_WEEK_10K])
    text = next(f["text"] for f in result["findings"] if f["id"] == "spike_double")
    row = next(r for r in CHECKLIST["findings"] if r["id"] == "spike_double")
    assert text == row["text"].format(spike_date="2026-11-22", spike_distance="22 km", spike_base_distance="10 km",
                                      spike_ratio_text="2.2 times")


def test_a_run_31_days_after_the_only_earlier_run_has_no_baseline():
    earlier = dt.date(2026, 10, 19)  # a Monday; its run on 2026-10-22 is 31 days before 2026-11-22
    history = [week(session(4, 60, 3, "long", start=earlier, distance_km=10.0), start=earlier)]
    result = review(week(long_run(7, 22.0)), history)
    assert (dt.date(2026, 11, 22) - dt.date(2026, 10, 22)).days == 31
    assert result["metrics"]["spike"] is None
    assert in_group(result, "spike") == []


def test_a_run_exactly_30_days_after_the_earlier_one_still_has_it_as_baseline():
    earlier = dt.date(2026, 10, 19)  # its run on 2026-10-23 is 30 days before 2026-11-22
    history = [week(session(5, 60, 3, "long", start=earlier, distance_km=10.0), start=earlier)]
    result = review(week(long_run(7, 22.0)), history)
    assert result["metrics"]["spike"]["base_km"] == 10.0
    assert in_group(result, "spike") == ["spike_double"]


def test_an_earlier_run_of_the_same_week_is_part_of_the_baseline():
    # Last week a 9.5 km run; Tuesday 10 km, Sunday 15 km: 15 ÷ 10 = 1.5 -> the 30-100 % band
    history = [week(long_run(3, 9.5, start=PREVIOUS), start=PREVIOUS)]
    result = review(week(long_run(2, 10.0), long_run(7, 15.0)), history)
    assert result["metrics"]["spike"] == {"date": day(7), "km": 15.0, "base_km": 10.0, "ratio": 1.5}
    assert in_group(result, "spike") == ["spike_large"]


def test_a_first_logged_week_has_no_record_of_the_30_days_so_no_spike():
    """With no saved week in the 30 days before, "your longest run of the 30 days before"
    would only be this week's earlier runs: the 14 km long run after two 6 km runs is no spike."""
    first = week(long_run(2, 6.0), long_run(4, 6.0), long_run(7, 14.0))
    assert review(first)["metrics"]["spike"] is None and in_group(review(first), "spike") == []
    old = [week(long_run(3, 6.0, start=WEEK_START - dt.timedelta(days=35)), start=WEEK_START - dt.timedelta(days=35))]
    assert review(first, old)["metrics"]["spike"] is None  # a saved week, but from before the window


def test_cross_training_distance_is_not_a_running_baseline():
    ride = session(2, 120, 3, "cross", distance_km=40.0, start=PREVIOUS)
    result = review(week(long_run(7, 11.5)), [week(ride, long_run(3, 10.0, PREVIOUS), start=PREVIOUS)])
    assert result["metrics"]["spike"]["base_km"] == 10.0  # not the 40 km ride


def test_a_run_10_4_percent_past_the_baseline_is_a_spike():
    result = review(week(long_run(7, 11.04)), [LAST_WEEK_10K])  # 11.04 ÷ 10 = 1.104 > 1.10
    assert in_group(result, "spike") == ["spike"]


def test_a_run_just_over_double_the_baseline_is_a_strong_spike():
    result = review(week(long_run(7, 20.04)), [LAST_WEEK_10K])  # 20.04 ÷ 10 = 2.004 > 2.0
    assert in_group(result, "spike") == ["spike_double"]


def test_a_race_is_never_a_spike_but_sets_the_baseline_for_later_runs():
    race = session(6, 130, 9, "race", "hard", distance_km=21.1)  # Saturday half marathon, 10 km the week before
    result = review(week(race), [LAST_WEEK_10K])
    assert (result["metrics"]["spike"], in_group(result, "spike")) == (None, [])
    # the next week's 12 km run is compared with the race: 12 ÷ 21.1 < 1.1
    after = review(week(long_run(3, 12.0, WEEK_START + dt.timedelta(days=7)), start=WEEK_START + dt.timedelta(days=7)),
                   [LAST_WEEK_10K, week(race)])
    assert after["metrics"]["spike"]["base_km"] == 21.1


# --- week-on-week change ------------------------------------------------------------


def previous_week(minutes: int, km: float | None = None, kind: str = "easy") -> dict:
    extra = {} if km is None else {"distance_km": km}
    return week(session(3, minutes, 3, kind, start=PREVIOUS, **extra), start=PREVIOUS)


@pytest.mark.parametrize(("now", "change", "expected"), [
    pytest.param(109, 9.0, ["change_small"], id="9-percent"),             # (109 − 100)/100 = 9 %  < 10
    pytest.param(110, 10.0, ["change_moderate"], id="exactly-10-percent"),  # (110 − 100)/100 = 10 % >= 10
    pytest.param(130, 30.0, ["change_moderate"], id="exactly-30-percent"),  # 30 %, not over 30
    pytest.param(131, 31.0, ["change_large"], id="31-percent"),            # 31 % > 30
    pytest.param(80, -20.0, ["change_down"], id="a-decrease"),              # (80 − 100)/100 = −20 % < 0: a lighter week
])
def test_week_on_week_change_by_running_time_falls_in_its_band(now, change, expected):
    result = review(week(session(3, now, 3)), [previous_week(100)])
    m = result["metrics"]
    assert (m["has_previous_week"], m["change_time_pct"], m["change_pct"], m["change_basis"]) == (True, change, change, "time")
    assert in_group(result, "change") == expected


def test_the_change_text_says_time_and_the_percentage():
    result = review(week(session(3, 131, 3)), [previous_week(100)])
    text = next(f["text"] for f in result["findings"] if f["id"] == "change_large")
    row = next(r for r in CHECKLIST["findings"] if r["id"] == "change_large")
    assert text == row["text"].format(change_basis="time", change_pct="31")


def test_without_a_previous_week_there_is_no_change_finding():
    # the only history week ends 14 days earlier: not "the week before"
    two_back = week(session(3, 100, 3, start=PREVIOUS - dt.timedelta(days=7)), start=PREVIOUS - dt.timedelta(days=7))
    for history in ([], [two_back]):
        result = review(week(session(3, 200, 3)), history)
        assert (result["metrics"]["has_previous_week"], result["metrics"]["change_pct"]) == (False, None)
        assert in_group(result, "change") == []


def test_a_previous_week_with_no_running_gives_no_percentage():
    # 90 minutes of strength the week before: 0 running minutes, so (x − 0)/0 is undefined
    result = review(week(session(3, 60, 3)), [previous_week(90, kind="strength")])
    m = result["metrics"]
    assert (m["has_previous_week"], m["change_time_pct"], m["change_pct"]) == (True, None, None)
    assert in_group(result, "change") == []


def test_distance_is_preferred_to_time_when_both_weeks_have_distances():
    # time: 100 vs 100 min -> 0 %; distance: (12 − 10)/10 = 20 % -> "change_moderate", by distance
    result = review(week(session(3, 100, 3, distance_km=12.0)), [previous_week(100, km=10.0)])
    m = result["metrics"]
    assert (m["change_time_pct"], m["change_distance_pct"], m["change_pct"], m["change_basis"]) == (0.0, 20.0, 20.0, "distance")
    assert in_group(result, "change") == ["change_moderate"]
    text = next(f["text"] for f in result["findings"] if f["id"] == "change_moderate")
    row = next(r for r in CHECKLIST["findings"] if r["id"] == "change_moderate")
    assert text == row["text"].format(change_basis="distance", change_pct="20")


def test_time_is_used_when_only_this_week_has_distances():
    # 140 vs 100 min -> 40 % by time; the previous week logged no distance
    result = review(week(session(3, 140, 3, distance_km=25.0)), [previous_week(100)])
    m = result["metrics"]
    assert (m["change_distance_pct"], m["change_pct"], m["change_basis"]) == (None, 40.0, "time")
    assert in_group(result, "change") == ["change_large"]


# --- intensity distribution, drift, over-plan ---------------------------------------


def test_intent_shares_count_sessions_by_intent_and_leave_strength_out():
    sessions = [session(1, 40, 3), session(2, 40, 3), session(3, 50, 7, "workout", "hard"),
                session(4, 40, 6, "easy", "moderate"), session(5, 30, 5, "strength", "moderate"), session(6, 60, 3, "long")]
    m = review(week(*sessions))["metrics"]
    # counted: 5 sessions (strength is left out); easy 3, moderate 1, hard 1 -> easy share 3/5 = 0.6
    assert m["intent_counts"] == {"easy": 3, "moderate": 1, "hard": 1}
    assert (m["easy_share"], m["easy_count"]) == (0.6, 3)


@pytest.mark.parametrize(("easy", "share", "expected"), [
    pytest.param(3, 0.6, [], id="3-of-5-easy"),                # 3/5 = 0.6, not below 0.6
    pytest.param(2, 0.5, ["easy_share_low"], id="2-of-4-easy"),  # 2/4 = 0.5 < 0.6
])
def test_few_easy_sessions_are_flagged_below_60_percent(easy, share, expected):
    sessions = [session(n, 40, 3) for n in range(1, easy + 1)]
    sessions += [session(5, 50, 8, "workout", "hard"), session(6, 40, 6, "easy", "moderate")]
    result = review(week(*sessions))
    assert result["metrics"]["easy_share"] == share
    assert in_group(result, "easy_share") == expected


@pytest.mark.parametrize(("effort", "drifted", "expected"), [
    pytest.param(5, 1, ["easy_drift"], id="easy-at-5-drifted"),  # 5 >= drift_effort 5
    pytest.param(4, 0, [], id="easy-at-4-not"),                   # 4 < 5
])
def test_an_easy_session_rated_5_or_more_has_drifted(effort, drifted, expected):
    result = review(week(session(2, 45, effort), session(4, 45, 3)))
    assert (result["metrics"]["drifted_count"], result["metrics"]["easy_count"]) == (drifted, 2)
    assert in_group(result, "drift") == expected


@pytest.mark.parametrize(("intent", "effort", "over", "expected"), [
    pytest.param("moderate", 7, 1, ["over_plan"], id="moderate-at-7-over"),  # 7 > max_effort 6
    pytest.param("moderate", 6, 0, [], id="moderate-at-6-on-plan"),          # 6 = 6
    pytest.param("hard", 10, 0, [], id="hard-at-10-never-over"),              # hard's ceiling is 10
    pytest.param("easy", 9, 0, [], id="easy-counts-as-drift-not-over-plan"),
])
def test_a_session_rated_above_its_intent_ceiling_went_over_plan(intent, effort, over, expected):
    result = review(week(session(3, 50, effort, "workout", intent)))
    assert result["metrics"]["over_plan_count"] == over
    assert in_group(result, "over_plan") == expected


# --- strength, sleep, feeling -------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [
    pytest.param(0, "strength_none", id="none"),
    pytest.param(1, "strength_low", id="one"),
    pytest.param(2, "strength_ok", id="two"),
    pytest.param(3, "strength_ok", id="three"),
])
def test_strength_sessions_are_counted_against_two_to_three_a_week(count, expected):
    sessions = [session(n, 30, 5, "strength", "moderate") for n in (2, 4, 6)[:count]]
    result = review(week(session(1, 40, 3), *sessions))
    assert result["metrics"]["strength_count"] == count
    assert in_group(result, "strength") == [expected]


@pytest.mark.parametrize(("hours", "expected"), [
    pytest.param(6.9, ["sleep_short"], id="6.9-short"),
    pytest.param(7.0, [], id="7.0-not-short"),
    pytest.param(7, [], id="7-whole-number"),
])
def test_sleep_under_seven_hours_is_short(hours, expected):
    result = review(week(sleep_hours=hours))
    assert result["metrics"]["sleep_hours"] == hours
    assert in_group(result, "sleep") == expected


def test_a_drained_week_end_is_a_caution_and_tired_is_not():
    assert in_group(review(week(feeling="drained")), "feeling") == ["feeling_drained"]  # score 3 >= 3
    assert in_group(review(week(feeling="tired")), "feeling") == []                       # score 2


# --- pain ---------------------------------------------------------------------------


@pytest.mark.parametrize(("pain", "expected", "severity"), [
    pytest.param(3, "pain_low", "note", id="3-note"),  # > 0, not > 3
    pytest.param(4, "pain_see", "see", id="4-see"),    # > 3, not > 4
    pytest.param(5, "pain_stop", "stop", id="5-stop"),  # > 4
])
def test_pain_level_rules(pain, expected, severity):
    result = review(week(session(2, 40, 3, pain=pain), session(4, 40, 3, pain=1)))
    assert result["metrics"]["max_pain"] == pain
    pain_findings = [(f["id"], f["severity"]) for f in result["findings"] if GROUP[f["id"]] == "pain_level"]
    assert pain_findings == [(expected, severity)]


def test_pain_zero_gives_no_pain_finding():
    result = review(week(session(2, 40, 3, pain=0)))
    assert [f for f in finding_ids(result) if f.startswith("pain")] == []


def test_a_red_flag_quality_says_stop_and_comes_first():
    result = review(week(session(2, 40, 3, pain=2, pain_flags=["sharp"]), session(3, 40, 3, pain_flags=["next_day"])),
                    [previous_week(20)])  # a big rise, so cautions exist to be outranked
    first = result["findings"][0]
    assert (first["id"], first["severity"]) == ("pain_red_flag", "stop")
    assert result["metrics"]["pain_flags"] == ["next_day", "sharp"]  # sorted ids
    labels = {p["id"]: p["label"].lower() for p in CHECKLIST["pain_flags"]}
    row = next(r for r in CHECKLIST["findings"] if r["id"] == "pain_red_flag")
    # labels listed in the order of the sorted ids
    assert first["text"] == row["text"].format(pain_flag_labels=f"{labels['next_day']}, {labels['sharp']}")
    assert "pain_low" not in finding_ids(result)  # "keep an eye on that niggle" would play the red flag down


def test_chest_symptoms_are_urgent_and_first():
    result = review(week(session(2, 40, 3, pain_flags=["chest", "sharp"])))
    assert [(f["id"], f["severity"]) for f in result["findings"][:2]] == [("pain_urgent", "urgent"), ("pain_red_flag", "stop")]
    m = result["metrics"]
    assert (m["urgent_flags"], m["stop_flags"]) == (1, 1)  # each flag counted by its severity in checklist.json


def test_chest_alone_is_urgent_without_a_red_flag_finding():
    result = review(week(session(2, 40, 3, pain_flags=["chest"])))
    assert finding_ids(result)[0] == "pain_urgent"
    assert "pain_red_flag" not in finding_ids(result)
    assert (result["verdict"]["id"], result["verdict"]["score"]) == ("urgent-first", None)


def test_findings_are_ordered_by_severity():
    result = review(week(session(2, 40, 6, pain=4), sleep_hours=5))
    order = ["urgent", "stop", "see", "caution", "note", "good"]
    ranks = [order.index(f["severity"]) for f in result["findings"]]
    assert ranks == sorted(ranks)


# --- verdict ------------------------------------------------------------------------
# The rules live in checklist.json ("verdict"): pain alerts replace it; 15 points per
# caution; one caution or one "no" caps it at mostly smart, three at more hard than smart,
# four cautions at hard, not smart; with fewer than four review points answered the log
# alone never reads smart; nothing answered and nothing logged gets no verdict at all.


def answers(yes: int = 0, partly: int = 0, no: int = 0) -> dict:
    picked = ["yes"] * yes + ["partly"] * partly + ["no"] * no
    return {item: {"answer": a} for item, a in zip(ITEMS, picked)}


def verdict_of(result: dict) -> tuple:
    v = result["verdict"]
    return (v["id"], v["score"]) if v else None


def test_the_reference_week_has_no_cautions_and_reads_smart_once_reviewed():
    result = review(week(*two_strength_sessions(), checklist=answers(yes=8)))
    assert [f["severity"] for f in result["findings"] if f["severity"] == "caution"] == []
    assert verdict_of(result) == ("smart", 100)


def test_a_logged_week_without_the_review_points_is_never_called_smart():
    result = review(week(*two_strength_sessions()))
    assert verdict_of(result) == ("log-looks-good", None)
    assert result["verdict"]["title"] == CHECKLIST["verdict"]["log_only"]["title"]


@pytest.mark.parametrize("extra", [{}, {"checklist": answers(yes=3)}, {"sleep_hours": 8, "feeling": "fresh"},
                                   {"checklist": {"purpose": {"note": "a note, no answer"}}}])
def test_a_week_with_nothing_answered_or_logged_gets_no_verdict_and_says_what_is_needed(extra):
    result = review(week(**extra))
    assert result["verdict"] is None
    assert result["needs"] == CHECKLIST["verdict"]["none"]


@pytest.mark.parametrize(("checklist", "score", "verdict"), [
    pytest.param(answers(yes=8), 100, "smart", id="all-yes"),                      # 16/16 = 100
    pytest.param(answers(yes=7, partly=1), 94, "smart", id="one-partly"),           # 15/16 = 93.75 -> 94
    pytest.param(answers(yes=4), 100, "smart", id="four-answered-is-enough"),       # 8/8 = 100
    pytest.param(answers(yes=7, no=1), 79, "mostly-smart", id="one-no-capped"),     # 14/16 = 87.5 -> 88, capped to 79
    pytest.param(answers(yes=6, no=2), 75, "mostly-smart", id="two-no"),            # 12/16 = 75
    pytest.param(answers(yes=5, no=3), 59, "hard-not-smart", id="three-no-capped"),  # 10/16 = 62.5 -> 63, capped to 59
    pytest.param(answers(yes=4, partly=1, no=3), 56, "hard-not-smart", id="three-no-under-cap"),  # 9/16 = 56.25 -> 56
    pytest.param(answers(partly=8), 50, "hard-not-smart", id="all-partly"),         # 8/16 = 50
    pytest.param(answers(yes=1, no=7), 13, "all-hard", id="seven-no"),              # 2/16 = 12.5 -> 13
])
def test_verdict_from_the_checklist_points(checklist, score, verdict):
    result = review(week(*two_strength_sessions(), checklist=checklist))
    assert verdict_of(result) == (verdict, score)


@pytest.mark.parametrize(("extra", "score", "verdict"), [
    pytest.param({"sleep_hours": 6.5}, 79, "mostly-smart", id="one-caution"),                      # 100 − 15 = 85 -> capped 79
    pytest.param({"sleep_hours": 6.5, "feeling": "drained"}, 70, "mostly-smart", id="two"),        # 100 − 30 = 70
    pytest.param({"sleep_hours": 6.5, "feeling": "drained", "sessions": [
        session(2, 30, 5, "strength", "moderate"), session(4, 30, 5, "strength", "moderate"),
        session(5, 40, 6)]}, 55, "hard-not-smart", id="three"),                                      # + an easy run at 6: drift
])
def test_each_caution_takes_fifteen_points_and_one_is_never_smart(extra, score, verdict):
    sessions = extra.pop("sessions", two_strength_sessions())
    result = review(week(*sessions, checklist=answers(yes=8), **extra))
    assert verdict_of(result) == (verdict, score)


def test_seven_all_out_90_minute_days_with_one_yes_are_hard_not_smart():
    """The issue's case: it read "Mostly smart 60/100" when a caution cost 10 points."""
    result = review(week(*(session(n, 90, 10, "workout", "hard") for n in range(1, 8)), checklist=answers(yes=1)))
    cautions = sorted(f["id"] for f in result["findings"] if f["severity"] == "caution")
    assert cautions == ["easy_share_low", "monotony_uniform", "no_rest", "strength_none"]
    assert verdict_of(result) == ("all-hard", 39)  # 100 − 4 × 15 = 40, capped below 40 by four cautions


def textbook_week(**extra) -> dict:
    """Seven days, a shape a coach would sign: recovery jog, workout, easy days, strength, long run."""
    return week(session(1, 25, 2, "recovery"), session(2, 60, 7, "workout", "hard"), session(3, 45, 3),
                session(4, 40, 3), session(4, 30, 5, "strength", "moderate"), session(5, 40, 3),
                session(5, 30, 5, "strength", "moderate"), session(6, 50, 3), session(7, 100, 4, "long"), **extra)


def test_a_textbook_week_with_a_light_recovery_day_is_smart():
    result = review(textbook_week(checklist=answers(yes=8)))
    m = result["metrics"]
    assert m["rest_days"] == 1  # Monday: 25 min at 2/10 is a light day
    assert [f["id"] for f in result["findings"] if f["severity"] == "caution"] == []
    assert verdict_of(result) == ("smart", 100)


@pytest.mark.parametrize("minutes,effort", [(31, 2), (25, 3)])
def test_a_day_just_past_light_is_a_training_day(minutes, effort):
    result = review(week(*(session(n, 40, 3) for n in range(2, 8)), session(1, minutes, effort, "recovery")))
    assert (result["metrics"]["rest_days"], in_group(result, "rest")) == (0, ["no_rest"])


def test_a_normal_week_without_strength_work_is_told_so():
    assert in_group(review(week(session(2, 40, 3), session(4, 40, 3))), "strength") == ["strength_none"]


@pytest.mark.parametrize("extra", [{"sessions": [session(6, 130, 9, "race", "hard", distance_km=21.1)]},
                                   {"phase": "taper"}, {"phase": "race"}, {"phase": "recovery"}])
def test_no_strength_scolding_in_a_race_taper_or_recovery_week(extra):
    sessions = extra.pop("sessions", [])
    result = review(week(session(2, 40, 3), session(4, 40, 3), *sessions, **extra))
    assert in_group(result, "strength") == []


def test_pain_of_four_puts_seeing_a_professional_first():
    result = review(week(*two_strength_sessions(), session(1, 30, 3, pain=4), checklist=answers(yes=8)))
    assert verdict_of(result) == ("see-first", None)


def test_a_pain_stop_finding_replaces_the_verdict():
    result = review(week(*two_strength_sessions(), session(1, 30, 3, pain=5), checklist=answers(yes=8)))
    assert verdict_of(result) == ("pain-first", None)


def test_chest_pain_in_an_otherwise_smart_week_leads_with_urgent_care_and_no_score():
    smart = textbook_week(checklist=answers(yes=8))
    smart["sessions"][-1]["pain_flags"] = ["chest"]  # the long run
    result = review(smart)
    assert verdict_of(result) == ("urgent-first", None)
    assert result["findings"][0]["id"] == "pain_urgent"


@pytest.mark.parametrize("pain", [{"pain_flags": ["chest"]}, {"pain_flags": ["sharp"]}, {"pain": 5}, {"pain": 4}])
def test_beside_a_pain_alert_no_finding_praises_the_week(pain):
    smart = textbook_week(checklist=answers(yes=8))
    praised = [f["id"] for f in review(smart)["findings"] if f["severity"] == "good"]
    assert praised  # the same week without the pain has findings that praise it
    smart["sessions"][-1].update(pain)
    result = review(smart)
    assert result["verdict"]["score"] is None
    assert [f["id"] for f in result["findings"] if f["severity"] == "good"] == []
    assert result["findings"][0]["severity"] in ("urgent", "stop", "see")


@pytest.mark.parametrize(("sign", "alert"), [({"pain_flags": ["stride"]}, "pain_before_red_flag"),
                                            ({"pain_flags": ["chest"]}, "pain_before_urgent"),
                                            ({"pain": 6}, "pain_before_high")])
def test_running_within_a_week_of_a_red_flag_is_not_praised(sign, alert):
    # Told to stop on Sunday, the runner is back to a textbook week on Monday: a coach asks
    # whether the pain was checked before anything else, and praises nothing.
    last_week = week(session(3, 40, 3, start=PREVIOUS), session(7, 90, 4, "long", start=PREVIOUS, **sign), start=PREVIOUS)
    smart = textbook_week(checklist=answers(yes=8))
    calm = review(smart, [week(session(3, 40, 3, start=PREVIOUS), session(7, 90, 4, "long", start=PREVIOUS), start=PREVIOUS)])
    assert calm["verdict"]["score"] is not None and any(f["severity"] == "good" for f in calm["findings"])
    result = review(smart, [last_week])
    assert result["findings"][0]["id"] == alert
    assert result["verdict"]["score"] is None
    assert [f["id"] for f in result["findings"] if f["severity"] == "good"] == []
    # A week of rest after it is what was asked: no alert for that.
    rest = review(week(session(4, 30, 5, "strength", "moderate"), checklist=answers(yes=8)), [last_week])
    assert alert not in [f["id"] for f in rest["findings"]]
    # Pain eight days before the week is not "the week before" any more.
    before = PREVIOUS - dt.timedelta(days=7)
    old = week(session(7, 90, 4, "long", start=before, **sign), start=before)  # Sunday 8 November
    assert alert not in [f["id"] for f in review(smart, [old])["findings"]]


@pytest.mark.parametrize(("now", "before", "expected"), [
    pytest.param(3, 3, ("pain_returns", "see"), id="3-after-3"),          # the coach's case: "Mostly smart" beside it
    pytest.param(1, 2, ("pain_returns_low", "caution"), id="1-after-2"),  # a niggle: noted, and never "smart"
    pytest.param(3, 0, ("pain_low", "note"), id="3-first-time"),
    pytest.param(5, 2, ("pain_stop", "stop"), id="5-after-2"),            # the stronger rule of the group
    pytest.param(2, 5, None, id="2-after-5"),                             # "Above 4 means no running" says it (pain_before_high)
])
def test_pain_that_comes_back_week_after_week_is_worth_a_professionals_opinion(now, before, expected):
    # The pain page: "If the same area keeps appearing week after week, even at low scores, that
    # trend is worth a professional's opinion too." A week that reads "Mostly smart" beside pain
    # that bothers the runner week after week would contradict the guide.
    last_week = week(session(3, 40, 3, start=PREVIOUS, pain=before), session(6, 40, 3, start=PREVIOUS), start=PREVIOUS)
    smart = textbook_week(checklist=answers(yes=8))
    smart["sessions"][-1]["pain"] = now
    result = review(smart, [last_week])
    assert [(f["id"], f["severity"]) for f in result["findings"] if GROUP[f["id"]] == "pain_level"] == ([expected] if expected else [])
    ids = finding_ids(result)
    if expected is None:
        assert ids[0] == "pain_before_high" and result["verdict"]["score"] is None
    elif expected[1] in ("note", "caution"):
        assert result["verdict"]["score"] is not None  # noted, not an alarm
        assert result["verdict"]["id"] != "smart" or expected[1] == "note"  # a niggle two weeks running is never "smart"
    else:
        assert result["verdict"]["score"] is None and result["verdict"]["id"] in ("see-first", "pain-first")
        assert [f["id"] for f in result["findings"] if f["severity"] == "good"] == []
    if expected and expected[0].startswith("pain_returns"):
        text = next(f["text"] for f in result["findings"] if f["id"] == expected[0])
        assert f"{now}/10" in text and f"{before}/10" in text


def test_pain_that_comes_back_is_not_repeated_beside_a_red_flag():
    last_week = week(session(3, 40, 3, start=PREVIOUS, pain=2), start=PREVIOUS)
    result = review(week(session(2, 40, 3, pain=2, pain_flags=["sharp"])), [last_week])
    assert finding_ids(result)[0] == "pain_red_flag" and "pain_returns" not in finding_ids(result)


def test_a_logged_week_with_one_caution_and_no_review_points_is_a_leak_to_fix_with_no_score():
    logged = week(*two_strength_sessions(), session(1, 40, 3), session(3, 50, 7, "workout", "hard"), session(7, 80, 4, "long"))
    assert verdict_of(review(logged)) == ("log-looks-good", None)
    assert verdict_of(review({**logged, "sleep_hours": 6.5})) == ("log-has-a-leak", None)  # not "Mostly smart 79: a good week"


def test_review_points_answered_with_nothing_logged_get_no_verdict_but_a_request_for_the_log():
    result = review(week(checklist=answers(yes=4)))
    assert result["verdict"] is None and result["needs"]["title"] == "Log the week's sessions too"


def test_seven_light_days_are_seven_rest_days_not_a_monotonous_week():
    result = review(week(*(session(n, 20, 2, "recovery") for n in range(1, 8)), checklist=answers(yes=8)))
    assert result["metrics"]["rest_days"] == 7
    assert [f["id"] for f in result["findings"] if f["id"].startswith("monotony")] == []


def test_a_race_week_is_not_scolded_for_its_jump_in_distance():
    taper = week(session(1, 30, 3, start=PREVIOUS, distance_km=5), session(3, 40, 6, "workout", "hard", start=PREVIOUS, distance_km=7),
                 session(7, 50, 3, "long", start=PREVIOUS, distance_km=9), start=PREVIOUS, phase="taper")
    race = week(session(2, 30, 3, distance_km=5), session(7, 215, 9, "race", "hard", distance_km=42.2), phase="race",
                checklist=answers(yes=8))
    result = review(race, [taper])
    assert result["metrics"]["change_pct"] > 30 and in_group(result, "change") == []


def test_a_week_whose_watch_died_on_two_runs_is_compared_by_time():
    """Last week 3 of 5 runs had a distance (60 % of the minutes): by time, so the same training is no jump."""
    runs = [(1, 50, 9), (2, 50, 10), (4, 50, 9), (6, 50, 9), (7, 100, 18)]
    last = week(*(session(n, m, 3, start=PREVIOUS, **({"distance_km": km} if n in (1, 6, 7) else {})) for n, m, km in runs),
                start=PREVIOUS)
    now = week(*(session(n, m, 3, distance_km=km) for n, m, km in runs))
    result = review(now, [last])
    assert (result["metrics"]["change_basis"], result["metrics"]["change_pct"]) == ("time", 0)


# --- the other cases -----------------------------------------------------------


def test_week_on_week_by_distance_only_when_both_weeks_log_it_for_most_of_their_running():
    """Last week logged distance on one of five runs: the change is by time, not "distance rose 900 %"."""
    last = week(session(1, 40, 3, start=PREVIOUS, distance_km=1.0), *(session(n, 40, 3, start=PREVIOUS) for n in (2, 3, 5, 6)),
                start=PREVIOUS)
    now = week(*(session(n, 40, 3, distance_km=2.0) for n in (1, 2, 3, 5, 6)))
    m = review(now, [last])["metrics"]
    assert (m["change_basis"], m["change_pct"], m["change_distance_pct"]) == ("time", 0.0, None)


def test_monotony_stays_readable_when_the_days_barely_differ():
    """Six days of 500 and one of 505 gave monotony 286 and strain over a million: capped at 10."""
    result = review(week(*(session(n, 100, 5) for n in range(1, 7)), session(7, 101, 5)))
    m = result["metrics"]
    assert m["daily_loads"] == [500] * 6 + [505]
    assert (m["monotony"], m["strain"], m["monotony_uniform"]) == (10, 35050, False)  # 3505 × 10
    assert in_group(result, "monotony") == ["monotony_high"]


def test_recent_load_uses_only_the_four_weeks_before():
    old = dt.date(2024, 1, 1)
    history = [week(session(1, 600, 10, start=old), start=old),
               week(session(1, 50, 4, start=PREVIOUS), start=PREVIOUS)]
    m = review(week(session(1, 50, 4)), history)["metrics"]
    assert (m["recent_weeks"], m["load_vs_recent_pct"]) == (1, 0.0)


def test_a_day_holds_at_most_24_hours_of_sessions():
    error = review_error(week(session(2, 1000, 3), session(2, 441, 3)))
    assert (error["code"], error["path"]) == ("range", "week.sessions.1.minutes")
    assert review(week(session(2, 1000, 3), session(2, 440, 3)))["metrics"]["total_minutes"] == 1440


# --- week boundaries ----------------------------------------------------------------


def test_a_week_may_start_on_sunday_when_the_date_is_a_sunday():
    sunday = dt.date(2026, 11, 15)
    assert sunday.weekday() == 6
    result = review(week(session(7, 40, 3, start=sunday), start=sunday, start_day="sunday"))
    assert (result["week"]["start_day"], result["week"]["week_start"]) == ("sunday", "2026-11-15")
    assert result["metrics"]["daily_loads"] == [0, 0, 0, 0, 0, 0, 120]  # Saturday 2026-11-21: 40 × 3


def test_a_monday_date_for_a_sunday_week_is_refused_at_week_start():
    error = review_error(week(start_day="sunday"))
    assert (error["code"], error["path"]) == ("weekday", "week.week_start")


def test_start_day_must_be_a_known_day():
    error = review_error(week(start_day="funday"))
    assert (error["code"], error["path"]) == ("unknown_option", "week.start_day")


@pytest.mark.parametrize(("index", "date"), [
    pytest.param(0, "2026-11-15", id="the-day-before"),
    pytest.param(1, "2026-11-23", id="the-day-after-the-seventh"),
])
def test_a_session_outside_the_week_is_refused_naming_its_date(index, date):
    sessions = [session(1), session(2)]
    sessions[index] = {**sessions[index], "date": date}
    error = review_error(week(*sessions))
    assert (error["code"], error["path"]) == ("out_of_week", f"week.sessions.{index}.date")


def test_the_first_and_seventh_days_are_inside_the_week():
    m = review(week(session(1, 10, 1), session(7, 10, 2)))["metrics"]
    assert m["daily_loads"] == [10, 0, 0, 0, 0, 0, 20]


def test_a_history_week_outside_its_own_week_is_refused_with_its_index():
    bad = week(session(1, start=PREVIOUS), start=PREVIOUS)
    bad["sessions"][0]["date"] = WEEK_START.isoformat()
    error = review_error(week(), [previous_week(50, kind="easy"), bad])
    assert (error["code"], error["path"]) == ("out_of_week", "history.1.sessions.0.date")


def test_an_iso_week_date_is_not_a_yyyy_mm_dd_date():
    error = review_error({**week(), "week_start": "2026-W47-1"})
    assert error["path"] == "week.week_start"


# --- a week in progress ----------------------------------------------------------------


def review_on(this_week: dict, today: str) -> dict:
    response = handle({"v": 1, "id": 1, "type": "review", "data": {"week": this_week, "today": today}})
    assert response["type"] == "result", response
    return response["data"]


def test_before_its_last_day_a_week_gets_no_verdict_and_no_whole_week_findings():
    wednesday = review_on(week(session(2, 40, 3), checklist=answers(yes=8)), day(3))
    assert wednesday["verdict"] is None and wednesday["needs"] == CHECKLIST["verdict"]["in_progress"]
    assert in_group(wednesday, "strength") == [] and in_group(wednesday, "rest") == []
    sunday = review_on(week(session(2, 40, 3), checklist=answers(yes=8)), day(7))
    assert sunday["verdict"]["id"] == "mostly-smart" and in_group(sunday, "strength") == ["strength_none"]


def test_pain_alerts_never_wait_for_the_end_of_the_week():
    result = review_on(week(session(2, 40, 3, pain=5)), day(2))
    assert (result["verdict"]["id"], result["findings"][0]["id"]) == ("pain-first", "pain_stop")
