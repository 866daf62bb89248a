"""A static host for the benchmark, as a real one would serve the built site.

``http.server`` with ``gzip`` and the ``brotli`` package. At start every file of the
site is read once and, when its type compresses, compressed once: gzip level 6 (a
typical nginx or CDN setting) and brotli quality 11 (what hosts that precompress
static files serve: Netlify, Cloudflare Pages, nginx ``brotli_static``). Brotli copies
are kept in ``build/bench-brotli/`` by content hash, since quality 11 takes about
35 s for the 9.6 MB wasm. A request gets brotli when it accepts ``br``, else gzip
when it accepts that, with ``Content-Encoding`` and ``Vary: Accept-Encoding``.
``encoded_sizes()`` reports the Python runtime's bytes under each encoding, so the
figure for a gzip-only host (GitHub Pages) is printed too.

Cache headers are what an honest deployment would send:

* ``pyodide/<version>/`` and Material's hashed bundles (``*.<8 hex>.min.js|css``):
  ``public, max-age=31536000, immutable`` -- except the two files of that folder
  that change with every build of the engine under an unchanged name
  (``pyodide-lock.json`` and the engine wheel), which get ``no-cache``;
* HTML, ``sw.js`` and every other unhashed file: ``no-cache`` (revalidated, with
  an ``ETag``, so a repeat visit costs a 304, not a download).

``sitemap.xml`` is rewritten to this server's origin (Material's instant
navigation only follows links listed there, and compares ports), as
``tests/conftest.py`` does. Every response is counted (path, status, bytes on
the wire) so a visit's transfer can be read back from ``/__bench__/stats``,
which only the benchmark asks for and which is never counted.
"""

from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import re
import socketserver
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import brotli

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # site_url in mkdocs.yml when SITE_URL is not set

MIME = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".gz": "application/gzip",
    ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
    ".zip": "application/zip", ".whl": "application/zip", ".map": "application/json",
    ".woff2": "font/woff2", ".woff": "font/woff",
}
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".txt", ".svg", ".wasm", ".webmanifest", ".map"}
HASHED_ASSET = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")
PYODIDE_DIR = re.compile(r"^pyodide/[^/]+/")
LONG = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
STATS_PATH = "/__bench__/stats"
BROTLI_CACHE = Path(__file__).resolve().parents[1] / "build" / "bench-brotli"


def brotli_copy(body: bytes) -> bytes:
    """``body`` at brotli quality 11, from the on-disk cache when it was made before."""
    key = BROTLI_CACHE / f"{hashlib.sha256(body).hexdigest()}.br"
    if key.exists():
        return key.read_bytes()
    packed = brotli.compress(body, quality=11)
    BROTLI_CACHE.mkdir(parents=True, exist_ok=True)
    tmp = key.with_suffix(".tmp")
    tmp.write_bytes(packed)
    tmp.replace(key)
    return packed


def cache_control(rel: str) -> str:
    """The Cache-Control a careful host sends for a site-relative path."""
    if PYODIDE_DIR.match(rel):
        name = rel.rsplit("/", 1)[-1]
        # Rebuilt with every engine change under the same name: must be revalidated.
        if name == "pyodide-lock.json" or name.endswith(".whl"):
            return REVALIDATE
        return LONG
    if HASHED_ASSET.search(rel):
        return LONG
    return REVALIDATE


class Entry:
    """One file held in memory: its bytes, its gzip copy if worth it, headers."""

    __slots__ = ("body", "gz", "br", "ctype", "etag", "cache")

    def __init__(self, body: bytes, rel: str):
        suffix = Path(rel).suffix.lower()
        self.body = body
        self.gz = self.br = None
        if suffix in COMPRESSIBLE and len(body) > 256:
            packed = gzip.compress(body, compresslevel=6, mtime=0)
            if len(packed) < len(body):
                self.gz = packed
                self.br = brotli_copy(body)
        self.ctype = MIME.get(suffix, "application/octet-stream")
        self.etag = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
        self.cache = cache_control(rel)


class Site:
    """The whole built site, precompressed once."""

    def __init__(self, root: Path, site_url: str = DEFAULT_SITE_URL):
        self.root = root
        self.site_url = site_url
        self.files: dict[str, Entry] = {}
        started = time.perf_counter()
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            self.files[rel] = Entry(path.read_bytes(), rel)
        self.load_seconds = time.perf_counter() - started

    def encoded_sizes(self, prefix: str = "pyodide/") -> dict:
        """Bytes of the files under ``prefix`` as each kind of host would send them."""
        entries = [e for rel, e in self.files.items() if rel.startswith(prefix)]
        return {
            "identity": sum(len(e.body) for e in entries),
            "gzip": sum(len(e.gz or e.body) for e in entries),
            "br": sum(len(e.br or e.body) for e in entries),
        }

    def set_origin(self, origin: str) -> None:
        """Rewrite sitemap.xml (and its .gz twin) to the origin the site is served from."""
        for rel in ("sitemap.xml",):
            if rel in self.files:
                text = self.files[rel].body.replace(self.site_url.encode(), origin.encode())
                self.files[rel] = Entry(text, rel)
        if "sitemap.xml.gz" in self.files and "sitemap.xml" in self.files:
            self.files["sitemap.xml.gz"] = Entry(gzip.compress(self.files["sitemap.xml"].body, mtime=0), "sitemap.xml.gz")

    def lookup(self, url_path: str) -> tuple[str | None, Entry | None, bool]:
        """(relative path, entry, redirect-to-slash) for a URL path."""
        rel = unquote(url_path).lstrip("/")
        if ".." in rel.split("/"):
            return None, None, False
        if rel == "" or rel.endswith("/"):
            rel = rel + "index.html"
        elif rel not in self.files and f"{rel}/index.html" in self.files:
            return rel, None, True
        return rel, self.files.get(rel), False


class Traffic:
    """Thread-safe log of what was sent: (seconds, path, status, wire bytes, encoding)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[float, str, int, int, str]] = []

    def add(self, path: str, status: int, wire: int, encoding: str) -> None:
        with self.lock:
            self.rows.append((time.time(), path, status, wire, encoding))

    def since(self, mark: float) -> list[tuple[float, str, int, int, str]]:
        with self.lock:
            return [r for r in self.rows if r[0] >= mark]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    server_version = "bench-static"
    sys_version = ""

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.respond(head=True)

    def do_GET(self):
        self.respond(head=False)

    def respond(self, head: bool) -> None:
        site: Site = self.server.site
        parts = urlsplit(self.path)
        if parts.path == STATS_PATH:
            return self.stats(parts.query)
        rel, entry, slash = site.lookup(parts.path)
        if slash:
            return self.send_simple(301, b"", {"Location": parts.path + "/" + (f"?{parts.query}" if parts.query else ""), "Cache-Control": REVALIDATE})
        status = 200
        if entry is None:
            status, entry = 404, site.files.get("404.html")
            if entry is None:
                return self.send_simple(404, b"not found", {"Content-Type": "text/plain"})
        headers = {"Content-Type": entry.ctype, "Cache-Control": entry.cache if status == 200 else REVALIDATE,
                   "ETag": entry.etag, "X-Content-Type-Options": "nosniff"}
        if entry.gz is not None:
            headers["Vary"] = "Accept-Encoding"
        if status == 200 and entry.etag in self.headers.get("If-None-Match", ""):
            return self.send_simple(304, b"", {k: v for k, v in headers.items() if k != "Content-Type"}, count_as=self.path)
        accepted = {t.split(";")[0].strip() for t in self.headers.get("Accept-Encoding", "").split(",")}
        encoding, body = "", entry.body
        if entry.br is not None and "br" in accepted:
            encoding, body = "br", entry.br
        elif entry.gz is not None and "gzip" in accepted:
            encoding, body = "gzip", entry.gz
        if encoding:
            headers["Content-Encoding"] = encoding
        self.send_simple(status, body, headers, head=head, count_as=self.path, encoding=encoding)

    def send_simple(self, status, body, headers, head=False, count_as=None, encoding=""):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        if count_as is not None:
            wire = len(body) if not head else 0
            self.server.traffic.add(count_as, status, wire + 200, encoding)  # ~200 bytes of headers

    def stats(self, query: str) -> None:
        mark = float(query.split("since=", 1)[1]) if "since=" in query else 0.0
        rows = self.server.traffic.since(mark)
        body = json.dumps({"now": time.time(), "rows": rows}).encode()
        self.send_simple(200, body, {"Content-Type": "application/json", "Cache-Control": "no-store"})


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a browser dropping a connection is not a benchmark failure


def start(root: Path, site_url: str = DEFAULT_SITE_URL) -> tuple[Server, str]:
    """Precompress ``root`` and serve it on 127.0.0.1 at a free port; returns (server, origin/)."""
    site = Site(root, site_url)
    server = Server(("127.0.0.1", 0), Handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    site.set_origin(origin)
    server.site = site
    server.traffic = Traffic()
    threading.Thread(target=server.serve_forever, name=f"bench-server-{origin}", daemon=True).start()
    return server, origin


def stop(server: Server) -> None:
    server.shutdown()
    server.server_close()


if __name__ == "__main__":  # manual use: python bench/server.py site/
    import sys

    srv, url = start(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))
    print(f"serving on {url} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        stop(srv)
