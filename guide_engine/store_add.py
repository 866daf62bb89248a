"""Adding imported sessions to the saved weeks: the same store operations as a typed session.

``weeks_add`` takes the sessions an import produced (see :mod:`activities`), finds the
week each belongs to (a saved week holding its date, or a new one starting on the
reader's start day), recognises those already logged (same day, start within a few
minutes; :func:`activities.duplicates.find_duplicates`), and, unless ``preview`` is
set, answers the new document's text with the new sessions added. In a preview a
session's effort may still be ``null``: the page asks the reader to rate it first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from . import validate as v
from .errors import EngineError
from .store_ops import _answer, _current
from .week import parse_session, parse_week

MAX_ADD = 5000  # sessions in one import: a Strava export of several years


def _week_for(day: dt.date, weeks: dict[str, dict], start_day: int) -> str:
    """The saved week holding ``day``, or the start of a new week on the reader's start day."""
    for start in weeks:
        if 0 <= (day - dt.date.fromisoformat(start)).days <= 6:
            return start
    return (day - dt.timedelta(days=(day.weekday() - start_day) % 7)).isoformat()


def add_request(data: Mapping) -> dict:
    """Handle ``weeks_add``: ``{"sessions": [...], "start_day"?, "preview"?, "text" or "base"}``."""
    from .activities.duplicates import find_duplicates
    from .content import checklist

    v.obj(data, "", required=("sessions",), optional=("start_day", "preview", "text", "base"))
    preview = v.flag(data.get("preview", False), "preview")
    days = checklist()["start_days"]
    start_day = days.index(v.choice(data.get("start_day") or "monday", "start_day", days))
    doc, _ = _current(data)
    weeks = {w["week_start"]: w for w in doc["weeks"]}
    raw = v.array(data["sessions"], "sessions", max_items=MAX_ADD)
    sessions, starts = [], []
    for i, item in enumerate(raw):
        where = v.join("sessions", i)
        day = v.date(v.obj(item, where, required=("date",), optional=item.keys() if isinstance(item, Mapping) else ())["date"],
                     v.join(where, "date"))
        start = _week_for(day, weeks, start_day)
        rated = {**item, "effort": 0} if preview and item.get("effort") is None else item  # checked, not stored, in a preview
        sessions.append(parse_session(rated, where, dt.date.fromisoformat(start)))
        starts.append(start)
    found = find_duplicates(sessions, doc["weeks"])
    rows = [{"week_start": s, "duplicate": d, "new_week": s not in weeks} for s, d in zip(starts, found)]
    counts: dict[str, int] = {}
    for row in rows:
        if row["duplicate"] is None:
            counts[row["week_start"]] = counts.get(row["week_start"], 0) + 1
    summary = {"sessions": rows, "new": sum(counts.values()), "duplicates": len(rows) - sum(counts.values()), "weeks": counts}
    if preview:
        return summary
    for start in counts:
        added = [s for s, row in zip(sessions, rows) if row["week_start"] == start and row["duplicate"] is None]
        base = weeks.get(start) or {"week_start": start, "start_day": days[start_day]}
        merged = {**base, "sessions": [*base.get("sessions", ()), *added]}
        try:
            weeks[start] = parse_week(merged, "week")
        except EngineError as err:
            raise EngineError(err.code, f"The week of {start} cannot take these sessions: {err.message} Nothing was added.",
                              "sessions") from None
    if len(weeks) > checklist()["limits"]["weeks"]:
        raise EngineError("too_many", "These sessions would need more weeks than the page keeps. Export a backup, delete "
                          "your oldest weeks, then import again. Nothing was added.", "sessions")
    return _answer({**doc, "weeks": [weeks[k] for k in sorted(weeks)]}, doc, **summary)
