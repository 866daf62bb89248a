"""The build's facts in every page of a built site: what the templates cannot know.

Neither generator runs project code while it renders the theme (Zensical runs no
MkDocs hooks), so the templates leave these to this step, which reads the built site:

* the body of ``<script id="guide-config" type="application/json">`` (in
  ``overrides/main.html``, so on every page) becomes the build's facts as JSON: the
  engine's version and build id, the Pyodide folder, the worker, the readers' package;
* ``__GUIDE_THEME_BUNDLE__`` becomes the theme's hashed bundle (Material's and
  Zensical's differ), which ``main.html`` loads after the site's module;
* a page holding a tool form (``data-guide-component``) gets a ``modulepreload`` link
  per front-end module (``assets/guide/*.mjs``, the worker's ``snapshot`` aside), so
  the browser fetches the whole module graph at once.

Running it again on a finished site changes nothing. (The tool forms' links are
``links.py``'s.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .errors import BuildError
from .links import root_of

BUNDLE = "__GUIDE_THEME_BUNDLE__"
CONFIG = re.compile(r'(<script id="guide-config" type="application/json">)(.*?)(</script>)', re.S)
PRELOAD = re.compile(r'\n?[ \t]*<link rel="modulepreload" href="[^"]*assets/guide/[^"]*">')
TOOL_FORM = re.compile(r'<\w[^>]*\sdata-guide-component="')
WORKER = "assets/engine-worker.mjs"
WORKER_ONLY_MODULES = {"snapshot"}


def facts(engine_version: str, engine_digest: str, pyodide_version: str, readers: str) -> dict:
    """What the page's scripts read from ``#guide-config``."""
    return {
        "engine": engine_version,
        # The engine's source digest: the worker reports the same from the wheel it loaded,
        # and the page refuses to mix a page of one build with another engine.
        "build": engine_digest[:16],
        "pyodide": f"pyodide/{pyodide_version}/",
        "worker": WORKER,
        # Loaded with pyodide.loadPackage only when the reader imports activity files.
        "readers": readers,
    }


def data_island(value: dict) -> str:
    """``value`` as JSON safe inside ``<script>`` (as Jinja's ``tojson`` writes it)."""
    text = json.dumps(value, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace("'", "\\u0027")


def theme_bundle(site: Path) -> str:
    """The file name of the theme's bundle in ``site`` (``bundle.<hash>.min.js``)."""
    found = sorted(p.name for p in (site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(found) != 1:
        raise BuildError(f"expected one theme bundle in {site}/assets/javascripts/, found {found}")
    return found[0]


def page_modules(site: Path) -> list[str]:
    """The page's front-end modules in ``site``, as paths from the site root."""
    return [f"assets/guide/{p.name}" for p in sorted((site / "assets" / "guide").glob("*.mjs"))
            if p.stem not in WORKER_ONLY_MODULES]


def finish_page(text: str, rel: str, *, config: str, bundle: str, modules: list[str]) -> str:
    """The page ``rel`` with the facts, the bundle and (tool pages) the module preloads."""
    found = CONFIG.findall(text)
    if len(found) != 1:
        raise BuildError(f"{rel}: expected one <script id=\"guide-config\">, found {len(found)} "
                         "(overrides/main.html writes it into every page)")
    root = root_of(rel)
    text = CONFIG.sub(lambda m: m.group(1) + config + m.group(3), text)
    text = text.replace(BUNDLE, bundle)
    text = PRELOAD.sub("", text)
    if TOOL_FORM.search(text):
        links = "".join(f'\n  <link rel="modulepreload" href="{root}/{module}">' for module in modules)
        text = CONFIG.sub(lambda m: m.group(0) + links, text)
    return text


def apply(site: Path, page_facts: dict) -> None:
    """Finish every HTML page of ``site`` (see the module's docstring)."""
    if not (site / WORKER).is_file():
        raise BuildError(f"{site}/{WORKER} is missing: the engine's worker must be in the site")
    if not (site / page_facts["pyodide"] / "pyodide.mjs").is_file():
        raise BuildError(f"{site}/{page_facts['pyodide']}pyodide.mjs is missing: install the runtime first")
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    config, bundle, modules = data_island(page_facts), theme_bundle(site), page_modules(site)
    for rel, text in pages.items():
        (site / rel).write_text(finish_page(text, rel, config=config, bundle=bundle, modules=modules), encoding="utf-8")
