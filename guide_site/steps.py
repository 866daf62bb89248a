"""The two build steps around a generator's run: :func:`check` before, :func:`finish` after.

Whichever generator wrote the site (MkDocs through ``guide_site/mkdocs_hook.py``,
Zensical through ``make build-zensical``), :func:`finish` takes the built folder and
makes it the site readers get: the Python runtime, the wheels and the lock file
(``runtime.py``), the pinned front-end libraries (``vendor.py``), the build's facts in every page (``pages.py``), the links only a
step after the generator can resolve (``links.py``), the Content-Security-Policy
(``csp.py``) and last the offline manifest (``offline.py``), which lists the files
the steps before it wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import csp, links, offline, pages, runtime, vendor
from .errors import BuildError
from .tool_forms import SITE_ROOT

TOKEN = re.compile(rb"__GUIDE_[A-Z_]+__|" + re.escape(SITE_ROOT.encode()))
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".mjs", ".css", ".txt", ".webmanifest"}


def check() -> None:
    """Validate the engine's content files and the build's inputs; raises :class:`BuildError`.

    Runs before either generator: a bad content file fails the build with the file and
    the field at fault, before any page is rendered from it.
    """
    from guide_engine import content

    content.load.cache_clear()  # `mkdocs serve`: pick up edited content files
    try:
        content.check_content()
    except content.ContentError as exc:
        raise BuildError(f"Engine content is invalid: guide_engine/data/{exc}") from exc
    runtime.pyodide_version()  # node_modules/pyodide is there
    runtime.reader_pins()  # readers.txt reads


def leftover_tokens(site: Path) -> list[str]:
    """Files of ``site`` that still hold a ``__GUIDE_…__`` or site-root token, with the token."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            match = TOKEN.search(path.read_bytes())
            if match:
                found.append(f"{path.relative_to(site)}: {match.group().decode()}")
    return found


def finish(site: Path, *, with_csp: bool = True) -> dict:
    """Finish the built site in ``site``; returns the facts written into its pages.

    ``with_csp=False`` leaves the policy out (``mkdocs serve`` injects an inline
    live-reload script that a policy would block).
    """
    from guide_engine import ENGINE_VERSION
    from guide_engine.api import source_digest

    site = Path(site)
    if not (site / "index.html").is_file():
        raise BuildError(f"{site} holds no built site (no index.html)")
    check()
    installed = runtime.install(site)
    # The page's build id is the wheel's: the worker computes it from the wheel it loads.
    # The wheel must hold the engine as it is in the repository, or the id means nothing.
    source = source_digest.__wrapped__()  # not the cached one: `mkdocs serve` rebuilds after edits
    if installed.engine_digest != source:
        raise BuildError(f"{installed.engine_wheel.name} does not hold guide_engine/ as it is in the repository "
                         f"(digest {installed.engine_digest[:16]} against {source[:16]}): a file left out of the wheel?")
    vendor.apply(site)
    page_facts = pages.facts(ENGINE_VERSION, installed.engine_digest, installed.version, runtime.READERS_PACKAGE)
    pages.apply(site, page_facts)
    links.apply(site)
    if with_csp:
        csp.apply(site)
    leftover = leftover_tokens(site)
    if leftover:
        raise BuildError("placeholders nobody filled in:\n  " + "\n  ".join(leftover))
    offline.write_service_worker(site)
    return page_facts
