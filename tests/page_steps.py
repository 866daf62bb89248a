"""Steps and probes shared by the browser tests and the benchmark (bench/phone.py)."""

from __future__ import annotations

READY = "[data-engine-status][data-state=ready]"

# True once the service worker's cache holds every "lazy" file of its build (the Python
# runtime and the engine wheel; not the "on_use" activity readers), read from the precache
# manifest it keeps.
ENGINE_CACHED = """async () => {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const manifest = await cache.match(new URL('__precache.json', location.origin + '/').href);
    if (!manifest) continue;
    const lazy = (await manifest.json()).files.filter((f) => f.lazy && !f.on_use);
    const cached = new Set((await cache.keys()).map((r) => r.url));
    if (lazy.length && lazy.every((f) => cached.has(new URL(f.url, location.origin + '/').href))) return true;
  }
  return false;
}"""

# True once the engine worker has stored its memory snapshot (after a cold boot).
SNAPSHOT_STORED = """async () => (await (await caches.open("guide-engine-snapshot")).keys()).length > 0"""


def answer_as_a_tired_beginner(page) -> None:
    """Two quiz answers that make the engine suggest the recovery fix; waits for it."""
    page.check("input[name=level][value=beginner]")
    page.check("input[name=sleep][value=under_6]")
    page.wait_for_selector("[data-fix=recovery]")


def review_a_week_with_one_run(page) -> None:
    """Log one 30-minute session in the week of 16 Nov 2026 and wait for the review."""
    page.fill("#week-start", "2026-11-16")
    page.dispatch_event("#week-start", "change")
    page.click("[data-action=add-session]")
    session = page.locator(".guide-session").first
    session.locator("[name=date]").fill("2026-11-17")
    session.locator("[name=minutes]").fill("30")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-week-result]:not([hidden]) [data-verdict]")
