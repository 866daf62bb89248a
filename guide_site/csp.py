"""A strict Content-Security-Policy on every page of a built site, the 404 page included.

No ``unsafe-inline`` for scripts: the theme's few inline scripts are allowed by their
sha256, computed from the built HTML, so the policy follows whichever generator and
theme version wrote the pages. Every page gets the same policy, the union of all
pages' hashes (instant navigation keeps the first page's policy for the whole visit),
as a ``<meta>`` right after ``<meta charset="utf-8">``, before any script. The page
runs no WebAssembly itself (Python runs in the worker), so the page policy needs no
``wasm-unsafe-eval``; see the README for the header a host can send, which must also
cover the worker.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from .errors import BuildError

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
DATA_TYPES = ("application/json", "application/ld+json")
CHARSET = '<meta charset="utf-8">'
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
          "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")


def inline_script_hashes(html: str) -> set[str]:
    """CSP sources (``'sha256-…'``) for the page's inline scripts; data islands need none."""
    found = set()
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or any(t in attrs for t in DATA_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        found.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return found


def policy_for(hashes: set[str]) -> str:
    """The site's policy allowing exactly ``hashes`` as inline scripts."""
    return POLICY.format(hashes=" ".join(sorted(hashes)))


def apply(site: Path) -> str:
    """Write the policy into every HTML page of ``site`` (again if already there); returns it."""
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    hashes = set().union(*(inline_script_hashes(text) for text in pages.values()))
    policy = policy_for(hashes)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    for path, text in pages.items():
        if META.search(text):
            text = META.sub(meta, text, count=1)
        elif CHARSET in text:
            text = text.replace(CHARSET, f"{CHARSET}\n    {meta}", 1)
        else:
            raise BuildError(f"{path.relative_to(site)}: no {CHARSET} to put the Content-Security-Policy after")
        path.write_text(text, encoding="utf-8")
    return policy
