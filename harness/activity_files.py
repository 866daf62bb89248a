"""Activity files made for the tests and the benchmark: FIT, GPX, TCX, gzip, zip, Strava exports.

Real device files live in ``tests/data/activities/real`` (see the README there); the
edge cases are generated here, deterministically, so each test says exactly what its
file holds: a run across local midnight, a paused run, a multisport file, a run with
no distance, damaged and hostile files. :func:`fit` writes FIT files by the protocol
(header, definition and data messages, CRC) with a small encoder, since the readers
the site ships only decode.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import io
import struct
import zipfile
from pathlib import Path

FIT_EPOCH = 631065600
_CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)

# FIT enum values (the FIT profile, as fitdecode's profile.py lists them)
FILE_TYPES = {"settings": 2, "activity": 4, "workout": 5}
SPORTS = {"running": (1, 0), "cycling": (2, 0), "transition": (3, 0), "swimming": (5, 0),
          "strength": (10, 20), "walking": (11, 0)}
UINT8, ENUM, UINT16, UINT32 = (0x02, 1, "B"), (0x00, 1, "B"), (0x84, 2, "H"), (0x86, 4, "I")


def crc16(data: bytes, crc: int = 0) -> int:
    for byte in data:
        for nibble in (byte & 0xF, byte >> 4):
            tmp = _CRC_TABLE[crc & 0xF]
            crc = (crc >> 4) & 0x0FFF
            crc = crc ^ tmp ^ _CRC_TABLE[nibble]
    return crc


def epoch(when: str) -> int:
    """'2026-11-17T06:05:00Z' -> Unix seconds."""
    return calendar.timegm(dt.datetime.fromisoformat(when.replace("Z", "+00:00")).utctimetuple())


class FitWriter:
    """A FIT file as a list of messages; each global message number gets one local type."""

    def __init__(self) -> None:
        self.body = bytearray()
        self.local: dict[tuple, int] = {}

    def message(self, global_num: int, fields: list[tuple[int, tuple, int]]) -> None:
        """``fields``: (field number, base type, value); values are raw (already scaled)."""
        key = (global_num, tuple((num, base) for num, base, _ in fields))
        if key not in self.local:
            local = len(self.local) % 16
            self.local = {k: v for k, v in self.local.items() if v != local}
            self.local[key] = local
            self.body += bytes([0x40 | local, 0, 0]) + struct.pack("<HB", global_num, len(fields))
            for num, (base, size, _), _ in fields:
                self.body += bytes([num, size, base])
        self.body += bytes([self.local[key]])
        for _, (_, _, fmt), value in fields:
            self.body += struct.pack("<" + fmt, value)

    def bytes(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.body), b".FIT")
        header += struct.pack("<H", crc16(header))
        data = header + bytes(self.body)
        return data + struct.pack("<H", crc16(data))


def _t(unix: float) -> int:
    return int(unix) - FIT_EPOCH


def fit(legs: list[dict], *, offset_minutes: int | None = 0, file_type: str = "activity",
        records: bool = True, session_distance: bool = True, sessions: bool = True, rpe: int | None = None) -> bytes:
    """A FIT activity: ``legs`` of {"start": unix, "seconds", "metres", "sport", "pause": (at, seconds)}.

    One session, one lap and one record a second per leg (pauses leave a gap in the
    records and are not timer time), then an activity message whose local timestamp
    carries ``offset_minutes`` (None: no local timestamp).
    """
    w = FitWriter()
    first = legs[0]["start"] if legs else epoch("2026-01-01T00:00:00Z")
    w.message(0, [(0, ENUM, FILE_TYPES[file_type]), (1, UINT16, 1), (4, UINT32, _t(first))])
    if file_type != "activity":
        w.message(0 if False else 2, [(1, UINT8, 5)])  # a settings-ish message (user_profile-like)
        return w.bytes()
    end = first
    for leg in legs:
        start, seconds, metres = leg["start"], leg["seconds"], leg.get("metres", 0)
        pause_at, pause_s = leg.get("pause", (None, 0))
        elapsed = seconds + pause_s
        if records:
            for s in range(0, int(seconds) + 1):
                at = start + s + (pause_s if pause_at is not None and s >= pause_at else 0)
                w.message(20, [(253, UINT32, _t(at)), (5, UINT32, round(metres * s / seconds * 100)), (3, UINT8, 140)])
        sport, sub = SPORTS[leg.get("sport", "running")]
        lap_fields = [(253, UINT32, _t(start + elapsed)), (2, UINT32, _t(start)), (7, UINT32, round(elapsed * 1000)),
                      (8, UINT32, round(seconds * 1000)), (25, ENUM, sport)]
        if leg.get("lap_distance", True):
            lap_fields.append((9, UINT32, round(metres * 100)))
        w.message(19, lap_fields)
        if sessions:
            fields = [(253, UINT32, _t(start + elapsed)), (2, UINT32, _t(start)), (5, ENUM, sport), (6, ENUM, sub),
                      (7, UINT32, round(elapsed * 1000)), (8, UINT32, round(seconds * 1000))]
            if session_distance:
                fields.append((9, UINT32, round(metres * 100)))
            if rpe is not None:
                fields.append((193, UINT8, rpe * 10))
            w.message(18, fields)
        end = start + elapsed
    act = [(253, UINT32, _t(end)), (0, UINT32, round(sum(leg["seconds"] for leg in legs) * 1000)),
           (1, UINT16, len(legs)), (2, ENUM, 0)]
    if offset_minutes is not None:
        act.append((5, UINT32, _t(end) + offset_minutes * 60))
    w.message(34, act)
    return w.bytes()


def run_fit(start: str, minutes: float, km: float, **options) -> bytes:
    return fit([{"start": epoch(start), "seconds": minutes * 60, "metres": km * 1000, "sport": "running"}], **options)


def iso(unix: float) -> str:
    return dt.datetime.fromtimestamp(unix, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx(start: str, minutes: float, km: float, *, times: bool = True, sport: str = "running",
        pause: tuple[float, float] | None = None, step_s: int = 5, name: str = "Morning Run") -> bytes:
    """A GPX track heading north at an even pace; ``pause`` (at minute, minutes) splits it in two segments."""
    t0, seconds = epoch(start), minutes * 60
    metres_per_s = km * 1000 / seconds
    segments, current = [], []
    for s in range(0, int(seconds) + 1, step_s):
        if pause and s >= pause[0] * 60 and current and not segments:
            segments.append(current)
            current = []
        at = t0 + s + (pause[1] * 60 if pause and s >= pause[0] * 60 else 0)
        lat = 46.0 + metres_per_s * s / 111_195
        tag = f"<time>{iso(at)}</time>" if times else ""
        current.append(f'<trkpt lat="{lat:.7f}" lon="14.5000000"><ele>300</ele>{tag}</trkpt>')
    segments.append(current)
    body = "".join("<trkseg>" + "".join(seg) + "</trkseg>" for seg in segments)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="tests" xmlns="http://www.topografix.com/GPX/1/1">'
            f"<trk><name>{name}</name><type>{sport}</type>{body}</trk></gpx>\n").encode()


def tcx(start: str, laps: list[tuple[float, float]], *, sport: str = "Running", lead: str = "") -> bytes:
    """A TCX activity with laps of (minutes, km), each with two track points."""
    t, out = epoch(start), []
    for minutes, km in laps:
        pts = (f"<Track><Trackpoint><Time>{iso(t)}</Time><DistanceMeters>0</DistanceMeters></Trackpoint>"
               f"<Trackpoint><Time>{iso(t + minutes * 60)}</Time></Trackpoint></Track>")
        out.append(f'<Lap StartTime="{iso(t)}"><TotalTimeSeconds>{minutes * 60}</TotalTimeSeconds>'
                   f"<DistanceMeters>{km * 1000}</DistanceMeters><Calories>100</Calories>{pts}</Lap>")
        t += minutes * 60
    return (f'{lead}<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
            f'TrainingCenterDatabase/v2"><Activities><Activity Sport="{sport}"><Id>{start}</Id>{"".join(out)}'
            "</Activity></Activities></TrainingCenterDatabase>\n").encode()


STRAVA_HEADER = ("Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
                 "Max Heart Rate,Relative Effort,Commute,Activity Private Note,Activity Gear,Filename,Athlete Weight,"
                 "Bike Weight,Elapsed Time,Moving Time,Distance,Max Speed,Average Speed,Elevation Gain,Perceived Exertion")


def strava_date(unix: float) -> str:
    """Strava's CSV date: 'Sep 26, 2026, 10:56:05 AM' (UTC)."""
    when = dt.datetime.fromtimestamp(unix, dt.timezone.utc)
    hour = when.hour % 12 or 12
    return f"{when:%b} {when.day}, {when.year}, {hour}:{when:%M:%S} {'AM' if when.hour < 12 else 'PM'}"


def strava_csv(rows: list[dict]) -> bytes:
    """rows: {"id", "start" (unix), "type", "name", "elapsed", "moving", "metres", "file", "rpe"}; empty cells where absent."""
    lines = [STRAVA_HEADER]
    for r in rows:
        km = f"{r['metres'] / 1000:.2f}" if r.get("metres") is not None else ""
        cells = [str(r["id"]), f'"{strava_date(r["start"])}"' if r.get("start") else "", f'"{r.get("name", "")}"', r["type"],
                 '""', str(r.get("elapsed", "")), km, "", "", "false", "", "", r.get("file", ""), "", "",
                 f"{r.get('elapsed', '')}", f"{r.get('moving', '')}",
                 f"{r['metres']:.1f}" if r.get("metres") is not None else "", "", "", "", str(r.get("rpe", ""))]
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def zip_bytes(entries: dict[str, bytes], *, folder: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(folder + name, date_time=(2026, 1, 1, 0, 0, 0))
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def strava_export(count: int, *, with_files: int = 0, start: str = "2024-01-01T06:30:00Z") -> bytes:
    """A Strava export: a CSV of ``count`` activities (runs, rides, strength, a hand-typed row each 7th),
    and for the first ``with_files`` rows their .fit.gz file (then the CSV lacks their times: the file gives them)."""
    t0 = epoch(start)
    types = ["Run", "Run", "Ride", "Weight Training", "Run", "Swim", "Walk"]
    rows, files = [], {}
    for i in range(count):
        kind = types[i % len(types)]
        at = t0 + i * 86400 + (i % 5) * 3600
        minutes = 30 + (i * 7) % 60
        metres = None if kind == "Weight Training" else 1000 * (5 + (i * 3) % 15)
        row = {"id": 1000 + i, "start": at, "type": kind, "name": f"{kind} {i}", "elapsed": minutes * 60 + 45,
               "moving": minutes * 60, "metres": metres, "rpe": (i % 10) + 1 if i % 3 == 0 else ""}
        if i < with_files:
            row["file"] = f"activities/{1000 + i}.fit.gz"
            row["moving"] = row["elapsed"] = ""
            sport = {"Run": "running", "Ride": "cycling", "Swim": "swimming", "Walk": "walking"}.get(kind, "strength")
            files[row["file"]] = gzip.compress(fit([{"start": at, "seconds": minutes * 60, "metres": metres or 0,
                                                     "sport": sport}], offset_minutes=60, records=False), mtime=0)
        rows.append(row)
    return zip_bytes({"activities.csv": strava_csv(rows), **files})


def zip_bomb() -> bytes:
    """One entry of 20 MB of zeros (about 20 kB packed: 1000 to 1), named like a FIT file."""
    return zip_bytes({"activities/bomb.fit": bytes(20 * 1024 * 1024)})


def write_all(folder: Path) -> dict[str, Path]:
    """Every generated edge case, written into ``folder``; returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    # 23:40 UTC on 2026-03-14 is 00:40 on the 15th at UTC+1 (the device's offset in the file).
    files["midnight-plus-one.fit"] = run_fit("2026-03-14T23:40:00Z", 50, 10.0, offset_minutes=60)
    # No offset in the file: the request's tz decides (tests send UTC-5, so the 15th 02:30Z is the 14th).
    files["no-offset.fit"] = run_fit("2026-03-15T02:30:00Z", 40, 8.0, offset_minutes=None)
    files["paused.fit"] = fit([{"start": epoch("2026-04-02T07:00:00Z"), "seconds": 45 * 60, "metres": 9000,
                                "sport": "running", "pause": (20 * 60, 15 * 60)}])
    files["no-distance.fit"] = run_fit("2026-04-03T07:00:00Z", 30, 0.0)
    files["distance-from-laps.fit"] = run_fit("2026-04-04T07:00:00Z", 30, 6.0, session_distance=False)
    files["multisport.fit"] = fit([
        {"start": epoch("2026-05-10T08:00:00Z"), "seconds": 1800, "metres": 1500, "sport": "swimming"},
        {"start": epoch("2026-05-10T08:30:00Z"), "seconds": 180, "metres": 200, "sport": "transition"},
        {"start": epoch("2026-05-10T08:33:00Z"), "seconds": 3600, "metres": 40000, "sport": "cycling"},
        {"start": epoch("2026-05-10T09:33:00Z"), "seconds": 2400, "metres": 10000, "sport": "running"}], offset_minutes=120)
    files["strength-rpe.fit"] = fit([{"start": epoch("2026-04-05T17:00:00Z"), "seconds": 2400, "metres": 0,
                                      "sport": "strength"}], rpe=6, records=False)
    files["laps-only.fit"] = run_fit("2026-04-06T07:00:00Z", 35, 7.0, sessions=False)
    files["run.fit.gz"] = gzip.compress(run_fit("2026-04-07T07:00:00Z", 42, 8.4), mtime=0)
    files["settings.fit"] = fit([], file_type="settings")
    good = run_fit("2026-04-08T07:00:00Z", 30, 6.0)
    files["bad-crc.fit"] = good[:-1] + bytes([good[-1] ^ 0xFF])
    files["cut-short.fit"] = good[: len(good) // 2]
    files["empty.fit"] = b""
    files["not-a-fit.fit"] = b"This is a text file with a .fit name.\n" * 4
    files["notes.txt"] = b"Just some notes.\n"
    files["run.gpx"] = gpx("2026-04-09T16:00:00Z", 30, 5.0, pause=(15, 5))
    files["route-no-times.gpx"] = gpx("2026-04-09T16:00:00Z", 30, 5.0, times=False)
    files["ride.gpx.gz"] = gzip.compress(gpx("2026-04-10T16:00:00Z", 60, 25.0, sport="cycling"), mtime=0)
    files["cut-short.gpx"] = gpx("2026-04-09T16:00:00Z", 30, 5.0)[:3000]
    files["entities.gpx"] = (b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">]>'
                             b'<gpx version="1.1"><trk><name>&a;</name></trk></gpx>')
    files["two-laps.tcx"] = tcx("2026-04-11T06:00:00Z", [(20, 4.0), (25, 5.2)], lead="   \n")
    files["bike.tcx.gz"] = gzip.compress(tcx("2026-04-12T06:00:00Z", [(90, 45.0)], sport="Biking"), mtime=0)
    files["activities.zip"] = zip_bytes({"a/run1.fit": run_fit("2026-04-13T07:00:00Z", 30, 6.0),
                                         "a/run2.gpx": gpx("2026-04-14T07:00:00Z", 25, 5.0),
                                         "__MACOSX/a/._run1.fit": b"\0\5\26\7", "a/photo.jpg": b"\xff\xd8\xff"})
    files["traversal.zip"] = zip_bytes({"../x.fit": run_fit("2026-04-15T07:00:00Z", 30, 6.0),
                                        "ok.fit": run_fit("2026-04-16T07:00:00Z", 31, 6.1)})
    files["bomb.zip"] = zip_bomb()
    files["strava-export.zip"] = strava_export(12, with_files=4)
    files["strava-1000.zip"] = strava_export(1000)
    paths = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    return paths
