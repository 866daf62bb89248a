"""The ``activities`` request: watch and app files, and Strava exports, into week sessions.

Real device files (``tests/data/activities/real``, sources and licences in the README
there) and generated edge cases (``activity_files.py``) go through the engine as the
page and the command line send them. Each test names what a runner would see: the
local date, the minutes, the kind, or the plain reason a file was refused.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import activity_files as af
from guide_engine import handle
from guide_engine.activities import archive, duplicates, strava, timezone
from guide_engine.activities.problems import CODES, FileRefused
from guide_engine.week import parse_session, parse_week

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "activities" / "real"
UTC_MINUS_5 = {"transitions": [[0, -300]]}


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> dict[str, Path]:
    return af.write_all(tmp_path_factory.mktemp("activities"))


def request(paths, tz=None) -> dict:
    data = {"files": [{"name": Path(p).name, "path": str(p)} for p in paths]}
    if tz is not None:
        data["tz"] = tz
    return {"v": 1, "id": 1, "type": "activities", "data": data}


def read(paths, tz=None) -> list[dict]:
    response = handle(request(paths, tz))
    assert response["type"] == "result", response
    return response["data"]["files"]


def one(path, tz=None) -> dict:
    [entry] = read([path], tz)
    return entry


def summary(entry: dict) -> list[tuple]:
    """(local date, start time, sport, minutes, km, effort, kind) per activity."""
    return [(a["local_date"], a["start_time"], a["sport"], a["minutes"], a.get("distance_km"), a["effort"],
             a["session"]["kind"]) for a in entry["activities"]]


def error_code(path, tz=None) -> str:
    entry = one(path, tz)
    assert "activities" not in entry, entry
    assert set(entry["error"]) == {"code", "message"} and entry["error"]["message"]
    return entry["error"]["code"]


# --- real files from devices and apps -----------------------------------------------


def test_a_garmin_run_lands_on_the_watchs_local_date_and_time():
    entry = one(REAL / "garmin-fenix-5-run.fit", UTC_MINUS_5)
    [run] = entry["activities"]
    assert run["start_utc"] == "2017-06-11T14:34:09Z"
    # The watch recorded UTC-7 (its activity's local timestamp), which wins over the request's tz.
    assert summary(entry) == [("2017-06-11", "07:34", "running", 1, 0.16, None, "easy")]
    assert run["session"] == {"date": "2017-06-11", "start_time": "07:34", "kind": "easy", "intent": "easy",
                              "minutes": 1, "effort": None, "distance_km": 0.16, "source": "fit"}


def test_files_from_three_watch_brands_give_their_sessions():
    garmin, coros, wahoo = read([REAL / "activity-small-fenix2-run.fit", REAL / "coros-pace-2-cycling-misaligned-fields.fit",
                                 REAL / "elemnt-bolt-no-application-id-inside-developer-data-id.fit"])
    assert summary(garmin) == [("2015-08-15", "16:45", "running", 47, 9.01, None, "easy")]
    # Coros writes field sizes that do not match the profile; the reader skips those fields.
    assert summary(coros) == [("2020-10-25", "11:10", "cycling", 188, 32.15, None, "cross")]
    # Wahoo: 132 s of timer time within 140 s elapsed.
    assert summary(wahoo) == [("2017-08-21", "10:18", "cycling", 2, 0.96, None, "cross")]


def test_a_real_multisport_file_gives_one_session_per_leg_without_transitions():
    entry = one(REAL / "activity-large-fenxi2-multisport.fit")
    assert [(a["start_time"], a["sport"], a["minutes"], a["session"]["kind"]) for a in entry["activities"]] == [
        ("10:00", "generic", 196, "cross"), ("12:36", "running", 38, "easy"),
        ("13:14", "running", 113, "easy"), ("15:11", "cycling", 54, "cross")]


def test_tcx_files_from_an_app_and_from_garmin_connect():
    app, connect = read([REAL / "mapmyride_biking.tcx", REAL / "cross-country-skiing_activity_1.tcx"])
    assert summary(app) == [("2022-11-12", "15:58", "Biking", 52, 15.35, None, "cross")]
    assert summary(connect) == [("2020-12-26", "15:14", "Other", 40, 5.69, None, "cross")]


def test_gpx_recordings_give_one_activity_per_timed_track():
    handheld, etrex = read([REAL / "korita-zbevnica.gpx", REAL / "around-visnjan-with-car.gpx"])
    assert [(a["start_utc"], a["minutes"], a["name"]) for a in handheld["activities"]] == [
        ("2010-10-03T09:36:30Z", 50, "ACTIVE LOG"), ("2010-10-03T10:57:10Z", 68, "ACTIVE LOG #2")]
    assert summary(etrex) == [("2020-12-18", "06:15", "unknown", 5, 2.74, None, "cross")]


@pytest.mark.parametrize(("name", "code"), [
    ("Settings.fit", "not_activity"), ("WorkoutIndividualSteps.fit", "not_activity"),
    ("activity-unexpected-eof.fit", "truncated"), ("route.gpx", "no_times")])
def test_real_files_that_hold_no_activity_are_refused_with_a_reason(name, code):
    assert error_code(REAL / name) == code


# --- generated edge cases -------------------------------------------------------------


def test_a_run_across_local_midnight_takes_the_date_the_device_recorded(made):
    [run] = one(made["midnight-plus-one.fit"], UTC_MINUS_5)["activities"]
    assert (run["start_utc"], run["local_date"], run["start_time"]) == ("2026-03-14T23:40:00Z", "2026-03-15", "00:40")


def test_without_an_offset_in_the_file_the_requests_time_zone_gives_the_date(made):
    path = made["no-offset.fit"]  # 02:30 UTC on 15 March
    assert summary(one(path))[0][:2] == ("2026-03-15", "02:30")
    assert summary(one(path, UTC_MINUS_5))[0][:2] == ("2026-03-14", "21:30")
    switch = af.epoch("2026-03-15T00:00:00Z")
    assert summary(one(path, {"transitions": [[0, -300], [switch, -240]]}))[0][:2] == ("2026-03-14", "22:30")


def test_a_paused_run_counts_timer_minutes_not_the_pause(made):
    assert summary(one(made["paused.fit"])) == [("2026-04-02", "07:00", "running", 45, 9.0, None, "easy")]
    # GPX has no timer: a 5-minute stop (a new segment) is not moving time.
    assert summary(one(made["run.gpx"]))[0][3] == 30


def test_a_run_without_distance_has_no_distance_field(made):
    [run] = one(made["no-distance.fit"])["activities"]
    assert "distance_km" not in run and "distance_km" not in run["session"]


def test_distance_comes_from_laps_when_the_session_has_none(made):
    assert summary(one(made["distance-from-laps.fit"]))[0][4] == 6.0


def test_a_generated_multisport_file_gives_swim_ride_and_run(made):
    entry = one(made["multisport.fit"])
    assert summary(entry) == [("2026-05-10", "10:00", "swimming", 30, 1.5, None, "cross"),
                              ("2026-05-10", "10:33", "cycling", 60, 40.0, None, "cross"),
                              ("2026-05-10", "11:33", "running", 40, 10.0, None, "easy")]


def test_strength_training_with_perceived_effort_becomes_a_rated_strength_session(made):
    [session] = [a["session"] for a in one(made["strength-rpe.fit"])["activities"]]
    assert (session["kind"], session["intent"], session["effort"]) == ("strength", "moderate", 6)


def test_a_fit_file_without_sessions_is_summarised_from_its_laps(made):
    assert summary(one(made["laps-only.fit"])) == [("2026-04-06", "07:00", "running", 35, 7.0, None, "easy")]


@pytest.mark.parametrize(("name", "expected"), [
    ("run.fit.gz", ("2026-04-07", "07:00", "running", 42, 8.4, None, "easy")),
    ("ride.gpx.gz", ("2026-04-10", "16:00", "cycling", 60, 25.03, None, "cross")),
    ("bike.tcx.gz", ("2026-04-12", "06:00", "Biking", 90, 45.0, None, "cross")),
    ("two-laps.tcx", ("2026-04-11", "06:00", "Running", 45, 9.2, None, "easy"))])
def test_gzipped_and_tcx_files_are_read(made, name, expected):
    assert summary(one(made[name])) == [expected]


@pytest.mark.parametrize(("name", "code"), [
    ("bad-crc.fit", "damaged"), ("cut-short.fit", "truncated"), ("settings.fit", "not_activity"),
    ("empty.fit", "empty"), ("not-a-fit.fit", "damaged"), ("notes.txt", "unsupported"),
    ("route-no-times.gpx", "no_times"), ("cut-short.gpx", "truncated"), ("entities.gpx", "unsupported")])
def test_damaged_and_wrong_files_are_refused_with_a_code_and_a_reason(made, name, code):
    assert error_code(made[name]) == code


def test_one_bad_file_never_stops_the_others_and_order_is_kept(made):
    names = ["empty.fit", "run.fit.gz", "bad-crc.fit", "two-laps.tcx"]
    entries = read([made[n] for n in names])
    assert [e["name"] for e in entries] == names
    assert [("error" in e, len(e.get("activities", []))) for e in entries] == [(True, 0), (False, 1), (True, 0), (False, 1)]


def test_a_60_mb_file_is_refused_by_its_size_before_any_parsing(tmp_path, monkeypatch):
    big = tmp_path / "big.fit"
    with open(big, "wb") as fh:
        fh.truncate(60 * 1024 * 1024)  # sparse: 60 MB without writing them
    parsed = []
    monkeypatch.setattr("guide_engine.activities.files.READERS", {"fit": lambda data: parsed.append(1) or []})
    monkeypatch.setattr(archive, "sniff", lambda data: parsed.append(1) or "fit")
    assert error_code(big) == "too_large"
    assert parsed == []


def test_a_gzip_that_unpacks_past_the_limit_is_refused_while_unpacking(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "huge.fit.gz"
    path.write_bytes(gzip.compress(bytes(3 * 1024 * 1024)))
    assert error_code(path) == "too_large"


def test_a_zip_of_activity_files_reads_each_and_ignores_the_rest(made):
    entry = one(made["activities.zip"])
    assert [(a["local_date"], a["minutes"]) for a in entry["activities"]] == [("2026-04-13", 30), ("2026-04-14", 25)]
    assert "skipped" not in entry  # the photo and the macOS fork are not activity files


def test_a_zip_entry_named_to_escape_its_folder_is_skipped_and_never_written(made, tmp_path):
    before = set(made["traversal.zip"].parent.parent.iterdir())
    entry = one(made["traversal.zip"])
    assert [a["local_date"] for a in entry["activities"]] == ["2026-04-16"]
    assert [(s["entry"], s["code"]) for s in entry["skipped"]] == [("../x.fit", "archive_limit")]
    assert set(made["traversal.zip"].parent.parent.iterdir()) == before


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../x", "C:\\x", "\\x", "a\0b", ""])
def test_unsafe_entry_names_are_recognised(name):
    assert archive.safe_entry_name(name) is False


def test_a_zip_bomb_entry_is_refused_by_its_compression_ratio(made):
    reader = archive.ZipReader(str(made["bomb.zip"]))
    try:
        [info] = reader.infos
        with pytest.raises(FileRefused) as refused:
            reader.read(info)
    finally:
        reader.close()
    assert refused.value.code == "archive_limit"
    assert error_code(made["bomb.zip"]) == "no_activities"


def test_a_zip_over_the_unpacked_total_stops_reading(made, monkeypatch):
    import zipfile

    with zipfile.ZipFile(made["activities.zip"]) as zf:
        first = zf.getinfo("a/run1.fit").file_size
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", first + 1000)  # room for the first entry only
    entry = one(made["activities.zip"])
    assert [a["local_date"] for a in entry["activities"]] == ["2026-04-13"]
    assert [(s["entry"], s["code"]) for s in entry["skipped"]] == [("a/run2.gpx", "archive_limit")]


def test_a_zip_listing_too_many_entries_is_refused(made, monkeypatch):
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    assert error_code(made["activities.zip"]) == "archive_limit"


# --- Strava exports ---------------------------------------------------------------------


def test_a_strava_export_reads_the_csv_and_opens_files_only_for_what_rows_lack(made):
    entry = one(made["strava-export.zip"], UTC_MINUS_5)
    acts = entry["activities"]
    assert len(acts) == 12 and {a["session"]["source"] for a in acts} == {"strava"}
    # Rows 0-3 have no times in the CSV: their FIT files give the minutes and (UTC+1) the local time.
    assert [(a["name"], a["local_date"], a["start_time"], a["minutes"]) for a in acts[:4]] == [
        ("Run 0", "2024-01-01", "07:30", 30), ("Run 1", "2024-01-02", "08:30", 37),
        ("Ride 2", "2024-01-03", "09:30", 44), ("Weight Training 3", "2024-01-04", "10:30", 51)]
    # Row 5 has all it needs in the CSV: the request's UTC-5 gives its local time.
    assert (acts[5]["sport"], acts[5]["local_date"], acts[5]["start_time"], acts[5]["minutes"]) == (
        "Swim", "2024-01-06", "01:30", 65)
    assert [a["effort"] for a in acts[:7]] == [1, None, None, 4, None, None, 7]  # Perceived Exertion, every 3rd row
    assert [a["session"]["kind"] for a in acts[:7]] == ["easy", "easy", "cross", "strength", "easy", "cross", "cross"]


def test_a_strava_export_of_1000_rows_gives_1000_sessions(made):
    acts = one(made["strava-1000.zip"])["activities"]
    kinds = [a["session"]["kind"] for a in acts]
    assert len(acts) == 1000
    assert (kinds.count("easy"), kinds.count("strength"), kinds.count("cross")) == (429, 143, 428)


def test_a_strava_activities_csv_chosen_on_its_own_is_read(tmp_path):
    path = tmp_path / "activities.csv"
    path.write_bytes(af.strava_csv([{"id": 1, "start": af.epoch("2025-07-01T06:30:00Z"), "type": "Run", "name": "Easy",
                                     "elapsed": 2000, "moving": 1800, "metres": 6000.0, "rpe": 3}]))
    assert summary(one(path)) == [("2025-07-01", "06:30", "Run", 30, 6.0, 3, "easy")]


def test_a_csv_that_is_not_stravas_is_refused(tmp_path):
    path = tmp_path / "activities.csv"
    path.write_text("date,minutes\n2025-07-01,30\n", encoding="utf-8")
    assert error_code(path) == "unsupported"


def test_an_export_whose_csv_is_in_another_language_is_read_from_its_files(tmp_path):
    csv_text = "ID de actividad,Fecha de la actividad,Tipo de actividad,Nombre del archivo\n1,x,Carrera,activities/1.fit\n"
    path = tmp_path / "export_es.zip"
    path.write_bytes(af.zip_bytes({"activities.csv": csv_text.encode(),
                                   "activities/1.fit": af.run_fit("2025-07-02T06:30:00Z", 33, 6.6)}))
    [run] = one(path)["activities"]
    assert (run["minutes"], run["session"]["source"]) == (33, "fit")


@pytest.mark.parametrize(("text", "expected"), [
    ("Sep 26, 2026, 10:56:05 AM", "2026-09-26T10:56:05"), ("Sep 26, 2026, 12:05:00 AM", "2026-09-26T00:05:00"),
    ("Sep 26, 2026, 12:05:00 PM", "2026-09-26T12:05:00"), ("Sep 26, 2026, 1:05:00 PM", "2026-09-26T13:05:00"),
    ("26 Sep 2026, 13:05:00", "2026-09-26T13:05:00"), ("2026-09-26 13:05:00", "2026-09-26T13:05:00"),
    ("Sept 26, 2026, 1:05:00 PM", "2026-09-26T13:05:00"), ("Foo 26, 2026, 1:05:00 PM", None),
    ("Sep 31, 2026, 1:05:00 PM", None), ("Sep 26, 2026, 13:05:00 PM", None), ("", None)])
def test_strava_dates_are_read_as_utc(text, expected):
    parsed = strava.parse_date(text)
    assert (parsed.isoformat().removesuffix("+00:00") if parsed else None) == expected
    assert parsed is None or parsed.tzinfo == dt.timezone.utc


# --- sessions, limits, the request -------------------------------------------------------


def test_every_session_found_is_a_valid_week_session_once_rated(made):
    entries = read(sorted(REAL.iterdir()) + [p for n, p in made.items() if "1000" not in n])
    sessions = [a["session"] for e in entries for a in e.get("activities", [])]
    assert len(sessions) > 40
    for session in sessions:
        day = dt.date.fromisoformat(session["date"])
        rated = {**session, "effort": session["effort"] if session["effort"] is not None else 3}
        assert parse_session(rated, "s", day - dt.timedelta(days=day.weekday())) == rated


def test_an_activity_longer_than_a_day_is_refused(tmp_path):
    path = tmp_path / "ultra.fit"
    path.write_bytes(af.run_fit("2026-06-01T06:00:00Z", 25 * 60, 150.0, records=False))
    assert error_code(path) == "too_long"


@pytest.mark.parametrize(("data", "code", "path"), [
    ({}, "missing", "files"),
    ({"files": [{"name": "a.fit"}]}, "missing", "files.0.path"),
    ({"files": [], "tz": {"transitions": [[10, 60], [5, 0]]}}, "range", "tz.transitions.1.0"),
    ({"files": [], "tz": {"transitions": [[10, 60, 1]]}}, "too_many", "tz.transitions.0"),
    ({"files": [], "tz": {"transitions": [[10, 24 * 60]]}}, "range", "tz.transitions.0.1"),
    ({"files": [{"name": "a", "path": "x" * 5000}]}, "too_long", "files.0.path"),
    ({"files": [{"name": "a", "path": "/x"}] * 501}, "too_many", "files")])
def test_a_malformed_request_is_refused_naming_the_field(data, code, path):
    response = handle({"v": 1, "id": 1, "type": "activities", "data": data})
    assert response["type"] == "error"
    assert (response["error"]["code"], response["error"]["path"]) == (code, path)


def test_every_refusal_code_is_documented_on_the_data_formats_page():
    page = (ROOT / "docs" / "data-formats.md").read_text(encoding="utf-8")
    table = page.split("{#activities-errors}")[1].split("###")[0]
    assert [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")] == list(CODES)


def test_the_limits_on_the_data_formats_page_are_the_engines():
    page = (ROOT / "docs" / "data-formats.md").read_text(encoding="utf-8")
    table = page.split("{#activities-limits}")[1].split("###")[0]
    mib = 1024 * 1024
    for text, value in (("50 MiB", archive.MAX_FILE_BYTES // mib * mib), ("2 GiB", archive.MAX_ARCHIVE_BYTES),
                        ("50,000", archive.MAX_ENTRIES), ("1 GiB", archive.MAX_UNPACKED_BYTES),
                        ("100 to 1", archive.MAX_RATIO), ("20,000", strava.MAX_ROWS)):
        assert text in table
    assert (archive.MAX_FILE_BYTES, archive.MAX_ARCHIVE_BYTES, archive.MAX_ENTRIES, archive.MAX_UNPACKED_BYTES,
            archive.MAX_RATIO, strava.MAX_ROWS) == (50 * mib, 2048 * mib, 50_000, 1024 * mib, 100, 20_000)


def test_without_the_readers_the_request_says_to_load_them(made):
    code = ("import sys, json; sys.modules['fitdecode'] = None\n"
            "from guide_engine import handle\n"
            f"print(json.dumps(handle({json.dumps(request([made['run.fit.gz']]))})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    response = json.loads(proc.stdout)
    assert (response["type"], response["error"]["code"]) == ("error", "readers_missing")


def test_preparing_the_engine_imports_no_reader_library():
    code = ("import sys, json\nfrom guide_engine import api\napi.prepare()\n"
            "print(json.dumps(sorted(m for m in ('fitdecode', 'gpxpy', 'xml', 'csv', 'xml.etree') if m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert json.loads(proc.stdout) == []


# --- duplicates ---------------------------------------------------------------------------


def week(start: str, *sessions: dict) -> dict:
    return parse_week({"week_start": start, "sessions": list(sessions)}, "w")


def session(day: str, minutes: int, kind: str = "easy", start: str | None = None) -> dict:
    s = {"date": day, "kind": kind, "intent": "easy", "minutes": minutes, "effort": 3}
    return {**s, "start_time": start} if start else s


def test_a_session_logged_with_a_start_time_within_ten_minutes_is_a_duplicate():
    weeks = [week("2026-11-16", session("2026-11-17", 45, start="07:05"))]
    new = [session("2026-11-17", 60, start="07:14"), session("2026-11-17", 45, start="07:16"),
           session("2026-11-18", 45, start="07:05")]
    assert duplicates.find_duplicates(new, weeks) == [{"week_start": "2026-11-16", "index": 0}, None, None]


def test_a_typed_session_without_a_start_matches_same_family_and_minutes_within_ten_percent():
    weeks = [week("2026-11-16", session("2026-11-17", 50, kind="long"), session("2026-11-17", 30, kind="strength"))]
    new = [session("2026-11-17", 46, start="07:00"), session("2026-11-17", 44, start="07:00"),
           session("2026-11-17", 30, kind="cross", start="18:00"), session("2026-11-17", 31, kind="strength", start="18:00")]
    assert duplicates.find_duplicates(new, weeks) == [
        {"week_start": "2026-11-16", "index": 0}, None, None, {"week_start": "2026-11-16", "index": 1}]


def test_the_same_activity_twice_in_one_import_is_added_once():
    new = [session("2026-11-17", 45, start="07:05"), session("2026-11-17", 45, start="07:06")]
    assert duplicates.find_duplicates(new, []) == [None, {"batch_index": 0}]


def test_importing_the_same_files_again_finds_every_session_already_logged(made):
    found = [a["session"] for a in one(made["strava-export.zip"])["activities"]]
    by_week: dict[str, list] = {}
    for s in found:
        day = dt.date.fromisoformat(s["date"])
        by_week.setdefault((day - dt.timedelta(days=day.weekday())).isoformat(), []).append({**s, "effort": 4})
    weeks = [week(start, *items) for start, items in by_week.items()]
    assert None not in duplicates.find_duplicates(found, weeks)
    assert duplicates.find_duplicates(found, []) == [None] * len(found)


# --- the command line and the local time zone ---------------------------------------------


def test_the_cli_reads_files_in_the_computers_time_zone(made):
    env = {**os.environ, "TZ": "America/New_York"}
    proc = subprocess.run([sys.executable, "-m", "guide_engine", "activities", str(made["no-offset.fit"]),
                           str(made["empty.fit"])], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    files = json.loads(proc.stdout)["data"]["files"]
    # 02:30 UTC on 15 March 2026 is 22:30 on the 14th in New York (daylight time since 8 March).
    assert [(a["local_date"], a["start_time"]) for a in files[0]["activities"]] == [("2026-03-14", "22:30")]
    assert files[1] == {"name": "empty.fit", "error": {"code": "empty", "message": "The file is empty."}}


def test_local_transitions_find_each_change_to_the_second(monkeypatch):
    code = ("import json; from guide_engine.activities.timezone import local_transitions\n"
            "print(json.dumps(local_transitions(2026, 2026)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "TZ": "Europe/Berlin"})
    rows = json.loads(proc.stdout)["transitions"]
    assert rows == [[af.epoch("2026-01-01T00:00:00Z"), 60], [af.epoch("2026-03-29T01:00:00Z"), 120],
                    [af.epoch("2026-10-25T01:00:00Z"), 60]]
    zone = timezone.parse_tz({"transitions": rows}, "tz")
    assert zone.offset_minutes(af.epoch("2026-07-01T00:00:00Z")) == 120
    assert zone.offset_minutes(0) == 60  # before the first transition its offset applies


# --- damaged bytes, at random -------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import hypothesis_profiles  # noqa: E402,F401

SEEDS = {"fit": af.run_fit("2026-04-08T07:00:00Z", 3, 0.6), "gpx": af.gpx("2026-04-09T16:00:00Z", 3, 0.5),
         "tcx": af.tcx("2026-04-11T06:00:00Z", [(3, 0.6)]),
         "csv": af.strava_csv([{"id": 1, "start": af.epoch("2025-07-01T06:30:00Z"), "type": "Run", "name": "x",
                                "elapsed": 200, "moving": 180, "metres": 600.0}])}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(SEEDS)), flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), max_size=6),
       cut=st.none() | st.integers(0, 10**6), gz=st.booleans())
def test_damaged_bytes_are_read_or_refused_never_an_engine_error(tmp_path, kind, flips, cut, gz):
    data = bytearray(SEEDS[kind])
    for at, mask in flips:
        data[at % len(data)] ^= mask
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    path = tmp_path / f"x.{kind}{'.gz' if gz else ''}"
    path.write_bytes(gzip.compress(bytes(data), mtime=0) if gz else bytes(data))
    response = handle(request([path]))
    assert response["type"] == "result", response
    [entry] = response["data"]["files"]
    if "error" in entry:
        assert entry["error"]["code"] in CODES
    else:
        for activity in entry["activities"]:
            day = dt.date.fromisoformat(activity["session"]["date"])
            assert parse_session({**activity["session"], "effort": 3}, "s", day - dt.timedelta(days=day.weekday()))


def test_a_strava_description_over_several_lines_keeps_the_rows_apart(tmp_path):
    csv_bytes = af.strava_csv([{"id": 1, "start": af.epoch("2025-07-01T06:30:00Z"), "type": "Run", "name": "A",
                                "elapsed": 2000, "moving": 1800, "metres": 6000.0},
                               {"id": 2, "start": af.epoch("2025-07-02T06:30:00Z"), "type": "Ride", "name": "B",
                                "elapsed": 3700, "moving": 3600, "metres": 30000.0}])
    path = tmp_path / "activities.csv"
    path.write_bytes(csv_bytes.replace(b'"A",Run,""', b'"A",Run,"felt good,\nthen\r\ntired"', 1))
    assert b"then" in path.read_bytes()
    assert [(a["name"], a["minutes"], a.get("distance_km")) for a in one(path)["activities"]] == [("A", 30, 6.0), ("B", 60, 30.0)]
