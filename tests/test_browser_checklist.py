"""The weekly checklist and log in a phone-sized browser: logging weeks, findings,
history and trend, validation next to the field, JSON/CSV export and import into a
fresh browser profile, notes kept as plain text, editing and deleting weeks.

Expected findings come from the engine run here in CPython on the same week the
page builds, so wording changes in ``checklist.json`` do not break these tests.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from page_steps import READY, open_section
from conftest import PHONE, PageWatch
from guide_engine import handle

pytestmark = pytest.mark.browser

PAGE = "tools/weekly-checklist/#log"  # the Log section: the week form
ROOT = Path(__file__).resolve().parents[1]
BANK = json.loads((ROOT / "guide_engine" / "data" / "checklist.json").read_text(encoding="utf-8"))
KIND_INTENT = {k["id"]: k["intent"] for k in BANK["kinds"]}
from guide_engine.store_ops import CSV_COLUMNS  # noqa: E402  (the engine writes the CSV)
CHANGE = {"change_large", "change_moderate", "change_small"}
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'

M1, M2 = "2025-03-03", "2025-03-10"  # two consecutive Mondays, well in the past


def session(date, kind, minutes, effort, km=None, note=None):
    s = {"date": date, "kind": kind, "intent": KIND_INTENT[kind], "minutes": minutes, "effort": effort}
    if km is not None:
        s["distance_km"] = km
    if note:
        s["note"] = note
    return s


WEEK1 = {
    "schema": 1, "week_start": M1, "start_day": "monday",
    "checklist": {"purpose": {"answer": "yes"}, "easy_easy": {"answer": "no"}, "fresher": {"answer": "partly"}},
    "sessions": [
        session("2025-03-03", "easy", 40, 6, 7),      # an easy run at effort 6: drifted
        session("2025-03-05", "workout", 50, 7, 9),
        session("2025-03-07", "easy", 30, 3, 5),
        session("2025-03-09", "long", 80, 4, 14),
    ],
}
WEEK2 = {  # more running than WEEK1 (by distance and time)
    "schema": 1, "week_start": M2, "start_day": "monday",
    "checklist": {"purpose": {"answer": "yes"}, "easy_easy": {"answer": "yes"}},
    "sessions": [
        session("2025-03-10", "easy", 50, 3, 9),
        session("2025-03-12", "workout", 55, 7, 10),
        session("2025-03-13", "strength", 30, 5),
        session("2025-03-14", "easy", 40, 3, 7),
        session("2025-03-16", "long", 95, 4, 17),
    ],
}


def engine(kind: str, data: dict) -> dict:
    response = handle({"v": 1, "id": 1, "type": kind, "data": data})
    assert response["type"] == "result", response
    return response["data"]


def expected_findings(week, history=()):
    return [f["id"] for f in engine("review", {"week": week, "history": list(history)})["findings"]]


def load(week):
    return sum(s["effort"] * s["minutes"] for s in week["sessions"])


def sessions(page):
    return page.locator("[data-sessions] > li")


def fill_session(li, s):
    li.locator("[name=date]").fill(s["date"])
    li.locator("[name=kind]").select_option(s["kind"])
    li.locator("[name=intent]").select_option(s["intent"])
    li.locator("[name=minutes]").fill("" if s.get("minutes") is None else str(s["minutes"]))
    li.locator("[name=effort]").select_option(str(s["effort"]))
    li.locator("[name=distance_km]").fill("" if s.get("distance_km") is None else str(s["distance_km"]))
    li.locator("[name=note]").fill(s.get("note", ""))


def fill_week(page, week):
    page.fill("#week-start", week["week_start"])
    for item, entry in week.get("checklist", {}).items():
        if "answer" in entry:
            page.check(f"input[name=check-{item}][value={entry['answer']}]")
        if "note" in entry:
            if not page.locator(f"[data-check={item}] details").get_attribute("open") is not None:
                page.click(f"[data-check={item}] details > summary")  # notes are folded until asked for
            page.fill(f"#note-{item}", entry["note"])
    for s in week["sessions"]:
        before = sessions(page).count()
        page.click("[data-action=add-session]")
        assert sessions(page).count() == before + 1
        fill_session(sessions(page).nth(before), s)


def save(page):
    page.click("[data-week-form] button[type=submit]")
    page.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")


def findings(page, scope="[data-week-result]"):
    return page.locator(f"{scope} [data-finding]").evaluate_all("els => els.map((e) => e.dataset.finding)")


def history_weeks(page):
    return page.locator("[data-history-list] li[data-week]").evaluate_all("els => els.map((e) => e.dataset.week)")


def stored(page):
    return page.evaluate("() => JSON.parse(localStorage.getItem('trainsmart.weeks'))")


def no_horizontal_scroll(page, width=360):
    page.set_viewport_size({"width": width, "height": 800})
    page.wait_for_function("(w) => document.documentElement.clientWidth === w", arg=width, timeout=10_000)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""(w) => [...document.querySelectorAll('body *')]
        .filter((el) => el.getClientRects().length && el.getBoundingClientRect().right > w + 0.5)
        .slice(0, 5).map((el) => el.tagName + (typeof el.className === 'string' && el.className ? '.' + el.className : ''))""", width)
    inner = page.evaluate("window.innerWidth")
    assert scroll_width <= width, f"page is {scroll_width}px wide at {width}px (innerWidth {inner}); offenders: {wide}"
    page.set_viewport_size(PHONE["viewport"])


def seed(context, weeks):
    """Put a saved store on the device before the page's first load (once per context)."""
    doc = {"format": "trainsmart-weeks", "schema": 1, "weeks": weeks}
    context.add_init_script(f"""try {{
        if (location.protocol.startsWith('http') && !localStorage.getItem('test.seeded')) {{
            localStorage.setItem('trainsmart.weeks', {json.dumps(json.dumps(doc))});
            localStorage.setItem('test.seeded', '1');
        }}
    }} catch (e) {{}}""")
    return doc


def wait_for_history(page, n):
    """Wait until the list shows n weeks with the engine's figures (a load for each)."""
    page.wait_for_function("""(n) => {
        const items = [...document.querySelectorAll('[data-history-list] li[data-week]')];
        return items.length === n && items.every((li) => li.textContent.includes('load '));
    }""", arg=n)


def download(page, action):
    open_section(page, "backup")
    with page.expect_download() as info:
        page.click(f"[data-action={action}]")
    d = info.value
    return d.suggested_filename, Path(d.path()).read_text(encoding="utf-8")


def test_logging_two_weeks_gives_findings_history_a_last_review_and_a_trend(phone):
    context, page, watch = phone
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)

    # Week 1: four sessions, three review points.
    fill_week(page, WEEK1)
    save(page)
    want = expected_findings(WEEK1)
    assert "easy_drift" in want
    assert findings(page) == want
    assert history_weeks(page) == [M1]
    assert [w["week_start"] for w in stored(page)["weeks"]] == [M1]

    # Reload with the engine held back: the history and the last review show at once.
    held = []
    context.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    page.reload()
    page.wait_for_selector("[data-history-list] li[data-week]", state="attached")
    assert page.locator("[data-engine-status]").get_attribute("data-state") != "ready"
    assert history_weeks(page) == [M1]
    open_section(page, "this-week")
    assert page.locator("[data-last-review]").is_visible()
    assert page.locator("[data-last-review] [data-verdict]").is_visible()
    page.wait_for_function("true")
    for route in held:
        route.continue_()
    context.unroute("**/pyodide.asm.wasm")
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_selector("[data-last-review]:not([hidden]) [data-finding]")
    assert findings(page, "[data-last-review]") == want

    # Week 2, the next Monday, with more running: a week-on-week finding and a trend.
    open_section(page, "log")
    page.click("[data-action=new-week]")
    assert sessions(page).count() == 0
    assert page.locator("input[name^=check-]:checked").count() == 0
    fill_week(page, WEEK2)
    save(page)
    want2 = expected_findings(WEEK2, [WEEK1])
    got2 = findings(page)
    assert got2 == want2
    assert CHANGE & set(got2), got2
    assert "change_moderate" in got2  # +28.6 % by distance
    assert history_weeks(page) == [M2, M1]  # newest first
    open_section(page, "history")
    chart = page.locator("[data-history-chart]")
    assert chart.locator("svg[role=img]").count() >= 1
    for i in range(chart.locator("svg[role=img]").count()):
        svg = chart.locator("svg[role=img]").nth(i)
        assert svg.get_attribute("aria-labelledby") or svg.get_attribute("aria-label")
        assert svg.locator("title").count() == 1
    table = chart.locator("table")
    assert table.count() == 1
    assert table.locator("tbody tr").count() == 2
    assert table.locator("xpath=ancestor::details").count() == 1  # behind "Show the figures as a table"
    page.locator("[data-history-chart] details > summary").click()
    assert table.is_visible()
    assert str(load(WEEK1)) in table.locator("tbody tr").nth(0).inner_text()
    assert str(load(WEEK2)) in table.locator("tbody tr").nth(1).inner_text()

    no_horizontal_scroll(page)
    watch.assert_clean()


def test_a_session_without_minutes_is_flagged_next_to_the_field_and_nothing_is_saved(phone):
    context, page, watch = phone
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)
    week = {**WEEK1, "sessions": [WEEK1["sessions"][0], {**WEEK1["sessions"][1], "minutes": None}]}
    fill_week(page, week)
    page.click("[data-week-form] button[type=submit]")
    bad = sessions(page).nth(1)
    page.wait_for_function("(li) => li.querySelector('[data-error-for=minutes]').textContent.trim() !== ''",
                           arg=bad.element_handle())
    assert bad.locator("[name=minutes]").get_attribute("aria-invalid") == "true"
    assert sessions(page).nth(0).locator("[name=minutes]").get_attribute("aria-invalid") is None
    assert sessions(page).nth(0).locator("[data-error-for=minutes]").inner_text() == ""
    # The message is tied to the field for screen readers.
    described = bad.locator("[name=minutes]").get_attribute("aria-describedby")
    assert described and bad.locator(f"[id='{described}']").inner_text().strip()
    assert page.evaluate("() => document.activeElement.name") == "minutes"
    assert page.locator("[data-form-error]").inner_text().strip()
    assert page.locator("[data-week-result]").is_hidden()
    assert page.evaluate("() => localStorage.getItem('trainsmart.weeks')") is None
    assert history_weeks(page) == []
    no_horizontal_scroll(page)
    watch.assert_clean()


def test_export_json_imports_into_a_fresh_profile_and_csv_is_safe(phone, browser, base_url, tmp_path):
    context, page, watch = phone
    w1 = {**WEEK1, "sessions": [*WEEK1["sessions"][:3], {**WEEK1["sessions"][3], "note": '=HYPERLINK("http://evil")'}]}
    w2 = {**WEEK2, "sessions": [{**WEEK2["sessions"][0], "note": 'hills, "windy"'}, *WEEK2["sessions"][1:]]}
    doc = seed(context, [w1, w2])
    normal = engine("load", {"store": doc})["store"]
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)
    wait_for_history(page, 2)

    name, text = download(page, "export-json")
    assert name.endswith(".json")
    exported = json.loads(text)
    assert {k: v for k, v in exported.items() if k != "exported_by"} == normal

    # CSV: a header and one row per session; formula-like notes are neutralised.
    name, text = download(page, "export-csv")
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    body = rows[1:]
    assert len(body) == len(w1["sessions"]) + len(w2["sessions"])
    notes = {r[CSV_COLUMNS.index("note")] for r in body}
    assert "'=HYPERLINK(\"http://evil\")" in notes
    assert 'hills, "windy"' in notes
    assert not any(cell.startswith(("=", "+", "@")) for r in body for cell in r)
    first = body[0]
    assert [first[CSV_COLUMNS.index(c)] for c in ("week_start", "date", "kind", "load")] == [M1, "2025-03-03", "easy", "240"]
    watch.assert_clean()

    # A fresh profile imports the backup and ends up with the same weeks.
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(exported), encoding="utf-8")
    fresh = browser.new_context(**PHONE, base_url=base_url)
    try:
        page2 = fresh.new_page()
        page2.set_default_timeout(30_000)
        watch2 = PageWatch(fresh, page2, base_url)
        page2.goto(PAGE)
        page2.wait_for_selector(READY, timeout=90_000)
        assert history_weeks(page2) == []
        open_section(page2, "backup")
        page2.set_input_files("[data-action=import-file]", str(backup))
        confirm = page2.locator("[data-import-preview] button", has_text="Import these weeks")
        confirm.wait_for()
        preview = page2.locator("[data-import-preview]").inner_text()
        assert "3 Mar 2025" in preview and "10 Mar 2025" in preview  # M1 and M2, as the page writes dates
        assert history_weeks(page2) == []  # nothing is saved before confirming
        confirm.click()
        wait_for_history(page2, 2)
        assert history_weeks(page2) == history_weeks(page) == [M2, M1]
        _, again = download(page2, "export-json")
        assert {k: v for k, v in json.loads(again).items() if k != "exported_by"} == \
            {k: v for k, v in exported.items() if k != "exported_by"}
        watch2.assert_clean()
    finally:
        fresh.close()


def test_notes_with_markup_stay_plain_text(phone):
    context, page, watch = phone
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)
    week = {**WEEK1, "checklist": {"purpose": {"answer": "yes", "note": PAYLOAD}},
            "sessions": [{**WEEK1["sessions"][0], "note": PAYLOAD}]}
    fill_week(page, week)
    save(page)
    assert stored(page)["weeks"][0]["sessions"][0]["note"] == PAYLOAD
    assert stored(page)["weeks"][0]["checklist"]["purpose"]["note"] == PAYLOAD

    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_selector("[data-history-list] li[data-week]", state="attached")
    # The form (from the draft) shows the notes as typed.
    assert sessions(page).nth(0).locator("[name=note]").input_value() == PAYLOAD
    assert page.locator("#note-purpose").input_value() == PAYLOAD
    # And so does the saved week, loaded through Edit.
    open_section(page, "history")
    page.locator(f"[data-history-list] li[data-week='{M1}'] button", has_text="Edit").click()
    assert sessions(page).nth(0).locator("[name=note]").input_value() == PAYLOAD
    assert page.locator("#note-purpose").input_value() == PAYLOAD
    save(page)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
    assert page.evaluate("() => [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__pwned')).length") == 0
    watch.assert_clean()


def test_edit_a_past_week_and_delete_one_with_undo(phone):
    context, page, watch = phone
    seed(context, [WEEK1, WEEK2])
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)
    wait_for_history(page, 2)
    old = page.locator(f"[data-history-list] li[data-week='{M1}']")
    # The list first shows what the device holds, then the engine's figures (the load).
    page.wait_for_function(f"""() => (document.querySelector("[data-history-list] li[data-week='{M1}']") || {{}})
                                .textContent?.includes('load {load(WEEK1)}')""")

    # Edit the older week: the form holds it; change the long run's minutes and save.
    open_section(page, "history")
    old.locator("button", has_text="Edit").click()
    assert page.input_value("#week-start") == M1
    assert sessions(page).count() == len(WEEK1["sessions"])
    assert "Editing" in page.locator("[data-form-title]").inner_text()
    assert page.locator("input[name=check-easy_easy][value=no]").is_checked()
    sessions(page).nth(3).locator("[name=minutes]").fill("100")
    save(page)
    edited = {**WEEK1, "sessions": [*WEEK1["sessions"][:3], {**WEEK1["sessions"][3], "minutes": 100}]}
    assert load(edited) != load(WEEK1)
    page.wait_for_function(f"""() => (document.querySelector("[data-history-list] li[data-week='{M1}']") || {{}})
                                .textContent?.includes('load {load(edited)}')""")
    assert history_weeks(page) == [M2, M1]
    weeks = stored(page)["weeks"]
    assert [w["week_start"] for w in weeks] == [M1, M2]
    assert weeks[0]["sessions"][3]["minutes"] == 100
    assert weeks[1]["sessions"] == WEEK2["sessions"]

    # Delete the newer week; Undo brings it back (and saves it again).
    open_section(page, "history")
    page.locator(f"[data-history-list] li[data-week='{M2}'] button", has_text="Delete").click()
    page.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 1")
    assert history_weeks(page) == [M1]
    assert [w["week_start"] for w in stored(page)["weeks"]] == [M1]
    undo = page.locator("[data-history-status] button", has_text="Undo")
    assert undo.is_visible()
    undo.click()
    wait_for_history(page, 2)
    assert history_weeks(page) == [M2, M1]
    assert [w["week_start"] for w in stored(page)["weeks"]] == [M1, M2]
    assert stored(page)["weeks"][1]["sessions"] == WEEK2["sessions"]
    page.wait_for_selector("[data-history-chart] svg[role=img]")
    no_horizontal_scroll(page)
    watch.assert_clean()


# Regression: the backup reminder once overwrote the status line that holds Undo.


def test_deleting_a_week_on_a_first_visit_keeps_its_undo(phone):
    context, page, watch = phone
    seed(context, [WEEK1, WEEK2])  # saved earlier; this visit has not written anything yet
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)
    wait_for_history(page, 2)
    open_section(page, "history")
    page.locator(f"[data-history-list] li[data-week='{M2}'] button", has_text="Delete").click()
    page.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 1")
    page.wait_for_timeout(500)  # let navigator.storage.persist() settle
    status = page.locator("[data-history-status]")
    assert "Deleted the week" in status.inner_text()
    undo = status.locator("button", has_text="Undo")
    assert undo.is_visible()
    undo.click()
    wait_for_history(page, 2)
    watch.assert_clean()


def test_an_import_into_a_fresh_profile_says_how_many_weeks_it_imported(phone, tmp_path):
    context, page, watch = phone
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps({"format": "trainsmart-weeks", "schema": 1, "weeks": [WEEK1, WEEK2]}), encoding="utf-8")
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)
    open_section(page, "backup")
    page.set_input_files("[data-action=import-file]", str(backup))
    page.locator("[data-import-preview] button", has_text="Import these weeks").click()
    wait_for_history(page, 2)
    page.wait_for_timeout(500)  # let navigator.storage.persist() settle
    assert "Imported 2 weeks" in page.locator("[data-backup-status]").inner_text()
    watch.assert_clean()
