"""Strava's bulk export: ``activities.csv`` and the ``activities/`` files it names.

The CSV has one row per activity. Its columns, as an English-language export
writes them (some names appear twice):

* ``Activity Date``: the start in UTC, as ``Sep 26, 2026, 10:56:05 AM``;
* ``Activity Type`` (``Run``, ``Ride``, ``Weight Training``...), ``Activity Name``;
* ``Elapsed Time`` (first occurrence, seconds) and ``Moving Time`` (seconds);
* ``Distance`` twice: first in the account's display units (km or miles), then
  in metres; only the second, unambiguous one is used;
* ``Perceived Exertion``, where the runner gave one (1-10);
* ``Filename``: the activity's file in the export (``activities/123.fit.gz``),
  or empty for an activity typed in by hand.

A row becomes an activity from the CSV alone when it has a date, a type and a
time; the file it names is read only for what the row lacks (and, for a run
without a distance in metres, for the distance). The CSV gives no UTC offset,
so the local date comes from the request's ``tz``. A CSV whose header does not
have these English names is not used: the export's files are read instead.

``csv`` is imported inside :func:`parse_csv`: the site's trimmed standard
library leaves it out, and it arrives with the readers' package.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

from .problems import FileRefused
from .sessions import RUNNING, Activity, effort_from_ten, sport_key

MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_US = re.compile(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])?$")
_DAY_FIRST = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])?$")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
MAX_ROWS = 20_000  # a decade of twice-daily activities


class Row(NamedTuple):
    line: int
    start: dt.datetime | None
    sport: str
    seconds: float | None
    distance_m: float | None
    effort: int | None
    name: str | None
    filename: str | None


def parse_date(text: str) -> dt.datetime | None:
    """A CSV ``Activity Date`` (UTC) as an aware datetime, or None when unreadable."""
    text = text.strip()
    try:
        if m := _US.match(text):
            mon, day, year, hour, minute, sec, half = m.groups()
        elif m := _DAY_FIRST.match(text):
            day, mon, year, hour, minute, sec, half = m.groups()
        elif m := _ISO.match(text):
            year, month, day, hour, minute, sec = (int(x) for x in m.groups())
            return dt.datetime(year, month, day, hour, minute, sec, tzinfo=dt.timezone.utc)
        else:
            return None
        hour = int(hour)
        if half:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if half.lower() == "pm" else 0)
        return dt.datetime(int(year), MONTHS[mon.lower()], int(day), hour, int(minute), int(sec), tzinfo=dt.timezone.utc)
    except (KeyError, ValueError):
        return None


def _number(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None
    return value if value == value and value >= 0 else None


def is_strava_header(header: list[str]) -> bool:
    return {"Activity Date", "Activity Type"} <= set(header)


def parse_csv(data: bytes) -> list[Row] | None:
    """The rows of an ``activities.csv``, or None when its header is not Strava's English one."""
    import csv
    import io

    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))  # keeps newlines inside quoted descriptions
    header = next(reader, None)
    if header is None or not is_strava_header([h.strip() for h in header]):
        return None
    header = [h.strip() for h in header]

    def first(name: str) -> int | None:
        return header.index(name) if name in header else None

    where = {name: first(name) for name in ("Activity Date", "Activity Type", "Activity Name", "Elapsed Time",
                                             "Moving Time", "Perceived Exertion", "Filename")}
    metres = [i for i, h in enumerate(header) if h == "Distance"]
    where["metres"] = metres[-1] if len(metres) >= 2 else None

    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileRefused("archive_limit", f"The CSV has more than {MAX_ROWS:,} activities; the importer reads up to that.")

        def cell(key: str) -> str | None:
            i = where[key]
            return cells[i] if i is not None and i < len(cells) else None

        moving, elapsed = _number(cell("Moving Time")), _number(cell("Elapsed Time"))
        rows.append(Row(
            line=line,
            start=parse_date(cell("Activity Date") or ""),
            sport=(cell("Activity Type") or "").strip(),
            seconds=moving if moving else elapsed or None,
            distance_m=_number(cell("metres")) or None,
            effort=effort_from_ten(_number(cell("Perceived Exertion"))),
            name=(cell("Activity Name") or "").strip() or None,
            filename=(cell("Filename") or "").strip() or None,
        ))
    return rows


def activities_from_rows(rows: list[Row], read_file: Callable[[str], list[Activity]] | None) -> tuple[list[Activity], list[dict]]:
    """Each row as an activity, reading its file only where the row lacks something.

    ``read_file(filename)`` reads a file named by the CSV (from the export), or is
    None for a CSV chosen on its own. Returns the activities and the rows skipped,
    each with its line, code and reason.
    """
    out, skipped = [], []
    for row in rows:
        complete = row.start is not None and row.seconds and row.sport
        wants_distance = row.distance_m is None and sport_key(row.sport) in RUNNING
        from_file = None
        if (not complete or wants_distance) and row.filename and read_file is not None:
            try:
                found = read_file(row.filename)
                from_file = found[0] if found else None
            except FileRefused as refused:
                if not complete:
                    skipped.append({"entry": f"activities.csv line {row.line} ({row.filename})", **refused.as_dict()})
                    continue
        if not complete and from_file is None:
            skipped.append({"entry": f"activities.csv line {row.line}", "code": "no_times",
                            "message": "The row has no readable date or time, and no file to read them from."})
            continue
        base = from_file if from_file is not None else None
        out.append(Activity(
            start=row.start if row.start is not None else base.start,
            sport=row.sport or (base.sport if base else "unknown"),
            seconds=row.seconds or base.seconds,
            source="strava",
            distance_m=row.distance_m or (base.distance_m if base else None),
            effort=row.effort if row.effort is not None else (base.effort if base else None),
            name=row.name,
            # The file's own UTC offset, where it was read, gives the local date (the CSV has none).
            offset_minutes=base.offset_minutes if base is not None else None,
        ))
    return out, skipped
