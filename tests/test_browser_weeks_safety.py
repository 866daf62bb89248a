"""Never lose a week: the five ways weeks were lost, each tried as a reader would.

Each test seeds the device's storage, uses the built checklist in Chromium at phone
size, and checks the stored text afterwards (not only what the page shows):

1. the 521st week;  2. two tabs saving different weeks;  3. a week set aside while
storage is full;  4. a store written by a newer version, visited three times and then
saved over;  5. a damaged draft (a quote in ``feeling``, a checklist key that breaks a
CSS selector). Plus the copies kept aside (bounded, listed, exported, discarded) and
the iPhone note about Safari clearing storage.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import PHONE, PageWatch
from guide_engine.store import to_text

pytestmark = pytest.mark.browser

PAGE = "tools/weekly-checklist/"
READY = "[data-engine-status][data-state=ready]"
KEY = "trainsmart.weeks"
FIRST = dt.date(2016, 1, 4)  # a Monday, ten years back


def week(n: int, minutes: int = 40) -> dict:
    start = FIRST + dt.timedelta(days=7 * n)
    return {"schema": 2, "week_start": start.isoformat(), "start_day": "monday",
            "sessions": [{"date": (start + dt.timedelta(days=1)).isoformat(), "kind": "easy", "intent": "easy",
                          "minutes": minutes, "effort": 3}]}


def seed_text(context, key: str, text: str) -> None:
    """Put `text` under `key` before the page's first load in this browser context."""
    context.add_init_script(f"""try {{
        if (location.protocol.startsWith('http') && !localStorage.getItem('test.seeded.' + {json.dumps(key)})) {{
            localStorage.setItem({json.dumps(key)}, {json.dumps(text)});
            localStorage.setItem('test.seeded.' + {json.dumps(key)}, '1');
        }}
    }} catch (e) {{}}""")


def stored(page, key: str = KEY) -> str | None:
    return page.evaluate("(k) => localStorage.getItem(k)", key)


def backup_keys(page) -> list[str]:
    return page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('trainsmart.weeks.backup-')).sort()")


def open_checklist(page, section: str = "log") -> None:
    page.goto(f"{PAGE}#{section}")
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_function("() => document.querySelector('[data-history-list]').textContent.trim() !== ''")


def log_week(page, start: str, minutes: int = 35) -> None:
    """Type a week with one session into the form and press save (no wait)."""
    page.fill("#week-start", start)
    page.dispatch_event("#week-start", "change")
    page.locator("[data-sessions] > li").evaluate_all("els => els.forEach((e) => e.remove())")
    page.click("[data-action=add-session]")
    row = page.locator("[data-sessions] > li").last
    row.locator("[name=date]").fill((dt.date.fromisoformat(start) + dt.timedelta(days=2)).isoformat())
    row.locator("[name=minutes]").fill(str(minutes))
    page.click("[data-week-form] button[type=submit]")


def saved_starts(text: str | None) -> list[str]:
    return [w["week_start"] for w in json.loads(text)["weeks"]] if text else []


def test_the_521st_week_is_refused_with_what_to_do_and_the_520_stay_readable(phone):
    context, page, watch = phone
    ten_years = to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(n) for n in range(520)]})
    seed_text(context, KEY, ten_years)
    open_checklist(page)
    log_week(page, (FIRST + dt.timedelta(days=7 * 520)).isoformat())
    page.wait_for_function("() => document.querySelector('[data-form-error]').textContent.includes('520 weeks')")
    message = page.locator("[data-form-error]").inner_text()
    assert "Export a backup" in message and "delete your oldest weeks" in message
    assert stored(page) == ten_years  # nothing was written
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 12"
                           " || document.querySelectorAll('[data-history-list] li[data-week]').length === 520")
    assert "could not be read" not in page.locator("[data-storage-status]").inner_text()
    watch.assert_clean()


def test_two_tabs_saving_different_weeks_keep_both_and_each_shows_the_other(phone):
    context, a, watch = phone
    seed_text(context, KEY, to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(0)]}))
    open_checklist(a)
    b = context.new_page()
    b.set_default_timeout(30_000)
    watch_b = PageWatch(context, b, a.url.split("/tools/")[0] + "/")
    open_checklist(b)
    log_week(a, week(1)["week_start"])
    a.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
    log_week(b, week(2)["week_start"])  # tab B never reloaded: it re-reads storage before writing
    b.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
    assert saved_starts(stored(a)) == [week(n)["week_start"] for n in range(3)]
    # Each tab was told about the other's change and lists all three weeks.
    for page in (a, b):
        page.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 3")
    watch.assert_clean()
    watch_b.assert_clean()


QUOTA_ON = """(() => {
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
        if (%s) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.call(this, key, value);
    };
})();"""


def test_a_week_set_aside_while_storage_is_full_is_never_deleted(phone):
    context, page, watch = phone
    broken = {**week(1), "sessions": [{**week(1)["sessions"][0], "effort": 11}]}
    original = json.dumps({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(0), broken]})
    seed_text(context, KEY, original)
    context.add_init_script(QUOTA_ON % "key === 'trainsmart.weeks' && !window.__roomAgain")
    open_checklist(page)
    assert "could not be read" in page.locator("[data-storage-status]").inner_text()
    assert stored(page) == original  # opening writes nothing
    log_week(page, week(2)["week_start"])
    page.wait_for_function("() => document.querySelector('[data-storage-status]').textContent.includes('full')")
    assert stored(page) == original  # the refused write changed nothing, the bad week included
    # Once there is room again, the same save keeps the bad week, exactly as it was, inside the document.
    page.evaluate("() => { window.__roomAgain = true; }")
    page.click("[data-week-form] button[type=submit]")
    page.wait_for_function("(k) => (localStorage.getItem(k) || '').includes('set_aside')", arg=KEY)
    doc = json.loads(stored(page))
    assert [e["week"] for e in doc["set_aside"]] == [broken]
    assert [w["week_start"] for w in doc["weeks"]] == [week(0)["week_start"], week(2)["week_start"]]
    assert page.locator("[data-kept-aside] li").count() == 1
    watch.assert_clean()


def test_unreadable_weeks_are_kept_aside_first_and_never_replaced_when_that_fails(phone):
    context, page, watch = phone
    seed_text(context, KEY, "{not json")
    context.add_init_script(QUOTA_ON % "key.startsWith('trainsmart.weeks.backup-')")
    open_checklist(page)
    assert "will not save" in page.locator("[data-storage-status]").inner_text()
    log_week(page, week(0)["week_start"])
    page.wait_for_function("() => document.querySelector('[data-form-error]').textContent.includes('will not save')")
    assert stored(page) == "{not json" and backup_keys(page) == []
    watch.assert_clean()


def test_a_store_from_a_newer_version_is_never_copied_again_nor_overwritten(phone):
    context, page, watch = phone
    newer = json.dumps({"format": "trainsmart-weeks", "schema": 3, "weeks": [{"week_start": "2030-01-07", "bikes": 2}]})
    seed_text(context, KEY, newer)
    for _ in range(3):
        open_checklist(page)
        assert "newer version" in page.locator("[data-storage-status]").inner_text()
    assert backup_keys(page) == []
    log_week(page, week(0)["week_start"])
    page.wait_for_function("() => document.querySelector('[data-form-error]').textContent.includes('newer version')")
    assert stored(page) == newer
    page.click("[data-tab=backup]")
    with page.expect_download() as info:
        page.click("[data-action=export-json]")
    assert open(info.value.path(), encoding="utf-8").read() == newer  # exported exactly as stored
    watch.assert_clean()


def test_a_damaged_draft_is_set_aside_and_the_tool_still_works(phone):
    context, page, watch = phone
    damaged = json.dumps({"v": 1, "week": {"week_start": "2026-11-16", "feeling": 'tired"]', "start_day": 'x"]',
                                           "checklist": {'purpose"]': {"answer": 'yes"]'}}, "sessions": [{"date": 5}]}})
    seed_text(context, "trainsmart.weeks.draft", damaged)
    for _ in range(2):  # and after a reload
        open_checklist(page)
        assert page.locator("#week-start").input_value() == "2026-11-16"
    log_week(page, "2026-11-16")
    page.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
    assert saved_starts(stored(page)) == ["2026-11-16"]
    watch.assert_clean()


def test_copies_kept_aside_are_listed_bounded_and_can_be_exported_and_discarded(phone):
    context, page, watch = phone
    for i in range(5):
        seed_text(context, f"{KEY}.backup-2026-01-0{i + 1}T00-00-00-000Z", f"old copy {i}")
    seed_text(context, KEY, "{not json")
    open_checklist(page)
    assert page.locator("[data-kept-aside] li").count() == 5
    assert stored(page) == "{not json"  # no room for a sixth copy: the text stays where it is
    page.click("[data-tab=backup]")
    with page.expect_download() as info:
        page.locator("[data-kept-aside] li").first.get_by_role("button", name="Export").click()
    assert open(info.value.path(), encoding="utf-8").read() == "old copy 4"
    page.locator("[data-kept-aside] li").first.get_by_role("button", name="Discard").click()
    open_checklist(page)  # with room again, the unreadable text is kept aside, then the tool starts empty
    assert stored(page) is None and "{not json" in [stored(page, k) for k in backup_keys(page)]
    assert len(backup_keys(page)) == 5
    watch.assert_clean()


IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/18.1 Mobile/15E148 Safari/604.1")


@pytest.mark.parametrize("agent,shown", [(IPHONE, True), (None, False)])
def test_on_an_iphone_the_page_says_safari_may_clear_the_weeks(browser, base_url, agent, shown):
    context = browser.new_context(**PHONE, base_url=base_url, **({"user_agent": agent} if agent else {}))
    try:
        page = context.new_page()
        open_checklist(page, "this-week")
        note = page.locator("[data-ios-note]")
        assert note.count() == (1 if shown else 0)
        if shown:
            assert "seven days" in note.inner_text() and "Home Screen" in note.inner_text()
            assert page.locator("[data-action=export-json-now]").is_visible()
    finally:
        context.close()
