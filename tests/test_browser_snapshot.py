"""The repeat visit's fast boot: the worker restores Python from a memory snapshot
that the first cold boot took on the device, and falls back to a cold boot whenever
that snapshot cannot be used. Both paths must end in a working engine."""

from __future__ import annotations

import pytest

from page_steps import READY, answer_as_a_tired_beginner, review_a_week_with_one_run

pytestmark = pytest.mark.browser

STATUS = "[data-engine-status]"

# The snapshots the worker keeps: [{url, bytes}].
SNAPSHOTS = """async () => {
  const cache = await caches.open('guide-engine-snapshot');
  const out = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    out.push({ url: request.url, bytes: (await response.arrayBuffer()).byteLength });
  }
  return out;
}"""


def boot_kind(page) -> str:
    page.wait_for_selector(READY, timeout=90_000)
    return page.get_attribute(STATUS, "data-engine-boot")


def wait_for_snapshot(page) -> list[dict]:
    """The snapshot is stored in the background after the cold boot: wait for it."""
    for _ in range(120):
        found = page.evaluate(SNAPSHOTS)
        if found:
            return found
        page.wait_for_timeout(250)
    raise AssertionError("the worker never stored an engine snapshot after its cold boot")


def test_first_visit_boots_cold_and_the_repeat_visit_restores_the_snapshot(phone):
    context, page, watch = phone
    page.goto("tools/quiz/")
    assert boot_kind(page) == "cold"
    build = page.get_attribute(STATUS, "data-engine-build")
    [snapshot] = wait_for_snapshot(page)
    assert snapshot["url"].endswith(f"engine-snapshot-{build}.bin"), snapshot
    assert snapshot["bytes"] > 1_000_000, snapshot

    page.reload()
    assert boot_kind(page) == "snapshot"
    assert page.get_attribute(STATUS, "data-engine-build") == build
    answer_as_a_tired_beginner(page)

    # The checklist page, loaded afresh, reviews a week with the restored engine.
    page.goto("tools/weekly-checklist/")
    page.reload()
    assert boot_kind(page) == "snapshot"
    review_a_week_with_one_run(page)
    assert page.locator("[data-finding=strength_none]").count() == 1
    watch.assert_clean()


def test_a_damaged_or_stale_snapshot_is_replaced_by_a_cold_boot(phone):
    context, page, watch = phone
    page.goto("tools/quiz/")
    assert boot_kind(page) == "cold"
    [snapshot] = wait_for_snapshot(page)
    # Damage this build's snapshot, and leave one behind from another build.
    page.evaluate("""async (url) => {
      const cache = await caches.open('guide-engine-snapshot');
      await cache.put(url, new Response(new Uint8Array(4096).fill(7)));
      await cache.put(url.replace(/engine-snapshot-[^/]+\\.bin$/, 'engine-snapshot-0123456789abcdef.bin'),
                      new Response(new Uint8Array(16)));
    }""", snapshot["url"])
    assert len(page.evaluate(SNAPSHOTS)) == 2

    page.reload()
    assert boot_kind(page) == "cold"
    answer_as_a_tired_beginner(page)
    for _ in range(120):  # the new snapshot replaces both
        found = page.evaluate(SNAPSHOTS)
        if len(found) == 1 and found[0]["bytes"] > 1_000_000:
            break
        page.wait_for_timeout(250)
    assert found == [{"url": snapshot["url"], "bytes": snapshot["bytes"]}]

    page.reload()
    assert boot_kind(page) == "snapshot"
    answer_as_a_tired_beginner(page)
    watch.assert_clean()
