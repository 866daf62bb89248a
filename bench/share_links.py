"""How long are share links? Measured on the built site in Chromium, as a runner makes them.

For 1, 4 and 12 weeks (``harness/shares.py``: five or six sessions a week with distances,
a few notes, all eight review points, sleep and feeling; with and without each week's
plan), a fresh phone-sized profile with those weeks saved opens the weekly checklist,
ticks them, presses "Create a share link", and reads the link the page made
(``CompressionStream("deflate-raw")`` in the browser, not Python's zlib) and the version
of the QR code it drew. Prints one table: characters of the whole link, of its fragment
(which does not depend on the site's address), and the QR version.

A measurement, not a test (the 2,000-character aim for four weeks is asserted in
``tests/test_browser_share.py``). Needs a built site: ``make build``.

Usage: ``.venv/bin/python bench/share_links.py [SITE_DIR]``
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "harness"))

import page_steps as s  # noqa: E402
from browsers.chromium import ARGS, CHROMIUM, PHONE  # noqa: E402
from shares import runner_weeks, stored_text  # noqa: E402

CASES = [(1, False), (1, True), (4, False), (4, True), (12, False), (12, True)]


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".mjs": "text/javascript", ".json": "application/json"}

    def log_message(self, *args):
        pass


def measure(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for n, plans in CASES:
                weeks = runner_weeks(n, plans=plans)
                context = browser.new_context(**PHONE, base_url=origin)
                context.add_init_script(f"if (!localStorage.getItem('trainsmart.weeks')) "
                                        f"localStorage.setItem('trainsmart.weeks', {json.dumps(stored_text(weeks))});")
                page = context.new_page()
                page.goto(s.CHECKLIST)
                s.wait_for_checklist_settled(page)
                page.wait_for_selector(s.SHARE_WEEK_TICKED)
                for week in weeks:
                    page.check(f"[data-share-weeks] input[value='{week['week_start']}']")
                page.click(s.SHARE_LINK)
                page.wait_for_selector(f"{s.SHARE_QR}, [data-share-qr] p", timeout=60_000)  # a code, or why none
                link = page.get_attribute(s.SHARE_URL, "value")
                qr = page.get_attribute(s.SHARE_QR, "data-qr-version") if page.query_selector(s.SHARE_QR) else None
                rows.append({"weeks": n, "plans": plans, "link": len(link), "fragment": len(link.split("#", 1)[1]) + 1,
                             "qr_version": int(qr) if qr else None, "origin": origin})
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    if not (site / "tools" / "shared-weeks" / "index.html").exists():
        print(f"{site} holds no built site with the shared-weeks page: run `make build`.", file=sys.stderr)
        return 2
    rows = measure(site)
    print(f"share links made by the checklist in Chromium (site at {rows[0]['origin']})")
    print(f"{'weeks':>5} {'plans':>5} {'link':>6} {'#fragment':>9} {'QR version':>10}")
    for r in rows:
        print(f"{r['weeks']:>5} {'yes' if r['plans'] else 'no':>5} {r['link']:>6} {r['fragment']:>9} {r['qr_version'] or 'none (too long)':>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
