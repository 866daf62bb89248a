"""The front end's date helpers (docs/assets/guide/dates.mjs), run in Node: they are pure
functions, so they need no browser. Needs Node 20+, which `make install` requires."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

DATES = Path(__file__).resolve().parents[1] / "docs" / "assets" / "guide" / "dates.mjs"

SCRIPT = """
const m = await import(process.argv[1]);
const out = {
  readable: ["2026-11-16", "2024-02-29", "2027-01-01", "not a date", ""].map(m.readable),
  addDays: [m.addDays("2026-12-29", 7), m.addDays("2024-02-28", 1), m.addDays("2026-03-01", -1)],
  weekStart: [m.weekStartFor(new Date(2026, 10, 19), "monday"), m.weekStartFor(new Date(2026, 10, 19), "sunday"),
              m.weekStartFor(new Date(2026, 10, 16), "monday")],
};
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def results() -> dict:
    node = shutil.which("node")
    assert node, "node is not on PATH (make install needs it)"
    proc = subprocess.run([node, "--input-type=module", "-e", SCRIPT, DATES.as_uri()],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_readable_dates_are_english_day_first_and_bad_input_passes_through(results):
    assert results["readable"] == ["16 Nov 2026", "29 Feb 2024", "1 Jan 2027", "not a date", ""]


def test_add_days_crosses_month_and_year_ends(results):
    assert results["addDays"] == ["2027-01-05", "2024-02-29", "2026-02-28"]


def test_week_start_for_a_thursday(results):
    # 19 Nov 2026 is a Thursday; a week starting on Monday the 16th holds it.
    assert results["weekStart"] == ["2026-11-16", "2026-11-15", "2026-11-16"]
