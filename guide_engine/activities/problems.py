"""Why a file was refused: one exception type with a stable code and a plain reason.

A refused file never stops the others: the request catches :class:`FileRefused`
per file (and per entry of an archive) and reports ``{"code", "message"}``.
"""

from __future__ import annotations

# code -> what it means (the docs page lists the same codes; a test compares them)
CODES = {
    "empty": "the file holds no bytes",
    "too_large": "the file, or what it unpacks to, is over a size limit",
    "unsupported": "not a format the importer reads",
    "not_activity": "a readable file that holds no recorded activity (settings, workout, course, route)",
    "damaged": "the file's checksum or structure is broken",
    "truncated": "the file ends before its data does",
    "no_times": "the file has no times to take minutes from",
    "no_activities": "an archive or export in which nothing could be read",
    "archive_limit": "an archive over the entry or compression limits, or an unsafe entry name",
    "too_long": "an activity longer than a day, which a session cannot hold",
    "unreadable": "the file could not be opened",
}


class FileRefused(Exception):
    """A file (or an archive entry) the importer will not read, with a code from :data:`CODES`."""

    def __init__(self, code: str, message: str) -> None:
        assert code in CODES, code
        super().__init__(message)
        self.code = code
        self.message = message

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}
