"""A training week as the reader records it: validation and normalisation.

A week (``schema`` 2) is a JSON object::

    {
      "schema": 2,
      "week_start": "2026-11-16",            # first day of the week (YYYY-MM-DD)
      "start_day": "monday",                 # optional; week_start must fall on it
      "phase": "taper",                      # optional: build, taper, race, recovery
      "checklist": {"purpose": {"answer": "yes", "note": "..."}, ...},   # optional, any subset
      "sessions": [                          # optional; a day's sessions add up to 24 h at most
        {"date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 45,
         "effort": 3, "distance_km": 8.2, "pain": 0, "pain_flags": [], "note": "",
         "start_time": "07:30",              # optional, local time: recognises a file imported twice
         "source": "fit",                    # optional: the file it was imported from (fit, gpx, ...)
         "plan_id": "p2"}                    # optional: the planned session it carried out
      ],
      "plan": {"sessions": [                 # optional: the week as planned beforehand
        {"id": "p2", "date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 45,
         "distance_km": 8, "note": "", "skipped": true}
      ]},
      "sleep_hours": 7.5,                    # optional, average per night
      "feeling": "normal"                    # optional: fresh, normal, tired, drained
    }

Schema 1 (the first published format) is schema 2 without ``phase``, ``plan`` and the
three new session fields: it migrates as it is.

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

WEEK_SCHEMA = 2
SESSION_FIELDS = ("date", "kind", "intent", "minutes", "effort", "distance_km", "pain", "pain_flags", "note",
                  "start_time", "source", "plan_id")
PLAN_FIELDS = ("id", "date", "kind", "intent", "minutes", "distance_km", "note", "skipped")
WEEK_FIELDS = ("schema", "week_start", "start_day", "phase", "checklist", "sessions", "plan", "sleep_hours", "feeling")
SOURCES = ("fit", "gpx", "tcx", "strava", "garmin")  # where an imported session came from
_CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d", re.ASCII)
_PLAN_ID = re.compile(r"[a-z0-9-]{1,12}", re.ASCII)


@functools.cache
def _ids(name: str) -> tuple[str, ...]:
    """The ids of one list in the checklist content (``kinds``, ``intents``, ...), in order."""
    return tuple(row["id"] for row in content.checklist()[name])


def migrate(raw: Mapping, path: str) -> Mapping:
    """Bring an older week record up to :data:`WEEK_SCHEMA`; refuse a newer one.

    A record without ``schema`` (or with ``"schema": null``) is taken as schema 1, the
    first published format; schema 1 migrates to 2 as it is (2 only adds fields).
    """
    schema = raw.get("schema")
    if schema is None:
        return raw
    if isinstance(schema, bool) or not isinstance(schema, int):
        raise EngineError("type", "The schema version must be a whole number.", v.join(path, "schema"))
    if schema > WEEK_SCHEMA:
        shown = schema if schema < 10_000 else "over 9999"  # a huge integer has no text form (int_max_str_digits)
        raise EngineError("newer_schema", f"This week was saved by a newer version of the site (schema {shown}); "
                          f"this version reads schema {WEEK_SCHEMA} and older. Reload the page to update.",
                          v.join(path, "schema"))
    if schema < 1:
        raise EngineError("range", "Unknown schema version.", v.join(path, "schema"))
    return raw


def _in_week(raw: object, path: str, week_start: dt.date) -> dt.date:
    day = v.date(raw, path)
    if not 0 <= (day - week_start).days <= 6:
        end = week_start + dt.timedelta(days=6)
        raise EngineError("out_of_week", f"The date must be within the week, {week_start.isoformat()} to {end.isoformat()}.", path)
    return day


def _common(s: Mapping, path: str, week_start: dt.date) -> dict:
    """The fields a done and a planned session share: date, kind, intent, minutes, distance, note."""
    limits = content.checklist()["limits"]
    out = {
        "date": _in_week(s["date"], v.join(path, "date"), week_start).isoformat(),
        "kind": v.choice(s["kind"], v.join(path, "kind"), _ids("kinds")),
        "intent": v.choice(s["intent"], v.join(path, "intent"), _ids("intents")),
        "minutes": v.number(s["minutes"], v.join(path, "minutes"), low=1, high=limits["minutes"], integer=True),
    }
    if s.get("distance_km") is not None:
        km = v.number(s["distance_km"], v.join(path, "distance_km"), low=0, high=limits["distance_km"])
        out["distance_km"] = round(float(km), 2)
    if s.get("note") is not None:
        note = v.text(s["note"], v.join(path, "note"), max_len=limits["note"])
        if note:
            out["note"] = note
    return out


def parse_session(raw: object, path: str, week_start: dt.date) -> dict:
    """Validate one session; its date must fall inside the week."""
    c = content.checklist()
    s = v.obj(raw, path, required=("date", "kind", "intent", "minutes", "effort"), optional=SESSION_FIELDS)
    out = _common(s, path, week_start)
    out["effort"] = v.number(s["effort"], v.join(path, "effort"), low=0, high=10, integer=True)
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
    if s.get("start_time") is not None:
        clock = v.text(s["start_time"], v.join(path, "start_time"), max_len=5)
        if not _CLOCK.fullmatch(clock):
            raise EngineError("type", "Expected a time of day written as HH:MM (00:00 to 23:59).", v.join(path, "start_time"))
        out["start_time"] = clock
    if s.get("source") is not None:
        out["source"] = v.choice(s["source"], v.join(path, "source"), SOURCES)
    if s.get("plan_id") is not None:
        out["plan_id"] = _plan_id(s["plan_id"], v.join(path, "plan_id"))
    return out


def _plan_id(raw: object, path: str) -> str:
    text = v.text(raw, path, max_len=12)
    if not _PLAN_ID.fullmatch(text):
        raise EngineError("type", "A plan id is 1 to 12 lower-case letters, digits or dashes.", path)
    return text


def parse_plan(raw: object, path: str, week_start: dt.date) -> dict:
    """Validate a week's plan: planned sessions inside the week, each with its own id."""
    limits = content.checklist()["limits"]
    p = v.obj(raw, path, required=("sessions",))
    where = v.join(path, "sessions")
    planned = []
    for i, item in enumerate(v.array(p["sessions"], where, max_items=limits["sessions"])):
        at = v.join(where, i)
        e = v.obj(item, at, required=("id", "date", "kind", "intent", "minutes"), optional=PLAN_FIELDS)
        out = {"id": _plan_id(e["id"], v.join(at, "id")), **_common(e, at, week_start)}
        if e.get("skipped") is not None:
            if not isinstance(e["skipped"], bool):
                raise EngineError("type", "Expected true or false.", v.join(at, "skipped"))
            if e["skipped"]:
                out["skipped"] = True
        planned.append(out)
    ids = [s["id"] for s in planned]
    for i, pid in enumerate(ids):
        if pid in ids[:i]:
            raise EngineError("duplicate", f"Two planned sessions share the id {pid!r}.", v.join(v.join(where, i), "id"))
    _check_day_minutes(planned, where)
    return {"sessions": planned}


def _check_day_minutes(sessions: list[dict], path: str) -> None:
    """Refuse a day whose sessions add up to more than 24 hours."""
    most = content.checklist()["limits"]["day_minutes"]
    totals: dict[str, int] = {}
    for i, s in enumerate(sessions):
        totals[s["date"]] = totals.get(s["date"], 0) + s["minutes"]
        if totals[s["date"]] > most:
            raise EngineError("range", f"The sessions of {s['date']} add up to more than {most // 60} hours.",
                              v.join(v.join(path, i), "minutes"))


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
    if w.get("phase") is not None:
        out["phase"] = v.choice(w["phase"], v.join(path, "phase"), _ids("phases"))
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
            if e.get("note") is not None:
                note = v.text(e["note"], v.join(where, "note"), max_len=c["limits"]["note"])
                if note:
                    kept["note"] = note
            if kept:
                checklist[key] = kept
        out["checklist"] = {k: checklist[k] for k in items if k in checklist}
    if w.get("sessions") is not None:
        sessions = v.array(w["sessions"], v.join(path, "sessions"), max_items=c["limits"]["sessions"])
        out["sessions"] = [parse_session(s, v.join(v.join(path, "sessions"), i), start) for i, s in enumerate(sessions)]
        _check_day_minutes(out["sessions"], v.join(path, "sessions"))
    if w.get("plan") is not None:
        out["plan"] = parse_plan(w["plan"], v.join(path, "plan"), start)
    _check_plan_links(out, path)
    if w.get("sleep_hours") is not None:
        out["sleep_hours"] = round(float(v.number(w["sleep_hours"], v.join(path, "sleep_hours"), low=0,
                                                  high=c["limits"]["sleep_hours"])), 2)
    if w.get("feeling") is not None:
        out["feeling"] = v.choice(w["feeling"], v.join(path, "feeling"), _ids("feelings"))
    return out


def _check_plan_links(week: dict, path: str) -> None:
    """Each done session names a planned session of this week, at most once."""
    planned = {p["id"] for p in week.get("plan", {}).get("sessions", ())}
    seen: set[str] = set()
    for i, s in enumerate(week.get("sessions", ())):
        if "plan_id" not in s:
            continue
        where = v.join(v.join(v.join(path, "sessions"), i), "plan_id")
        if s["plan_id"] not in planned:
            raise EngineError("unknown_plan", f"There is no planned session {s['plan_id']!r} in this week's plan.", where)
        if s["plan_id"] in seen:
            raise EngineError("duplicate", f"The planned session {s['plan_id']!r} is marked done twice.", where)
        seen.add(s["plan_id"])


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
