"""``make bench``: build, serve like a real host, measure, and print the budget table.

Steps (each bounded by a timeout; the whole run takes about 5-7 minutes on 2 cores):

1. check the generated workload (a complete quiz, 52 and 520 valid weeks) in CPython;
2. build the site with ``mkdocs build --strict`` (timed; into build/bench-site/, so a
   test run meanwhile keeps its site/) and a bare Material page
   with the same theme settings (``bench/reference.py``);
3. serve both on 127.0.0.1 with brotli or gzip and honest cache headers (``bench/server.py``);
4. Lighthouse, mobile, on an article, the quiz, the checklist and the bare page;
5. Chromium on half a core (cgroup v1) and slow 4G (``bench/phone.py``, a child
   process that joins the CPU group before it starts the browser);
6. engine start in Chromium, WebKitGTK and Firefox ESR, a first and a repeat visit each,
   on the full CPU (``bench/engines.py``, a child process: WebKitWebDriver can throttle
   neither CPU nor network, so every engine is measured the same way);
7. the same engine calls in CPython, for comparison, and activity import
   (``bench/activities.py``): a 1-hour and a 3-hour FIT file, a Strava CSV of 1,000
   rows, a zip of 200 FIT files, in CPython and in the site's Pyodide under Node after
   loading the readers by name; and the bytes the readers add;
8. stop the servers, remove the CPU group, print one table and write
   ``bench-results.json`` at the repository root.

Usage: ``.venv/bin/python bench/run.py [--calls N] [--engine-runs N] [--skip-lighthouse] [--skip-phone] [--skip-engines]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import activities  # noqa: E402
import budget  # noqa: E402
import cgroup  # noqa: E402
import lighthouse  # noqa: E402
import machine  # noqa: E402
import reference  # noqa: E402
import server  # noqa: E402
import workload  # noqa: E402

MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
# The bench builds into its own folder, so a `make test` running meanwhile keeps its site/.
SITE_DIR = ROOT / "build" / "bench-site"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NETWORK = {"name": "slow 4G", "down_kbps": 1600, "up_kbps": 750, "rtt_ms": 150}
PAGES = {"article": "guide/easy-runs/", "quiz": "tools/quiz/", "checklist": "tools/weekly-checklist/"}
PHONE_TIMEOUT_S = 480
ENGINES_TIMEOUT_S = 600


def chromium_args() -> list[str]:
    """The browser tests' Chromium flags (harness/browsers/chromium.py)."""
    from browsers.chromium import ARGS

    return list(ARGS)


def log(text: str) -> None:
    print(f"bench: {text}", flush=True)


def build_site() -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    proc = subprocess.run([str(MKDOCS), "build", "--strict", "--site-dir", str(SITE_DIR)], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"bench: mkdocs build --strict failed:\n{proc.stderr[-2000:]}")
    return seconds


def _timed(text: str, calls: int) -> dict:
    from guide_engine.api import handle_json

    for _ in range(3):
        handle_json(text)
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        handle_json(text)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"n": calls, "p50_ms": statistics.median(times), "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]}


def cpython_timings(work: dict, calls: int) -> dict:
    """The engine's JSON entry point (what the worker calls) timed in this CPython: the quiz,
    and a review as the page sends it (the saved weeks by revision) at 52 and 520 weeks."""
    from guide_engine.api import handle_json

    out = {"quiz": _timed(json.dumps({"v": 1, "id": 1, "type": "quiz", "data": work["requests"]["quiz"]}), calls)}
    for name, key in (("review52", "store"), ("review520", "store520")):
        doc = work[key]
        opened = json.loads(handle_json(json.dumps({"v": 1, "id": 1, "type": "weeks_open", "data": {"text": json.dumps(doc)}})))
        data = {"week": doc["weeks"][-1], "base": opened["data"]["rev"]}
        out[name] = _timed(json.dumps({"v": 1, "id": 1, "type": "weeks_review", "data": data}), calls)
    return out


def run_phone(origin: str, work_file: Path, calls: int) -> dict:
    group, why = cgroup.create()
    if group is None:
        log(f"CPU cgroup not available ({why}): measuring UNTHROTTLED, figures are marked")
    with tempfile.TemporaryDirectory(prefix="bench-phone-") as tmp:
        cfg_file, out_file = Path(tmp) / "config.json", Path(tmp) / "out.json"
        cfg_file.write_text(json.dumps({
            "origin": origin, "chromium": CHROMIUM, "args": chromium_args(), "network": NETWORK,
            "workload": str(work_file), "calls": calls, "cgroup": str(group) if group else None, "cgroup_note": why,
            "ready_timeout_s": 240}))
        try:
            proc = subprocess.run([sys.executable, str(BENCH / "phone.py"), str(cfg_file), str(out_file)],
                                  timeout=PHONE_TIMEOUT_S, capture_output=True, text=True)
            if not out_file.exists():
                return {"errors": [f"phone.py exited {proc.returncode}: {proc.stderr.strip()[-600:]}"],
                        "cgroup_applied": False}
            return json.loads(out_file.read_text())
        except subprocess.TimeoutExpired:
            return {"errors": [f"phone measurements did not finish in {PHONE_TIMEOUT_S} s"], "cgroup_applied": False}
        finally:
            cgroup.remove(group)


def run_engines(origin: str, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        out_file = Path(tmp) / "out.json"
        try:
            proc = subprocess.run([sys.executable, str(BENCH / "engines.py"), origin, str(out_file), str(runs)],
                                  timeout=ENGINES_TIMEOUT_S, capture_output=True, text=True)
        except subprocess.TimeoutExpired:
            proc = None
        found = json.loads(out_file.read_text()) if out_file.exists() else {"engines": {}}
        if proc is None:
            found["error"] = f"engine measurements did not finish in {ENGINES_TIMEOUT_S} s"
        elif proc.returncode != 0:
            found["error"] = f"engines.py exited {proc.returncode}: {proc.stderr.strip()[-600:]}"
        return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50, help="engine calls per latency figure (default 50)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-phone", action="store_true")
    parser.add_argument("--skip-activities", action="store_true")
    parser.add_argument("--skip-engines", action="store_true")
    parser.add_argument("--engine-runs", type=int, default=2, help="fresh profiles per engine for the engine-start figures (default 2)")
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    args = parser.parse_args()
    started = time.time()
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine.facts(CHROMIUM),
                     "network_profile": NETWORK, "pages": PAGES}
    results["machine"]["lighthouse"] = lighthouse.version()
    load = machine.load_average()
    results["machine"]["load_average_at_start"] = load
    if load[0] > 1.0:
        log(f"WARNING: the machine is busy (load average {load[0]:.1f} on {os.cpu_count()} cores): "
            "other processes share the CPU, so timings will be slower and noisier than on a quiet machine")

    log("checking the workload (complete quiz, 52 and 520 weeks) in CPython")
    work = workload.check()
    log("building the site: mkdocs build --strict")
    results["build_seconds"] = round(build_site(), 2)
    log(f"built in {results['build_seconds']} s; building the bare reference page")
    bare_site, bare_tmp = reference.build(MKDOCS, ROOT / "mkdocs.yml", server.DEFAULT_SITE_URL)

    servers = []
    try:
        site_srv, origin = server.start(SITE_DIR)
        servers.append(site_srv)
        bare_srv, bare_origin = server.start(bare_site)
        servers.append(bare_srv)
        results["python_bytes_by_encoding"] = site_srv.site.encoded_sizes("pyodide/")
        log(f"serving the site on {origin} and the bare page on {bare_origin} (brotli or gzip, cache headers)")

        if not args.skip_lighthouse:
            results["lighthouse"] = {}
            targets = {**{k: origin + v for k, v in PAGES.items()}, "bare": bare_origin}
            for name, url in targets.items():
                log(f"lighthouse (mobile): {name} {url}")
                results["lighthouse"][name] = lighthouse.run(url, CHROMIUM)

        if not args.skip_phone:
            with tempfile.TemporaryDirectory(prefix="bench-work-") as tmp:
                work_file = Path(tmp) / "workload.json"
                work_file.write_text(json.dumps({**work["requests"], "store": work["store"], "store520": work["store520"]}))
                log(f"phone: Chromium on half a core (cgroup v1) and {NETWORK['name']}; this takes a few minutes")
                results["phone"] = run_phone(origin, work_file, args.calls)
            for err in results["phone"].get("errors", []):
                log(f"phone: ERROR {err}")

        if not args.skip_engines:
            log("engines: Chromium, WebKitGTK and Firefox ESR, first and repeat visits, full CPU, loopback")
            results["engines"] = run_engines(origin, args.engine_runs)
            for name, found in results["engines"].get("engines", {}).items():
                if "error" in found:
                    log(f"engines: {name}: ERROR {found['error']}")
            if "error" in results["engines"]:
                log(f"engines: ERROR {results['engines']['error']}")

        log("CPython engine timings")
        results["cpython"] = cpython_timings(work, args.calls)
        if not args.skip_activities:
            log("activity import: CPython and Pyodide under Node (one full core); about 2 minutes")
            results["activities"] = activities.measure(SITE_DIR)
    finally:
        for srv in servers:
            server.stop(srv)
        bare_tmp.cleanup()

    results["machine"]["load_average_at_end"] = machine.load_average()
    results["seconds_total"] = round(time.time() - started, 1)
    rows = budget.rows(results)
    results["budget"] = [{"figure": a, "value": b, "goal": c, "met": d} for a, b, c, d in rows]
    Path(args.output).write_text(json.dumps(results, indent=1, default=str))
    m = results["machine"]
    print()
    print(f"Machine: {m['cpu_model']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['chromium']}; "
          f"Lighthouse {m['lighthouse']}; CPU limit applied: {'yes' if results.get('phone', {}).get('cgroup_applied') else 'no'}; "
          f"load average {m['load_average_at_start'][0]:.1f} at start, {m['load_average_at_end'][0]:.1f} at end")
    print(budget.table(rows))
    missed = [r for r in rows if r[3] is False]
    print(f"\n{len(missed)} of {sum(1 for r in rows if r[3] is not None)} goals missed; "
          f"results in {os.path.relpath(args.output, ROOT)}; took {results['seconds_total']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
