"""Build hook: offline support and installability.

``on_post_build`` lists every file of the built site with its sha256 and writes
``site/sw.js`` as the precache manifest (JSON data) followed by the service
worker's code from ``overrides/sw.js``. The Python runtime and the engine wheel
are marked ``lazy``: cached once a tool page has used them, never on article pages.
It runs after ``engine_assets.py`` has put the runtime into the site.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAZY_PREFIXES = ("pyodide/",)
SKIP = {"sw.js"}


def _url(rel: str) -> str:
    """The URL a page uses for a file: directory URLs for index pages."""
    if rel == "index.html":
        return "./"
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def precache_manifest(site: Path) -> dict:
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel in SKIP or rel.endswith((".map", ".gz", ".br")):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        files.append({"url": _url(rel), "hash": digest, "lazy": rel.startswith(LAZY_PREFIXES)})
    version = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    return {"version": version, "files": files}


def on_post_build(config):
    site = Path(config.site_dir)
    manifest = precache_manifest(site)
    body = (ROOT / "overrides" / "sw.js").read_text(encoding="utf-8")
    (site / "sw.js").write_text(f"const PRECACHE = {json.dumps(manifest, sort_keys=True)};\n{body}", encoding="utf-8")
