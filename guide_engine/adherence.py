"""What was done against what was planned, for the weekly review.

A plan has no effort yet: each planned session counts at its ``planned_effort`` (by
intent, a recovery run lower; ``checklist.json``), a convention used only to compare a
plan's load with the load that was run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from . import content
from .metrics import percent_change, round_half_up

CHANGED_BY = 0.2  # a done session counts as changed when its minutes or distance differ by more than 20 %


def planned_effort(planned: Mapping) -> int:
    """The effort a planned session is counted at (the content's ``planned_effort``)."""
    c = content.checklist()
    kind = next(k for k in c["kinds"] if k["id"] == planned["kind"])
    return kind.get("planned_effort", next(i for i in c["intents"] if i["id"] == planned["intent"])["planned_effort"])


def compare(week: Mapping, today: dt.date | None = None) -> dict | None:
    """What was done against the plan: per planned session done, changed, skipped, not logged or (after
    ``today``, in a week not over) still to come (``upcoming``); extras; volume and load. ``done_pct`` is
    the share of the sessions due so far (``None`` before the first is due)."""
    plan = week.get("plan", {}).get("sessions", ())
    if not plan:
        return None
    intents = {i["id"]: i for i in content.checklist()["intents"]}
    done = {s["plan_id"]: s for s in week.get("sessions", ()) if "plan_id" in s}

    def changed(p: Mapping, s: Mapping) -> bool:
        far = lambda a, b: a is not None and b is not None and abs(a - b) > CHANGED_BY * max(a, b)  # noqa: E731
        return (s["kind"], s["intent"]) != (p["kind"], p["intent"]) or far(p["minutes"], s["minutes"]) \
            or far(p.get("distance_km"), s.get("distance_km"))

    rows = []
    for p in plan:
        s = done.get(p["id"])
        status = "skipped" if p.get("skipped") else "changed" if s and changed(p, s) else "done" if s \
            else "upcoming" if today is not None and p["date"] > today.isoformat() else "not_logged"
        rows.append({"id": p["id"], "date": p["date"], "kind": p["kind"], "intent": p["intent"], "minutes": p["minutes"],
                     "status": status, "done_minutes": s["minutes"] if s else None,
                     "harder": bool(s and s["effort"] > intents[p["intent"]]["max_effort"])})
    extra = [s for s in week.get("sessions", ()) if "plan_id" not in s]
    planned_minutes = sum(p["minutes"] for p in plan)
    planned_load = sum(planned_effort(p) * p["minutes"] for p in plan)
    done_minutes = sum(s["minutes"] for s in week.get("sessions", ()))
    done_load = sum(s["effort"] * s["minutes"] for s in week.get("sessions", ()))
    carried = sum(1 for r in rows if r["status"] in ("done", "changed"))
    due = sum(1 for r in rows if r["status"] != "upcoming")
    return {"sessions": rows, "extra": len(extra), "planned_minutes": planned_minutes, "done_minutes": done_minutes,
            "planned_load": planned_load, "done_load": done_load,
            "volume_pct": percent_change(done_minutes, planned_minutes), "load_pct": percent_change(done_load, planned_load),
            "done_pct": int(round_half_up(carried / due * 100)) if due else None,
            "harder_count": sum(r["harder"] for r in rows)}
