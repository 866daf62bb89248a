"""Training weeks a coach can read, shared by the golden files and the review tests.

Each builder returns a ``review`` request's data, ``{"week": ..., "history": [...]}``.
The reviewed week starts on Monday 2026-11-16; day N is ``day(N)`` (1 = Monday).
"""

from __future__ import annotations

import datetime as dt

MONDAY = dt.date(2026, 11, 16)
ITEMS = ("purpose", "easy_easy", "workouts_on_target", "volume_sensible", "movement_practice",
         "strength_helped", "sleep_food", "fresher")


def day(n: int, start: dt.date = MONDAY) -> str:
    return (start + dt.timedelta(days=n - 1)).isoformat()


def session(n: int, minutes: int, effort: int, kind: str = "easy", intent: str = "easy",
            start: dt.date = MONDAY, **extra) -> dict:
    return {"date": day(n, start), "kind": kind, "intent": intent, "minutes": minutes, "effort": effort, **extra}


def answers(yes: int = 0, partly: int = 0, no: int = 0) -> dict:
    picked = ["yes"] * yes + ["partly"] * partly + ["no"] * no
    return {item: {"answer": a} for item, a in zip(ITEMS, picked)}


def week(*sessions: dict, start: dt.date = MONDAY, **extra) -> dict:
    return {"week_start": start.isoformat(), "start_day": "monday", "sessions": list(sessions), **extra}


def textbook_sessions() -> list[dict]:
    """A seven-day week a coach would sign: a light recovery jog, one workout, easy days,
    two strength sessions and a long run."""
    return [session(1, 25, 2, "recovery"), session(2, 60, 7, "workout", "hard", distance_km=11.0),
            session(3, 45, 3, distance_km=8.0), session(4, 40, 3, distance_km=7.0),
            session(4, 30, 5, "strength", "moderate"), session(5, 40, 3, distance_km=7.0),
            session(5, 30, 5, "strength", "moderate"), session(6, 50, 3, distance_km=9.0),
            session(7, 100, 4, "long", distance_km=17.0)]


def last_week() -> dict:
    """The same textbook week, one week earlier, with a 16 km long run."""
    previous = MONDAY - dt.timedelta(days=7)
    sessions = [{**s, "date": (dt.date.fromisoformat(s["date"]) - dt.timedelta(days=7)).isoformat()}
                for s in textbook_sessions()]
    sessions[-1] = {**sessions[-1], "minutes": 95, "distance_km": 16.0}
    return week(*sessions, start=previous)


def blank_week() -> dict:
    return {"week": week()}


def seven_all_out_days() -> dict:
    return {"week": week(*(session(n, 90, 10, "workout", "hard") for n in range(1, 8)), checklist=answers(yes=1))}


def textbook_week_reviewed() -> dict:
    return {"week": week(*textbook_sessions(), checklist=answers(yes=8), sleep_hours=7.5, feeling="normal"),
            "history": [last_week()]}


def textbook_week_with_chest_pain() -> dict:
    sessions = textbook_sessions()
    sessions[-1] = {**sessions[-1], "pain_flags": ["chest"]}
    return {"week": week(*sessions, checklist=answers(yes=8)), "history": [last_week()]}


def race_week() -> dict:
    """A half marathon on Saturday after a 16 km long run: neither a spike nor a week to scold for no strength."""
    return {"week": week(session(2, 40, 3, distance_km=7.0), session(4, 35, 6, "workout", "hard", distance_km=6.0),
                         session(6, 110, 9, "race", "hard", distance_km=21.1), checklist=answers(yes=8)),
            "history": [last_week()]}


def distance_on_one_run_last_week() -> dict:
    """Last week logged a distance on one of five runs; time is unchanged: compare by time."""
    previous = MONDAY - dt.timedelta(days=7)
    last = week(session(1, 40, 3, start=previous, distance_km=8.0),
                *(session(n, 40, 3, start=previous) for n in (2, 3, 5, 6)), start=previous)
    return {"week": week(*(session(n, 40, 3, distance_km=8.0) for n in (1, 2, 3, 5, 6)), checklist=answers(yes=8)),
            "history": [last]}


def nearly_flat_week() -> dict:
    """Six days of 500 and one of 505: monotony at its cap of 10, not 286."""
    return {"week": week(*(session(n, 100, 5) for n in range(1, 7)), session(7, 101, 5))}


def two_cautions() -> dict:
    return {"week": week(*textbook_sessions(), checklist=answers(yes=8), sleep_hours=6, feeling="drained"),
            "history": [last_week()]}


def pain_four() -> dict:
    sessions = textbook_sessions()
    sessions[2] = {**sessions[2], "pain": 4}
    return {"week": week(*sessions, checklist=answers(yes=8)), "history": [last_week()]}


def old_weeks_are_not_recent() -> dict:
    old = dt.date(2024, 1, 1)
    return {"week": week(session(2, 50, 4), checklist=answers(yes=8)),
            "history": [week(session(1, 600, 10, start=old), start=old), last_week()]}


# --- plans ---------------------------------------------------------------------------------

def planned(pid: str, n: int, minutes: int, kind: str = "easy", intent: str = "easy", **extra) -> dict:
    return {"id": pid, "date": day(n), "kind": kind, "intent": intent, "minutes": minutes, **extra}


def textbook_plan() -> list[dict]:
    return [planned("p1", 1, 25, "recovery"), planned("p2", 2, 60, "workout", "hard", distance_km=11.0),
            planned("p3", 3, 45, distance_km=8.0), planned("p4", 4, 40, distance_km=7.0),
            planned("p5", 4, 30, "strength", "moderate"), planned("p6", 5, 40, distance_km=7.0),
            planned("p7", 5, 30, "strength", "moderate"), planned("p8", 6, 50, distance_km=9.0),
            planned("p9", 7, 100, "long", distance_km=17.0)]


def sensible_plan() -> dict:
    return {"week": week(plan={"sessions": textbook_plan()}), "history": [last_week()]}


def plan_with_hard_days_together_and_a_long_jump() -> dict:
    plan = textbook_plan()
    plan[2] = planned("p3", 3, 50, "workout", "hard", distance_km=9.0)  # Tuesday and Wednesday both hard
    plan[-1] = planned("p9", 7, 140, "long", distance_km=24.0)           # 24 km after a 16 km longest
    return {"week": week(plan={"sessions": plan}), "history": [last_week()]}


def planned_against_done() -> dict:
    plan = textbook_plan()
    plan[3] = {**plan[3], "skipped": True}
    sessions = [{**s, "plan_id": p["id"]} for s, p in zip(textbook_sessions(), plan) if not p.get("skipped")]
    sessions[1] = {**sessions[1], "effort": 9}
    sessions[-1] = {**sessions[-1], "minutes": 130, "distance_km": 21.0}
    return {"week": week(*sessions, session(3, 20, 2, "cross"), plan={"sessions": plan}, checklist=answers(yes=8)),
            "history": [last_week()]}
