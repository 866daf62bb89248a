"""Importing broken or hostile backups on the weekly checklist never touches the saved weeks.

Two weeks are saved on the device before the page loads; the page reads them
through the engine (``load``). Then each faulty file is imported through the file
input: every one gets a clear message in ``[data-backup-status]`` and the stored
``trainsmart.weeks`` text stays byte-for-byte what it was. Last, a backup with no
``schema`` (read as schema 1) imports after the preview is confirmed.
"""

from __future__ import annotations

import json

import pytest

from page_steps import READY

pytestmark = pytest.mark.browser

PAGE = "tools/weekly-checklist/#backup"  # the Backup section: export and import
M1, M2, M3 = "2025-03-03", "2025-03-10", "2025-03-17"  # Mondays, well in the past


def week(start, minutes=40, day=None):
    return {"schema": 1, "week_start": start, "start_day": "monday", "checklist": {"purpose": {"answer": "yes"}},
            "sessions": [{"date": day or start, "kind": "easy", "intent": "easy", "minutes": minutes, "effort": 3}]}


STORE = {"format": "trainsmart-weeks", "schema": 1, "weeks": [week(M1), week(M2, 50)]}


def backup(*weeks, **top):
    return {"format": "trainsmart-weeks", "schema": 1, "weeks": list(weeks), **top}


def with_key(key):
    w = week(M3)
    w[key] = {"polluted": True}
    return w


def forty():
    w = week(M3)
    w["sessions"][0]["minutes"] = "forty"
    return w


FULL = json.dumps(backup(week(M3)), indent=2)
OVERSIZED = json.dumps(backup(week(M3), exported_by="x" * (2 * 1024 * 1024 + 10)))

# name -> (file text, words the message must hold)
CASES = {
    "malformed-json": ("{not json at all", ["not a readable backup", "Nothing was changed"]),
    "truncated": (FULL[: len(FULL) // 2], ["not a readable backup", "cut short", "Nothing was changed"]),
    "newer-schema": (json.dumps(backup(week(M3), schema=3)), ["newer version", "schema 3", "Nothing was changed"]),
    "newer-week-schema": (json.dumps(backup({**week(M3), "schema": 3})), ["newer version", "Nothing was changed"]),
    "wrong-types": (json.dumps(backup(forty())), ["Expected a number", "backup.weeks.0.sessions.0.minutes",
                                                  "Nothing was changed"]),
    "duplicate-weeks": (json.dumps(backup(week(M3), week(M3, 60))), ["more than once", "Nothing was changed"]),
    "proto-key": (json.dumps(backup(with_key("__proto__"))), ["__proto__", "Nothing was changed"]),
    "constructor-key": (json.dumps(backup(with_key("constructor"))), ["constructor", "Nothing was changed"]),
    "not-a-backup": (json.dumps({"hello": "world"}), ["cannot be imported", "Nothing was changed"]),
    "over-2-mb": (OVERSIZED, ["MB", "at most 2 MB", "Nothing was changed"]),
}


def seed(context, doc):
    raw = json.dumps(doc)
    context.add_init_script(f"""try {{
        if (location.protocol.startsWith('http') && !localStorage.getItem('test.seeded')) {{
            localStorage.setItem('trainsmart.weeks', {json.dumps(raw)});
            localStorage.setItem('test.seeded', '1');
        }}
    }} catch (e) {{}}""")
    return raw


def stored_raw(page):
    return page.evaluate("() => localStorage.getItem('trainsmart.weeks')")


def import_file(page, path):
    page.evaluate("() => { document.querySelector('[data-backup-status]').textContent = ''; }")
    page.set_input_files("[data-action=import-file]", str(path))
    page.wait_for_function("() => document.querySelector('[data-backup-status]').textContent.trim() !== ''"
                           " || document.querySelector('[data-import-preview] button') !== null", timeout=30_000)
    return page.locator("[data-backup-status]").inner_text()


def test_faulty_backups_are_refused_with_a_message_and_leave_the_saved_weeks_alone(phone, tmp_path):
    context, page, watch = phone
    raw = seed(context, STORE)
    page.goto(PAGE)
    page.wait_for_selector(READY, timeout=90_000)
    # The page has read the stored weeks through the engine: history and the last review.
    page.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 2")
    page.wait_for_selector("[data-last-review]:not([hidden]) [data-verdict]", state="attached")
    before = stored_raw(page)
    assert before == raw

    problems = []
    for name, (text, words) in CASES.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        message = import_file(page, path)
        after = stored_raw(page)
        missing = [w for w in words if w.lower() not in message.lower()]
        if missing or after != before or page.locator("[data-import-preview] button").count():
            problems.append(f"{name}: message {message!r} lacks {missing}; stored changed: {after != before}")
    assert not problems, "\n".join(problems)
    assert len(CASES) == 10

    # A backup without "schema" (the first published format, schema 1) imports after the preview.
    old = {"format": "trainsmart-weeks", "weeks": [{k: v for k, v in week(M3).items() if k != "schema"}]}
    path = tmp_path / "no-schema.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    import_file(page, path)
    preview = page.locator("[data-import-preview]")
    assert "Add weeks: 1" in preview.inner_text()
    assert stored_raw(page) == before  # nothing is saved before the reader confirms
    page.click("[data-import-preview] button.md-button--primary")
    page.wait_for_function("() => document.querySelector('[data-backup-status]').textContent.includes('Imported 1 week')")
    weeks = [w["week_start"] for w in json.loads(stored_raw(page))["weeks"]]
    assert weeks == [M1, M2, M3]
    page.wait_for_function("() => document.querySelectorAll('[data-history-list] li[data-week]').length === 3")
    watch.assert_clean()
