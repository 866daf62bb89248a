"""Properties of the weekly review and the saved-weeks store over generated weeks.

Hypothesis draws valid weeks (0-14 sessions of every kind and intent, optional
distance, pain, pain signs, notes with unicode, markup and format braces,
optional checklist answers, sleep and feeling) and histories of 0-8 earlier
weeks at 7-day steps. For all of them:

* ``review`` answers with a result (never an error, never an exception);
* weekly load = the sum of session loads = the sum of the daily loads;
* monotony is undefined exactly when the week has no load, and at its cap (flagged
  uniform) exactly when the seven daily loads are equal and not zero;
* a store survives load -> JSON download -> JSON upload -> import unchanged;
* parsing a normalized week gives the same week back.

Ids, ranges and limits come from ``guide_engine/data/checklist.json``.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from content_ids import ANSWERS, FEELINGS, FLAGS, INTENTS, ITEMS, KINDS, LIMITS, START_DAYS
from guide_engine import content
from guide_engine import handle
from guide_engine.api import dumps
from guide_engine.week import parse_week


SETTINGS = settings(max_examples=200, deadline=None)
CAP = content.checklist()["rules"]["monotony_cap"]

# Text a reader might type, or paste: markup, format braces the finding texts use,
# right-to-left text, emoji, combining marks, a lone surrogate, control characters.
AWKWARD = ["<script>alert(1)</script>", "**bold** _it_", "{max_pain}", "{0}", "%s", "\\u0000", "\u202eevil",
           "щека", "日本語", "🏃‍♀️💨", "e\u0301", "\ud800", "\x00\x1f", "' OR 1=1 --", "</textarea>", "&amp;"]
notes = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(AWKWARD), min_size=1, max_size=4).map("".join),
    st.sampled_from(["", "x" * LIMITS["note"], "é" * LIMITS["note"]]),
)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """``None`` (the field is left out) or a value."""
    return st.none() | strategy


@st.composite
def sessions(draw, start: dt.date) -> dict:
    s = {
        "date": (start + dt.timedelta(days=draw(st.integers(0, 6)))).isoformat(),
        "kind": draw(st.sampled_from(KINDS)),
        "intent": draw(st.sampled_from(INTENTS)),
        "minutes": draw(st.integers(1, 100)),  # 14 sessions on one day stay within 24 h
        "effort": draw(st.integers(0, 10)),
    }
    optional = {
        "distance_km": draw(maybe(st.integers(0, 60) | st.floats(0, 60, allow_nan=False))),
        "pain": draw(maybe(st.integers(0, 10))),
        "pain_flags": draw(maybe(st.lists(st.sampled_from(FLAGS), unique=True, max_size=3))),
        "note": draw(maybe(notes)),
    }
    return {**s, **{k: val for k, val in optional.items() if val is not None}}


checklists = st.dictionaries(
    st.sampled_from(ITEMS),
    st.fixed_dictionaries({}, optional={"answer": st.sampled_from(ANSWERS), "note": notes}),
    max_size=len(ITEMS),
)


@st.composite
def weeks(draw, start: dt.date, start_day: str | None) -> dict:
    w: dict = {"week_start": start.isoformat()}
    if draw(st.booleans()):
        w["schema"] = 1
    if start_day is not None:
        w["start_day"] = start_day
    optional = {
        "sessions": draw(maybe(st.lists(sessions(start), max_size=14))),
        "checklist": draw(maybe(checklists)),
        "sleep_hours": draw(maybe(st.floats(0, 12, allow_nan=False) | st.integers(0, 12))),
        "feeling": draw(maybe(st.sampled_from(FEELINGS))),
    }
    return {**w, **{k: val for k, val in optional.items() if val is not None}}


@st.composite
def week_and_history(draw) -> tuple[dict, list[dict]]:
    """A week and 0-8 earlier weeks at 7-day steps, all starting on the same weekday."""
    start = draw(st.dates(dt.date(1901, 1, 1), dt.date(2199, 12, 1)))
    start_day = draw(st.sampled_from([None, START_DAYS[start.weekday()]]))
    count = draw(st.integers(0, 8))
    history = [draw(weeks(start - dt.timedelta(days=7 * k), start_day)) for k in range(count, 0, -1)]
    history = draw(st.permutations(history))  # history may arrive in any order
    return draw(weeks(start, start_day)), list(history)


def result(request: dict) -> dict:
    response = handle({"v": 1, "id": 7, **request})
    assert response["type"] == "result", response
    return response["data"]


def store(raw_weeks: list[dict]) -> dict:
    return {"format": "trainsmart-weeks", "schema": 1, "weeks": raw_weeks}


def download_and_upload(document: dict) -> dict:
    """What a backup file goes through: written as JSON text, read back."""
    return json.loads(json.dumps(document))


def check_loads_add_up(week: dict, m: dict) -> None:
    """Weekly load = the sum of effort × minutes = the sum of the seven daily loads."""
    session_loads = [s["effort"] * s["minutes"] for s in week.get("sessions", [])]
    assert m["weekly_load"] == sum(session_loads) == sum(m["daily_loads"])
    assert len(m["daily_loads"]) == 7


def check_monotony_undefined_only_when_flat(m: dict) -> None:
    """Monotony (and strain) is None exactly for a week without load; equal loaded days read the cap."""
    empty = m["weekly_load"] == 0
    assert (m["monotony"] is None) == empty and (m["strain"] is None) == empty
    assert m["monotony_uniform"] == (len(set(m["daily_loads"])) == 1 and not empty)
    if not empty:
        assert 0 < m["monotony"] <= CAP and 0 <= m["strain"] <= m["weekly_load"] * CAP
    if m["monotony_uniform"]:
        assert m["monotony"] == CAP


# One generated case checks every review property: drawing a week and its history
# costs far more than reviewing it, so the properties share the draws.
@given(week_and_history())
@SETTINGS
def test_review_of_any_valid_week_is_a_result_with_consistent_figures(case):
    week, history = case
    data = result({"type": "review", "data": {"week": week, "history": history}})
    assert data["week"] == parse_week(week, "week")  # the normalized week is echoed
    assert [row["week_start"] for row in data["trend"]] == sorted(w["week_start"] for w in [*history, week])
    json.loads(dumps({"data": data}))  # serializable without NaN
    check_loads_add_up(week, data["metrics"])
    check_monotony_undefined_only_when_flat(data["metrics"])


@given(week_and_history())
@SETTINGS
def test_a_store_survives_export_and_import_unchanged(case):
    week, history = case
    loaded = result({"type": "load", "data": {"store": store([*history, week])}})
    assert loaded["rejected"] == []
    saved = loaded["store"]
    starts = sorted(w["week_start"] for w in [*history, week])
    assert [w["week_start"] for w in saved["weeks"]] == starts

    backup = download_and_upload(saved)
    into_empty = result({"type": "import", "data": {"backup": backup, "current": None}})
    assert dumps(into_empty["store"]) == dumps(saved)  # as JSON text: 1 and 1.0 count as different
    assert into_empty["preview"] == {"added": starts, "replaced": [], "unchanged": []}

    into_same = result({"type": "import", "data": {"backup": backup, "current": download_and_upload(saved)}})
    assert dumps(into_same["store"]) == dumps(saved)
    assert into_same["preview"] == {"added": [], "replaced": [], "unchanged": starts}


@given(week_and_history())
@SETTINGS
def test_parsing_a_normalized_week_gives_the_same_week(case):
    week, _ = case
    once = parse_week(week, "week")
    assert parse_week(once, "week") == once
    again = parse_week(download_and_upload(once), "week")
    assert dumps(again) == dumps(once)


# --- the verdict: cautions only ever lower it; a blank week never gets one ---------------

BANDS = [b["id"] for b in content.checklist()["verdict"]["bands"]]


def verdict_rank(verdict: dict | None) -> tuple[int, int]:
    """Higher is worse: alerts after every band, a lower score after a higher one."""
    if verdict is None:
        return (-1, 0)
    if verdict["id"] == "log-looks-good":
        return (1, -100)  # the top of "mostly smart": the log alone never reads as smart
    if verdict["id"] == "log-has-a-leak":
        return (1, 0)  # the bottom of "mostly smart", without a score
    index = BANDS.index(verdict["id"]) if verdict["id"] in BANDS else len(BANDS)
    return (index, -(verdict["score"] or 0))


@given(week_and_history(), st.sampled_from([{"sleep_hours": 5}, {"feeling": "drained"}]))
@SETTINGS
def test_adding_a_caution_never_raises_the_weekly_verdict_or_score(case, caution):
    week, history = case
    before = result({"type": "review", "data": {"week": week, "history": history}})
    after = result({"type": "review", "data": {"week": {**week, **caution}, "history": history}})
    cautions = lambda r: sorted(f["id"] for f in r["findings"] if f["severity"] == "caution")  # noqa: E731
    if cautions(after) == cautions(before) or before["verdict"] is None:
        return  # the caution was there already, or there is still nothing to judge
    assert len(cautions(after)) == len(cautions(before)) + 1
    assert verdict_rank(after["verdict"]) >= verdict_rank(before["verdict"])


@given(week_and_history())
@SETTINGS
def test_a_week_with_nothing_logged_and_under_four_answers_never_gets_a_verdict(case):
    week, history = case
    answers = {k: v for k, v in list(week.get("checklist", {}).items())[:3]}
    blank = {k: v for k, v in week.items() if k not in ("sessions", "checklist")} | {"checklist": answers}
    data = result({"type": "review", "data": {"week": blank, "history": history}})
    assert data["verdict"] is None and data["needs"]["summary"]
    # With no sleep or feeling either, nothing at all is found: no scolding of an empty log.
    bare = {k: v for k, v in blank.items() if k not in ("sleep_hours", "feeling")}
    assert result({"type": "review", "data": {"week": bare, "history": history}})["findings"] == []
