"""Weekly training metrics, as defined in the content brief.

* session load = effort (0-10) × minutes, in arbitrary units (AU)
* weekly load = the sum of session loads; daily loads count rest days as 0
* monotony = mean of the 7 daily loads ÷ their population standard deviation, capped at
  ``rules.monotony_cap`` (10, as Runalyze caps it): a tiny deviation would otherwise give
  figures in the hundreds. A week of identical loaded days reads the cap and is flagged
  ``monotony_uniform``; an empty week has no monotony (``None``)
* strain = weekly load × monotony (the capped value)
* week-on-week change = (this − last) ÷ last, by distance when both weeks log a distance
  for most of their running, otherwise by running time
* single-run spike = a run's distance ÷ the longest run of the previous 30 days (races
  are part of the baseline but are never flagged themselves)

All functions are pure: weeks in (as returned by :func:`week.parse_week`), numbers out.
Every name a findings row may test is listed in :data:`METRICS`. Nothing here predicts
injury; these are prompts for reflection.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

from . import content

# The metrics a findings row in checklist.json may name; week_metrics returns exactly these
# (and a few non-numeric details: daily loads, the spike, the checklist summary).
METRICS = (
    "sessions", "runs", "weekly_load", "monotony", "monotony_uniform", "strain", "run_minutes", "distance_km",
    "total_minutes", "counted_sessions", "easy_share", "easy_count", "drifted_count", "over_plan_count",
    "strength_count", "rest_days", "sleep_hours", "feeling_score", "max_pain", "urgent_flags", "stop_flags",
    "pain_before", "stop_flags_before", "urgent_flags_before",
    "relaxed_week", "change_time_pct", "change_distance_pct", "change_pct", "load_vs_recent_pct",
    "recent_weeks", "spike_ratio",
    # set by review.py when the week has a plan (adherence.py), and while the week is not over
    "plan_volume_pct", "plan_done_pct", "plan_harder_count", "in_progress",
)
# Figures only a plan has (plan.py), for the plan_findings rows.
PLAN_METRICS = ("planned_hard", "planned_runs", "back_to_back", "vs_recent_pct", "recent_pain", "recent_stop_flags",
                "recent_urgent_flags", "returning_pain")


# The values of checklist.json's "rules" this module reads; the content check refuses any other.
RULES = ("drift_effort", "light_day_effort", "light_day_minutes", "monotony_cap", "spike_window_days",
         "distance_coverage", "recent_weeks")


def round_half_up(x: float, digits: int = 0) -> float:
    """Round half away from zero (the same in CPython and Pyodide, unlike banker's rounding)."""
    q = 10 ** digits
    return math.copysign(math.floor(abs(x) * q + 0.5) / q, x)


def spike_percent_text(exact_ratio: float) -> str:
    """How much longer a run is than the recent longest, as the texts say it: a whole percent, or
    to a tenth when that would be a round ten, where the rules draw their lines (a run 10.4 %
    longer is past the 10 % line: "10 %" would read as on it), and "just over" ("just under")
    the round ten when even the tenth would read as on it (10.04 %)."""
    pct = (exact_ratio - 1) * 100
    shown = round_half_up(pct)
    if shown % 10 == 0:
        shown = round_half_up(pct, 1)
    if shown % 10 == 0 and abs(pct - shown) > 1e-9:
        return f"just {'over' if pct > shown else 'under'} {shown:g}%"
    return f"{shown:g}%"


def spike_ratio_text(exact_ratio: float) -> str:
    """How many times the recent longest a run is: to two decimals, and "just over" a whole
    number it would round to (20.01 km after 10 km is past "more than double", not "2 times")."""
    shown = round_half_up(exact_ratio, 2)
    if shown.is_integer() and abs(exact_ratio - shown) > 1e-9:
        return f"just {'over' if exact_ratio > shown else 'under'} {int(shown)} times"
    return f"{shown:g} times"


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _rules() -> Mapping:
    return content.checklist()["rules"]


def session_load(session: Mapping) -> int:
    """Effort × minutes (AU)."""
    return session["effort"] * session["minutes"]


def daily_loads(week: Mapping) -> list[int]:
    """The 7 daily loads from the week's first day; days without a session are 0."""
    start = _day(week["week_start"])
    loads = [0] * 7
    for s in week.get("sessions", ()):
        loads[(_day(s["date"]) - start).days] += session_load(s)
    return loads


def monotony(loads: Sequence[float]) -> tuple[float | None, bool]:
    """(monotony, uniform): mean ÷ population SD, capped; ``None`` for a week without load.

    ``uniform`` is true when every day carried the same load (the SD is 0).
    """
    cap = _rules()["monotony_cap"]
    mean = sum(loads) / len(loads)
    if mean == 0:
        return None, False
    sd = math.sqrt(sum((x - mean) ** 2 for x in loads) / len(loads))
    if sd == 0:
        return cap, True
    return min(mean / sd, cap), False


def _kinds() -> dict:
    return {k["id"]: k for k in content.checklist()["kinds"]}


def is_race(session: Mapping) -> bool:
    """A race: part of the spike baseline, never a spike; it keeps its date in a plan."""
    return bool(_kinds()[session["kind"]].get("race"))


def running_sessions(week: Mapping) -> list[Mapping]:
    kinds = _kinds()
    return [s for s in week.get("sessions", ()) if kinds[s["kind"]]["running"]]


def percent_change(now: float, before: float) -> float | None:
    """(now − before) ÷ before as a percentage with one decimal; ``None`` without a base."""
    if before <= 0:
        return None
    return round_half_up((now - before) / before * 100, 1)


def longest_spike(week: Mapping, history: Iterable[Mapping]) -> dict | None:
    """The run of this week that most exceeds the longest run of its previous 30 days.

    The baseline for a run dated D is the longest running distance dated in
    [D − 30 days, D), over the history and the earlier days of this week. Races count
    in the baseline but are never reported as a spike. Runs without a distance, or
    without any earlier run in the window, are skipped; and with no history week in the
    window at all (a first logged week) there is no record of the 30 days: no spike.
    """
    window = _rules()["spike_window_days"]
    start = _day(week["week_start"])
    history = list(history)
    if not any(0 < (start - _day(w["week_start"])).days <= window for w in history):
        return None
    runs = [(_day(s["date"]), s["distance_km"]) for w in [*history, week] for s in running_sessions(w)
            if s.get("distance_km")]
    best = None
    for s in running_sessions(week):
        if not s.get("distance_km") or is_race(s):
            continue
        day = _day(s["date"])
        earlier = [km for d, km in runs if day - dt.timedelta(days=window) <= d < day]
        if not earlier:
            continue
        base = max(earlier)
        ratio = round(s["distance_km"] / base, 9)  # 9.88 / 7.6 is 1.3000000000000003: exactly 30 %, not past it
        if best is None or ratio > best["exact_ratio"]:
            best = {"date": s["date"], "km": s["distance_km"], "base_km": base, "exact_ratio": ratio,
                    "ratio": round_half_up(ratio, 2)}
    return best


def checklist_summary(week: Mapping) -> dict:
    """Points for the eight review points: yes 2, partly 1, no 0."""
    c = content.checklist()
    points = {a["id"]: a["points"] for a in c["answers"]}
    answers = [e["answer"] for e in week.get("checklist", {}).values() if "answer" in e]
    got = sum(points[a] for a in answers)
    top = 2 * len(answers)
    return {
        "answered": len(answers),
        "of": len(c["items"]),
        "points": got,
        "percent": int(round_half_up(got / top * 100)) if top else None,
        "misses": answers.count("no"),
    }


def previous_week(week: Mapping, history: Iterable[Mapping]) -> Mapping | None:
    """The history week that starts exactly seven days before this one."""
    want = (_day(week["week_start"]) - dt.timedelta(days=7)).isoformat()
    return next((w for w in history if w["week_start"] == want), None)


def rest_days(week: Mapping) -> int:
    """Days with no session, or only a light one (``rules.light_day_*``: a rest day too)."""
    r = _rules()
    start = _day(week["week_start"])
    minutes, hardest = [0] * 7, [0] * 7
    for s in week.get("sessions", ()):
        i = (_day(s["date"]) - start).days
        minutes[i] += s["minutes"]
        hardest[i] = max(hardest[i], s["effort"])
    return sum(1 for m, e in zip(minutes, hardest) if m == 0 or (m <= r["light_day_minutes"] and e <= r["light_day_effort"]))


def week_totals(week: Mapping) -> dict:
    """The figures of one week that need no other week: load, monotony, strain, volume.

    The history chart draws these for every stored week, so they are kept apart from
    the comparisons with earlier weeks that only the reviewed week needs.
    """
    runs = running_sessions(week)
    loads = daily_loads(week)
    weekly = sum(loads)
    mono, uniform = monotony(loads)
    distances = [s["distance_km"] for s in runs if s.get("distance_km") is not None]
    return {
        "sessions": len(week.get("sessions", ())),
        "runs": len(runs),
        "daily_loads": loads,
        "weekly_load": weekly,
        "monotony": None if mono is None else round_half_up(mono, 2),
        "monotony_uniform": uniform,
        "strain": None if mono is None else int(round_half_up(weekly * mono)),
        "run_minutes": sum(s["minutes"] for s in runs),
        "distance_km": round_half_up(sum(distances), 2) if distances else None,
    }


def _distance_covered(week: Mapping) -> float | None:
    """Kilometres run, when runs with a distance make up most of the running minutes."""
    runs = running_sessions(week)
    minutes = sum(s["minutes"] for s in runs)
    with_km = [s for s in runs if s.get("distance_km") is not None]
    if not minutes or sum(s["minutes"] for s in with_km) < _rules()["distance_coverage"] * minutes:
        return None
    return sum(s["distance_km"] for s in with_km)


def _change(week: Mapping, prev: Mapping | None) -> dict:
    if prev is None:
        return {"change_time_pct": None, "change_distance_pct": None, "change_pct": None, "change_basis": "time"}
    time = percent_change(sum(s["minutes"] for s in running_sessions(week)),
                          sum(s["minutes"] for s in running_sessions(prev)))
    now_km, before_km = _distance_covered(week), _distance_covered(prev)
    distance = percent_change(now_km, before_km) if now_km is not None and before_km is not None else None
    if distance is not None:
        return {"change_time_pct": time, "change_distance_pct": distance, "change_pct": distance, "change_basis": "distance"}
    return {"change_time_pct": time, "change_distance_pct": None, "change_pct": time, "change_basis": "time"}


def recent_loads(week: Mapping, history: Iterable[Mapping]) -> list[int]:
    """Weekly loads of the stored weeks starting 1 to ``rules.recent_weeks`` weeks before this one."""
    start = _day(week["week_start"])
    span = _rules()["recent_weeks"] * 7
    return [sum(daily_loads(w)) for w in history if 0 < (start - _day(w["week_start"])).days <= span]


def sessions_before(week: Mapping, history: Iterable[Mapping], days: int = 7) -> list[Mapping]:
    """The sessions of the ``days`` before the week starts, from any saved week (weeks that start
    on another day included)."""
    start = week["week_start"]
    since = (dt.date.fromisoformat(start) - dt.timedelta(days=days)).isoformat()
    return [s for w in history if w["week_start"] != start for s in w.get("sessions", ()) if since <= s["date"] < start]


def pain_signs(sessions: Iterable[Mapping]) -> dict:
    """The worst pain among ``sessions`` and how many red-flag signs of each severity they hold."""
    severity = {p["id"]: p["severity"] for p in content.checklist()["pain_flags"]}
    sessions = list(sessions)
    flags = {f for s in sessions for f in s.get("pain_flags", ())}
    return {"pain": max((s.get("pain", 0) for s in sessions), default=0),
            "stop": sum(1 for f in flags if severity[f] == "stop"),
            "urgent": sum(1 for f in flags if severity[f] == "urgent")}


def week_metrics(week: Mapping, history: Sequence[Mapping] = ()) -> dict:
    """Every figure the review reports for one week (history: other weeks, any order)."""
    c = content.checklist()
    r = c["rules"]
    kinds = _kinds()
    intents = {i["id"]: i for i in c["intents"]}
    severity = {p["id"]: p["severity"] for p in c["pain_flags"]}
    sessions = list(week.get("sessions", ()))
    totals = week_totals(week)
    counted = [s for s in sessions if s["kind"] != "strength"]
    easy = [s for s in counted if s["intent"] == "easy"]
    over_plan = [s for s in counted if s["intent"] != "easy" and s["effort"] > intents[s["intent"]]["max_effort"]]
    flags = sorted({f for s in sessions for f in s.get("pain_flags", ())})
    before = pain_signs(sessions_before(week, history))
    recent = recent_loads(week, history)
    recent_mean = sum(recent) / len(recent) if recent else None
    spike = longest_spike(week, history)
    exact_spike = spike and spike.pop("exact_ratio")
    feelings = [f["id"] for f in c["feelings"]]
    raced = any(kinds[s["kind"]].get("race") for s in sessions)
    prev = previous_week(week, history)

    return {
        **totals,
        "total_minutes": sum(s["minutes"] for s in sessions),
        "counted_sessions": len(counted),
        "intent_counts": {i: sum(1 for s in counted if s["intent"] == i) for i in intents},
        "easy_share": round_half_up(len(easy) / len(counted), 2) if counted else None,
        "easy_count": len(easy),
        "drifted_count": sum(1 for s in easy if s["effort"] >= r["drift_effort"]),
        "over_plan_count": len(over_plan),
        "strength_count": sum(1 for s in sessions if s["kind"] == "strength"),
        "rest_days": rest_days(week),
        "sleep_hours": week.get("sleep_hours"),
        "feeling": week.get("feeling"),
        "feeling_score": feelings.index(week["feeling"]) if week.get("feeling") else None,
        "max_pain": max((s.get("pain", 0) for s in sessions), default=0),
        "pain_flags": flags,
        "urgent_flags": sum(1 for f in flags if severity[f] == "urgent"),
        "stop_flags": sum(1 for f in flags if severity[f] == "stop"),
        # Pain in the seven days before the week, in whichever saved week it sits: running again
        # within a week of a red flag is not a week to praise (the plan check reads it too).
        "pain_before": before["pain"],
        "stop_flags_before": before["stop"],
        "urgent_flags_before": before["urgent"],
        "phase": week.get("phase"),
        # Taper, race and recovery weeks: less running and no strength work are expected.
        "relaxed_week": int(raced or week.get("phase") in ("taper", "race", "recovery")),
        "has_previous_week": prev is not None,
        **_change(week, prev),
        "load_vs_recent_pct": None if not recent_mean else percent_change(totals["weekly_load"], recent_mean),
        "recent_weeks": len(recent),
        "spike": spike,
        # Compared unrounded, so 10.4 % longer is "over 10 %" even though it shows as 1.1.
        "spike_ratio": exact_spike or None,
        "checklist": checklist_summary(week),
    }
