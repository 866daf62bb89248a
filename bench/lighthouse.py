"""Lighthouse (npm ``lighthouse``, pinned in bench/package.json) on one URL.

Mobile form factor (Lighthouse's default) with its default simulated throttling,
Debian's Chromium headless. Run outside the CPU cgroup: Lighthouse already
simulates a slow phone, and throttling it twice would only add noise.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BIN = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox"


def version() -> str:
    try:
        return subprocess.run([str(BIN), "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def run(url: str, chromium: str, timeout_s: int = 240) -> dict:
    """Scores and metrics for ``url``; ``{"error": ...}`` if Lighthouse could not finish."""
    if not BIN.exists():
        return {"error": f"{BIN} is missing: run `npm ci --prefix bench` (make bench does)"}
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        report = Path(tmp) / "report.json"
        cmd = [str(BIN), url, "--output=json", f"--output-path={report}", "--quiet",
               "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}",
               "--max-wait-for-load=60000"]
        env = {**os.environ, "CHROME_PATH": chromium}
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, env=env)
        except subprocess.TimeoutExpired:
            return {"error": f"lighthouse did not finish in {timeout_s} s"}
        if not report.exists():
            return {"error": f"lighthouse exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-400:]}"}
        data = json.loads(report.read_text())
    audits = data["audits"]

    def num(name):
        return audits.get(name, {}).get("numericValue")

    failing = sorted(k for k, a in audits.items()
                     if a.get("score") is not None and a.get("score") < 1 and a.get("scoreDisplayMode") == "binary")
    return {
        "performance": data["categories"]["performance"]["score"],
        "accessibility": data["categories"]["accessibility"]["score"],
        "lcp_ms": num("largest-contentful-paint"), "tbt_ms": num("total-blocking-time"),
        "fcp_ms": num("first-contentful-paint"), "si_ms": num("speed-index"), "cls": num("cumulative-layout-shift"),
        "bytes": num("total-byte-weight"),
        "failing_binary_audits": failing,
        "runtime_error": (data.get("runtimeError") or {}).get("message"),
        "warnings": data.get("runWarnings", []),
    }
