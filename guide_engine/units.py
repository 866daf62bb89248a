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


def in_units(km: float, units: str) -> float:
    """Kilometres in the reader's units."""
    return km / KM_PER_MILE if units == "mi" else km


def distance_text(km: float, units: str) -> str:
    """``16 km`` or ``9.9 mi``: kilometres to two decimals at most, miles to one."""
    return f"{_fmt(round(in_units(km, units), 1 if units == 'mi' else 2))} {units}"


def step_value(km: float, units: str, at_least: float = 0.0) -> float:
    """A distance rounded down to the half unit below, in ``units``, as a target a runner can use;
    if that falls below ``at_least`` km (a cap under the run it is measured from), to the tenth below."""
    value, floor = in_units(km, units), in_units(at_least, units)
    step = math.floor(value * 2) / 2
    if step < floor or step <= 0:
        step = max(math.floor(value * 10) / 10, math.ceil(floor * 10) / 10)
    return step


def step_below(km: float, units: str, at_least: float = 0.0) -> str:
    """:func:`step_value` as the reader reads it: ``17.5 km``."""
    return f"{_fmt(step_value(km, units, at_least))} {units}"

