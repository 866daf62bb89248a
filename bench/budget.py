"""The budget: each figure beside its goal, and the one table ``make bench`` prints.

A row is (figure, value, goal, met) where ``met`` is True, False or None (no goal:
shown for context). :func:`rows` reads the collected results; :func:`table`
formats them for the terminal.
"""

from __future__ import annotations

MB = 1_000_000


def _ms(x):
    return "–" if x is None else f"{x:,.0f} ms"


def _s(x):
    return "–" if x is None else f"{x:.1f} s"


def _bytes(x):
    return "–" if x is None else f"{x / MB:.2f} MB" if x >= 100_000 else f"{x / 1000:.1f} kB"


def _score(x):
    return "–" if x is None else f"{x:.2f}"


FRAME_MS = 1000 / 60


IMPORT_LABELS = {"fit_1h": "1-hour FIT", "fit_3h": "3-hour FIT", "strava_csv_1000": "Strava CSV, 1,000 rows",
                 "zip_200": "zip of 200 FIT files"}  # bench/activities.py's workloads


def _check(value, ok):
    return None if value is None else bool(ok)


def rows(r: dict) -> list[tuple[str, str, str, bool | None]]:
    out: list[tuple[str, str, str, bool | None]] = []
    add = out.append
    lh = r.get("lighthouse", {})
    ph = r.get("phone", {})
    tag = "" if ph.get("cgroup_applied") else " [CPU NOT THROTTLED]"

    b = r.get("build_seconds")
    add(("Full site build (mkdocs build --strict)", _s(b), "<= 15 s", _check(b, b is not None and b <= 15)))

    bare = lh.get("bare", {})
    for key, label in (("article", "Article guide/easy-runs/"), ("quiz", "Quiz page"), ("checklist", "Checklist page"),
                       ("bare", "Bare Material page (reference)")):
        x = lh.get(key, {})
        if "error" in x:
            add((f"LH {label}", "error: " + x["error"][:60], "", False))
            continue
        perf, a11y = x.get("performance"), x.get("accessibility")
        if key == "article":
            add((f"LH {label}: performance", _score(perf), ">= 0.98", _check(perf, perf is not None and perf >= 0.98)))
            lcp, ref = x.get("lcp_ms"), bare.get("lcp_ms")
            add((f"LH {label}: LCP", _ms(lcp), f"<= bare page ({_ms(ref)})",
                 _check(lcp if ref is not None else None, lcp is not None and ref is not None and lcp <= ref)))
            add((f"LH {label}: TBT", _ms(x.get("tbt_ms")), "", None))
        elif key in ("quiz", "checklist"):
            add((f"LH {label}: performance", _score(perf), ">= 0.95", _check(perf, perf is not None and perf >= 0.95)))
            tbt = x.get("tbt_ms")
            add((f"LH {label}: TBT", _ms(tbt), "<= 50 ms", _check(tbt, tbt is not None and tbt <= 50)))
            add((f"LH {label}: LCP", _ms(x.get("lcp_ms")), "", None))
        else:
            add((f"LH {label}: performance", _score(perf), "(reference)", None))
            add((f"LH {label}: LCP / TBT", f"{_ms(x.get('lcp_ms'))} / {_ms(x.get('tbt_ms'))}", "(reference)", None))
        if key == "bare":
            add((f"LH {label}: accessibility", _score(a11y), "(reference)", None))
        else:
            add((f"LH {label}: accessibility", _score(a11y), "1.00", _check(a11y, a11y == 1)))
        add((f"LH {label}: FCP / bytes", f"{_ms(x.get('fcp_ms'))} / {_bytes(x.get('bytes'))}", "", None))

    art, qf, qr = ph.get("article", {}), ph.get("quiz_first", {}), ph.get("quiz_repeat", {})
    cf, cr = ph.get("checklist_first", {}), ph.get("checklist_returning", {})
    for label, v in (("article", art), ("quiz", qf), ("checklist", cf)):
        if v:
            page = v.get("page_bytes_network", 0) + v.get("worker_bytes_network", 0)
            add((f"Phone: bytes, first visit, {label} (page + worker)", _bytes(page), "", None))
            add((f"Phone: bytes on the wire, {label} (+ SW precache)", _bytes(v.get("wire_bytes_total")), "", None))
    py = qf.get("wire_bytes_python_until_ready")
    add(("Phone: Python bytes, first tool visit (as sent: brotli)", _bytes(py), "<= 5 MB", _check(py, py is not None and py <= 5 * MB)))
    enc = r.get("python_bytes_by_encoding")
    if enc:
        add(("Python runtime files, as a gzip-only host sends them", _bytes(enc["gzip"]), "<= 5 MB",
             _check(enc["gzip"], enc["gzip"] <= 5 * MB)))
        add(("Python runtime files: uncompressed / brotli", f"{_bytes(enc['identity'])} / {_bytes(enc['br'])}", "", None))

    fcp, radio = qf.get("fcp_ms"), qf.get("radio_ms")
    add(("Phone: quiz first contentful paint", _ms(fcp) + tag, "", None))
    # The radios are in the HTML, enabled; the page checks for them once per animation
    # frame, so "at FCP" means within the frame (16.7 ms) after it.
    add(("Phone: quiz first radio shown and enabled", _ms(radio) + tag, "at FCP (within one frame of it)",
         _check(radio if fcp is not None else None, radio is not None and fcp is not None and radio <= fcp + FRAME_MS)))
    add(("Phone: quiz script mounted", _ms(qf.get("mounted_ms")) + tag, "", None))
    add(("Phone: engine ready, first visit (quiz)", _ms(qf.get("ready_ms")) + tag, "", None))
    add(("Phone: engine ready, first visit (checklist)", _ms(cf.get("ready_ms")) + tag, "", None))
    rep = qr.get("ready_ms")
    add((f"Phone: engine ready, repeat visit (quiz; boot: {qr.get('boot')})", _ms(rep) + tag, "<= 3,000 ms", _check(rep, rep is not None and rep <= 3000)))
    for key, label in (("checklist_returning", "52"), ("checklist_returning520", "520")):
        x = ph.get(key, {})
        seen = x.get("seen_ms")  # painted on the screen, not only put in the page
        ready = x.get("ready_ms")
        add((f"Phone: returning reader with {label} weeks sees history + last findings (painted)", _ms(seen) + tag,
             f"<= 1,000 ms, before engine ready ({_ms(ready)})",
             _check(seen, seen is not None and ready is not None and seen <= 1000 and seen < ready)))
    for label, v in (("quiz first", qf), ("quiz repeat", qr), ("checklist first", cf), ("checklist returning", cr)):
        if v:
            add((f"Phone: longest main-thread task while engine loads ({label})", _ms(v.get("longest_task_ms")) + tag, "", None))

    lq = ph.get("latency_quiz", {})
    add(("Phone: engine call quiz p50 / p95 (calls 300 ms apart)", f"{_ms(lq.get('p50_ms'))} / {_ms(lq.get('p95_ms'))}".replace(" ms /", " /") + tag,
         "p95 <= 10 ms", _check(lq.get("p95_ms"), lq.get("p95_ms") is not None and lq["p95_ms"] <= 10)))
    for n in (52, 520):
        lr = ph.get(f"latency_review{n}", {})
        add((f"Phone: engine call {n}-week review p50 / p95 (as the page sends it, 300 ms apart)",
             f"{_ms(lr.get('p50_ms'))} / {_ms(lr.get('p95_ms'))}".replace(" ms /", " /") + tag,
             "p95 <= 50 ms", _check(lr.get("p95_ms"), lr.get("p95_ms") is not None and lr["p95_ms"] <= 50)))
    for key, label in (("latency_quiz_back_to_back", "quiz"), ("latency_review52_back_to_back", "52-week review"),
                       ("latency_review520_back_to_back", "520-week review")):
        x = ph.get(key)
        if x:
            add((f"Phone: engine call {label} p50 / p95, back to back", f"{_ms(x.get('p50_ms'))} / {_ms(x.get('p95_ms'))}".replace(" ms /", " /") + tag,
                 "(comparison)", None))
    eng = r.get("engines", {}).get("engines", {})
    for name, x in eng.items():
        if "error" in x:
            add((f"{name}: engine ready (quiz, full CPU, loopback)", "error: " + x["error"][:60], "", None))
            continue
        late = any(v.get("seen_late") for v in x.get("first", []) + x.get("repeat", []))
        add((f"{name} {x.get('version', '?')}: engine ready, first / repeat visit (quiz, full CPU, loopback)",
             f"{_ms(x.get('first_median_ms'))} / {_ms(x.get('repeat_median_ms'))}" + (" (upper bound)" if late else ""),
             "(figure, not a goal)", None))
    cp = r.get("cpython", {})
    for kind, label in (("quiz", "quiz"), ("review52", "52-week review"), ("review520", "520-week review")):
        x = cp.get(kind)
        if x:
            add((f"CPython {r.get('machine', {}).get('python', '')}: {label} p50 / p95", f"{x['p50_ms']:.2f} / {x['p95_ms']:.2f} ms",
                 "(comparison)", None))
    ac = r.get("activities")
    if ac:
        for where, key in (("CPython", "cpython"), ("Pyodide in Node, 1 core", "pyodide_node")):
            side = ac.get(key) or {}
            if "error" in side:
                add((f"Import, {where}", "error: " + side["error"][:60], "", False))
                continue
            for name, label in IMPORT_LABELS.items():
                x = side.get(name)
                if x:
                    value = _ms(x["first_ms"]) + (f" (repeat {_ms(x['repeat_ms'])})" if x.get("repeat_ms") is not None else "")
                    add((f"Import, {where}: {label}", value, "(comparison)", None))
        rb = (ac.get("reader_bytes") or {}).get("total")
        if rb:
            add(("Import: bytes the readers add on first import (3 wheels, as sent)", _bytes(rb["file"]), "<= 400 kB",
                 _check(rb["file"], rb["file"] <= 400_000)))
    imp = ph.get("import")
    if imp:
        if "fit_1h" in imp:
            first = imp["fit_1h"]["first_ms"]
            add((f"Phone{tag}: first import of a 1-hour FIT, tap to preview (fetches the readers)", _ms(first), "(shown)", None))
        for name, label in IMPORT_LABELS.items():
            x = imp.get(name)
            if not x:
                continue
            limit = {"fit_1h": 1000, "strava_csv_1000": 2000}.get(name)
            add((f"Phone{tag}: import {label}, tap to preview (median)", _ms(x["median_ms"]),
                 f"<= {limit / 1000:g} s" if limit else "(shown)",
                 _check(x["median_ms"], x["median_ms"] <= limit) if limit else None))
    nc = ph.get("network_check", {})
    if nc.get("checked"):
        add(("Slow-4G profile slows the worker's downloads", "yes" if nc["applies_to_worker"] else "NO",
             f"{nc['file']}: {nc['took_ms']:,} ms (>= {nc['at_profile_min_ms']:,} at profile)", None))
    add(("CPU limit (cgroup v1, half a core) applied", "yes" if ph.get("cgroup_applied") else "NO: " + (ph.get("cgroup_note") or "?"),
         "", None))
    return out


def table(rs: list[tuple[str, str, str, bool | None]]) -> str:
    heads = ("figure", "value", "goal", "met?")
    cells = [(a, b, c, "" if d is None else ("yes" if d else "NO")) for a, b, c, d in rs]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(heads)]
    line = lambda row: " | ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip()  # noqa: E731
    sep = "-+-".join("-" * w for w in widths)
    return "\n".join([line(heads), sep, *(line(row) for row in cells)])
