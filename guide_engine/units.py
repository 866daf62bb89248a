"""Distances as the reader reads them: kilometres or miles. Stored data is always in km.

A request may name the reader's ``units`` (``"km"``, the default, or ``"mi"``); the
engine then writes the distances in its texts in those units. Numbers in results
(``distance_km``, ``spike.km``...) stay in kilometres, as stored, so nothing changes meaning.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from . import validate as v

UNITS = ("km", "mi")
KM_PER_MILE = 1.609344


def units_of(data: Mapping) -> str:
    """The ``units`` a request asks for (km when it names none)."""
    return v.choice(data["units"], "units", UNITS) if data.get("units") is not None else "km"


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def distance_text(km: float, units: str) -> str:
    """``16 km`` or ``9.9 mi``: kilometres to two decimals at most, miles to one."""
    if units == "mi":
        return f"{_fmt(round(km / KM_PER_MILE, 1))} mi"
    return f"{_fmt(round(km, 2))} km"


def step_below(km: float, units: str, at_least: float = 0.0) -> str:
    """A distance rounded down to the half unit below, as a target a runner can use; if that
    falls below ``at_least`` km (a cap under the run it is measured from), to the tenth below."""
    value = km / KM_PER_MILE if units == "mi" else km
    floor = at_least / KM_PER_MILE if units == "mi" else at_least
    step = math.floor(value * 2) / 2
    if step < floor or step <= 0:
        step = max(math.floor(value * 10) / 10, math.ceil(floor * 10) / 10)
    return f"{_fmt(step)} {units}"
