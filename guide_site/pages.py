"""The build's facts in every page of a built site: what the templates cannot know.

Neither generator runs project code while it renders the theme (Zensical runs no
MkDocs hooks), so the templates leave these to this step, which reads the built site:

* the body of ``<script id="guide-config" type="application/json">`` (in
  ``overrides/main.html``, so on every page) becomes the build's facts as JSON: the
  engine's version and build id, the Pyodide folder, the worker, the readers' package;
* ``__GUIDE_THEME_BUNDLE__`` becomes the theme's hashed bundle (Material's and
  Zensical's differ), which ``main.html`` loads after the site's module;
* a page holding one tool form (``data-guide-component="quiz"``) loads that tool's entry,
  ``assets/guide/quiz-page.mjs``, just before ``assets/guide.mjs``: the entry imports
  ``guide.mjs`` and the tool, so that the tool mounts before the theme's bundle runs;
  should the tool's graph fail to load, ``guide.mjs`` still runs on its own, tries the
  tool again and says so on the page. The page gets a ``modulepreload`` link per module of
  the entry's graph, so the browser fetches it with the page, at once, and no module of
  another tool. (A page holding several tools preloads them all; ``guide.mjs`` imports
  each on demand.)

Running it again on a finished site changes nothing. (The tool forms' links are
``links.py``'s.)
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from .errors import BuildError
from .links import root_of

BUNDLE = "__GUIDE_THEME_BUNDLE__"
CONFIG = re.compile(r'(<script id="guide-config" type="application/json">)(.*?)(</script>)', re.S)
PRELOAD = re.compile(r'\n?[ \t]*<link rel="modulepreload" href="[^"]*assets/guide(?:/[^"]*|\.mjs)">')
ENTRY_SCRIPT = re.compile(r'<script src="([^"]*?)assets/guide\.mjs" type="module"></script>')
PAGE_ENTRY = re.compile(r'<script src="[^"]*assets/guide/[a-z-]+-page\.mjs" type="module"></script>\n?[ \t]*')
TOOL_FORM = re.compile(r'<\w[^>]*\sdata-guide-component="([^"]*)"')
# A module's static imports: `import … from "./x.mjs"`, `export … from "./x.mjs"`, `import "./x.mjs"`
# at the start of a line (a dynamic `import("./x.mjs")` is left to load on demand).
STATIC_IMPORT = re.compile(r'^[ \t]*(?:import|export)\s[^;"\'`]*?"(\.{1,2}/[^"]+\.mjs)"', re.M)
ENTRY = "assets/guide.mjs"
WORKER = "assets/engine-worker.mjs"


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


def module_graph(site: Path) -> dict[str, list[str]]:
    """Each front-end module of ``site`` (the entry and ``assets/guide/*.mjs``) and the
    modules it imports statically, as paths from the site root."""
    graph = {}
    for path in [site / ENTRY, *sorted((site / "assets" / "guide").glob("*.mjs"))]:
        rel = path.relative_to(site).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BuildError(f"{site}/{rel} is missing: it is the front end's entry module") from None
        graph[rel] = [posixpath.normpath(posixpath.join(posixpath.dirname(rel), m)) for m in STATIC_IMPORT.findall(text)]
    return graph


def tool_modules(graph: dict[str, list[str]], entries: list[str], rel: str) -> list[str]:
    """The modules a page runs from ``entries`` (its entry script, and with ``guide.mjs``
    the tools it imports on demand): they and all they import, the entry script aside."""
    wanted, seen = list(entries), set()
    while wanted:
        module = wanted.pop()
        if module in seen:
            continue
        if module not in graph:
            raise BuildError(f"{rel}: needs {module}, which is not in the site (a tool's module and entry are named for its component: assets/guide/quiz.mjs, quiz-page.mjs)")
        seen.add(module)
        wanted.extend(graph[module])
    # The page's own <script type="module"> elements are not preloaded too: in the smoke suite,
    # Firefox fired an error event on a modulepreload link for guide.mjs, its script's module.
    return sorted(seen - {entries[0], ENTRY})


def finish_page(text: str, rel: str, *, config: str, bundle: str, graph: dict[str, list[str]]) -> str:
    """The page ``rel`` with the facts, the bundle and (tool pages) the tool's module preloads."""
    found = CONFIG.findall(text)
    if len(found) != 1:
        raise BuildError(f"{rel}: expected one <script id=\"guide-config\">, found {len(found)} "
                         "(overrides/main.html writes it into every page)")
    root = root_of(rel)
    text = CONFIG.sub(lambda m: m.group(1) + config + m.group(3), text)
    text = text.replace(BUNDLE, bundle)
    text = PAGE_ENTRY.sub("", PRELOAD.sub("", text))
    components = list(dict.fromkeys(TOOL_FORM.findall(text)))
    if len(components) == 1:
        entries = [f"assets/guide/{components[0]}-page.mjs"]
        text = ENTRY_SCRIPT.sub(lambda m: f'<script src="{m.group(1)}{entries[0]}" type="module"></script>\n  {m.group(0)}', text)
    else:
        entries = [ENTRY] + [f"assets/guide/{c}.mjs" for c in components]
    if components:
        links = "".join(f'\n  <link rel="modulepreload" href="{root}/{module}">'
                        for module in tool_modules(graph, entries, rel))
        text = CONFIG.sub(lambda m: m.group(0) + links, text)
    return text


def apply(site: Path, page_facts: dict) -> None:
    """Finish every HTML page of ``site`` (see the module's docstring)."""
    if not (site / WORKER).is_file():
        raise BuildError(f"{site}/{WORKER} is missing: the engine's worker must be in the site")
    if not (site / page_facts["pyodide"] / "pyodide.mjs").is_file():
        raise BuildError(f"{site}/{page_facts['pyodide']}pyodide.mjs is missing: install the runtime first")
    pages = {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    config, bundle, graph = data_island(page_facts), theme_bundle(site), module_graph(site)
    for rel, text in pages.items():
        (site / rel).write_text(finish_page(text, rel, config=config, bundle=bundle, graph=graph), encoding="utf-8")
