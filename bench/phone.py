"""Measurements in Chromium on a phone-class CPU and a slow-4G network.

Run by ``bench/run.py`` as its own process: ``python bench/phone.py CONFIG.json OUT.json``.
It first joins the throttled CPU cgroup named in the config (so Chromium and all
its processes, started afterwards, inherit the half-core limit), then drives
Debian's Chromium through Playwright with the same flags as ``tests/conftest.py``.
Each page gets ``Network.emulateNetworkConditions`` (slow 4G) before it loads; the
run checks whether that also slows the engine worker's downloads.

Timings are taken inside the page with ``performance.now()`` (milliseconds since
the navigation started), by an init script that watches the DOM:

* ``radio``  first quiz radio button rendered and enabled;
* ``mounted`` the tool's front end has mounted (the status box has a data-state);
* ``ready``  ``[data-engine-status][data-state=ready]``;
* ``lastReview`` / ``history``  the checklist's last findings and history list in the page;
* ``seen``  the end of the first frame painted with both of them: what the reader sees. (A
  node in the DOM is not yet on the screen: the rest of that task, such as the theme's
  bundle, runs before the browser paints it.) Taken as a message posted from the next
  animation frame, which the browser runs right after that frame's paint;
* long tasks (``PerformanceObserver`` ``longtask``, buffered) and LCP;
* ``import``  tap to preview: from the file picker's change event to the import preview
  shown, for ``bench/activities.py``'s workload files, with a year of weeks saved.

Bytes come from Resource Timing in the page and in the engine's worker (encoded
body sizes; a response served by the service worker reports a transfer size of 0,
so its encoded size is counted) and, for what really crossed the wire including
the service worker's precaching, from the bench server's own log.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "harness"))

import activities  # noqa: E402
import cgroup  # noqa: E402
from page_steps import (ENGINE_CACHED, IMPORT_CANCEL, IMPORT_FILES, IMPORT_PREVIEW,  # noqa: E402
                        SNAPSHOT_STORED, open_section)  # (harness/: shared with the browser tests)

INIT_SCRIPT = r"""
(() => {
  if (window.__bench) return;
  const b = window.__bench = { radio: null, mounted: null, ready: null, failed: null, lastReview: null, history: null,
                               seen: null, longtasks: [], lcp: null };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.longtasks.push([e.startTime, e.duration]); })
      .observe({ type: "longtask", buffered: true });
  } catch (e) {}
  try {
    new PerformanceObserver((list) => { const es = list.getEntries(); b.lcp = es[es.length - 1].startTime; })
      .observe({ type: "largest-contentful-paint", buffered: true });
  } catch (e) {}
  const shown = (el) => {
    if (!el || el.closest("[hidden]")) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  function check() {
    const t = performance.now();
    if (b.radio === null) {
      const r = document.querySelector("[data-question] input[type=radio]");
      if (r && r.matches(":enabled") && shown(r)) b.radio = t;
    }
    if (b.mounted === null && document.querySelector("[data-engine-status][data-state]")) b.mounted = t;
    if (b.ready === null && document.querySelector("[data-engine-status][data-state=ready]")) b.ready = t;
    if (b.failed === null && document.querySelector("[data-engine-status][data-state=failed]")) b.failed = t;
    if (b.lastReview === null) {
      const l = document.querySelector("[data-last-review]");
      if (l && !l.hidden && shown(l) && l.querySelector("[data-verdict]")) b.lastReview = t;
    }
    if (b.history === null && document.querySelector("[data-history-list] li")) b.history = t;
    if (b.seen === null && b.history !== null && b.lastReview !== null) {
      b.seen = false;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { b.seen = performance.now(); };
      requestAnimationFrame(() => channel.port2.postMessage(0));
    }
  }
  const start = () => {
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true,
      attributeFilter: ["data-state", "hidden", "disabled", "class", "style"] });
    check();
  };
  start();
  document.addEventListener("readystatechange", check);
  // Style changes (a stylesheet arriving) do not mutate the DOM: look once per frame too,
  // until the engine is ready and, on the quiz, a radio is usable. (A page without quiz
  // radios must not keep this loop running: on half a core it would slow what it measures.)
  const waiting = () => b.ready === null || (b.radio === null && document.querySelector("[data-question]") !== null);
  const tick = () => { check(); if (waiting()) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();
"""

SNAPSHOT = """() => {
  const b = window.__bench || {};
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource").concat(nav ? [nav] : []).map((e) => ({
    url: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, start: e.startTime, duration: e.duration }));
  return { fcp: fcp ? fcp.startTime : null, lcp: b.lcp, radio: b.radio, mounted: b.mounted, ready: b.ready, failed: b.failed,
           lastReview: b.lastReview, history: b.history, seen: b.seen || null, longtasks: b.longtasks || [],
           boot: (document.querySelector("[data-engine-status]") || { dataset: {} }).dataset.engineBoot || null,
           dcl: nav ? nav.domContentLoadedEventEnd : null, load: nav ? nav.loadEventEnd : null, resources: res };
}"""

WORKER_RESOURCES = """() => performance.getEntriesByType("resource").map((e) => ({
  url: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, start: e.startTime, duration: e.duration }))"""


# Round trips page -> worker -> page. `gap` ms pass between calls: a reader's taps come
# hundreds of ms apart, while back-to-back calls (gap 0) use up the cgroup's 50 ms of CPU
# per 100 ms period, so every so often a call waits for the next period.
LATENCY = """async ({ kind, data, n, warmup, gap }) => {
  const m = await import("/assets/guide/engine.mjs");
  for (let i = 0; i < warmup; i++) await m.request(kind, data);
  const times = [];
  for (let i = 0; i < n; i++) {
    if (gap) await new Promise((resolve) => setTimeout(resolve, gap));
    const t = performance.now();
    await m.request(kind, data);
    times.push(performance.now() - t);
  }
  return times;
}"""
TAP_GAP_MS = 300
IMPORT_GAP_MS = 2000
HISTORY_PAGE = 12  # weeks the history list shows before "Show all" (history.mjs LIST_PAGE)

# The page's own review path (week-store.mjs): the worker holds the parsed saved weeks by
# revision, so a review sends one week, not the history. weeks_open reads the stored text once.
OPEN_STORED = """async () => {
  const m = await import("/assets/guide/engine.mjs");
  return (await m.request("weeks_open", { text: localStorage.getItem("trainsmart.weeks") })).rev;
}"""


# Tap to preview: from the file picker's change event to the preview shown (or an error
# instead). Watches the DOM, so it measures what the reader sees. (A big export's weeks
# are folded: its rows are drawn when a week is opened.)
IMPORT_WATCH = """({ files, preview }) => {
  const input = document.querySelector(files);
  const t = window.__import = { start: null, shown: null, error: null };
  input.addEventListener("change", () => { t.start = performance.now(); }, { capture: true, once: true });
  const obs = new MutationObserver(() => {
    if (t.start === null) return;
    if (document.querySelector(preview)) t.shown = performance.now();
    const alert = document.querySelector("[data-activities-status] [role=alert], [data-refused] li");
    if (alert) t.error = alert.textContent;
    if (t.shown !== null || t.error !== null) obs.disconnect();
  });
  obs.observe(document, { subtree: true, childList: true });
}"""


class Phone:
    """One Chromium on the throttled CPU, with helpers for phone-sized visits."""

    def __init__(self, pw, cfg: dict):
        self.cfg = cfg
        self.origin = cfg["origin"]
        self.browser = pw.chromium.launch(executable_path=cfg["chromium"], args=cfg["args"])

    def context(self):
        ctx = self.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                       device_scale_factor=2, base_url=self.origin)
        ctx.add_init_script(INIT_SCRIPT)
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        cdp = ctx.new_cdp_session(page)
        net = self.cfg["network"]
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": net["rtt_ms"],
            "downloadThroughput": net["down_kbps"] * 1000 / 8, "uploadThroughput": net["up_kbps"] * 1000 / 8})
        return ctx, page

    # ---- the bench server's own log ----
    def wire(self, since: float) -> list:
        with urllib.request.urlopen(f"{self.origin}__bench__/stats?since={since}", timeout=10) as resp:
            return json.load(resp)["rows"]

    def wait_quiet(self, since: float, quiet_s: float = 2.0, limit_s: float = 60.0) -> list:
        """Wait until the server has sent nothing for ``quiet_s`` (at most ``limit_s``); return the rows."""
        deadline = time.time() + limit_s
        while True:
            rows = self.wire(since)
            last = max((r[0] for r in rows), default=since)
            if time.time() - last >= quiet_s or time.time() > deadline:
                return rows
            time.sleep(0.5)

    def engine_worker(self, page):
        for w in page.workers:
            if "engine-worker" in w.url:
                return w
        return None

    def wait_state(self, page, key: str, timeout_s: float) -> None:
        page.wait_for_function(f"() => window.__bench && (window.__bench.{key} !== null || window.__bench.failed !== null)",
                               timeout=timeout_s * 1000, polling=100)
        snap = page.evaluate("() => window.__bench")
        if snap.get("failed") is not None and snap.get(key) is None:
            raise RuntimeError(f"the engine failed to start on {page.url}")

    def wait_engine_cached(self, page, limit_s: float = 120) -> bool:
        """Wait until the service worker holds the runtime and the worker its snapshot."""
        deadline = time.time() + limit_s
        while time.time() < deadline:
            if page.evaluate(ENGINE_CACHED) and page.evaluate(SNAPSHOT_STORED):
                return True
            page.wait_for_timeout(500)
        return False

    def first_tool_visit(self, path: str, ready_limit: float):
        """A tool page in a fresh context until its engine is ready and cached for offline
        use; returns (context, page, figures, the worker's resource timings)."""
        ctx, page = self.context()
        mark = time.time()
        page.goto(path, wait_until="commit")
        self.wait_state(page, "ready", ready_limit)
        ready_wall = time.time()
        snap = page.evaluate(SNAPSHOT)
        worker = self.engine_worker(page)
        wres = worker.evaluate(WORKER_RESOURCES) if worker else []
        cached = self.wait_engine_cached(page)
        rows = self.wait_quiet(mark, limit_s=30)
        figures = summarise_visit(snap, wres, rows, ready_wall)
        figures["engine_cached_by_sw"] = cached
        return ctx, page, figures, wres

    def latency(self, page, kind: str, data: dict) -> tuple[dict, dict]:
        """Engine call round trips: spaced as a reader's taps (the budget figure), then back to back."""
        spaced = page.evaluate(LATENCY, {"kind": kind, "data": data, "n": self.cfg["calls"], "warmup": 3, "gap": TAP_GAP_MS})
        packed = page.evaluate(LATENCY, {"kind": kind, "data": data, "n": self.cfg["calls"], "warmup": 0, "gap": 0})
        return percentiles(spaced), percentiles(packed)

    def latency_review(self, page, week: dict) -> tuple[dict, dict]:
        """``weeks_review`` as the page sends it: the saved weeks by revision, one week in the request."""
        return self.latency(page, "weeks_review", {"week": week, "base": page.evaluate(OPEN_STORED)})

    def close(self):
        self.browser.close()


def returning_reader(phone: Phone, page, store: dict, ready_limit: float) -> dict:
    """Seed ``store`` as the page stores it, let the page review it once (which saves the last
    findings, as after a real visit), then time a returning reader's visit."""
    page.evaluate("(store) => { localStorage.setItem('trainsmart.weeks', JSON.stringify(store));"
                  " localStorage.removeItem('trainsmart.weeks.last'); }", store)
    page.reload(wait_until="commit")
    phone.wait_state(page, "ready", ready_limit)
    page.wait_for_function("() => localStorage.getItem('trainsmart.weeks.last') !== null", timeout=120_000, polling=250)
    mark = time.time()
    page.reload(wait_until="commit")
    page.wait_for_function("() => window.__bench && typeof window.__bench.seen === 'number'", timeout=60_000, polling=50)
    phone.wait_state(page, "ready", ready_limit)
    # The list shows the newest weeks first and a "Show all N weeks" button (history.mjs).
    shown = min(len(store["weeks"]), HISTORY_PAGE)
    page.wait_for_function(f"() => document.querySelectorAll('[data-history-list] li').length >= {shown}", timeout=60_000)
    snap = page.evaluate(SNAPSHOT)
    rows = phone.wait_quiet(mark, limit_s=20)
    ret = summarise_visit(snap, None, rows)
    ret["weeks_saved"] = len(store["weeks"])
    ret["history_items"] = page.evaluate("() => document.querySelectorAll('[data-history-list] li').length")
    ret["stored_chars"] = page.evaluate("() => (localStorage.getItem('trainsmart.weeks') || '').length")
    return ret


def import_files(page, paths: dict, repeats: int = 3) -> dict:
    """Tap to preview for each workload file on the checklist page (engine ready): the first
    file's first import includes fetching the readers over the slow network; then repeats."""
    open_section(page, "backup")
    out = {}
    for name, path in paths.items():
        times = []
        for _ in range(1 + repeats if name == "fit_1h" else repeats):
            # From an idle page, as a reader's imports come: not while the last preview is still
            # being drawn or the service worker is still keeping the readers.
            page.wait_for_timeout(IMPORT_GAP_MS)
            page.evaluate(IMPORT_WATCH, {"files": IMPORT_FILES, "preview": IMPORT_PREVIEW})
            page.set_input_files(IMPORT_FILES, str(path))
            page.wait_for_function("() => window.__import.shown !== null || window.__import.error !== null",
                                   timeout=300_000, polling=100)
            t = page.evaluate("() => window.__import")
            if t["error"] is not None:
                raise RuntimeError(f"importing {path.name} showed an error: {t['error'][:200]}")
            times.append(round(t["shown"] - t["start"], 1))
            page.click(IMPORT_CANCEL)
            page.wait_for_selector(IMPORT_PREVIEW, state="detached")
        warm = times[1:] if name == "fit_1h" else times
        out[name] = {"ms": times, "median_ms": round(statistics.median(warm), 1), "bytes": path.stat().st_size}
        if name == "fit_1h":
            out[name]["first_ms"] = times[0]  # includes fetching and loading the readers
    return out


def summarise_visit(snap: dict, worker_res: list | None, rows: list, ready_wall: float | None = None) -> dict:
    """Figures of one visit: paint, readiness, long tasks, bytes."""
    ready = snap.get("ready")
    tasks = snap.get("longtasks") or []
    during = [d for s, d in tasks if ready is None or s <= ready]
    page_bytes = sum(max(r["transfer"], r["encoded"]) if r["transfer"] else 0 for r in snap["resources"])
    sw_served_page = sum(r["encoded"] for r in snap["resources"] if not r["transfer"])
    out = {
        "fcp_ms": snap.get("fcp"), "lcp_ms": snap.get("lcp"), "dcl_ms": snap.get("dcl"), "load_ms": snap.get("load"),
        "radio_ms": snap.get("radio"), "mounted_ms": snap.get("mounted"), "ready_ms": ready, "boot": snap.get("boot"),
        "last_review_ms": snap.get("lastReview"), "history_ms": snap.get("history"), "seen_ms": snap.get("seen"),
        "longest_task_ms": max(during, default=0.0), "long_tasks": len(during),
        "page_bytes_network": page_bytes, "page_bytes_from_cache_or_sw": sw_served_page,
        "page_requests": len(snap["resources"]),
        "wire_bytes_total": sum(r[3] for r in rows), "wire_requests": len(rows),
        "wire_bytes_python": sum(r[3] for r in rows if "/pyodide/" in r[1]),
    }
    if ready_wall is not None:
        out["wire_bytes_python_until_ready"] = sum(r[3] for r in rows if "/pyodide/" in r[1] and r[0] <= ready_wall)
    if worker_res is not None:
        # transfer: from the network by the worker itself; encoded: the compressed body, wherever it came from
        out["worker_bytes_network"] = sum(r["transfer"] for r in worker_res)
        out["worker_python_bytes_encoded"] = sum(r["encoded"] for r in worker_res if "/pyodide/" in r["url"])
        out["worker_requests"] = [{"url": r["url"].split("/")[-1], "transfer": r["transfer"], "encoded": r["encoded"],
                                   "ms": round(r["duration"])} for r in worker_res]
    return out


def network_check(worker_res: list, down_kbps: float) -> dict:
    """Did the page's network profile slow the worker's biggest download?"""
    big = max(worker_res or [], key=lambda r: r["encoded"], default=None)
    if not big or not big["encoded"]:
        return {"checked": False}
    expected_ms = big["encoded"] * 8 / (down_kbps * 1000) * 1000
    return {"checked": True, "file": big["url"].split("/")[-1], "bytes": big["encoded"], "took_ms": round(big["duration"]),
            "unthrottled_would_be_ms": "< 1000", "at_profile_min_ms": round(expected_ms),
            "applies_to_worker": big["duration"] >= 0.6 * expected_ms}


def percentiles(times: list[float]) -> dict:
    s = sorted(times)

    def pick(q):
        return s[min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))]

    return {"n": len(s), "p50_ms": round(pick(0.5), 2), "p95_ms": round(pick(0.95), 2), "max_ms": round(s[-1], 2),
            "min_ms": round(s[0], 2)}


def measure(cfg: dict) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {"errors": []}
    wl = json.loads(Path(cfg["workload"]).read_text())
    ready_limit = cfg.get("ready_timeout_s", 240)
    with sync_playwright() as pw:
        phone = Phone(pw, cfg)
        out["chromium"] = phone.browser.version
        try:
            # 1. An article, first visit.
            ctx, page = phone.context()
            mark = time.time()
            page.goto("guide/easy-runs/", wait_until="load")
            rows = phone.wait_quiet(mark)
            out["article"] = summarise_visit(page.evaluate(SNAPSHOT), None, rows)
            ctx.close()

            # 2. The quiz: first visit, then a repeat visit (reload in the same context).
            ctx, page, out["quiz_first"], wres = phone.first_tool_visit("tools/quiz/", ready_limit)
            out["network_check"] = network_check(wres, cfg["network"]["down_kbps"])
            mark = time.time()
            page.reload(wait_until="commit")
            phone.wait_state(page, "ready", ready_limit)
            snap = page.evaluate(SNAPSHOT)
            worker = phone.engine_worker(page)
            wres = worker.evaluate(WORKER_RESOURCES) if worker else []
            rows = phone.wait_quiet(mark, limit_s=20)
            out["quiz_repeat"] = summarise_visit(snap, wres, rows)
            out["latency_quiz"], out["latency_quiz_back_to_back"] = phone.latency(page, "quiz", wl["quiz"])
            ctx.close()

            # 3. The checklist: first visit, then a returning reader with 52 weeks saved, then 520.
            ctx, page, out["checklist_first"], _ = phone.first_tool_visit("tools/weekly-checklist/", ready_limit)
            for count, store in ((52, wl["store"]), (520, wl["store520"])):
                suffix = "" if count == 52 else str(count)
                out["checklist_returning" + suffix] = returning_reader(phone, page, store, ready_limit)
                out[f"latency_review{count}"], out[f"latency_review{count}_back_to_back"] = phone.latency_review(
                    page, store["weeks"][-1])

            # 4. Import activity files with a year of weeks saved (bench/activities.py's workloads).
            page.evaluate("(store) => localStorage.setItem('trainsmart.weeks', JSON.stringify(store))", wl["store"])
            page.reload(wait_until="commit")
            phone.wait_state(page, "ready", ready_limit)
            folder = Path(tempfile.mkdtemp(prefix="bench-phone-import-"))
            try:
                out["import"] = import_files(page, activities.write_workloads(folder))
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            ctx.close()
        except Exception as err:  # report what was measured so far, and why the rest is missing
            out["errors"].append(f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}")
        finally:
            phone.close()
    return out


def main(argv: list[str]) -> int:
    cfg = json.loads(Path(argv[1]).read_text())
    result: dict = {"cgroup_applied": False, "cgroup_note": cfg.get("cgroup_note", "")}
    if cfg.get("cgroup"):
        try:
            result["cgroup_applied"] = cgroup.join(Path(cfg["cgroup"]))
            if not result["cgroup_applied"]:
                result["cgroup_note"] = "joined the group but /proc/self/cgroup does not show it"
        except OSError as err:
            result["cgroup_note"] = f"could not join {cfg['cgroup']}: {err}"
    started = time.time()
    result.update(measure(cfg))
    result["seconds"] = round(time.time() - started, 1)
    Path(argv[2]).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
