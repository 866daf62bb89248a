"""The build's facts in every page of a built site: what the templates cannot know.

Neither generator runs project code while it renders the theme (Zensical runs no
MkDocs hooks), so the templates leave these to this step, which reads the built site:

* the body of ``<script id="guide-config" type="application/json">`` (in
  ``overrides/main.html``, so on every page) becomes the build's facts as JSON: the
  engine's version and build id, the Pyodide folder, the worker, the readers' package;
* ``__GUIDE_THEME_BUNDLE__`` becomes the theme's hashed bundle (Material's and
  Zensical's differ), which ``main.html`` loads after the site's module;
* ``guide-site-root:`` (:data:`guide_site.tool_forms.SITE_ROOT`, from the tool
  forms' ``url`` filter) becomes the page's relative path to the site root, once
  every such link is checked to land on a file and an id of the site;
* a page holding a tool form (``data-guide-component``) gets a ``modulepreload`` link
  per front-end module (``assets/guide/*.mjs``, the worker's ``snapshot`` aside), so
  the browser fetches the whole module graph at once.

Running it again on a finished site changes nothing.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import BuildError
from .tool_forms import SITE_ROOT

BUNDLE = "__GUIDE_THEME_BUNDLE__"
CONFIG = re.compile(r'(<script id="guide-config" type="application/json">)(.*?)(</script>)', re.S)
PRELOAD = re.compile(r'\n?[ \t]*<link rel="modulepreload" href="[^"]*assets/guide/[^"]*">')
ROOT_LINK = re.compile(re.escape(SITE_ROOT) + r"/(?P<target>[^\"'\s<>]*)")
TOOL_FORM = "data-guide-component="
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


def root_of(rel: str) -> str:
    """The relative path from the page at ``rel`` (in the site) to the site root: ``.``, ``../..``."""
    return posixpath.relpath(".", posixpath.dirname(rel) or ".")


def finish_page(text: str, rel: str, *, config: str, bundle: str, modules: list[str]) -> str:
    """The page ``rel`` with the facts, the bundle, its root links and (tool pages) preloads."""
    found = CONFIG.findall(text)
    if len(found) != 1:
        raise BuildError(f"{rel}: expected one <script id=\"guide-config\">, found {len(found)} "
                         "(overrides/main.html writes it into every page)")
    root = root_of(rel)
    text = CONFIG.sub(lambda m: m.group(1) + config + m.group(3), text)
    text = text.replace(BUNDLE, bundle).replace(SITE_ROOT, root)
    text = PRELOAD.sub("", text)
    if TOOL_FORM in text:
        links = "".join(f'\n  <link rel="modulepreload" href="{root}/{module}">' for module in modules)
        text = CONFIG.sub(lambda m: m.group(0) + links, text)
    return text


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


def _ids(path: Path) -> set[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


def check_root_links(site: Path, pages: dict[str, str]) -> None:
    """Fail unless every ``SITE_ROOT/…`` link of ``pages`` lands on a file (and id) of ``site``."""
    broken = []
    for rel, text in pages.items():
        for match in ROOT_LINK.finditer(text):
            parts = urlsplit(match.group("target"))
            path = unquote(parts.path)
            target = site / path
            if path == "" or path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{rel}: {match.group('target')!r} (no {target.relative_to(site)})")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target):
                broken.append(f"{rel}: {match.group('target')!r} (no id {parts.fragment!r} there)")
    if broken:
        raise BuildError("links from the tool templates that lead nowhere:\n  " + "\n  ".join(broken))


def apply(site: Path, page_facts: dict) -> None:
    """Finish every HTML page of ``site`` (see the module's docstring)."""
    if not (site / WORKER).is_file():
        raise BuildError(f"{site}/{WORKER} is missing: the engine's worker must be in the site")
    if not (site / page_facts["pyodide"] / "pyodide.mjs").is_file():
        raise BuildError(f"{site}/{page_facts['pyodide']}pyodide.mjs is missing: install the runtime first")
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    check_root_links(site, pages)
    config, bundle, modules = data_island(page_facts), theme_bundle(site), page_modules(site)
    for rel, text in pages.items():
        (site / rel).write_text(finish_page(text, rel, config=config, bundle=bundle, modules=modules), encoding="utf-8")
