"""FIT activity files (watches, bike computers, phone apps), read with fitdecode.

FIT has no index, so the file is decoded front to back (fitdecode streams it one
message at a time), but only the summaries are kept: ``file_id`` (is it an
activity?), ``session`` (one per leg of a multisport file), ``lap`` and
``activity`` (the device's local time, hence its UTC offset). Records are looked
at only for their distance, for sessions that carry none. A file without sessions
(a device that stopped before writing them) is summarised from its laps, or from
its records.

fitdecode is imported inside :func:`read`, never when the engine starts.
"""

from __future__ import annotations

import datetime as dt

from .problems import FileRefused
from .sessions import Activity, effort_from_ten

FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z, where FIT's timestamps count from
MAX_OFFSET_MINUTES = 14 * 60


def read(data: bytes) -> list[Activity]:
    """The activities in FIT bytes; refuses settings, workouts and broken files."""
    import fitdecode

    sessions, laps, records, offsets, file_type, sport = [], [], [], [], None, {}
    try:
        # processor=None: no conversion of every field of every record into Python types
        # (a fifth of the decoding time); timestamps are read as FIT's raw seconds.
        reader = fitdecode.FitReader(data, processor=None, check_crc=fitdecode.CrcCheck.RAISE,
                                     error_handling=fitdecode.ErrorHandling.IGNORE)
        for frame in reader:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            name = frame.name
            if name == "record":
                distance = frame.get_value("distance", fallback=None)
                when = frame.get_value("timestamp", fallback=None, raw_value=True)
                if when is not None:
                    records.append((when + FIT_EPOCH, distance))
            elif name == "lap":
                laps.append(_summary(frame))
            elif name == "session":
                sessions.append(_summary(frame))
            elif name == "file_id" and file_type is None:
                file_type = frame.get_value("type", fallback=None)
                if file_type not in (None, "activity"):
                    raise FileRefused("not_activity", f"This FIT file is a {str(file_type).replace('_', ' ')} file, "
                                      "not a recorded activity.")
            elif name == "activity":
                utc = frame.get_value("timestamp", fallback=None, raw_value=True)
                local = frame.get_value("local_timestamp", fallback=None, raw_value=True)
                if isinstance(utc, int) and isinstance(local, int):
                    offsets.append(local - utc)
            elif name == "sport" and not sport:
                sport = {"sport": frame.get_value("sport", fallback=None), "sub_sport": frame.get_value("sub_sport", fallback=None)}
    except fitdecode.FitCRCError:
        raise FileRefused("damaged", "The FIT file's checksum does not match its contents: it is damaged.") from None
    except fitdecode.FitEOFError:
        raise FileRefused("truncated", "The FIT file ends before its data does: it was cut short.") from None
    except fitdecode.FitHeaderError:
        raise FileRefused("damaged", "The FIT file's header is damaged.") from None
    except fitdecode.FitParseError as exc:
        raise FileRefused("damaged", f"The FIT file's structure is broken ({_short(exc)}).") from None
    if file_type is None:
        raise FileRefused("not_activity", "This FIT file does not say what it holds (it has no file_id): "
                          "it is not a recorded activity.")
    offset = _offset_minutes(offsets)
    legs = sessions or ([_merge(laps, sport)] if laps else [])
    if not legs and len(records) >= 2:
        legs = [{"start": records[0][0], "end": records[-1][0], "seconds": records[-1][0] - records[0][0],
                 "distance": None, "sport": sport.get("sport"), "sub_sport": sport.get("sub_sport"), "rpe": None}]
    if not legs:
        raise FileRefused("no_times", "The FIT file holds no session, lap or timed record to take minutes from.")
    return [_activity(leg, laps, records, offset) for leg in legs]


def _summary(frame) -> dict:
    start = frame.get_value("start_time", fallback=None, raw_value=True)
    end = frame.get_value("timestamp", fallback=None, raw_value=True)
    seconds = None
    for field in ("total_timer_time", "total_moving_time", "total_elapsed_time"):
        seconds = frame.get_value(field, fallback=None)
        if isinstance(seconds, (int, float)) and seconds > 0:
            break
    return {
        "start": start + FIT_EPOCH if isinstance(start, int) else None,
        "end": end + FIT_EPOCH if isinstance(end, int) else None,
        "seconds": seconds if isinstance(seconds, (int, float)) and seconds > 0 else None,
        "distance": frame.get_value("total_distance", fallback=None),
        "sport": frame.get_value("sport", fallback=None),
        "sub_sport": frame.get_value("sub_sport", fallback=None),
        # workout_rpe: "Borg CR10 / 0-10 RPE scale, multiplied 10x" (the FIT profile)
        "rpe": frame.get_value("workout_rpe", fallback=None),
    }


def _merge(laps: list[dict], sport: dict) -> dict:
    """One leg from a file's laps, for files without a session."""
    starts = [lap["start"] for lap in laps if lap["start"] is not None]
    ends = [lap["end"] for lap in laps if lap["end"] is not None]
    seconds = sum(lap["seconds"] or 0 for lap in laps)
    distances = [lap["distance"] for lap in laps if isinstance(lap["distance"], (int, float))]
    return {"start": min(starts) if starts else None, "end": max(ends) if ends else None, "seconds": seconds or None,
            "distance": sum(distances) if distances else None, "rpe": None,
            "sport": sport.get("sport") or laps[0]["sport"], "sub_sport": sport.get("sub_sport") or laps[0]["sub_sport"]}


def _activity(leg: dict, laps: list[dict], records: list, offset: int | None) -> Activity:
    start = leg["start"]
    if start is None:
        if leg["end"] is None or leg["seconds"] is None:
            raise FileRefused("no_times", "The FIT file's session has no start time.")
        start = leg["end"] - leg["seconds"]
    seconds = leg["seconds"]
    if seconds is None and leg["end"] is not None:
        seconds = leg["end"] - start
    if not seconds or seconds <= 0:
        raise FileRefused("no_times", "The FIT file's session holds no time to take minutes from.")
    end = leg["end"] if leg["end"] is not None else start + seconds
    distance = leg["distance"] if isinstance(leg["distance"], (int, float)) and leg["distance"] > 0 else None
    if distance is None:
        distance = _distance_between(laps, records, start, end)
    rpe = leg["rpe"]
    return Activity(
        start=dt.datetime.fromtimestamp(start, dt.timezone.utc),
        sport=str(leg["sport"] or "generic"),
        sub_sport=str(leg["sub_sport"]) if leg["sub_sport"] not in (None, "generic") else None,
        seconds=float(seconds),
        source="fit",
        distance_m=distance,
        effort=effort_from_ten(rpe / 10) if isinstance(rpe, (int, float)) else None,
        offset_minutes=offset,
    )


def _distance_between(laps: list[dict], records: list, start: float, end: float) -> float | None:
    """A leg's distance from its laps, or else from its records' running distance."""
    inside = [lap["distance"] for lap in laps if lap["start"] is not None and start <= lap["start"] < end
              and isinstance(lap["distance"], (int, float))]
    if inside and sum(inside) > 0:
        return float(sum(inside))
    marks = [d for t, d in records if start <= t <= end and isinstance(d, (int, float))]
    if len(marks) >= 2 and max(marks) > min(marks):
        return float(max(marks) - min(marks))
    return None


def _offset_minutes(offsets: list[int]) -> int | None:
    """The device's UTC offset, from its activity message, rounded to a quarter hour."""
    for seconds in offsets:
        minutes = round(seconds / 900) * 15
        if abs(minutes) <= MAX_OFFSET_MINUTES:
            return minutes
    return None


def _short(exc: Exception) -> str:
    text = str(exc).split("\n")[0]
    return text if len(text) <= 120 else text[:117] + "..."
