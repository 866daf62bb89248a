"""A phone-class CPU for the browser: a cgroup v1 ``cpu`` child group at half a core.

DevTools CPU throttling slows the page's main thread but not a Web Worker, where
Python runs; a CPU cgroup slows the whole browser. :func:`create` makes the group
(cpu.cfs_period_us 100000, cpu.cfs_quota_us 50000), a process joins it with
:func:`join` (writing its own PID into ``cgroup.procs`` before it starts Chromium,
so every child inherits the limit), and :func:`remove` moves any leftover process
back to the root group and deletes the group.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

CPU_ROOT = Path("/sys/fs/cgroup/cpu")
PERIOD_US = 100_000
QUOTA_US = 50_000  # half a core


def create(name: str | None = None) -> tuple[Path | None, str]:
    """Make the throttled group; returns (path, "") or (None, why it could not be made)."""
    name = name or f"trainsmart-bench-{os.getpid()}"
    if not (CPU_ROOT / "cgroup.procs").exists():
        return None, f"no cgroup v1 cpu controller at {CPU_ROOT}"
    group = CPU_ROOT / name
    try:
        group.mkdir(exist_ok=True)
        (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
        (group / "cpu.cfs_quota_us").write_text(str(QUOTA_US))
    except OSError as err:
        try:
            group.rmdir()
        except OSError:
            pass
        return None, f"cannot write {group}: {err.strerror or err}"
    return group, ""


def join(group: Path) -> bool:
    """Move the calling process into ``group``; True if /proc/self/cgroup then shows it."""
    (group / "cgroup.procs").write_text(str(os.getpid()))
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(",") and path.rstrip("/").endswith(group.name):
            return True
    return False


def remove(group: Path | None) -> None:
    """Move leftover processes back to the root group, then delete the group (bounded)."""
    if group is None or not group.exists():
        return
    for _ in range(50):
        try:
            pids = [p for p in (group / "cgroup.procs").read_text().split() if p]
        except OSError:
            pids = []
        for pid in pids:
            try:
                (CPU_ROOT / "cgroup.procs").write_text(pid)
            except OSError:
                pass  # the process ended meanwhile
        try:
            group.rmdir()
            return
        except OSError:
            time.sleep(0.1)
