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
from page_steps import READY
from guide_engine.store import to_text

pytestmark = pytest.mark.browser

PAGE = "tools/weekly-checklist/"
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
    """Open the tool (again: a reload, not a fragment change, which Material's instant navigation
    may answer by swapping the page in while the test already types into the old one)."""
    if page.url.endswith(f"{PAGE}#{section}"):
        page.reload()
    else:
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
    assert page.get_attribute("[data-guide-component=checklist]", "data-weeks") == "ready"
    assert page.locator("[data-history-list] li[data-week]").count() in (12, 520)
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


def test_a_draft_that_cannot_be_read_is_kept_aside_and_listed_for_export(phone):
    context, page, watch = phone
    damaged = '{"v": 1, "week": "half a week'  # cut short
    seed_text(context, "trainsmart.weeks.draft", damaged)
    open_checklist(page, "backup")
    copy = page.locator("[data-kept-aside] li", has_text="unfinished week")
    assert copy.count() == 1
    with page.expect_download() as info:
        copy.get_by_role("button", name="Export").click()
    assert open(info.value.path(), encoding="utf-8").read() == damaged
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
    page.once("dialog", lambda dialog: dialog.accept())  # "Discard … for good?"
    page.locator("[data-kept-aside] li").first.get_by_role("button", name="Discard").click()
    # With room again, the page tries once more at once (no reload): the unreadable text is
    # kept aside, then the tool starts empty and saves.
    page.wait_for_function("(k) => localStorage.getItem(k) === null", arg=KEY)
    assert "{not json" in [stored(page, k) for k in backup_keys(page)] and len(backup_keys(page)) == 5
    page.click("[data-tab=log]")
    log_week(page, week(0)["week_start"])
    page.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
    assert saved_starts(stored(page)) == [week(0)["week_start"]]
    watch.assert_clean()


def test_a_copy_is_discarded_only_when_the_reader_confirms(phone):
    context, page, watch = phone
    seed_text(context, f"{KEY}.backup-2026-01-01T00-00-00-000Z", "old copy")
    seed_text(context, KEY, to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(0)]}))
    open_checklist(page, "backup")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("[data-kept-aside] li").first.get_by_role("button", name="Discard").click()
    assert stored(page, f"{KEY}.backup-2026-01-01T00-00-00-000Z") == "old copy"
    watch.assert_clean()


# A stand-in for a slow engine in one tab: the worker's answers wait until the test lets them through.
HOLD = """(() => {
    const W = window.Worker;
    window.__held = [];
    window.__hold = %s;
    window.__let = () => { window.__hold = false; for (const deliver of window.__held.splice(0)) deliver(); };
    window.Worker = class extends W {
        set onmessage(fn) { super.onmessage = (e) => (window.__hold ? window.__held.push(() => fn(e)) : fn(e)); }
        get onmessage() { return super.onmessage; }
    };
})();"""


def second_tab(context, base_url: str, hold: bool = False):
    other = context.new_page()
    other.set_default_timeout(30_000)
    if hold:
        other.add_init_script(HOLD % "true")
    return other, PageWatch(context, other, base_url)


def test_a_tab_that_read_an_unreadable_store_never_removes_what_another_tab_saved_since(phone, base_url):
    context, b, watch = phone
    seed_text(context, KEY, "{not json")
    b.goto("about:blank")
    a, watch_a = second_tab(context, base_url, hold=True)
    a.goto(f"{PAGE}#log")  # tab A reads the unreadable text, then waits for its (slow) engine
    a.wait_for_function("() => window.__held.length > 0")
    open_checklist(b)  # tab B keeps the text aside, starts empty, and saves a week
    log_week(b, week(3)["week_start"])
    b.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
    saved = stored(b)
    assert saved_starts(saved) == [week(3)["week_start"]]
    a.evaluate("() => window.__let()")
    a.wait_for_selector(READY, timeout=90_000)
    a.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 1")
    assert stored(a) == saved  # A kept nothing aside twice and removed nothing
    assert [stored(a, k) for k in backup_keys(a)] == ["{not json"]
    watch.assert_clean()
    watch_a.assert_clean()


def test_two_tabs_saving_at_the_same_moment_both_end_up_listing_every_week(phone, base_url):
    context, a, watch = phone
    seed_text(context, KEY, to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(0)]}))
    a.add_init_script(HOLD % "false")
    open_checklist(a)
    b, watch_b = second_tab(context, base_url)
    open_checklist(b)
    a.evaluate("() => { window.__hold = true; }")  # A's save waits in its engine, holding the write lock
    log_week(a, week(1)["week_start"])
    a.wait_for_function("() => window.__held.length > 0")
    log_week(b, week(2)["week_start"])  # B's save waits for A's lock
    a.evaluate("() => window.__let()")
    for page in (a, b):
        page.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
    assert saved_starts(stored(a)) == [week(n)["week_start"] for n in range(3)]
    for page in (a, b):
        page.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 3")
    watch.assert_clean()
    watch_b.assert_clean()


def test_a_store_of_521_weeks_from_an_older_version_opens_in_full_and_can_be_brought_under_the_limit(phone):
    context, page, watch = phone
    eleven_years = to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(n) for n in range(521)]})
    seed_text(context, KEY, eleven_years)
    open_checklist(page, "history")
    page.wait_for_function("() => document.querySelector('[data-storage-status]').textContent.includes('weeks saved')")
    notice = page.locator("[data-storage-status]").inner_text()
    assert "521 weeks saved" in notice and "export a backup, then delete your oldest weeks" in notice
    assert "could not be read" not in notice and stored(page) == eleven_years and backup_keys(page) == []
    page.click("[data-action=show-all-weeks]")
    assert page.locator("[data-history-list] li[data-week]").count() == 521
    page.locator(f"[data-history-list] li[data-week='{week(0)['week_start']}']").get_by_role("button", name="Delete").click()
    page.wait_for_function("(k) => JSON.parse(localStorage.getItem(k)).weeks.length === 520", arg=KEY)
    assert saved_starts(stored(page)) == [week(n)["week_start"] for n in range(1, 521)]
    watch.assert_clean()


def test_a_kept_copy_of_521_weeks_is_restored_whole_over_an_empty_store(phone):
    context, page, watch = phone
    copy = to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(n) for n in range(521)]})
    seed_text(context, f"{KEY}.backup-2026-01-01T00-00-00-000Z", copy)  # set aside by the older version
    open_checklist(page, "backup")
    page.locator("[data-kept-aside] li").first.get_by_role("button", name="Restore").click()
    page.wait_for_function("() => document.querySelector('[data-backup-status]').textContent.includes('restored')")
    assert stored(page) == copy
    assert "521 weeks saved" in page.locator("[data-storage-status]").inner_text()
    watch.assert_clean()


def test_with_storage_full_an_export_holds_every_week_typed_and_every_week_stored(phone):
    context, page, watch = phone
    three = to_text({"format": "trainsmart-weeks", "schema": 2, "weeks": [week(n) for n in range(3)]})
    seed_text(context, KEY, three)
    context.add_init_script(QUOTA_ON % "key === 'trainsmart.weeks' && window.__full")
    open_checklist(page)
    page.evaluate("() => { window.__full = true; }")
    for n in (5, 6):  # two weeks typed and refused, one after the other
        log_week(page, week(n)["week_start"])
        page.wait_for_function("(n) => document.querySelector('[data-storage-status]').textContent.includes('full')"
                               " && document.querySelector('#week-start').value === n", arg=week(n)["week_start"])
        page.evaluate("() => { document.querySelector('[data-storage-status]').textContent = ''; }")
    # Freeing space by deleting a week fails too: it must not take anything out of the export.
    page.click("[data-tab=history]")
    page.locator(f"[data-history-list] li[data-week='{week(0)['week_start']}']").get_by_role("button", name="Delete").click()
    page.wait_for_function("() => document.querySelector('[data-history-status]').textContent.includes('nothing was changed')")
    assert stored(page) == three
    page.click("[data-tab=backup]")
    with page.expect_download() as info:
        page.click("[data-action=export-json]")
    exported = open(info.value.path(), encoding="utf-8").read()
    assert saved_starts(exported) == [week(n)["week_start"] for n in (0, 1, 2, 5, 6)]
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
