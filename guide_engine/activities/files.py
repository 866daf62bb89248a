"""One chosen file to its activities: what it is, then the reader for it.

The format is taken from the bytes, not the name (shared files and exports carry
odd names): gzip and zip by their signatures, FIT by its header, GPX and TCX by
their root element. A CSV is read as Strava's ``activities.csv``. A ``.gz`` is
unpacked within the size limit first; a zip is read entry by entry, as a Strava
export when it holds an ``activities.csv`` with Strava's columns, otherwise as a
folder of activity files.
"""

from __future__ import annotations

import posixpath

from . import archive, fit, gpx, strava, tcx
from .problems import FileRefused
from .sessions import Activity

READERS = {"fit": fit.read, "gpx": gpx.read, "tcx": tcx.read}
NAMES = {"fit": "FIT", "gpx": "GPX", "tcx": "TCX"}


def activities_in_bytes(name: str, data: bytes, *, nested: bool = False) -> list[Activity]:
    """The activities in one file's bytes (not a zip)."""
    if not data:
        raise FileRefused("empty", "The file is empty.")
    kind = archive.sniff(data)
    if kind == "gzip":
        data = archive.gunzip(data)
        if not data:
            raise FileRefused("empty", "The file unpacks to nothing.")
        kind = archive.sniff(data)
        if kind in ("gzip", "zip"):
            raise FileRefused("unsupported", "The file is packed twice over; the importer unpacks one layer.")
    if kind == "zip":
        raise FileRefused("unsupported", "A zip inside a zip is not read." if nested else "Choose the zip itself.")
    if kind in READERS:
        return _guarded(READERS[kind], data, NAMES[kind])
    if archive.base_name(name).endswith(".csv") and not nested:
        rows = _guarded(strava.parse_csv, data, "CSV")
        if rows is None:
            raise FileRefused("unsupported", "This CSV is not a Strava activities.csv (its header lacks "
                              "'Activity Date' and 'Activity Type').")
        found, _ = strava.activities_from_rows(rows, None)
        return found
    expected = archive.base_name(name).rsplit(".", 1)[-1]
    if expected in NAMES:
        raise FileRefused("damaged", f"The file is named .{expected} but does not hold {NAMES[expected]} data: "
                          "it is damaged or not what its name says.")
    raise FileRefused("unsupported", "The importer reads FIT, GPX and TCX files (also gzipped), "
                      "a zip of them, and a Strava export.")


def _guarded(reader, data: bytes, what: str):
    """Run a reader; a library's own exception on odd bytes becomes a refusal of this file only."""
    try:
        return reader(data)
    except (FileRefused, ImportError, MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - libraries raise many types on malformed input
        raise FileRefused("damaged", f"The {what} file could not be read: its contents are not what the format "
                          f"says ({type(exc).__name__}).") from None


def read_chosen(name: str, path: str) -> dict:
    """One file the reader chose: ``{"activities": [...]}`` plus ``skipped`` for archives."""
    data = archive.read_path(path)
    if data is not None:
        return {"activities": activities_in_bytes(name, data), "skipped": []}
    return read_zip(path)


def read_zip(path: str) -> dict:
    """A zip: a Strava export (CSV first) or a folder of activity files."""
    reader = archive.ZipReader(path)
    try:
        by_name = {info.filename: info for info in reader.infos}
        skipped = [{"entry": info.filename, **FileRefused("archive_limit", "The entry's name points outside the "
                    "archive's folder; it was not read.").as_dict()}
                   for info in reader.infos if not archive.safe_entry_name(info.filename)]
        csv_info = _strava_csv(reader.infos)
        rows = _guarded(strava.parse_csv, reader.read(csv_info), "CSV") if csv_info is not None else None
        if rows is not None:
            folder = posixpath.dirname(csv_info.filename)

            def read_named(filename: str) -> list[Activity]:
                entry = posixpath.join(folder, filename) if folder else filename
                if not archive.safe_entry_name(filename) or entry not in by_name:
                    raise FileRefused("unreadable", f"The export does not hold {filename}.")
                return activities_in_bytes(entry, reader.read(by_name[entry]), nested=True)

            found, row_skips = strava.activities_from_rows(rows, read_named)
            skipped += row_skips
        else:
            found = []
            for info in reader.infos:
                if not archive.safe_entry_name(info.filename) or _ignored(info.filename):
                    continue
                if not archive.base_name(info.filename).endswith(archive.ACTIVITY_SUFFIXES):
                    continue
                try:
                    found += activities_in_bytes(info.filename, reader.read(info), nested=True)
                except FileRefused as refused:
                    skipped.append({"entry": info.filename, **refused.as_dict()})
    finally:
        reader.close()
    if not found:
        detail = f" ({len(skipped)} entries refused; the first: {skipped[0]['message']})" if skipped else ""
        raise FileRefused("no_activities", f"No activity could be read from this zip{detail}.")
    return {"activities": found, "skipped": skipped}


def _strava_csv(infos) -> object | None:
    """The export's activities.csv: at the top, or in the one folder the export unpacked into."""
    candidates = [info for info in infos if posixpath.basename(info.filename) == "activities.csv"
                  and info.filename.count("/") <= 1 and archive.safe_entry_name(info.filename)]
    return min(candidates, key=lambda info: info.filename.count("/")) if candidates else None


def _ignored(name: str) -> bool:
    """Files a zip tool adds beside the real ones (macOS forks, hidden files)."""
    parts = name.split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")
