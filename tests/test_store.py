"""Loading the saved weeks and importing a backup (``load`` and ``import`` requests).

``load`` reads the document kept on the device: a bad week is set aside (listed in
``rejected`` with its index and path) and the good ones stay usable. ``import``
reads a backup all or nothing, previews what it would add, replace or leave
unchanged, and returns the merged document. Both refuse documents that are not a
Train Smart store, or that a newer version of the site wrote.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

import pytest

from guide_engine import handle
from guide_engine.api import handle_json

FORMAT = "trainsmart-weeks"
MONDAY = dt.date(2026, 11, 16)


def week(n: int = 0, **extra) -> dict:
    """A valid week ``n`` weeks before 2026-11-16, with one easy run on its Tuesday."""
    start = MONDAY - dt.timedelta(days=7 * n)
    run = {"date": (start + dt.timedelta(days=1)).isoformat(), "kind": "easy", "intent": "easy", "minutes": 40, "effort": 3}
    return {"week_start": start.isoformat(), "sessions": [run], **extra}


def doc(*weeks: dict, **extra) -> dict:
    return {"format": FORMAT, "schema": 1, "weeks": list(weeks), **extra}


def call(kind: str, data: dict) -> dict:
    return handle({"v": 1, "id": 1, "type": kind, "data": data})


def ok(kind: str, data: dict) -> dict:
    response = call(kind, data)
    assert response["type"] == "result", response
    return response["data"]


def refused(kind: str, data: dict) -> dict:
    response = call(kind, data)
    assert response["type"] == "error", response
    return response["error"]


def load(store: object) -> dict:
    return ok("load", {"store": store})


def import_(backup: object, current: object = None) -> dict:
    return ok("import", {"backup": backup, "current": current})


def with_session(w: dict, **fields) -> dict:
    """``w`` with its first session's fields changed."""
    return {**w, "sessions": [{**w["sessions"][0], **fields}]}


def starts(store: dict) -> list[str]:
    return [w["week_start"] for w in store["weeks"]]


# --- documents that are not a store ---------------------------------------------------


@pytest.mark.parametrize(("document", "code", "path"), [
    pytest.param([], "type", "", id="a-list"),
    pytest.param("trainsmart-weeks", "type", "", id="a-string"),
    pytest.param(42, "type", "", id="a-number"),
    pytest.param({"weeks": []}, "missing", ".format", id="no-format"),
    pytest.param({"format": "trainsmart-quiz", "weeks": []}, "format", ".format", id="wrong-format"),
    pytest.param({"format": FORMAT}, "missing", ".weeks", id="no-weeks"),
    pytest.param(doc(schema=0), "type", ".schema", id="schema-0"),
    pytest.param(doc(schema=-1), "type", ".schema", id="schema-negative"),
    pytest.param(doc(schema="1"), "type", ".schema", id="schema-text"),
    pytest.param(doc(schema=True), "type", ".schema", id="schema-true"),
    pytest.param(doc(schema=1.5), "type", ".schema", id="schema-fraction"),
    pytest.param({"format": FORMAT, "weeks": {"0": week()}}, "type", ".weeks", id="weeks-an-object"),
    pytest.param({"format": FORMAT, "weeks": None}, "type", ".weeks", id="weeks-null"),
    pytest.param(doc(extra=1), "unknown_field", ".extra", id="unknown-top-level-field"),
])
@pytest.mark.parametrize("where", ["load", "import"])
def test_a_document_that_is_not_a_store_is_refused_whole(document, code, path, where):
    root = "store" if where == "load" else "backup"
    data = {"store": document} if where == "load" else {"backup": document}
    error = refused(where, data)
    assert (error["code"], error["path"]) == (code, root + path)


@pytest.mark.parametrize("where", ["load", "import"])
def test_a_newer_schema_is_refused_with_a_reload_hint(where):
    root = "store" if where == "load" else "backup"
    error = refused(where, {root: doc(week(), schema=3)})
    assert (error["code"], error["path"]) == ("newer_schema", f"{root}.schema")
    assert re.search(r"\bReload the page\b", error["message"]), error["message"]


@pytest.mark.parametrize("where", ["load", "import"])
def test_a_schema_number_too_long_to_print_is_still_a_newer_schema(where):
    """10**5000 has no text form in Python (int_max_str_digits): the message must not need one."""
    root = "store" if where == "load" else "backup"
    error = refused(where, {root: doc(week(), schema=10**5000)})
    assert (error["code"], error["path"]) == ("newer_schema", f"{root}.schema")
    loaded = load(doc(week(0, schema=10**5000), week(1)))
    assert [r["code"] for r in loaded["rejected"]] == ["newer_schema"]


def test_a_current_store_of_a_newer_schema_refuses_the_import():
    error = refused("import", {"backup": doc(week()), "current": doc(schema=3)})
    assert (error["code"], error["path"]) == ("newer_schema", "current.schema")


def test_a_week_of_a_newer_schema_is_set_aside_on_load_with_a_reload_hint():
    loaded = load(doc(week(0, schema=3), week(1)))
    assert starts(loaded["store"]) == [week(1)["week_start"]]
    [rejected] = loaded["rejected"]
    assert (rejected["index"], rejected["code"], rejected["path"]) == (0, "newer_schema", "store.weeks.0.schema")
    assert re.search(r"\bReload the page\b", rejected["message"])


def test_a_store_past_the_week_limit_still_loads_in_full_but_a_backup_past_it_is_refused():
    ten_years = [week(n) for n in range(520)]
    assert len(load(doc(*ten_years))["store"]["weeks"]) == 520
    # 521 weeks, as an older version could save them: every week is read, none is lost.
    assert len(load(doc(*ten_years, week(520)))["store"]["weeks"]) == 521
    error = refused("import", {"backup": doc(*ten_years, week(520))})
    assert (error["code"], error["path"]) == ("too_many", "backup.weeks")
    assert "holds 521 weeks; this page keeps at most 520" in error["message"]
    # Past twice the limit nothing is read as a store either.
    error = refused("load", {"store": doc(*(week(n) for n in range(1041)))})
    assert (error["code"], error["path"]) == ("too_many", "store.weeks")


def test_an_import_that_would_hold_more_than_520_weeks_is_refused():
    current = doc(*(week(n) for n in range(300)))
    backup = doc(*(week(n) for n in range(300, 521)))  # 221 new weeks: 521 together
    error = refused("import", {"backup": backup, "current": current})
    assert (error["code"], error["path"]) == ("too_many", "backup.weeks")


# --- load: set bad weeks aside ----------------------------------------------------


def test_load_without_a_stored_document_gives_an_empty_store():
    assert load(None) == {"store": {"format": FORMAT, "schema": 2, "weeks": []}, "rejected": [], "week_schema": 2}


def test_load_answers_with_the_same_fields_with_or_without_a_document():
    assert set(load(None)) == set(load(doc()))


def test_load_keeps_good_weeks_and_sets_bad_ones_aside_with_index_and_path():
    stored = doc(
        week(3),
        with_session(week(2), effort=11),             # effort out of 0-10
        week(1),
        {**week(0), "colour": "red"},                 # unknown field
        "not a week",                                 # not an object
    )
    loaded = load(stored)
    assert starts(loaded["store"]) == sorted([week(3)["week_start"], week(1)["week_start"]])
    assert [{k: r[k] for k in ("index", "code", "path")} for r in loaded["rejected"]] == [
        {"index": 1, "code": "range", "path": "store.weeks.1.sessions.0.effort"},
        {"index": 3, "code": "unknown_field", "path": "store.weeks.3.colour"},
        {"index": 4, "code": "type", "path": "store.weeks.4"},
    ]
    assert all(set(r) == {"index", "code", "message", "path"} and r["message"] for r in loaded["rejected"])


def test_load_sorts_weeks_and_normalizes_them():
    loaded = load(doc(week(0), week(2, schema=1), week(1, schema=None)))
    assert starts(loaded["store"]) == [week(2)["week_start"], week(1)["week_start"], week(0)["week_start"]]
    assert all(w["schema"] == 2 for w in loaded["store"]["weeks"])  # schema 1 (and null: absent) migrate to 2


def test_load_sets_aside_the_second_copy_of_a_week():
    loaded = load(doc(week(0), week(1), with_session(week(0), minutes=90)))
    assert starts(loaded["store"]) == [week(1)["week_start"], week(0)["week_start"]]
    assert loaded["store"]["weeks"][1]["sessions"][0]["minutes"] == 40  # the first copy is kept
    [rejected] = loaded["rejected"]
    assert (rejected["index"], rejected["code"], rejected["path"]) == (2, "duplicate_week", "store.weeks.2.week_start")


def test_load_drops_the_export_note_and_keeps_the_weeks():
    loaded = load(doc(week(), exported_by="Train Smart 0.1.0"))
    assert loaded["store"] == {"format": FORMAT, "schema": 2, "weeks": [load(doc(week()))["store"]["weeks"][0]]}


# --- import: all or nothing -------------------------------------------------------


def test_one_bad_week_refuses_the_whole_backup_naming_its_path():
    backup = doc(week(0), week(1), week(2), with_session(week(3), effort=11))
    error = refused("import", {"backup": backup, "current": None})
    assert (error["code"], error["path"]) == ("range", "backup.weeks.3.sessions.0.effort")


def test_a_duplicate_week_in_a_backup_is_refused_naming_the_second():
    backup = doc(week(0), week(1), week(0))
    error = refused("import", {"backup": backup})
    assert (error["code"], error["path"]) == ("duplicate_week", "backup.weeks.2.week_start")


def test_a_bad_week_in_the_current_store_does_not_block_an_import():
    current = doc(week(1), with_session(week(2), effort=11))
    merged = import_(doc(week(0)), current)
    assert starts(merged["store"]) == [week(1)["week_start"], week(0)["week_start"]]


# --- hostile keys and numbers -----------------------------------------------------


@pytest.mark.parametrize("key", ["__proto__", "constructor", "prototype"])
@pytest.mark.parametrize(("place", "path"), [
    ("document", "backup.{key}"),
    ("week", "backup.weeks.0.{key}"),
    ("session", "backup.weeks.0.sessions.0.{key}"),
    ("checklist-entry", "backup.weeks.0.checklist.purpose.{key}"),
    ("request-data", "{key}"),
])
def test_prototype_keys_are_refused_as_unknown_fields(key, place, path):
    w = week(checklist={"purpose": {"answer": "yes"}})
    if place == "week":
        w[key] = {}
    elif place == "session":
        w = with_session(w, **{key: {}})
    elif place == "checklist-entry":
        w["checklist"]["purpose"][key] = "yes"
    backup = doc(w)
    if place == "document":
        backup[key] = {"polluted": True}
    data = {"backup": backup}
    if place == "request-data":
        data[key] = {"polluted": True}
    error = refused("import", data)
    assert (error["code"], error["path"]) == ("unknown_field", path.format(key=key))


@pytest.mark.parametrize("key", ["__proto__", "constructor"])
def test_prototype_keys_as_checklist_items_are_refused_as_unknown_items(key):
    """Checklist keys are item ids, so an unknown one is an unknown option, at its own path."""
    error = refused("import", {"backup": doc(week(checklist={key: {"answer": "yes"}}))})
    assert (error["code"], error["path"]) == ("unknown_option", f"backup.weeks.0.checklist.{key}")


@pytest.mark.parametrize(("minutes", "code"), [
    pytest.param(math.nan, "range", id="nan"),
    pytest.param(math.inf, "range", id="infinity"),
    pytest.param(-math.inf, "range", id="minus-infinity"),
    pytest.param(1e308, "range", id="huge-float"),
    pytest.param(10**400, "range", id="huge-integer"),
    pytest.param(1441, "range", id="over-a-day"),
    pytest.param(0, "range", id="zero"),
    pytest.param(45.5, "type", id="fraction"),
    pytest.param("45", "type", id="text"),
    pytest.param(True, "type", id="boolean"),
    pytest.param(None, "type", id="null"),
])
def test_impossible_minutes_are_refused_with_a_range_or_type_error(minutes, code):
    error = refused("import", {"backup": doc(week(0), with_session(week(1), minutes=minutes))})
    assert (error["code"], error["path"]) == (code, "backup.weeks.1.sessions.0.minutes")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers_in_json_text_are_refused(literal):
    text = json.dumps({"v": 1, "id": 1, "type": "import", "data": {"backup": doc(week())}})
    text = text.replace('"minutes": 40', f'"minutes": {literal}')
    response = json.loads(handle_json(text))
    assert (response["type"], response["error"]["code"], response["error"]["path"]) == (
        "error", "range", "backup.weeks.0.sessions.0.minutes")


@pytest.mark.parametrize(("field", "value"), [
    ("distance_km", math.nan), ("distance_km", 401), ("pain", 11), ("effort", -1), ("effort", 10**30),
])
def test_other_impossible_numbers_are_refused(field, value):
    error = refused("import", {"backup": doc(with_session(week(), **{field: value}))})
    assert (error["code"], error["path"]) == ("range", f"backup.weeks.0.sessions.0.{field}")


def test_impossible_sleep_is_refused():
    error = refused("import", {"backup": doc(week(sleep_hours=math.inf))})
    assert (error["code"], error["path"]) == ("range", "backup.weeks.0.sleep_hours")


@pytest.mark.parametrize(("make", "path"), [
    pytest.param(lambda note: with_session(week(), note=note), "backup.weeks.0.sessions.0.note", id="session-note"),
    pytest.param(lambda note: week(checklist={"fresher": {"answer": "no", "note": note}}),
                 "backup.weeks.0.checklist.fresher.note", id="checklist-note"),
])
def test_a_note_over_500_characters_is_refused_and_500_is_kept(make, path):
    assert import_(doc(make("é" * 500)))["preview"]["added"] == [MONDAY.isoformat()]
    error = refused("import", {"backup": doc(make("x" * 501))})
    assert (error["code"], error["path"]) == ("too_long", path)


def test_a_very_long_note_is_refused_without_echoing_it():
    error = refused("import", {"backup": doc(with_session(week(), note="a" * 100_000))})
    assert error["code"] == "too_long"
    assert len(error["message"]) < 200


# --- import preview ---------------------------------------------------------------


def test_the_preview_tells_added_replaced_and_unchanged_apart():
    current = doc(week(3), week(2), week(1))
    backup = doc(
        week(2),                              # the same week: unchanged
        with_session(week(1), minutes=55),    # the same week_start, another session: replaced
        week(0),                              # new: added
        week(4),                              # new, older than everything: added
    )
    result = import_(backup, current)
    d = {n: week(n)["week_start"] for n in range(5)}
    assert result["preview"] == {"added": [d[4], d[0]], "replaced": [d[1]], "unchanged": [d[2]]}
    merged = result["store"]
    assert starts(merged) == [d[4], d[3], d[2], d[1], d[0]]  # week 3 was only in the current store: kept
    assert next(w for w in merged["weeks"] if w["week_start"] == d[1])["sessions"][0]["minutes"] == 55  # backup wins


def test_a_week_that_differs_only_in_spelling_is_unchanged():
    """Both sides are normalized before comparing: 40.0 minutes and a missing schema equal 40 and schema 1."""
    current = doc(week(0, schema=1))
    backup = doc(with_session(week(0), minutes=40.0, note=""))
    assert import_(backup, current)["preview"] == {"added": [], "replaced": [], "unchanged": [MONDAY.isoformat()]}


def test_an_import_into_no_store_adds_everything_in_date_order():
    result = import_(doc(week(0), week(2), week(1)))
    assert result["preview"] == {"added": [week(n)["week_start"] for n in (2, 1, 0)], "replaced": [], "unchanged": []}
    assert result["store"] == load(doc(week(0), week(2), week(1)))["store"]


def test_an_empty_backup_changes_nothing():
    current = load(doc(week(0), week(1)))["store"]
    result = import_(doc(), current)
    assert result == {"preview": {"added": [], "replaced": [], "unchanged": []}, "store": current}
