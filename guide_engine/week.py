"""A training week as the reader records it: validation and normalisation.

A week (``schema`` 1) is a JSON object::

    {
      "schema": 1,
      "week_start": "2026-11-16",            # first day of the week (YYYY-MM-DD)
      "start_day": "monday",                 # optional; week_start must fall on it
      "checklist": {"purpose": {"answer": "yes", "note": "..."}, ...},   # optional, any subset
      "sessions": [                          # optional
        {"date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 45,
         "effort": 3, "distance_km": 8.2, "pain": 0, "pain_flags": [], "note": "",
         "start_time": "07:05", "source": "fit"}        # start_time, source: optional
      ],
      "sleep_hours": 7.5,                    # optional, average per night
      "feeling": "normal"                    # optional: fresh, normal, tired, drained
    }

:func:`parse_week` checks every field and returns the normalised week (the same
shape, with optional fields that were given, ``schema`` set); errors name the
field path, for example ``week.sessions.2.minutes``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping

from . import content
from . import validate as v
from .errors import EngineError

WEEK_SCHEMA = 1
SESSION_FIELDS = ("date", "kind", "intent", "minutes", "effort", "distance_km", "pain", "pain_flags", "note",
                  "start_time", "source")
# Where an imported session came from (guide_engine/activities); a typed session has no source.
SESSION_SOURCES = ("fit", "gpx", "tcx", "strava")
_CLOCK = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d", re.ASCII)  # "HH:MM", 24-hour
WEEK_FIELDS = ("schema", "week_start", "start_day", "checklist", "sessions", "sleep_hours", "feeling")


@functools.cache
def _ids(name: str) -> tuple[str, ...]:
    """The ids of one list in the checklist content (``kinds``, ``intents``, ...), in order."""
    return tuple(row["id"] for row in content.checklist()[name])


def migrate(raw: Mapping, path: str) -> Mapping:
    """Bring an older week record up to :data:`WEEK_SCHEMA`; refuse a newer one.

    A record without ``schema`` is taken as schema 1 (the first published format).
    """
    schema = raw.get("schema", WEEK_SCHEMA)
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise EngineError("type", "The schema version must be a whole number.", v.join(path, "schema"))
    if schema > WEEK_SCHEMA:
        raise EngineError("newer_schema", f"This week was saved by a newer version of the site (schema {schema}); "
                          f"this version reads schema {WEEK_SCHEMA} and older. Reload the page to update.",
                          v.join(path, "schema"))
    if schema < 1:
        raise EngineError("range", "Unknown schema version.", v.join(path, "schema"))
    return raw


def parse_session(raw: object, path: str, week_start: dt.date) -> dict:
    """Validate one session; its date must fall inside the week."""
    c = content.checklist()
    limits = c["limits"]
    s = v.obj(raw, path, required=("date", "kind", "intent", "minutes", "effort"), optional=SESSION_FIELDS)
    day = v.date(s["date"], v.join(path, "date"))
    if not 0 <= (day - week_start).days <= 6:
        end = week_start + dt.timedelta(days=6)
        raise EngineError("out_of_week", f"The date must be within the week, {week_start.isoformat()} to {end.isoformat()}.",
                          v.join(path, "date"))
    out = {
        "date": day.isoformat(),
        "kind": v.choice(s["kind"], v.join(path, "kind"), _ids("kinds")),
        "intent": v.choice(s["intent"], v.join(path, "intent"), _ids("intents")),
        "minutes": v.number(s["minutes"], v.join(path, "minutes"), low=1, high=limits["minutes"], integer=True),
        "effort": v.number(s["effort"], v.join(path, "effort"), low=0, high=10, integer=True),
    }
    if s.get("distance_km") is not None:
        km = v.number(s["distance_km"], v.join(path, "distance_km"), low=0, high=limits["distance_km"])
        out["distance_km"] = round(float(km), 2)
    if s.get("pain") is not None:
        out["pain"] = v.number(s["pain"], v.join(path, "pain"), low=0, high=10, integer=True)
    if s.get("pain_flags") is not None:
        flags = v.array(s["pain_flags"], v.join(path, "pain_flags"), max_items=len(c["pain_flags"]))
        known = _ids("pain_flags")
        for i, flag in enumerate(flags):
            v.choice(flag, v.join(v.join(path, "pain_flags"), i), known)
        if len(set(flags)) != len(flags):
            raise EngineError("duplicate", "A pain sign is listed twice.", v.join(path, "pain_flags"))
        out["pain_flags"] = sorted(flags, key=known.index)
    if s.get("note"):
        out["note"] = v.text(s["note"], v.join(path, "note"), max_len=limits["note"])
    if s.get("start_time") is not None:
        clock = v.text(s["start_time"], v.join(path, "start_time"), max_len=5)
        if not _CLOCK.fullmatch(clock):
            raise EngineError("type", "Expected a start time written as HH:MM (24-hour).", v.join(path, "start_time"))
        out["start_time"] = clock
    if s.get("source") is not None:
        out["source"] = v.choice(s["source"], v.join(path, "source"), SESSION_SOURCES)
    return out


def parse_week(raw: object, path: str) -> dict:
    """Validate and normalise one week record (see the module docstring)."""
    c = content.checklist()
    w = v.obj(raw, path, required=("week_start",), optional=WEEK_FIELDS)
    migrate(w, path)
    start = v.date(w["week_start"], v.join(path, "week_start"))
    out: dict = {"schema": WEEK_SCHEMA, "week_start": start.isoformat()}
    if w.get("start_day") is not None:
        day = v.choice(w["start_day"], v.join(path, "start_day"), c["start_days"])
        if c["start_days"].index(day) != start.weekday():
            weekday = c["start_days"][start.weekday()].capitalize()
            raise EngineError("weekday", f"{start.isoformat()} is a {weekday}, but your weeks start on {day.capitalize()}.",
                              v.join(path, "week_start"))
        out["start_day"] = day
    if w.get("checklist") is not None:
        items = _ids("items")
        answers = _ids("answers")
        checklist = {}
        for key, entry in v.mapping(w["checklist"], v.join(path, "checklist")).items():
            where = v.join(v.join(path, "checklist"), key)
            v.choice(key, where, items)
            e = v.obj(entry, where, optional=("answer", "note"))
            kept = {}
            if e.get("answer") is not None:
                kept["answer"] = v.choice(e["answer"], v.join(where, "answer"), answers)
            if e.get("note"):
                kept["note"] = v.text(e["note"], v.join(where, "note"), max_len=c["limits"]["note"])
            if kept:
                checklist[key] = kept
        out["checklist"] = {k: checklist[k] for k in items if k in checklist}
    if w.get("sessions") is not None:
        sessions = v.array(w["sessions"], v.join(path, "sessions"), max_items=c["limits"]["sessions"])
        out["sessions"] = [parse_session(s, v.join(v.join(path, "sessions"), i), start) for i, s in enumerate(sessions)]
    if w.get("sleep_hours") is not None:
        out["sleep_hours"] = round(float(v.number(w["sleep_hours"], v.join(path, "sleep_hours"), low=0,
                                                  high=c["limits"]["sleep_hours"])), 2)
    if w.get("feeling") is not None:
        out["feeling"] = v.choice(w["feeling"], v.join(path, "feeling"), _ids("feelings"))
    return out


def parse_weeks(raw: object, path: str) -> list[dict]:
    """Validate a list of weeks; refuse two records for the same week."""
    limit = content.checklist()["limits"]["weeks"]
    weeks = [parse_week(w, v.join(path, i)) for i, w in enumerate(v.array(raw, path, max_items=limit))]
    seen: dict[str, int] = {}
    for i, week in enumerate(weeks):
        if week["week_start"] in seen:
            raise EngineError("duplicate_week", f"The week of {week['week_start']} appears twice (entries {seen[week['week_start']]} and {i}).",
                              v.join(v.join(path, i), "week_start"))
        seen[week["week_start"]] = i
    return weeks
