"""Engine start in Chromium, WebKitGTK and Firefox ESR: a first and a repeat visit each.

Run by ``bench/run.py`` as its own process: ``python bench/engines.py ORIGIN OUT.json [RUNS]``.
Each engine is driven through the smoke suite's adapters (``harness/browsers/``: Playwright,
Selenium + WebKitWebDriver under Xvfb, puppeteer-core over WebDriver BiDi) against the
bench server (brotli, real cache headers). WebKitWebDriver cannot throttle the CPU or the
network, so all three run the same way: full CPU, loopback network. These figures compare
the engines with one another; the phone-class figures are Chromium's (``bench/phone.py``).

For each of RUNS fresh profiles: open the quiz (first visit: Python boots cold), wait
until the service worker has cached the runtime and the worker has stored its memory
snapshot, then reload twice (repeat visits: the engine restores the snapshot).
"Engine ready" is ``performance.now()`` when ``[data-engine-status]`` turns ready, in ms
since the navigation started, read in the page by a MutationObserver installed as soon as
the driver returns from the navigation (at the load event); if the engine was ready
before that, the figure is the moment it was seen (an upper bound) and says so.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "harness"))

import browsers  # noqa: E402
from browsers.webkit import Xvfb  # noqa: E402
from page_steps import ENGINE_CACHED, QUIZ, SNAPSHOT_STORED, STATUS  # noqa: E402

READY_LIMIT_MS = 240_000
REPEATS = 2

# Resolves {ms, boot, seen_late} once the engine is ready (or {failed}).
READY_AT = """(sel) => new Promise((resolve) => {
  const status = () => document.querySelector(sel);
  const done = (late) => {
    const s = status();
    if (!s) return false;
    if (s.dataset.state === 'failed') { resolve({ failed: s.textContent.trim().slice(0, 200) }); return true; }
    if (s.dataset.state !== 'ready') return false;
    resolve({ ms: performance.now(), boot: s.dataset.engineBoot || null, seen_late: late });
    return true;
  };
  if (done(true)) return;
  const observer = new MutationObserver(() => { if (done(false)) observer.disconnect(); });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})"""


def visit(page, reload: bool) -> dict:
    if reload:
        page.reload()
    else:
        page.goto(QUIZ)
    got = page.evaluate(READY_AT, STATUS)
    if "failed" in got:
        raise RuntimeError(f"the engine failed to start: {got['failed']}")
    return {"ms": round(got["ms"]), "boot": got["boot"], "seen_late": got["seen_late"]}


def measure_engine(engine: str, origin: str, runs: int, display: str | None) -> dict:
    out: dict = {"first": [], "repeat": []}
    for _ in range(runs):
        page = browsers.open_page(engine, origin, display=display)
        try:
            out["version"] = page.version
            out["first"].append(visit(page, reload=False))
            page.wait_for_function(f"async () => await ({ENGINE_CACHED})() && await ({SNAPSHOT_STORED})()",
                                   timeout=READY_LIMIT_MS)
            for _ in range(REPEATS):
                out["repeat"].append(visit(page, reload=True))
        finally:
            page.close()
    for key in ("first", "repeat"):
        values = [v["ms"] for v in out[key]]
        out[f"{key}_median_ms"] = round(statistics.median(values)) if values else None
    return out


def main(argv: list[str]) -> int:
    origin, out_file = argv[1], Path(argv[2])
    runs = int(argv[3]) if len(argv) > 3 else 2
    results: dict = {"runs": runs, "repeats_per_run": REPEATS, "engines": {}}
    xvfb = None
    started = time.time()
    try:
        for engine in browsers.ENGINES:
            lacking = browsers.missing(engine)
            if lacking:
                results["engines"][engine] = {"error": f"missing {', '.join(lacking)} (make bench installs the browsers)"}
                continue
            try:
                if engine == "webkit" and xvfb is None:
                    xvfb = Xvfb()
                results["engines"][engine] = measure_engine(engine, origin, runs, xvfb.display if xvfb else None)
            except Exception as err:  # noqa: BLE001  (report the engine's failure, measure the others)
                results["engines"][engine] = {"error": f"{type(err).__name__}: {str(err).splitlines()[0][:300] if str(err) else ''}"}
            out_file.write_text(json.dumps(results, indent=1))
    finally:
        if xvfb is not None:
            xvfb.stop()
    results["seconds"] = round(time.time() - started, 1)
    out_file.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
