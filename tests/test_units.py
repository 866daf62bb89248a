"""Kilometres or miles: the reader chooses how distances read; stored data stays in km."""

from __future__ import annotations

import pytest

import week_personas as wp
from guide_engine import handle
from guide_engine.units import KM_PER_MILE, distance_text, step_below


@pytest.mark.parametrize(("km", "units", "text"), [
    (16.0, "km", "16 km"), (8.25, "km", "8.25 km"), (16.0934, "mi", "10 mi"), (21.1, "mi", "13.1 mi"),
])
def test_distances_read_in_the_readers_units(km, units, text):
    assert distance_text(km, units) == text


def test_a_target_is_rounded_down_to_the_half_unit():
    assert (step_below(17.6, "km"), step_below(17.6, "mi")) == ("17.5 km", "10.5 mi")  # 17.6 km = 10.94 mi


def test_a_review_in_miles_writes_miles_and_keeps_kilometres_in_its_numbers():
    data = wp.plan_with_hard_days_together_and_a_long_jump()
    km = handle({"type": "plan", "data": data})["data"]
    mi = handle({"type": "plan", "data": {**data, "units": "mi"}})["data"]
    text = next(f["text"] for f in mi["findings"] if f["id"] == "plan_spike_large")
    assert "14.9 mi" in text and "Cap Sunday's run at 10.5 mi" in text and " km" not in text
    assert mi["plan"]["spike"] == km["plan"]["spike"] and mi["plan"]["spike"]["km"] == 24.0  # stored unit
    assert round(24.0 / KM_PER_MILE, 1) == 14.9


def test_an_unknown_unit_is_refused():
    response = handle({"type": "review", "data": {"week": {"week_start": "2026-11-16"}, "units": "furlongs"}})
    assert (response["error"]["code"], response["error"]["path"]) == ("unknown_option", "units")
