"""TCX activity files (Garmin Training Center XML), read with the standard library.

A TCX activity carries lap summaries (start, ``TotalTimeSeconds``,
``DistanceMeters``) ahead of its track points, so the file is read as a stream
(``iterparse``) and each lap's points are dropped as soon as the lap ends: only
the summaries, and the last running distance as a fall-back, are kept. Every
``<Activity>`` element is one activity, also inside a multisport session.

``xml.etree`` is imported inside :func:`read`: the site's trimmed standard
library leaves ``xml`` out, and it arrives with the readers' package.
"""

from __future__ import annotations

import datetime as dt
import io

from .problems import FileRefused
from .sessions import Activity
from .xmlsafe import refuse_entities


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value == value and value >= 0 else None


def read(data: bytes) -> list[Activity]:
    """The activities in TCX bytes."""
    from xml.etree import ElementTree

    refuse_entities(data, "TCX")
    out: list[Activity] = []
    laps: list[dict] = []
    marks: list[float] = []  # running distances of the current activity's points
    first_point: dt.datetime | None = None
    seen = 0
    try:
        # Strava's TCX files start with spaces before the XML declaration, which parsers refuse.
        for _event, elem in ElementTree.iterparse(io.BytesIO(data.lstrip()), events=("end",)):
            tag = _local(elem.tag)
            if tag == "Trackpoint":
                for child in elem:
                    name = _local(child.tag)
                    if name == "DistanceMeters":
                        value = _number(child.text)
                        if value is not None:
                            marks.append(value)
                    elif name == "Time" and first_point is None:
                        first_point = _time(child.text)
                elem.clear()
            elif tag == "Lap":
                fields = {_local(child.tag): child.text for child in elem if _local(child.tag) != "Track"}
                laps.append({"start": _time(elem.get("StartTime")), "seconds": _number(fields.get("TotalTimeSeconds")),
                             "distance": _number(fields.get("DistanceMeters"))})
                elem.clear()
            elif tag == "Activity":
                ident = next((_time(c.text) for c in elem if _local(c.tag) == "Id"), None)
                seen += 1
                activity = _activity(elem.get("Sport") or "Other", ident, laps, marks, first_point)
                if activity is not None:
                    out.append(activity)
                laps, marks, first_point = [], [], None
                elem.clear()
    except ElementTree.ParseError as exc:
        if "no element found" in str(exc) or "unclosed token" in str(exc):
            raise FileRefused("truncated", "The TCX file ends before its data does: it was cut short.") from None
        raise FileRefused("damaged", "The TCX file is not well-formed XML: it is damaged.") from None
    if not out and seen:
        raise FileRefused("no_times", "The TCX file's activities have no lap times to take minutes from.")
    if not out:
        raise FileRefused("not_activity", "The TCX file holds no activity (it may be a course or a workout).")
    return out


def _activity(sport: str, ident, laps: list[dict], marks: list[float], first_point) -> Activity | None:
    starts = [lap["start"] for lap in laps if lap["start"] is not None]
    start = min(starts) if starts else ident or first_point
    seconds = sum(lap["seconds"] or 0 for lap in laps)
    if start is None or seconds <= 0:
        return None
    distance = sum(lap["distance"] or 0 for lap in laps)
    if distance <= 0 and len(marks) >= 2:
        distance = max(marks) - min(marks)
    return Activity(start=start, sport=sport, seconds=seconds, source="tcx", distance_m=distance or None)
