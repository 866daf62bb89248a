"""A week's plan, checked before it is run and compared with what was done.

The plan is the week record's ``plan`` (see :mod:`week`). :func:`plan_metrics` turns it
into the figures the ``plan_findings`` rows of ``checklist.json`` test, with the review's
own metric functions applied to the planned sessions: a plan has no effort yet, so each
planned session counts at its ``planned_effort`` (by intent; a recovery run lower), a
convention used only to compare. Where it can, the check says what to change.
:func:`compare` sets what was done against the plan for the weekly review.

Request data (``plan``): ``{"week": WEEK with a plan, "history": [WEEK, ...]}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from . import content
from . import validate as v
from .errors import EngineError
from .metrics import (is_race, longest_spike, pain_signs, percent_change, round_half_up, running_sessions, sessions_before,
                      spike_percent_text, week_metrics)
from .adherence import planned_effort
from .review import RECENT_DAYS, evaluate_rows
from .units import distance_text, in_units, step_below, step_value, units_of
from .week import parse_week, parse_weeks

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day_name(iso: str) -> str:
    return DAYS[dt.date.fromisoformat(iso).weekday()]


def planned_sessions(week: Mapping) -> list[dict]:
    """The plan's sessions that are still meant to happen, as sessions at their planned effort."""
    return [{k: p[k] for k in ("date", "kind", "intent", "minutes", "distance_km") if k in p} | {"effort": planned_effort(p)}
            for p in week.get("plan", {}).get("sessions", ()) if not p.get("skipped")]


def _hard_days(sessions: Sequence[Mapping]) -> list[str]:
    return sorted({s["date"] for s in sessions if s["intent"] == "hard"})


def _move_suggestion(hard: list[str], week_start: str, sessions: Sequence[Mapping]) -> str:
    """Where one of two back-to-back hard days could go instead: the later one, unless it is a
    race (a race keeps its date); only to a day of this week with nothing planned, not next
    to another hard day."""
    races = {s["date"] for s in sessions if is_race(s)}
    busy = {s["date"] for s in sessions}
    pairs = [(a, b) for a, b in zip(hard, hard[1:]) if (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days == 1]
    first, later = pairs[0]
    moved = first if later in races else later
    if moved in races:
        return "Two races on consecutive days: keep every other session of the week easy."
    start = dt.date.fromisoformat(week_start)
    options = []
    for i in range(7):
        day = (start + dt.timedelta(days=i)).isoformat()
        near = {(dt.date.fromisoformat(day) + dt.timedelta(days=d)).isoformat() for d in (-1, 1)}
        if day not in busy and not (near & (set(hard) - {moved})):
            options.append((abs((dt.date.fromisoformat(day) - dt.date.fromisoformat(moved)).days), day))
    if not options:
        return f"Make {_day_name(moved)}'s session easy, or drop one of the hard sessions."
    return f"Move {_day_name(moved)}'s hard session to {_day_name(min(options)[1])}."


def _spike_cap(spike: Mapping, units: str, planned: Sequence[Mapping]) -> str:
    # within 10 % of the recent longest, rounded down to the half kilometre (or mile)
    top, base = spike["base_km"] * 1.1, spike["base_km"]
    cap = step_value(top, units, base)
    text = (f"Cap {_day_name(spike['date'])}'s run at {step_below(top, units, base)} to stay within 10 % of "
            f"your longest run of the 30 days before ({distance_text(spike['base_km'], units)}).")
    # A later run measured against the uncapped one passed; capped alone, a long run could end
    # up as long as, or shorter than, the next day's easy run. Every other run of the week stays
    # under the cap (a hundredth of a unit spared: distances are kept to 0.01 km).
    longer = sorted({s["date"] for s in running_sessions({"sessions": planned}) if s["date"] != spike["date"]
                     and s.get("distance_km") and not is_race(s) and in_units(s["distance_km"], units) >= cap - 0.01})
    if longer:
        names = [f"{_day_name(d)}'s" for d in longer]
        days = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        text += f" Keep {days} run{'s' if len(longer) > 1 else ''} under that too."
    return text


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _lightest_day(sessions: Sequence[Mapping]) -> str:
    """The day with the lightest planned load to make a rest day: never a race's or a long run's."""
    keep = {s["date"] for s in sessions if s["kind"] == "long" or is_race(s)}
    loads = {}
    for s in sessions:
        if s["date"] not in keep:
            loads[s["date"]] = loads.get(s["date"], 0) + s["effort"] * s["minutes"]
    if not loads:
        return "Make one day a rest day, or a light jog of 30 minutes or less."
    day = min(loads, key=lambda d: (loads[d], d))
    return f"Make {_day_name(day)} a rest day, or a light jog of 30 minutes or less."


def _pain_before(week: Mapping, history: Sequence[Mapping]) -> dict:
    """Pain logged in the seven days before the week and so far in it, in whichever saved week
    it sits (weeks that start on another day included): it decides what may be planned.
    ``returning_pain``: the lower of that and the worst pain of the seven days before those,
    pain that came back week after week (as the review's pain_returns reads it)."""
    signs = pain_signs([*sessions_before(week, history), *week.get("sessions", ())])
    earlier = (dt.date.fromisoformat(week["week_start"]) - dt.timedelta(days=7)).isoformat()
    before = pain_signs(sessions_before({"week_start": earlier}, history))
    return {"recent_pain": signs["pain"], "recent_stop_flags": signs["stop"], "recent_urgent_flags": signs["urgent"],
            "returning_pain": min(signs["pain"], before["pain"])}


def plan_metrics(week: Mapping, history: Sequence[Mapping] = (), units: str = "km") -> dict:
    """The figures of a plan, with the same names as a review's where they mean the same."""
    planned = planned_sessions(week)
    start = dt.date.fromisoformat(week["week_start"])
    recent = [w for w in history if 0 < (start - dt.date.fromisoformat(w["week_start"])).days <= RECENT_DAYS]
    as_week = {"week_start": week["week_start"], "sessions": planned, **({"phase": week["phase"]} if "phase" in week else {})}
    m = week_metrics(as_week, recent)
    hard = _hard_days(planned)
    back_to_back = sum(1 for a, b in zip(hard, hard[1:]) if (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days == 1)
    run_minutes = [sum(s["minutes"] for s in running_sessions(w)) for w in recent[-4:] if running_sessions(w)]
    recent_mean = sum(run_minutes) / len(run_minutes) if run_minutes else 0
    spike = longest_spike(as_week, recent)
    out = {
        **{k: m[k] for k in ("sessions", "runs", "weekly_load", "run_minutes", "distance_km", "counted_sessions",
                             "easy_share", "easy_count", "strength_count", "rest_days", "relaxed_week",
                             "has_previous_week", "change_pct", "change_basis", "spike", "spike_ratio")},
        "planned_hard": sum(1 for s in planned if s["intent"] == "hard"),
        "planned_runs": m["runs"],
        "hard_days": hard,
        "back_to_back": back_to_back,
        "recent_run_minutes": int(round_half_up(recent_mean)) if recent_mean else None,
        "vs_recent_pct": percent_change(m["run_minutes"], recent_mean) if recent_mean else None,
        **_pain_before(week, history),
    }
    out["suggest"] = {
        "back_to_back": _move_suggestion(hard, week["week_start"], planned) if back_to_back else "",
        "spike": _spike_cap(spike, units, planned) if spike else "",
        "rest": _lightest_day(planned),
        "volume": (f"Keep the week near {int(round_half_up(recent_mean * 1.1))} minutes of running (within 10 % of your "
                   f"recent weeks).") if recent_mean else "",
    }
    return out


def check_plan(week: Mapping, history: Sequence[Mapping] = (), units: str = "km") -> dict:
    """The plan's figures and findings (most urgent first), each with its suggested change."""
    m = plan_metrics(week, history, units)
    ctx = {**{k: _fmt(val) for k, val in m.items() if isinstance(val, (int, float)) and not isinstance(val, bool)},
           **{f"suggest_{k}": val for k, val in m["suggest"].items()}}
    if m["spike"]:
        ctx.update(spike_day=_day_name(m["spike"]["date"]), spike_distance=distance_text(m["spike"]["km"], units),
                   spike_base_distance=distance_text(m["spike"]["base_km"], units),
                   spike_percent_text=spike_percent_text(m["spike_ratio"]))
    if m["hard_days"]:
        ctx["hard_day_names"] = ", ".join(_day_name(d) for d in m["hard_days"])
    ctx["change_basis"] = m["change_basis"]
    ctx["easy_share_pct"] = _fmt(int(round_half_up((m["easy_share"] or 0) * 100)))
    found = evaluate_rows(content.checklist()["plan_findings"], m, ctx)
    return {"plan": {k: val for k, val in m.items() if k != "suggest"}, "findings": found}


def plan_request(data: Mapping) -> dict:
    """Handle a ``plan`` request: ``{"week": WEEK with a plan, "history": [WEEK, ...]}``."""
    v.obj(data, "", required=("week",), optional=("history", "units"))
    week = parse_week(data["week"], "week")
    if not week.get("plan", {}).get("sessions"):
        raise EngineError("missing", "The week has no planned sessions to check.", "week.plan")
    history = [w for w in parse_weeks(data.get("history", []), "history") if w["week_start"] != week["week_start"]]
    return {"week": week, **check_plan(week, history, units_of(data))}
