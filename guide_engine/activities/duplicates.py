"""Which imported sessions are already logged: a pure function for the store code.

A new session is a duplicate of a logged one on the same local date when

* both have a start time and they are at most :data:`START_WINDOW_MINUTES` apart, or
* the logged one has no start time (typed in by hand), and both are of the same
  kind family (running, cross-training, strength) and their minutes are within
  :data:`MINUTES_TOLERANCE` of the longer one.

A new session can also repeat an earlier one of the same batch (the same run as a
FIT file and inside a Strava export): the later one is then the duplicate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .. import content

START_WINDOW_MINUTES = 10
MINUTES_TOLERANCE = 0.10


def _family(kind: str) -> str:
    row = next((k for k in content.checklist()["kinds"] if k["id"] == kind), None)
    if row is not None and row["running"]:
        return "running"
    return kind  # "cross", "strength", or an unknown kind (which then only matches itself)


def _clock(text: object) -> int | None:
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        return None
    try:
        return int(text[:2]) * 60 + int(text[3:])
    except ValueError:
        return None


def same_session(new: Mapping, old: Mapping) -> bool:
    """Whether ``new`` (an imported session) is ``old`` (a session already logged) again."""
    if new.get("date") != old.get("date"):
        return False
    new_start, old_start = _clock(new.get("start_time")), _clock(old.get("start_time"))
    if new_start is not None and old_start is not None:
        return abs(new_start - old_start) <= START_WINDOW_MINUTES
    a, b = new.get("minutes"), old.get("minutes")
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or max(a, b) <= 0:
        return False
    return _family(str(new.get("kind"))) == _family(str(old.get("kind"))) and abs(a - b) <= MINUTES_TOLERANCE * max(a, b)


def find_duplicates(new_sessions: Sequence[Mapping], weeks: Iterable[Mapping]) -> list[dict | None]:
    """For each new session, where it is already logged, or None when it is new.

    ``weeks`` are week records as ``week.parse_week`` returns them. A match is
    ``{"week_start": ..., "index": i}`` (the logged session's position in its week)
    or ``{"batch_index": j}`` (an earlier session of ``new_sessions``).
    """
    logged: dict[str, list[tuple[str, int, Mapping]]] = {}
    for week in weeks:
        for i, session in enumerate(week.get("sessions", ())):
            logged.setdefault(session.get("date"), []).append((week["week_start"], i, session))
    out: list[dict | None] = []
    for j, new in enumerate(new_sessions):
        match = next(({"week_start": ws, "index": i} for ws, i, old in logged.get(new.get("date"), ())
                      if same_session(new, old)), None)
        if match is None:
            match = next(({"batch_index": k} for k in range(j)
                          if out[k] is None and same_session(new, new_sessions[k])), None)
        out.append(match)
    return out
