"""Sharing weeks with a coach: the share document the engine builds from the saved weeks,
and how the coach's engine opens it (validated like a backup import, all or nothing).

Each test plays the pages: the runner's page sends its stored text and gets the share's
text and check; the coach's page sends that text (as it came out of the link) and gets
the weeks and their reviews. Damage is made the way a link gets damaged: cut short,
edited, written by a newer version, or far too large.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from guide_engine import handle
from guide_engine.review import review
from guide_engine.share import FORMAT, MAX_SHARE_CHARS, MAX_SHARE_WEEKS, SHARE_SCHEMA, check_of
from guide_engine.store import revision
from guide_engine.week import parse_week

MONDAY = dt.date(2026, 11, 16)


def week(n: int = 0, minutes: int = 40, effort: int = 3, **extra) -> dict:
    """Week ``n`` weeks before 2026-11-16: an easy run on Tuesday and a long run on Sunday."""
    start = MONDAY - dt.timedelta(days=7 * n)
    day = lambda d: (start + dt.timedelta(days=d)).isoformat()  # noqa: E731
    runs = [{"date": day(1), "kind": "easy", "intent": "easy", "minutes": minutes, "effort": effort, "distance_km": 7.5},
            {"date": day(6), "kind": "long", "intent": "easy", "minutes": 2 * minutes, "effort": 4, "note": "hilly"}]
    return {"week_start": start.isoformat(), "start_day": "monday", "sessions": runs, **extra}


PLAN = {"sessions": [{"id": "p1", "date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 40}]}


def stored(*weeks: dict, **extra) -> str:
    return json.dumps({"format": "trainsmart-weeks", "schema": 2, "weeks": list(weeks), **extra})


def ok(kind: str, **data) -> dict:
    response = handle({"v": 1, "id": 1, "type": kind, "data": data})
    assert response["type"] == "result", response
    return response["data"]


def refused(kind: str, **data) -> dict:
    response = handle({"v": 1, "id": 1, "type": kind, "data": data})
    assert response["type"] == "error", response
    return response["error"]


def four_weeks() -> list[dict]:
    return [week(3, 35), week(2, 40), week(1, 45), week(0, 50, plan=PLAN)]


def share_of(weeks: list[dict], chosen: list[str] | None = None, **extra) -> dict:
    chosen = [w["week_start"] for w in weeks] if chosen is None else chosen
    return ok("share_build", weeks=chosen, text=stored(*weeks, **extra))


# --- building a share ----------------------------------------------------------------


def test_a_share_holds_the_chosen_weeks_with_their_plans_in_date_order_and_nothing_else():
    weeks = [*four_weeks(), week(4)]
    share = share_of(weeks, chosen=["2026-11-16", "2026-10-26", "2026-11-02"], set_aside=[{"week": {"x": 1}}])
    doc = json.loads(share["text"])
    assert set(doc) == {"format", "schema", "weeks"}
    assert (doc["format"], doc["schema"]) == (FORMAT, SHARE_SCHEMA)
    assert share["weeks"] == ["2026-10-26", "2026-11-02", "2026-11-16"]
    by_start = {w["week_start"]: parse_week(w, "w") for w in weeks}
    assert doc["weeks"] == [by_start[s] for s in share["weeks"]]
    assert doc["weeks"][-1]["plan"] == parse_week(week(0, plan=PLAN), "w")["plan"]


def test_a_share_is_compact_ascii_text_and_the_same_whatever_order_the_weeks_are_chosen_in():
    weeks = four_weeks()
    one = share_of(weeks)
    two = share_of(weeks, chosen=[w["week_start"] for w in reversed(weeks)])
    assert one == two
    assert one["text"].isascii() and "\n" not in one["text"] and ", " not in one["text"]
    assert one["check"] == check_of(one["text"]) and len(one["check"]) == 8


def test_a_share_is_built_from_the_revision_the_engine_holds():
    text = stored(*four_weeks())
    rev = ok("weeks_open", text=text)["rev"]
    assert rev == revision(text)
    assert ok("share_build", weeks=["2026-11-16"], base=rev) == ok("share_build", weeks=["2026-11-16"], text=text)


@pytest.mark.parametrize(("weeks", "code", "path"), [
    ([], "missing", "weeks"),
    (["2026-11-16"] * 2, "duplicate", "weeks.1"),
    (["2026-01-05"], "missing", "weeks.0"),
    (["16/11/2026"], "type", "weeks.0"),
    ([(MONDAY - dt.timedelta(days=7 * n)).isoformat() for n in range(MAX_SHARE_WEEKS + 1)], "too_many", "weeks"),
    ("2026-11-16", "type", "weeks"),
])
def test_building_a_share_refuses_what_cannot_be_shared(weeks, code, path):
    text = stored(*(week(n) for n in range(MAX_SHARE_WEEKS + 1)))
    error = refused("share_build", weeks=weeks, text=text)
    assert (error["code"], error["path"]) == (code, path)


def test_twelve_weeks_can_be_shared():
    weeks = [week(n) for n in range(MAX_SHARE_WEEKS)]
    assert len(share_of(weeks)["weeks"]) == MAX_SHARE_WEEKS


def test_building_from_a_revision_the_engine_does_not_hold_asks_for_the_text():
    assert refused("share_build", weeks=["2026-11-16"], base="0" * 16)["code"] == "stale"


# --- opening a share -------------------------------------------------------------------


def test_opening_a_share_gives_back_the_weeks_each_reviewed_against_the_other_shared_weeks():
    weeks = four_weeks()
    share = share_of(weeks)
    opened = ok("share_open", text=share["text"], check=share["check"])
    parsed = [parse_week(w, "w") for w in weeks]
    assert opened["weeks"] == parsed
    expected = []
    for w in parsed:
        r = review(w, parsed)
        del r["trend"]
        expected.append(r)
    assert opened["reviews"] == expected
    assert [r["week_start"] for r in opened["trend"]] == [w["week_start"] for w in parsed]
    # the newest week is compared with the shared week before it, as on the runner's device
    assert opened["reviews"][-1]["metrics"]["has_previous_week"] is True


def test_the_coach_sees_the_same_findings_as_the_runner_when_every_week_is_shared():
    weeks = four_weeks()
    share = share_of(weeks)
    runner = ok("weeks_open", text=stored(*weeks))["review"]
    coach = ok("share_open", text=share["text"], check=share["check"])["reviews"][-1]
    assert [f["id"] for f in coach["findings"]] == [f["id"] for f in runner["findings"]]
    assert coach["verdict"] == runner["verdict"]


def test_the_backup_in_an_opened_share_imports_as_the_shared_weeks():
    share = share_of(four_weeks())
    opened = ok("share_open", text=share["text"])
    coach_text = stored(week(10))
    imported = ok("weeks_import", backup=opened["backup"], text=coach_text)
    assert imported["preview"] == {"added": share["weeks"], "replaced": [], "unchanged": []}
    assert [w["week_start"] for w in ok("weeks_open", text=imported["text"])["weeks"]] == [week(10)["week_start"], *share["weeks"]]


def test_the_coach_sees_a_week_still_under_way_when_shared_as_in_progress_as_the_runner_did():
    # Shared on Wednesday 18 November, opened by the coach three weeks later: the week is
    # judged as it stood when shared (in progress, no verdict), not as a finished week
    # whose unlogged days count against it.
    weeks = [week(1), week(0, plan=PLAN)]
    runner = ok("weeks_open", text=stored(*weeks), today="2026-11-18")["review"]
    share = ok("share_build", weeks=["2026-11-09", "2026-11-16"], text=stored(*weeks), today="2026-11-18")
    assert json.loads(share["text"])["made"] == "2026-11-18"
    opened = ok("share_open", text=share["text"], check=share["check"], today="2026-12-09")
    coach = opened["reviews"][-1]
    assert opened["made"] == "2026-11-18"
    assert runner["verdict"] is None and runner["metrics"]["in_progress"] == 1
    assert coach["verdict"] is None and coach["needs"] == runner["needs"]
    assert [f["id"] for f in coach["findings"]] == [f["id"] for f in runner["findings"]]
    # The finished week before it still has its verdict.
    assert opened["reviews"][0]["verdict"] is not None


def test_a_share_from_before_made_existed_is_reviewed_as_of_the_coachs_day():
    weeks = [week(1), week(0)]
    doc = {"format": FORMAT, "schema": 1, "weeks": weeks}
    mid_week = ok("share_open", text=json.dumps(doc), today="2026-11-18")["reviews"][-1]
    later = ok("share_open", text=json.dumps(doc), today="2026-12-09")["reviews"][-1]
    assert mid_week["verdict"] is None and mid_week["metrics"]["in_progress"] == 1
    assert later["metrics"]["in_progress"] == 0
    # "made" came with schema 2: in a schema 1 share it is an unknown field.
    error = refused("share_open", text=json.dumps({**doc, "made": "2026-11-18"}))
    assert (error["code"], error["path"]) == ("unknown_field", "text.made")
    error = refused("share_open", text=json.dumps({**doc, "schema": 2, "made": "18/11/2026"}))
    assert (error["code"], error["path"]) == ("type", "text.made")


def test_the_coach_reads_distances_in_their_own_units():
    long_run = {"week_start": "2026-11-16", "start_day": "monday",
                "sessions": [{"date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 40, "effort": 3, "distance_km": 8},
                             {"date": "2026-11-22", "kind": "long", "intent": "easy", "minutes": 150, "effort": 4, "distance_km": 30}]}
    weeks = [week(2), week(1), long_run]
    share = share_of(weeks)
    texts = lambda units: " ".join(f["text"] for f in ok("share_open", text=share["text"], units=units)["reviews"][-1]["findings"])  # noqa: E731
    assert " km" in texts("km") and " mi" not in texts("km")
    assert " mi" in texts("mi") and " km" not in texts("mi")


def test_keeping_a_copy_of_a_share_adds_only_new_weeks_and_never_replaces_the_coachs_own():
    share = share_of(four_weeks())
    opened = ok("share_open", text=share["text"])
    coach_own = week(0, minutes=70)  # the coach's own week of the same date
    coach_own["sessions"][0]["note"] = "COACH OWN WEEK"
    coach_text = stored(week(10), coach_own)
    kept = ok("weeks_import", backup=opened["backup"], text=coach_text, only_new=True)
    assert kept["preview"] == {"added": share["weeks"][:3], "replaced": [], "unchanged": [], "kept": ["2026-11-16"]}
    saved = {w["week_start"]: w for w in json.loads(kept["text"])["weeks"]}
    assert saved["2026-11-16"] == parse_week(coach_own, "w")
    assert set(saved) == {week(10)["week_start"], *share["weeks"]}
    # A backup import still replaces (that is what restoring a backup is for), and says so first.
    assert ok("weeks_import", backup=opened["backup"], text=coach_text)["preview"]["replaced"] == ["2026-11-16"]
    assert refused("weeks_import", backup=opened["backup"], text=coach_text, only_new="yes")["path"] == "only_new"


def test_a_share_file_with_a_byte_order_mark_opens():
    share = share_of([week(0)])
    assert ok("share_open", text="\ufeff" + share["text"])["weeks"][0]["week_start"] == "2026-11-16"


def test_every_edit_of_one_character_is_caught_by_the_check():
    share = share_of(four_weeks())
    text = share["text"]
    for at in range(0, len(text), 7):
        for new in ("0", "a", " "):
            if text[at] == new:
                continue
            edited = text[:at] + new + text[at + 1:]
            error = refused("share_open", text=edited, check=share["check"])
            assert (error["code"], error["path"]) == ("damaged", "check"), at


def test_a_share_cut_short_anywhere_is_refused_and_never_half_opened():
    text = share_of(four_weeks())["text"]
    for end in range(0, len(text), 5):
        assert handle({"type": "share_open", "data": {"text": text[:end]}})["type"] == "error", end
    assert refused("share_open", text=text[: len(text) // 2])["code"] == "json"


def newer(doc: dict, **change) -> str:
    return json.dumps({**doc, **change})


@pytest.mark.parametrize(("change", "code", "path"), [
    ({"schema": SHARE_SCHEMA + 1, "comments": "a field of the future"}, "newer_schema", "text.schema"),
    ({"format": "trainsmart-weeks"}, "format", "text.format"),
    ({"format": "someone-else"}, "format", "text.format"),
    ({"schema": "1"}, "type", "text.schema"),
    ({"reviews": []}, "unknown_field", "text.reviews"),
    ({"weeks": []}, "missing", "text.weeks"),
    ({"weeks": {"2026-11-16": {}}}, "type", "text.weeks"),
])
def test_opening_refuses_a_share_of_another_kind_or_a_newer_version(change, code, path):
    doc = json.loads(share_of(four_weeks())["text"])
    error = refused("share_open", text=newer(doc, **change))
    assert (error["code"], error["path"]) == (code, path)


def test_opening_refuses_the_whole_share_for_one_bad_week():
    doc = json.loads(share_of(four_weeks())["text"])
    doc["weeks"][2]["sessions"][0]["effort"] = 11
    error = refused("share_open", text=json.dumps(doc))
    assert (error["code"], error["path"]) == ("range", "text.weeks.2.sessions.0.effort")
    doc["weeks"][2]["sessions"][0]["effort"] = 3
    doc["weeks"][2]["schema"] = 3
    assert refused("share_open", text=json.dumps(doc))["code"] == "newer_schema"
    doc["weeks"][2] = doc["weeks"][1]
    assert refused("share_open", text=json.dumps(doc))["code"] == "duplicate_week"


def test_opening_refuses_more_weeks_than_a_share_holds():
    doc = {"format": FORMAT, "schema": 1, "weeks": [week(n) for n in range(MAX_SHARE_WEEKS + 1)]}
    error = refused("share_open", text=json.dumps(doc))
    assert (error["code"], error["path"]) == ("too_many", "text.weeks")


@pytest.mark.parametrize(("text", "code"), [
    ("x" * (MAX_SHARE_CHARS + 1), "too_large"),
    ('{"weeks": ' + "[" * 40 + "]" * 40 + "}", "too_deep"),
    ("", "json"),
    ("not json at all", "json"),
    ("[1, 2]", "json"),
    # A photo chosen by mistake: its bytes hold many "[", but what matters is that it is no share.
    ("\x89PNG\r\n\x1a\n" + "[" * 200, "json"),
])
def test_opening_refuses_text_that_is_no_share(text, code):
    assert refused("share_open", text=text)["code"] == code


def test_a_100_kb_share_is_refused_before_any_week_is_read():
    # 100 kB of valid-looking JSON: the weeks limit refuses it, not a crash or a slow parse.
    doc = {"format": FORMAT, "schema": 1, "weeks": [week(n % 500) for n in range(700)]}
    text = json.dumps(doc)
    assert len(text) > 100_000
    assert refused("share_open", text=text)["code"] == "too_many"


def test_share_requests_answer_the_same_bytes_every_time():
    from guide_engine.api import handle_json

    share = share_of(four_weeks())
    request = json.dumps({"v": 1, "id": 3, "type": "share_open", "data": {"text": share["text"], "check": share["check"]}})
    assert handle_json(request) == handle_json(request)


def test_the_command_line_answers_share_requests_through_the_generic_path(tmp_path):
    share = share_of(four_weeks())
    data = tmp_path / "share.json"
    data.write_text(json.dumps({"text": share["text"], "check": share["check"]}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "guide_engine", "share_open", str(data)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert [w["week_start"] for w in json.loads(proc.stdout)["data"]["weeks"]] == share["weeks"]
    data.write_text(json.dumps({"text": share["text"], "check": "AAAAAAAA"}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "guide_engine", "share_open", str(data)], capture_output=True, text=True)
    assert proc.returncode == 1 and json.loads(proc.stdout)["error"]["code"] == "damaged"


# --- the documentation and the page agree with the code ------------------------------------

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def js_constant(path: str, name: str) -> int:
    """The value of ``export const NAME = <digits and * only>;`` in a front-end module."""
    import re

    text = (ROOT / path).read_text(encoding="utf-8")
    expr = re.search(rf"export const {name} = ([\d\s*]+);", text).group(1)
    value = 1
    for factor in expr.split("*"):
        value *= int(factor)
    return value


def test_the_data_formats_page_states_the_limits_the_code_uses():
    import re

    page = (ROOT / "docs" / "data-formats.md").read_text(encoding="utf-8")
    section = page[page.index("## Sharing weeks with a coach {#share}"):page.index("## Activity files {#activities}")]
    fragment_chars = js_constant("docs/assets/guide/share-link.mjs", "MAX_FRAGMENT_CHARS")
    link_chars = js_constant("docs/assets/guide/share-link.mjs", "MAX_LINK_CHARS")
    share_bytes = js_constant("docs/assets/guide/share-link.mjs", "MAX_SHARE_BYTES")
    qr_chars = js_constant("docs/assets/guide/qr.mjs", "QR_MAX_CHARS")
    flat = re.sub(r"\s+", " ", section)
    assert f"longer than {fragment_chars:,} characters" in flat
    assert f"at most {link_chars:,} characters" in flat
    assert f"{share_bytes // 1024} kB ({share_bytes:,} bytes)" in flat
    assert f"at most {qr_chars:,} characters" in flat
    assert f"over {MAX_SHARE_CHARS:,} characters" in flat
    assert f"1 to {MAX_SHARE_WEEKS} [weeks]" in flat
    assert link_chars < fragment_chars  # every link the checklist makes, the shared page reads
    assert js_constant("docs/assets/guide/share-link.mjs", "MAX_SHARE_FILE_BYTES") == MAX_SHARE_CHARS


def test_the_share_panel_offers_as_many_weeks_as_a_share_holds():
    panel = (ROOT / "overrides" / "partials" / "guide" / "share-panel.html").read_text(encoding="utf-8")
    assert f"Weeks to share (up to {MAX_SHARE_WEEKS})" in panel


def test_the_share_example_on_the_data_formats_page_opens():
    import re

    page = (ROOT / "docs" / "data-formats.md").read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"^```json\n(.*?)^```$", page, re.M | re.S)]
    [example] = [b for b in blocks if isinstance(b, dict) and b.get("format") == FORMAT]
    assert [w["week_start"] for w in ok("share_open", text=json.dumps(example))["weeks"]] == ["2026-11-09", "2026-11-16"]
