"""The engine's one error type: a code, a plain-language message and the field path."""

from __future__ import annotations


class EngineError(Exception):
    """A request the engine refuses, with where it went wrong.

    ``path`` names the offending field in the request's ``data`` with dots and
    indexes (``sessions.2.minutes``), or is empty for the request as a whole.
    """

    def __init__(self, code: str, message: str, path: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "path": self.path}
