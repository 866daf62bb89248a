"""What machine the figures come from: CPU, cores, memory, browser and tool versions."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from pathlib import Path


def _first(pattern: str, text: str) -> str:
    m = re.search(pattern, text, re.M)
    return m.group(1).strip() if m else ""


def _run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def load_average() -> list[float]:
    """1, 5 and 15-minute load averages: above about 1 on this 2-core machine, other work skews timings."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return [0.0, 0.0, 0.0]


def facts(chromium: str) -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = _first(r"^MemTotal:\s+(\d+)", meminfo)
    return {
        "cpu_model": _first(r"^model name\s*:\s*(.+)$", cpuinfo) or platform.processor(),
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": round(int(mem_kb) / 1024 / 1024, 1) if mem_kb else None,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "node": _run(["node", "--version"]),
        "chromium": _run([chromium, "--version"]),
    }
