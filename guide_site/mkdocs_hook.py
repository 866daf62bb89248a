"""MkDocs hook: the same two steps a Zensical build runs around ``zensical build``.

``on_config`` checks the engine's content before anything renders; ``on_post_build``
finishes the built site (``python -m guide_site`` does the same from the shell). The
tool forms need no hook: ``guide_site.tool_forms`` is a Markdown extension. It lives
here, not in ``overrides/``, because Zensical copies every file of ``custom_dir`` that
is not a template into the site, Python files included.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from mkdocs.exceptions import PluginError

from guide_site import BuildError, check, finish

_serving = False


def on_startup(command, dirty):
    # `mkdocs serve` injects its live-reload script inline into every page; a policy would
    # block it, so the policy is for built sites only. Its server uses Python's mimetypes:
    # without .wasm, Pyodide's streaming compilation falls back.
    global _serving
    _serving = command == "serve"
    mimetypes.add_type("application/wasm", ".wasm")


def on_config(config):
    try:
        check()
    except BuildError as exc:
        raise PluginError(str(exc)) from exc
    return config


def on_post_build(config):
    try:
        finish(Path(config.site_dir), with_csp=not _serving)
    except BuildError as exc:
        raise PluginError(str(exc)) from exc
