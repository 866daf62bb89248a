"""Weekly training metrics, as defined in the content brief.

* session load = effort (0-10) × minutes, in arbitrary units (AU)
* weekly load = the sum of session loads; daily loads count rest days as 0
* monotony = mean of the 7 daily loads ÷ their population standard deviation.
  When the deviation is 0 it is undefined: ``None``, with ``monotony_uniform``
  true if the week had load (every day identical) and false for an empty week
* strain = weekly load × monotony (``None`` when monotony is)
* week-on-week change = (this − last) ÷ last, by running minutes and distance
* single-run spike = a run's distance ÷ the longest run of the previous 30 days

All functions are pure: weeks in (as returned by :func:`week.parse_week`),
numbers out. Nothing here predicts injury; these are prompts for reflection.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

from . import content


def round_half_up(x: float, digits: int = 0) -> float:
    """Round half away from zero (the same in CPython and Pyodide, unlike banker's rounding)."""
    q = 10 ** digits
    return math.copysign(math.floor(abs(x) * q + 0.5) / q, x)


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


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
    """(monotony, uniform): mean ÷ population SD; ``None`` when the SD is 0."""
    mean = sum(loads) / len(loads)
    sd = math.sqrt(sum((x - mean) ** 2 for x in loads) / len(loads))
    if sd == 0:
        return None, mean > 0
    return mean / sd, False


def _kinds() -> dict:
    return {k["id"]: k for k in content.checklist()["kinds"]}


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
    [D − 30 days, D), over the history and the earlier days of this week.
    Runs without a distance, or without any earlier run in the window, are skipped.
    """
    window = content.checklist()["thresholds"]["spike_window_days"]
    runs = [(_day(s["date"]), s["distance_km"]) for w in [*history, week] for s in running_sessions(w)
            if s.get("distance_km")]
    best = None
    for s in running_sessions(week):
        if not s.get("distance_km"):
            continue
        day = _day(s["date"])
        earlier = [km for d, km in runs if day - dt.timedelta(days=window) <= d < day]
        if not earlier:
            continue
        base = max(earlier)
        ratio = s["distance_km"] / base
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


def week_metrics(week: Mapping, history: Sequence[Mapping] = ()) -> dict:
    """Every figure the review reports for one week (history: other weeks, any order)."""
    c = content.checklist()
    t = c["thresholds"]
    intents = {i["id"]: i for i in c["intents"]}
    sessions = list(week.get("sessions", ()))
    totals = week_totals(week)
    weekly, run_minutes, distance = totals["weekly_load"], totals["run_minutes"], totals["distance_km"]
    counted = [s for s in sessions if s["kind"] != "strength"]
    by_intent = {i: sum(1 for s in counted if s["intent"] == i) for i in intents}
    easy = [s for s in counted if s["intent"] == "easy"]
    drifted = [s for s in easy if s["effort"] >= t["drift_effort"]]
    over_plan = [s for s in counted if s["intent"] != "easy" and s["effort"] > intents[s["intent"]]["max_effort"]]
    days_with_sessions = {s["date"] for s in sessions}
    flags = sorted({f for s in sessions for f in s.get("pain_flags", ())})

    prev = previous_week(week, history)
    change_time = change_distance = None
    if prev is not None:
        prev_runs = running_sessions(prev)
        change_time = percent_change(run_minutes, sum(s["minutes"] for s in prev_runs))
        prev_km = [s["distance_km"] for s in prev_runs if s.get("distance_km") is not None]
        if distance is not None and prev_km:
            change_distance = percent_change(distance, sum(prev_km))
    change, basis = (change_distance, "distance") if change_distance is not None else (change_time, "time")

    earlier = sorted((w for w in history if w["week_start"] < week["week_start"]), key=lambda w: w["week_start"])[-4:]
    recent_loads = [sum(daily_loads(w)) for w in earlier]
    recent_mean = sum(recent_loads) / len(recent_loads) if recent_loads else None
    spike = longest_spike(week, history)
    exact_spike = spike and spike.pop("exact_ratio")
    feelings = [f["id"] for f in c["feelings"]]

    return {
        **totals,
        "total_minutes": sum(s["minutes"] for s in sessions),
        "intent_counts": by_intent,
        "easy_share": round_half_up(len(easy) / len(counted), 2) if counted else None,
        "easy_count": len(easy),
        "drifted_count": len(drifted),
        "over_plan_count": len(over_plan),
        "strength_count": sum(1 for s in sessions if s["kind"] == "strength"),
        "rest_days": 7 - len(days_with_sessions),
        "sleep_hours": week.get("sleep_hours"),
        "feeling": week.get("feeling"),
        "feeling_score": feelings.index(week["feeling"]) if week.get("feeling") else None,
        "max_pain": max((s.get("pain", 0) for s in sessions), default=0),
        "pain_flags": flags,
        "pain_urgent": int("chest" in flags),
        "pain_flag_count": len([f for f in flags if f != "chest"]),
        "has_previous_week": prev is not None,
        "change_time_pct": change_time,
        "change_distance_pct": change_distance,
        "change_pct": change,
        "change_basis": basis,
        "load_vs_recent_pct": None if not recent_mean else percent_change(weekly, recent_mean),
        "recent_weeks": len(recent_loads),
        "spike": spike,
        # Compared unrounded, so 10.4 % longer is "over 10 %" even though it shows as 1.1.
        "spike_ratio": exact_spike or None,
        "checklist": checklist_summary(week),
    }
