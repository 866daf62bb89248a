"""Build hook: a strict Content-Security-Policy on every page.

No ``unsafe-inline`` for scripts: Material's few inline scripts are allowed by
their sha256, computed here at build time. Each page gets a placeholder in
``on_post_page``; ``on_post_build`` fills it with the union of the hashes of all
pages (instant navigation keeps the first page's policy for the whole visit).
The page runs no WebAssembly itself (Python runs in the worker), so the page
policy needs no ``wasm-unsafe-eval``; see the README for the header version a
host can send, which must also cover the worker.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

PLACEHOLDER = "__GUIDE_CSP__"
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
DATA_TYPES = ("application/json", "application/ld+json")
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
          "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'")

_hashes: set[str] = set()
_serving = False


def on_startup(command, dirty):
    # `mkdocs serve` injects its live-reload script inline into every page after this hook
    # runs; a policy would block it. The policy is for the built site (`mkdocs build`).
    global _serving
    _serving = command == "serve"


def on_pre_build(config):
    _hashes.clear()


def on_post_template(output_content, template_name, config):
    # The 404 page is a static template: it gets the same policy as every page.
    return on_post_page(output_content, None, config) if template_name.endswith(".html") else output_content


def on_post_page(output, page, config):
    if _serving:
        return output
    for match in INLINE_SCRIPT.finditer(output):
        attrs = match.group("attrs")
        if "src=" in attrs or any(t in attrs for t in DATA_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        _hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{PLACEHOLDER}">'
    return output.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n    {meta}', 1)


def on_post_build(config):
    policy = POLICY.format(hashes=" ".join(sorted(_hashes)))
    for path in Path(config.site_dir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER in text:
            path.write_text(text.replace(PLACEHOLDER, policy), encoding="utf-8")
