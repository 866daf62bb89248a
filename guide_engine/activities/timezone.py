"""The reader's UTC offset at any instant, from a list of transitions.

Pyodide has no time-zone database, so the page describes the device's zone as
data: ``{"transitions": [[epoch_seconds, utc_offset_minutes], ...]}``, each pair
meaning "from this instant on, local time is UTC plus this many minutes". The
page computes them with JavaScript's ``Date``; the command line with
:func:`local_transitions`. Before the first transition its offset applies too;
with no transitions at all the offset is 0 (UTC).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

from .. import validate as v
from ..errors import EngineError

MAX_TRANSITIONS = 2000  # two a year for a thousand years; a real zone needs about 150
MAX_OFFSET_MINUTES = 18 * 60  # the widest offsets in use are -12:00 and +14:00
EPOCH_RANGE = (-(2**40), 2**40)


class Zone:
    """Offsets by instant; build it with :func:`parse_tz`."""

    def __init__(self, starts: list[int], offsets: list[int]) -> None:
        self._starts = starts
        self._offsets = offsets

    def offset_minutes(self, epoch_seconds: float) -> int:
        """The UTC offset, in minutes, in force at ``epoch_seconds``."""
        if not self._starts:
            return 0
        i = bisect.bisect_right(self._starts, epoch_seconds) - 1
        return self._offsets[max(i, 0)]


def parse_tz(raw: object, path: str) -> Zone:
    """Validate the request's ``tz`` (or ``None`` for UTC)."""
    if raw is None:
        return Zone([], [])
    tz = v.obj(raw, path, required=("transitions",))
    where = v.join(path, "transitions")
    rows = v.array(tz["transitions"], where, max_items=MAX_TRANSITIONS)
    starts, offsets = [], []
    for i, row in enumerate(rows):
        at = v.join(where, i)
        pair = v.array(row, at, max_items=2)
        if len(pair) != 2:
            raise EngineError("type", "Each transition is [epoch_seconds, utc_offset_minutes].", at)
        start = v.number(pair[0], v.join(at, 0), low=EPOCH_RANGE[0], high=EPOCH_RANGE[1], integer=True)
        offset = v.number(pair[1], v.join(at, 1), low=-MAX_OFFSET_MINUTES, high=MAX_OFFSET_MINUTES, integer=True)
        if starts and start <= starts[-1]:
            raise EngineError("range", "Transitions must be in time order, each after the one before.", v.join(at, 0))
        starts.append(start)
        offsets.append(offset)
    return Zone(starts, offsets)


def local_transitions(first_year: int = 1990, last_year: int = 2045) -> dict:
    """This computer's zone as a ``tz`` object (for the command line).

    Steps through the years a day at a time with :func:`time.localtime` and finds
    each change of offset to the second by bisection.
    """
    import calendar
    import time

    def offset(t: int) -> int:
        return round(time.localtime(t).tm_gmtoff / 60)

    t = calendar.timegm((first_year, 1, 1, 0, 0, 0))
    end = calendar.timegm((last_year + 1, 1, 1, 0, 0, 0))
    rows = [[t, offset(t)]]
    day = 86400
    while t < end:
        nxt = t + day
        if offset(nxt) != rows[-1][1]:
            lo, hi = t, nxt  # offset(lo) is the old one, offset(hi) the new one
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == rows[-1][1]:
                    lo = mid
                else:
                    hi = mid
            rows.append([hi, offset(hi)])
        t = nxt
    return {"transitions": rows}
