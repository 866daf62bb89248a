"""Bring your runs in, as a runner does it on a phone: activity files from a watch and from
apps, read on the device (offline once the readers are cached), rated, confirmed, stored
through the store operations, reviewed; the same files again add nothing; and files sent
from Android's share sheet (the manifest's share_target) reach the same preview.

The stored text is checked, not only the page.
"""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from activity_files import gpx, run_fit, tcx
from conftest import PHONE, ROOT
from page_steps import (CHECKLIST, IMPORT_CONFIRM, IMPORT_DUPLICATE, IMPORT_FILES, IMPORT_PREVIEW, IMPORT_RATE_ALL,
                        IMPORT_REFUSED, IMPORT_ROW, IMPORT_STATUS, OFFLINE_READY, open_section, stored_weeks_text,
                        wait_for_checklist_settled)
from test_browser_offline import wait_until_engine_cached

pytestmark = pytest.mark.browser

REAL = ROOT / "tests" / "data" / "activities" / "real"
TZ = "America/New_York"  # UTC-5 in November: a late run's UTC date is the next day


def _files(folder):
    """A week of a runner's files (Monday 16 to Sunday 22 November 2026, New York time) from a
    watch (FIT), two apps (GPX, TCX) and a gzipped GPX, a real fenix 2 run from 2015, and a
    watch's settings file that is not an activity."""
    made = {
        "monday.fit": run_fit("2026-11-16T11:30:00Z", 45, 8.0, offset_minutes=-300),  # the watch's local time
        "wednesday.gpx": gpx("2026-11-18T22:00:00Z", 30, 5.0),
        "friday.tcx": tcx("2026-11-20T12:00:00Z", [(20, 4.0), (20, 4.0)]),
        # A GPX holds UTC times only: 02:00 on Monday in UTC is 21:00 on Sunday on this phone,
        # so the run belongs to the week of the 16th.
        "sunday-long.gpx.gz": gzip.compress(gpx("2026-11-23T02:00:00Z", 90, 16.0, name="Long run")),
    }
    paths = []
    for name, body in made.items():
        (folder / name).write_bytes(body)
        paths.append(folder / name)
    for name in ("activity-small-fenix2-run.fit", "Settings.fit"):
        shutil.copy(REAL / name, folder / name)
        paths.append(folder / name)
    return [str(p) for p in paths]


def _choose(page, paths):
    open_section(page, "backup")
    page.set_input_files(IMPORT_FILES, paths)
    page.wait_for_selector(IMPORT_PREVIEW, timeout=120_000)


def _row(page, text):
    return page.locator(IMPORT_ROW, has_text=text)


@pytest.fixture
def new_york_phone(browser, base_url):
    from conftest import PageWatch

    context = browser.new_context(**PHONE, base_url=base_url, timezone_id=TZ)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield context, page, PageWatch(context, page, base_url)
    context.close()


def test_import_several_files_offline_rate_them_confirm_and_nothing_is_added_twice(new_york_phone, tmp_path):
    context, page, watch = new_york_phone
    paths = _files(tmp_path)
    page.goto(CHECKLIST)
    wait_for_checklist_settled(page)
    wait_until_engine_cached(page)

    # Online, the first import of one file loads the readers; the service worker keeps them.
    _choose(page, [paths[4]])
    assert "Found 1 activity: 1 to add, 0 already logged." in page.text_content(IMPORT_PREVIEW)
    page.select_option(f"{IMPORT_ROW} select[name^=effort]", "4")
    page.click(IMPORT_CONFIRM)
    page.wait_for_function(f"() => document.querySelector('{IMPORT_STATUS}').textContent.startsWith('Added 1 session')")
    first = json.loads(stored_weeks_text(page))["weeks"][0]["sessions"][0]
    assert (first["date"], first["minutes"], first["effort"]) == ("2015-08-15", 47, 4), first

    # Offline: reload and import the week's files with the fenix run again and a settings file.
    page.wait_for_function(OFFLINE_READY)
    context.set_offline(True)
    page.reload()
    wait_for_checklist_settled(page)
    before = stored_weeks_text(page)
    _choose(page, paths)
    preview = page.text_content(IMPORT_PREVIEW)
    assert "Found 5 activities: 4 to add, 1 already logged." in preview, preview
    assert page.locator("[data-import-week='2026-11-16'] li").count() == 4  # Sunday 21:00 local, not Monday UTC
    assert page.locator(IMPORT_DUPLICATE).count() == 1 and "47 min" in page.text_content(IMPORT_DUPLICATE)
    refused = page.locator(IMPORT_REFUSED).all_inner_texts()
    assert refused == ["Settings.fit: This FIT file is a settings file, not a recorded activity."], refused

    # Nothing is stored unrated: the load needs every effort.
    page.click(IMPORT_CONFIRM)
    assert "Rate the effort of 4 runs first" in page.text_content(f"{IMPORT_STATUS} [role=alert]")
    assert stored_weeks_text(page) == before

    # The long run rated on its own, the rest at once with the bulk control.
    _row(page, "90 min").locator("select[name^=effort]").select_option("6")
    _row(page, "90 min").locator("select[name^=intent]").select_option("moderate")
    page.select_option("select[name=all-effort]", "3")
    page.click(IMPORT_RATE_ALL)
    page.click(IMPORT_CONFIRM)
    page.wait_for_function(f"() => document.querySelector('{IMPORT_STATUS}').textContent.includes('Added 4 sessions in 1 week')")

    # (a GPX's length is measured along its points: 5.01 and 16.02 km for 5 and 16 km tracks)
    weeks = {w["week_start"]: w for w in json.loads(stored_weeks_text(page))["weeks"]}
    week = weeks["2026-11-16"]
    got = sorted((s["date"], s["minutes"], s["effort"], s.get("distance_km"), s["intent"]) for s in week["sessions"])
    assert got == [("2026-11-16", 45, 3, 8.0, "easy"), ("2026-11-18", 30, 3, 5.01, "easy"),
                   ("2026-11-20", 40, 3, 8.0, "easy"), ("2026-11-22", 90, 6, 16.02, "moderate")], got
    assert len(weeks) == 2 and len(weeks["2015-08-10"]["sessions"]) == 1  # the fenix run's week, unchanged

    # The week is reviewed by the engine: the history shows its load (minutes x effort).
    open_section(page, "history")
    item = page.text_content("[data-history-list] [data-week='2026-11-16']")
    assert f"load {45 * 3 + 30 * 3 + 40 * 3 + 90 * 6}" in item and "4 sessions" in item, item

    # The same files again: everything is recognised, nothing can be added, nothing changes.
    after = stored_weeks_text(page)
    _choose(page, paths)
    assert "Found 5 activities: 0 to add, 5 already logged." in page.text_content(IMPORT_PREVIEW)
    assert page.locator(IMPORT_DUPLICATE).count() == 5 and page.locator(IMPORT_CONFIRM).count() == 0
    assert stored_weeks_text(page) == after

    # And a reload (still offline) finds it all kept.
    page.reload()
    wait_for_checklist_settled(page)
    assert stored_weeks_text(page) == after
    watch.assert_clean()


# Android's share sheet posts the files as multipart/form-data to the manifest's action; this
# does the same from the page, with the manifest's own action and field name.
SHARE_FROM_THE_SHEET = """async ([files]) => {
  const manifest = await (await fetch(new URL('manifest.webmanifest', document.baseURI.replace(/tools\\/.*$/, '')))).json();
  const target = manifest.share_target;
  const form = document.createElement('form');
  form.method = target.method; form.enctype = target.enctype;
  form.action = new URL(target.action, new URL('manifest.webmanifest', document.baseURI.replace(/tools\\/.*$/, ''))).href;
  const input = document.createElement('input');
  input.type = 'file'; input.name = target.params.files[0].name; input.multiple = true;
  const list = new DataTransfer();
  for (const [name, b64] of files) list.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
  input.files = list.files;
  form.append(input); document.body.append(form);
  form.submit();
}"""

INBOX_SIZE = """async () => (await (await caches.open('inbox.trainsmart-shared-files')).keys()).length"""


def test_files_shared_from_the_share_sheet_open_in_the_import_preview(new_york_phone):
    import base64

    context, page, watch = new_york_phone
    page.goto(CHECKLIST)
    wait_for_checklist_settled(page)
    page.wait_for_function(OFFLINE_READY, timeout=120_000)
    files = [["monday.fit", base64.b64encode(run_fit("2026-11-16T11:30:00Z", 45, 8.0)).decode()],
             ["wednesday.gpx", base64.b64encode(gpx("2026-11-18T22:00:00Z", 30, 5.0)).decode()]]
    page.evaluate(SHARE_FROM_THE_SHEET, [files])
    page.wait_for_selector(IMPORT_PREVIEW, timeout=120_000)
    assert "Found 2 activities: 2 to add, 0 already logged." in page.text_content(IMPORT_PREVIEW)
    assert page.is_visible(IMPORT_PREVIEW)  # the Backup & import section is the one shown
    assert page.evaluate("() => location.search") == ""  # a reload will not read them again
    assert page.evaluate(INBOX_SIZE) == 0  # taken out of the inbox once in the preview
    assert stored_weeks_text(page) is None  # nothing stored before the reader confirms

    page.click("[data-action=import-rate-all]")
    page.click(IMPORT_CONFIRM)
    page.wait_for_function(f"() => document.querySelector('{IMPORT_STATUS}').textContent.startsWith('Added 2 sessions')")
    stored = json.loads(stored_weeks_text(page))["weeks"]
    assert [(s["date"], s["minutes"]) for s in stored[0]["sessions"]] == [("2026-11-16", 45), ("2026-11-18", 30)]
    page.reload()
    wait_for_checklist_settled(page)
    assert page.locator(IMPORT_PREVIEW).count() == 0
    watch.assert_clean()


def test_a_big_export_shows_its_weeks_folded_and_every_run_is_rated_and_stored(phone, tmp_path):
    """120 Strava activities (one a day from Monday 1 January 2024, 40 rated in the CSV): the
    preview shows 18 folded weeks and draws a week's rows only when it is opened; the bulk
    rating and the confirm still cover every run, and the one rated by hand keeps its rating."""
    import collections
    import datetime as dt

    from activity_files import strava_export

    context, page, watch = phone
    export = tmp_path / "export_12345.zip"
    export.write_bytes(strava_export(120))
    page.goto(CHECKLIST)
    wait_for_checklist_settled(page)
    _choose(page, [str(export)])
    assert "Found 120 activities: 120 to add, 0 already logged." in page.text_content(IMPORT_PREVIEW)
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(120)]
    weeks = sorted({(d - dt.timedelta(days=d.weekday())).isoformat() for d in days})
    folded = page.locator(f"{IMPORT_PREVIEW} details[data-import-week]")
    assert folded.count() == len(weeks) == 18
    assert page.locator(IMPORT_ROW).count() == 0  # nothing drawn until a week is opened

    first = page.locator(f"details[data-import-week='{weeks[0]}']")
    first.locator("summary").click()
    first.locator(IMPORT_ROW).first.wait_for()  # the toggle event comes after the click, as a task
    assert first.locator(IMPORT_ROW).count() == 7 and page.locator(IMPORT_ROW).count() == 7
    row = first.locator(IMPORT_ROW, has_text="37 min")  # Tuesday's run, not rated in the CSV
    row.locator("select[name^=effort]").select_option("9")
    row.locator("select[name^=intent]").select_option("hard")

    page.click(IMPORT_CONFIRM)
    assert "Rate the effort of 79 runs first" in page.text_content(f"{IMPORT_STATUS} [role=alert]")
    assert stored_weeks_text(page) is None
    page.select_option("select[name=all-effort]", "4")
    page.click(IMPORT_RATE_ALL)
    assert "Rated 79 runs; 120 of 120 are rated." in page.text_content(IMPORT_STATUS)
    page.click(IMPORT_CONFIRM)
    page.wait_for_function(f"() => document.querySelector('{IMPORT_STATUS}').textContent.startsWith('Added 120 sessions in 18 weeks')",
                           timeout=60_000)

    stored = json.loads(stored_weeks_text(page))["weeks"]
    assert [w["week_start"] for w in stored] == weeks
    sessions = [s for w in stored for s in w["sessions"]]
    by_hand = [s for s in sessions if (s["date"], s["minutes"]) == ("2024-01-02", 37)]
    assert [(s["effort"], s["intent"]) for s in by_hand] == [(9, "hard")]
    # The CSV rated 4 runs at each effort from 1 to 10; the bulk rating gave the other 79 a 4.
    assert collections.Counter(s["effort"] for s in sessions) == {**{e: 4 for e in range(1, 11)}, 4: 4 + 79, 9: 4 + 1}
    # The bulk purpose ("easy") went to the unrated runs only: strength sessions keep their "moderate".
    assert {s["intent"] for s in sessions if s["kind"] == "strength"} == {"moderate"}
    assert [s["intent"] for s in sessions if s["intent"] == "hard"] == ["hard"]
    watch.assert_clean()
