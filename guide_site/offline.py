"""Offline support and installability for a built site.

:func:`write_service_worker` lists every file of the site with its sha256 and writes
``<site>/sw.js`` as the precache manifest (JSON data) followed by the service
worker's code from ``overrides/sw.js``. The Python runtime and the engine wheel
are marked ``lazy``: cached once a tool page has used them, never on article pages.
The activity readers' wheels (the ``guide-engine-readers`` package and what it
depends on, read from the site's lock file) are ``lazy`` and ``on_use``: cached
only when the page first fetches them, when a reader imports files, so neither a
first visit nor the engine's caching downloads them. It runs last, once the runtime
and the wheels are in the site and every page is finished (``steps.py``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAZY_PREFIXES = ("pyodide/",)
ON_USE_PACKAGE = "guide-engine-readers"
SKIP = {"sw.js"}


def _url(rel: str) -> str:
    """The URL a page uses for a file: directory URLs for index pages."""
    if rel == "index.html":
        return "./"
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def reader_files(site: Path) -> set[str]:
    """Site paths of the wheels of ON_USE_PACKAGE and its dependencies, from each lock file."""
    found = set()
    for lock_file in site.glob("pyodide/*/pyodide-lock.json"):
        packages = json.loads(lock_file.read_text(encoding="utf-8"))["packages"]
        todo, seen = [ON_USE_PACKAGE] if ON_USE_PACKAGE in packages else [], set()
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(packages[name].get("depends", ()))
                found.add((lock_file.parent / packages[name]["file_name"]).relative_to(site).as_posix())
    return found


def precache_manifest(site: Path) -> dict:
    """``{version, files: [{url, hash, lazy, on_use?}]}`` for every file of ``site`` but ``sw.js``."""
    files = []
    on_use = reader_files(site)
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel in SKIP or rel.endswith((".map", ".gz", ".br")):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        entry = {"url": _url(rel), "hash": digest, "lazy": rel.startswith(LAZY_PREFIXES)}
        if rel in on_use:
            entry["on_use"] = True
        files.append(entry)
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return {"version": version, "files": files}


def write_service_worker(site: Path) -> dict:
    """Write ``<site>/sw.js``: the manifest as data, then the worker's code; returns the manifest."""
    manifest = precache_manifest(site)
    body = (ROOT / "overrides" / "sw.js").read_text(encoding="utf-8")
    (site / "sw.js").write_text(f"const PRECACHE = {json.dumps(manifest, sort_keys=True)};\n{body}", encoding="utf-8")
    return manifest
