"""GPX tracks (phone apps, handheld GPS, exports), read with gpxpy.

GPX holds points, not summaries, so every point is read. Each track (``<trk>``)
with timed points is one activity: it starts at its first timed point, lasts its
moving time (gpxpy leaves out stretches slower than 1 km/h, so pauses do not
count; a track that never moved counts its segments' clock time), and covers its
2-D length. A GPX with routes or waypoints only, or points without times, is
refused: there is nothing to take minutes from.

gpxpy is imported inside :func:`read`, never when the engine starts.
"""

from __future__ import annotations

import datetime as dt

from . import stdlib
from .problems import FileRefused
from .sessions import Activity
from .xmlsafe import refuse_entities


def read(data: bytes) -> list[Activity]:
    """The activities in GPX bytes (one per timed track)."""
    stdlib.ensure()  # gpxpy imports xml.sax.saxutils, which imports urllib.request
    import gpxpy
    import gpxpy.gpx

    refuse_entities(data, "GPX")
    try:
        gpx = gpxpy.parse(data.decode("utf-8-sig", errors="replace"))
    except gpxpy.gpx.GPXXMLSyntaxException:
        raise FileRefused("truncated" if _cut_short(data) else "damaged",
                          "The GPX file ends before its data does: it was cut short." if _cut_short(data)
                          else "The GPX file is not well-formed XML: it is damaged.") from None
    except gpxpy.gpx.GPXException as exc:
        raise FileRefused("damaged", f"The GPX file could not be read ({str(exc)[:120]}).") from None
    out = []
    for track in gpx.tracks:
        times = [p.time for seg in track.segments for p in seg.points if p.time is not None]
        if len(times) < 2:
            continue
        moving = track.get_moving_data()
        seconds = moving.moving_time if moving and moving.moving_time > 0 else _clock_seconds(track)
        if seconds <= 0:
            continue
        length = track.length_2d()
        out.append(Activity(
            start=_utc(min(times)),
            sport=(track.type or "").strip() or "unknown",
            seconds=float(seconds),
            source="gpx",
            distance_m=float(length) if length else None,
            name=track.name or gpx.name,
        ))
    if not out:
        has_points = any(seg.points for track in gpx.tracks for seg in track.segments)
        if has_points or gpx.routes or gpx.waypoints:
            raise FileRefused("no_times", "The GPX file has no times on its points (a planned route or a drawn track): "
                              "there are no minutes to take.")
        raise FileRefused("not_activity", "The GPX file holds no track.")
    return out


def _clock_seconds(track) -> float:
    total = 0.0
    for seg in track.segments:
        times = [p.time for p in seg.points if p.time is not None]
        if len(times) >= 2:
            total += (max(times) - min(times)).total_seconds()
    return total


def _utc(when: dt.datetime) -> dt.datetime:
    # GPX times are UTC by the standard; a time written without a zone is taken as UTC too.
    return when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)


def _cut_short(data: bytes) -> bool:
    return b"</gpx>" not in data[-4096:]
