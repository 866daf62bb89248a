"""The saved-weeks requests: the engine is the one owner of the stored document.

Each test plays the page: it keeps the text it stored, sends it (or its revision),
and stores the text the engine answers with. The checks are on that stored text,
read back through the engine, not only on what an answer says.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from guide_engine import handle
from guide_engine.store import MAX_STORE_CHARS, revision, to_text

MONDAY = dt.date(2026, 11, 16)


def week(n: int = 0, minutes: int = 40, **extra) -> dict:
    """Week ``n`` weeks before 2026-11-16, with one easy run on its Tuesday."""
    start = MONDAY - dt.timedelta(days=7 * n)
    run = {"date": (start + dt.timedelta(days=1)).isoformat(), "kind": "easy", "intent": "easy", "minutes": minutes,
           "effort": 3}
    return {"week_start": start.isoformat(), "sessions": [run], **extra}


def doc_text(*weeks: dict, **extra) -> str:
    return json.dumps({"format": "trainsmart-weeks", "schema": 2, "weeks": list(weeks), **extra})


def ok(kind: str, **data) -> dict:
    response = handle({"v": 1, "id": 1, "type": kind, "data": data})
    assert response["type"] == "result", response
    return response["data"]


def refused(kind: str, **data) -> dict:
    response = handle({"v": 1, "id": 1, "type": kind, "data": data})
    assert response["type"] == "error", response
    return response["error"]


def starts(text: str | None) -> list[str]:
    """The week starts a stored text holds, as the engine reads it back."""
    return [w["week_start"] for w in ok("weeks_open", text=text)["weeks"]]


# --- open --------------------------------------------------------------------------


def test_nothing_saved_opens_empty():
    opened = ok("weeks_open", text=None)
    assert (opened["weeks"], opened["rev"], opened["review"], opened["rejected"]) == ([], None, None, [])
    assert opened["limit"] == 520


def test_open_lists_the_weeks_with_digests_trend_and_the_newest_review():
    text = doc_text(week(1), week(0))
    opened = ok("weeks_open", text=text)
    assert [w["week_start"] for w in opened["weeks"]] == ["2026-11-09", "2026-11-16"]
    assert set(opened["digests"]) == {"2026-11-09", "2026-11-16"}
    assert opened["rev"] == revision(text)
    assert [r["week_start"] for r in opened["trend"]] == ["2026-11-09", "2026-11-16"]
    assert opened["review"]["week_start"] == "2026-11-16"


@pytest.mark.parametrize(("text", "code"), [
    ("{not json", "json"),
    ('{"format": "something-else", "weeks": []}', "format"),
    ("[]", "type"),
    ('{"format": "trainsmart-weeks", "schema": 3, "weeks": []}', "newer_schema"),
    ("[" * 40 + "]" * 40, "too_deep"),
])
def test_a_stored_text_that_cannot_be_used_is_refused_with_a_code_the_page_acts_on(text, code):
    assert refused("weeks_open", text=text)["code"] == code


# --- save: merge with what is stored ---------------------------------------------------


def test_a_save_with_the_held_revision_sends_one_week_and_keeps_the_others():
    text = doc_text(week(2), week(1))
    opened = ok("weeks_open", text=text)
    saved = ok("weeks_save", week=week(0), base=opened["rev"])
    assert starts(saved["text"]) == ["2026-11-02", "2026-11-09", "2026-11-16"]
    assert saved["rev"] == revision(saved["text"]) and saved["count"] == 3
    assert saved["review"]["week_start"] == "2026-11-16"


def test_an_engine_without_that_revision_asks_for_the_text():
    error = refused("weeks_save", week=week(0), base="0123456789abcdef")
    assert (error["code"], error["path"]) == ("stale", "base")
    assert refused("weeks_save", week=week(0))["code"] == "missing"


def test_two_tabs_saving_different_weeks_keep_both():
    """Tab A and tab B read the same text; B saves first; A sends the text it re-read before writing."""
    first = doc_text(week(2))
    a = ok("weeks_open", text=first)
    b_saved = ok("weeks_save", week=week(1), text=first)          # tab B writes
    a_saved = ok("weeks_save", week=week(0), text=b_saved["text"])  # tab A re-read storage: B's text
    assert a["rev"] != b_saved["rev"]
    assert starts(a_saved["text"]) == ["2026-11-02", "2026-11-09", "2026-11-16"]


def test_a_week_changed_in_another_tab_is_not_overwritten_unless_asked():
    text = doc_text(week(0, minutes=40))
    digest = ok("weeks_open", text=text)["digests"]["2026-11-16"]
    other = ok("weeks_save", week=week(0, minutes=55), text=text)  # another tab edits the same week
    error = refused("weeks_save", week=week(0, minutes=45), text=other["text"], expect=digest)
    assert (error["code"], error["path"]) == ("changed_elsewhere", "week")
    # A new week expected absent, but saved meanwhile elsewhere: refused too.
    assert refused("weeks_save", week=week(0), text=other["text"], expect=None)["code"] == "changed_elsewhere"
    # Saving over it on purpose: expect the digest that is stored now.
    mine = ok("weeks_save", week=week(0, minutes=45), text=other["text"], expect=other["digest"])
    assert ok("weeks_open", text=mine["text"])["weeks"][0]["sessions"][0]["minutes"] == 45


def test_the_521st_week_is_refused_and_nothing_is_lost():
    text = doc_text(*(week(n) for n in range(1, 521)))
    error = refused("weeks_save", week=week(0), text=text)
    assert error["code"] == "too_many" and "Export a backup" in error["message"]
    replaced = ok("weeks_save", week=week(5, minutes=60), text=text)  # replacing a week is still fine
    assert len(starts(replaced["text"])) == 520


def test_a_store_past_the_limit_written_by_an_older_version_opens_in_full_and_may_only_shrink():
    # 521 weeks, as the version before the limit was enforced on save could leave them.
    text = doc_text(*(week(n) for n in range(521)))
    opened = ok("weeks_open", text=text)
    assert len(opened["weeks"]) == 521 and opened["limit"] == 520 and opened["rejected"] == []
    error = refused("weeks_save", week=week(600), text=text)  # a new week: refused, with what to do
    assert error["code"] == "too_many" and "Export a backup, then delete your oldest weeks" in error["message"]
    assert len(starts(ok("weeks_save", week=week(3, minutes=55), text=text)["text"])) == 521  # an edit in place is fine
    shrunk = ok("weeks_delete", week_start=week(520)["week_start"], text=text)
    assert len(starts(shrunk["text"])) == 520  # and a delete is written, and reads back
    error = refused("weeks_plan", week_start=week(700)["week_start"], plan={"sessions": []}, text=text)
    assert error["code"] == "too_many"


def test_records_set_aside_never_push_the_weeks_past_the_limit():
    # 500 weeks, and 50 valid weeks kept aside (say, by an import): only 20 come back.
    aside = [{"week": week(n), "code": "newer_schema", "message": "m", "path": "p"} for n in range(500, 550)]
    text = doc_text(*(week(n) for n in range(500)), set_aside=aside)
    opened = ok("weeks_open", text=text)
    assert len(opened["weeks"]) == 520
    assert opened["set_aside"] == aside[20:]  # the rest stay aside, exactly as they were
    # Deleting a week rewrites the store: one more comes back, and the text still opens.
    deleted = ok("weeks_delete", week_start=week(0)["week_start"], text=text)
    reopened = ok("weeks_open", text=deleted["text"])
    assert len(reopened["weeks"]) == 520 and len(reopened["set_aside"]) == 29


def test_an_import_never_drops_records_kept_aside():
    mine = [{"week": {"week_start": f"bad-{n}"}, "code": "type", "message": "m", "path": "p"} for n in range(60)]
    theirs = [{"week": {"week_start": f"other-{n}"}, "code": "type", "message": "m", "path": "p"} for n in range(60)]
    text = doc_text(week(1), set_aside=mine)
    backup = json.loads(doc_text(week(0), set_aside=theirs))
    error = refused("weeks_import", backup=backup, text=text)
    assert error["code"] == "too_many" and "Nothing was changed" in error["message"]


def test_a_stored_text_from_a_newer_version_is_named_as_the_saved_weeks_not_a_file():
    text = json.dumps({"format": "trainsmart-weeks", "schema": 3, "weeks": []})
    for kind, data in (("weeks_open", {}), ("weeks_add", {"sessions": []}), ("weeks_save", {"week": week(0)})):
        error = refused(kind, text=text, **data)
        assert error["code"] == "newer_schema" and error["message"].startswith("Your saved weeks were saved by a newer")


def test_a_save_whose_text_could_not_be_read_back_is_refused():
    note = "n" * 500

    def heavy(n: int) -> dict:
        return {**week(n), "sessions": [{**week(n)["sessions"][0], "note": note, "minutes": 10}] * 40}

    weeks = []
    while len(to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": weeks})) < MAX_STORE_CHARS - 20_000:
        weeks.append(heavy(len(weeks) + 1))
    text = to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": weeks})  # as the engine writes it
    assert ok("weeks_open", text=text)["limit"] == 520  # what is stored still opens
    error = refused("weeks_save", week=heavy(0), text=text)
    assert error["code"] == "too_large" and "Nothing was saved" in error["message"]


# --- records that cannot be read: kept, never dropped ------------------------------------


def test_a_bad_week_is_set_aside_inside_the_document_and_kept_exactly():
    broken = {**week(1), "sessions": [{**week(1)["sessions"][0], "effort": 11}]}
    newer = {**week(2), "schema": 3, "shoes": "new"}
    text = doc_text(broken, newer, week(3))
    opened = ok("weeks_open", text=text)
    assert [r["index"] for r in opened["rejected"]] == [0, 1]
    assert [e["week"] for e in opened["set_aside"]] == [broken, newer]
    saved = ok("weeks_save", week=week(0), text=text)
    stored = json.loads(saved["text"])
    assert [e["week"] for e in stored["set_aside"]] == [broken, newer]  # the one write carries the copy aside
    assert starts(saved["text"]) == ["2026-10-26", "2026-11-16"]


def test_a_record_set_aside_comes_back_once_it_reads_cleanly():
    text = doc_text(week(1), set_aside=[{"week": week(0), "code": "newer_schema", "message": "m", "path": "p"}])
    opened = ok("weeks_open", text=text)
    assert ([w["week_start"] for w in opened["weeks"]], opened["set_aside"]) == (["2026-11-09", "2026-11-16"], [])


def test_a_record_set_aside_is_discarded_only_on_request():
    text = doc_text(week(1), {"week_start": "nope"})
    saved = ok("weeks_save", week=week(0), text=text)
    assert len(json.loads(saved["text"])["set_aside"]) == 1
    discarded = ok("weeks_discard", index=0, base=saved["rev"])
    assert "set_aside" not in json.loads(discarded["text"])
    assert starts(discarded["text"]) == ["2026-11-09", "2026-11-16"]


def test_a_record_is_discarded_only_if_it_is_still_the_one_listed():
    # A double tap, or another tab: the second request names a record that is gone.
    text = doc_text(week(1), {"week_start": "first"}, {"week_start": "second"})
    opened = ok("weeks_open", text=text)
    first, second = opened["set_aside_digests"]
    once = ok("weeks_discard", index=0, expect=first, text=text)
    error = refused("weeks_discard", index=0, expect=first, text=once["text"])
    assert error["code"] == "changed_elsewhere"
    assert [e["week"] for e in ok("weeks_open", text=once["text"])["set_aside"]] == [{"week_start": "second"}]
    assert ok("weeks_open", text=once["text"])["set_aside_digests"] == [second]


# --- delete, import, export -------------------------------------------------------------


def test_delete_answers_the_week_for_an_undo():
    text = doc_text(week(1), week(0))
    deleted = ok("weeks_delete", week_start="2026-11-09", text=text)
    assert starts(deleted["text"]) == ["2026-11-16"]
    undone = ok("weeks_save", week=deleted["deleted"], base=deleted["rev"])
    assert starts(undone["text"]) == ["2026-11-09", "2026-11-16"]
    assert refused("weeks_delete", week_start="2020-01-06", text=text)["code"] == "missing"


def test_import_previews_and_answers_the_merged_text():
    current = doc_text(week(2), week(1, minutes=40))
    backup = json.loads(doc_text(week(1, minutes=50), week(0)))
    result = ok("weeks_import", backup=backup, text=current)
    assert result["preview"] == {"added": ["2026-11-16"], "replaced": ["2026-11-09"], "unchanged": []}
    assert starts(result["text"]) == ["2026-11-02", "2026-11-09", "2026-11-16"]


def test_a_backup_exported_from_a_store_with_records_aside_keeps_them_when_imported():
    text = doc_text(week(1), {"week_start": "nope"})
    saved = ok("weeks_save", week=week(0), text=text)
    exported = json.loads(ok("weeks_export", **{"as": "json"}, base=saved["rev"])["text"])
    into_new = ok("weeks_import", backup=exported, text=None)
    assert json.loads(into_new["text"])["set_aside"][0]["week"] == {"week_start": "nope"}


def test_the_csv_export_has_one_row_per_session_with_the_load_and_no_formulas():
    text = doc_text({**week(0), "sessions": [{**week(0)["sessions"][0], "note": '=HYPERLINK("x")'}]})
    exported = ok("weeks_export", **{"as": "csv"}, text=text)
    rows = list(csv.DictReader(io.StringIO(exported["text"])))
    assert exported["count"] == 1 and len(rows) == 1
    assert (rows[0]["load"], rows[0]["distance_km"], rows[0]["note"]) == ("120", "", "'=HYPERLINK(\"x\")")


def test_the_csv_export_keeps_the_plan_beside_what_was_done():
    planned = [{"id": "p1", "date": "2026-11-17", "kind": "workout", "intent": "hard", "minutes": 50, "distance_km": 9},
               {"id": "p2", "date": "2026-11-19", "kind": "easy", "intent": "easy", "minutes": 40, "skipped": True}]
    text = doc_text({**week(0), "plan": {"sessions": planned}})
    exported = ok("weeks_export", **{"as": "csv"}, text=text)
    rows = list(csv.DictReader(io.StringIO(exported["text"])))
    assert exported["count"] == 1
    assert [(r["entry"], r["plan_id"], r["date"], r["minutes"], r["effort"], r["load"]) for r in rows] == [
        ("logged", "", week(0)["sessions"][0]["date"], "40", "3", "120"),
        ("planned", "p1", "2026-11-17", "50", "", ""), ("skipped", "p2", "2026-11-19", "40", "", "")]
    assert float(rows[1]["distance_km"]) == 9 and rows[1]["week_start"] == "2026-11-16"


def test_the_json_export_imports_back_unchanged():
    text = doc_text(week(1), week(0))
    exported = json.loads(ok("weeks_export", **{"as": "json"}, text=text)["text"])
    assert exported["exported_by"].startswith("Train Smart engine")
    assert ok("weeks_import", backup=exported, text=text)["preview"]["unchanged"] == ["2026-11-09", "2026-11-16"]


# --- ten years cost no more than one -----------------------------------------------------


def test_a_review_reads_only_the_weeks_that_matter_so_old_weeks_change_nothing():
    recent = [week(n) for n in range(1, 7)]
    old = [{**week(n, minutes=400), "sessions": [{**week(n)["sessions"][0], "minutes": 400, "distance_km": 80}]}
           for n in range(7, 520)]
    short = ok("weeks_review", week=week(0), text=doc_text(*recent))
    long = ok("weeks_review", week=week(0), text=doc_text(*recent, *old))
    assert short["metrics"] == long["metrics"] and short["findings"] == long["findings"]
    assert len(long["trend"]) == 520


def test_a_review_by_revision_digests_the_new_week_only_not_ten_years(monkeypatch):
    from guide_engine import store_ops

    history = [week(n) for n in range(1, 520)]
    opened = ok("weeks_open", text=doc_text(*history))
    first = ok("weeks_review", week=week(0, minutes=50), base=opened["rev"])
    calls = []
    real = store_ops.week_digest
    monkeypatch.setattr(store_ops, "week_digest", lambda w: calls.append(w["week_start"]) or real(w))
    again = ok("weeks_review", week=week(0, minutes=55), base=opened["rev"])
    assert calls == [week(0)["week_start"]]  # the week under review; the 519 saved ones are known
    assert len(again["trend"]) == 520 and again["trend"][:-1] == first["trend"][:-1]
    assert again["trend"][-1]["run_minutes"] == 55 and "trend" in ok("review", week=week(0))
