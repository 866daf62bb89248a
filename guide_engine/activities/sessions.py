"""From a recorded activity to the week session it becomes.

Every format reader returns :class:`Activity` rows (UTC start, the file's sport,
seconds, metres, an effort if the file holds one). :func:`entry` turns one into
the response row: local date and start time, whole minutes, kilometres, and the
``session`` in the week record's own shape (``guide_engine/week.py``). The kind
comes from the sport: runs become easy runs with an easy intent (the runner
adjusts them), a race stays a race, strength training is strength, and every
other sport is cross-training. The intent is the kind's default from
``checklist.json``.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from .. import content
from .problems import FileRefused
from .timezone import Zone

# Sport words as the formats write them, lower-cased with spaces, dashes and slashes
# as "_": FIT's sport and sub_sport enums, TCX's Sport attribute, GPX's <type>, and
# Strava's Activity Type. Anything not listed here is cross-training.
RUNNING = frozenset({
    "running", "run", "trail_run", "trail_running", "virtual_run", "treadmill_running", "indoor_running",
    "9",  # Strava's GPX files write a run's type as 9
})
STRENGTH = frozenset({
    "strength_training", "weight_training", "weighttraining", "strength", "crossfit", "hiit",
})
SKIPPED = frozenset({"transition"})  # multisport transitions are not legs

MAX_NAME = 80  # characters kept of an activity's name


class Activity(NamedTuple):
    """One recorded activity, as read from a file or an export row."""

    start: dt.datetime  # timezone-aware, UTC
    sport: str  # the file's own word ("running", "Biking", "Run", "training")
    seconds: float  # timer or moving time
    source: str  # "fit", "gpx", "tcx" or "strava"
    distance_m: float | None = None
    effort: int | None = None
    name: str | None = None
    offset_minutes: int | None = None  # the file's own UTC offset, where it records one
    sub_sport: str | None = None
    race: bool = False


def sport_key(word: str | None) -> str:
    """``"Weight Training"`` -> ``"weight_training"``: one spelling for the tables above."""
    out = "".join(c if c.isalnum() else "_" for c in (word or "").strip().lower())
    return "_".join(part for part in out.split("_") if part)


def kind_of(activity: Activity) -> str:
    """The checklist kind an activity becomes (see the module docstring)."""
    sport, sub = sport_key(activity.sport), sport_key(activity.sub_sport)
    if sub in STRENGTH or sport in STRENGTH:
        return "strength"
    if sport in RUNNING:
        return "race" if activity.race else "easy"
    return "cross"


def is_skipped(activity: Activity) -> bool:
    return sport_key(activity.sport) in SKIPPED


def _default_intent(kind: str) -> str:
    return next(row["intent"] for row in content.checklist()["kinds"] if row["id"] == kind)


def entry(activity: Activity, zone: Zone) -> dict:
    """The response row for one activity, with the session it becomes."""
    limits = content.checklist()["limits"]
    start = activity.start.astimezone(dt.timezone.utc).replace(microsecond=0)
    offset = activity.offset_minutes if activity.offset_minutes is not None else zone.offset_minutes(start.timestamp())
    local = start + dt.timedelta(minutes=offset)
    if not 1900 <= local.year <= 2200:  # the dates a saved week may hold (validate.date)
        raise FileRefused("damaged", f"An activity is dated {local.date().isoformat()}, outside 1900 to 2200: "
                          "the file's times are damaged.")
    minutes = max(1, round(activity.seconds / 60))
    if minutes > limits["minutes"]:
        raise FileRefused("too_long", f"An activity on {local.date().isoformat()} lasts {minutes:,} minutes; "
                          f"a session holds at most {limits['minutes']:,} (a day).")
    kind = kind_of(activity)
    row: dict = {
        "start_utc": start.isoformat().replace("+00:00", "Z"),
        "local_date": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "sport": activity.sport,
        "minutes": minutes,
        "effort": activity.effort,
    }
    session: dict = {
        "date": row["local_date"], "start_time": row["start_time"], "kind": kind, "intent": _default_intent(kind),
        "minutes": minutes, "effort": activity.effort, "source": activity.source,
    }
    km = activity.distance_m / 1000 if activity.distance_m else None
    if km is not None and 0 < km <= limits["distance_km"]:
        row["distance_km"] = session["distance_km"] = round(km, 2)
    if activity.name and activity.name.strip():
        row["name"] = " ".join(activity.name.split())[:MAX_NAME]
    row["session"] = session
    return row


def effort_from_ten(value: object) -> int | None:
    """An effort on the 0-10 scale from a number a file holds, or None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return int(round(value)) if 0 <= value <= 10 else None
