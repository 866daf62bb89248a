"""Tool forms: ``<!-- guide:NAME -->`` becomes the tool's HTML form.

A Python-Markdown extension, so MkDocs and Zensical render the same forms: it uses
no generator API. A page asks for a tool with an HTML comment on a line of its own::

    # Am I training hard but not smart?

    <!-- guide:quiz -->

and gets, in its place, what the Jinja template ``tools[NAME]`` (under
``templates_dir``, the theme's ``overrides/`` folder) renders from the engine's
content data (``guide_engine/data``): the form is there at first paint, before any
script runs. An unknown NAME anywhere in a page (fenced code aside) stops the build
with :class:`UnknownToolError`, naming the shortcode, the tools it knows and, under
Zensical, the page (MkDocs names the page in its own error).

What a template gets: ``quiz`` and ``checklist`` (the engine's content), ``labels`` (the
checklist's words for its ids, as [id, words] pairs: :func:`labels`), ``base_url``
and a ``url`` filter (``{{ 'about/#not-medical-advice' | url }}``). A Markdown
extension is not told which page it renders, so ``url`` and ``base_url`` start from
the token :data:`SITE_ROOT` (``guide-site-root:/about/…``); the post-build step
(``python -m guide_site``) turns it into each page's relative path to the site root
and checks that every such link lands on a file and an id of the built site. Any other name (``config``, ``page``:
the generator's, which this extension does not have) fails the build instead of
rendering as an empty string.

Register it in ``mkdocs.yml`` (the module is importable once ``make install`` has
installed the project in editable mode, which puts the repository on ``sys.path``)::

    markdown_extensions:
      - guide_site.tool_forms:
          tools:
            quiz: partials/guide/quiz-form.html
            checklist: partials/guide/checklist-form.html
            shared: partials/guide/shared-weeks.html
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markdown import Extension
from markdown.preprocessors import Preprocessor

__all__ = ["SITE_ROOT", "ToolFormsExtension", "UnknownToolError", "makeExtension"]

# Where the site's root goes in a link, until the post-build step knows the page. A URL
# scheme, so that neither generator takes it for a relative link and rewrites it (Zensical
# resolves relative links in raw HTML against the Markdown file's folder; MkDocs does not).
SITE_ROOT = "guide-site-root:"
DEFAULT_TEMPLATES = Path(__file__).resolve().parents[1] / "overrides"
DEFAULT_TOOLS = {"quiz": "partials/guide/quiz-form.html", "checklist": "partials/guide/checklist-form.html",
                 "shared": "partials/guide/shared-weeks.html"}
SHORTCODE = re.compile(r"<!--\s*guide:(?P<name>[\w-]+)\s*-->")
# At most three spaces before it, as any Markdown block; four or more make it code.
OWN_LINE = re.compile(r" {0,3}<!--\s*guide:(?P<name>[\w-]+)\s*-->\s*")


class UnknownToolError(ValueError):
    """A page asked for a tool this extension has no template for."""


class _NamesRequired(jinja2.Undefined):
    """Undefined that is empty for a missing field (``q.hint``) but fails for a missing name.

    The tool templates test optional fields of the content data (``{% if q.hint %}``), so
    those stay empty as in the theme's own Jinja; a missing top-level name means the
    template expects something from the generator (``config``, ``page``) that no
    generator gives a Markdown extension, and that must fail the build, not vanish.
    """

    __slots__ = ()

    def _check(self):
        if self._undefined_obj is jinja2.utils.missing:
            self._fail_with_undefined_error()

    def __str__(self):
        self._check()
        return ""

    def __iter__(self):
        self._check()
        return iter(())

    def __bool__(self):
        self._check()
        return False

    def __len__(self):
        self._check()
        return 0


def site_url(path: str) -> str:
    """The ``url`` filter: ``path`` from the site root (absolute URLs and anchors unchanged)."""
    if urlsplit(path).scheme or path.startswith(("/", "#")):
        return path
    return f"{SITE_ROOT}/{path}"


@functools.cache
def _environment(templates_dir: str) -> jinja2.Environment:
    # One environment per folder for the whole build: the loader still notices edited
    # templates (auto_reload), which `mkdocs serve` needs.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=True,
                             undefined=_NamesRequired)
    env.filters["url"] = site_url
    return env


def labels(checklist) -> dict:
    """[id, words] pairs, in the content's order, for each list of the checklist's content: the
    front end's words for a week's ids (pairs, since ``tojson`` sorts the keys of an object)."""
    lists = ("kinds", "intents", "answers", "items", "feelings", "phases", "pain_flags")
    return {name: [[row["id"], row.get("label", row.get("text"))] for row in checklist[name]] for name in lists}


def render_tool(name: str, templates_dir: str | Path = DEFAULT_TEMPLATES, tools: dict | None = None) -> str:
    """The HTML form of the tool ``name``, rendered from the engine's content data."""
    from guide_engine import content

    tools = DEFAULT_TOOLS if tools is None else tools
    if name not in tools:
        raise UnknownToolError(f"unknown shortcode '<!-- guide:{name} -->'; known: {', '.join(sorted(tools))}")
    template = _environment(str(Path(templates_dir).resolve())).get_template(tools[name])
    return template.render(quiz=content.quiz(), checklist=content.checklist(), labels=labels(content.checklist()),
                           base_url=SITE_ROOT)


class ToolFormsPreprocessor(Preprocessor):
    """Replaces each shortcode line with the tool's form (stashed as raw HTML)."""

    def __init__(self, md, templates_dir: str, tools: dict):
        super().__init__(md)
        self.templates_dir = templates_dir
        self.tools = tools

    def _page(self) -> str:
        """The page being rendered, where the generator tells (MkDocs names it in its own error)."""
        # Zensical registers its rendering context as a preprocessor with the page on it.
        context = self.md.preprocessors["rendering_context"] if "rendering_context" in self.md.preprocessors else None
        path = getattr(getattr(context, "page", None), "path", None)
        return f"{path}: " if path else ""

    def run(self, lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            for match in SHORTCODE.finditer(line):
                if match.group("name") not in self.tools:
                    raise UnknownToolError(f"{self._page()}unknown shortcode '{match.group(0)}' in the line "
                                           f"{line.strip()!r}; known: {', '.join(sorted(self.tools))}")
            own = OWN_LINE.fullmatch(line)
            if own is None:
                # A known tool inside a line of text or code: left alone, as the theme would.
                out.append(line)
                continue
            html = render_tool(own.group("name"), self.templates_dir, self.tools)
            # Blank lines around the placeholder make it a block of its own.
            out.extend(["", self.md.htmlStash.store(html), ""])
        return out


class ToolFormsExtension(Extension):
    """Registers :class:`ToolFormsPreprocessor`."""

    def __init__(self, **kwargs):
        self.config = {
            "templates_dir": [str(DEFAULT_TEMPLATES),
                              "Folder the tool templates (and what they include) are read from; "
                              "a relative path is taken from the current folder - Default: the project's overrides/"],
            "tools": [dict(DEFAULT_TOOLS),
                      "Tool name -> template path inside templates_dir; a shortcode naming any other "
                      "tool fails the build - Default: quiz, checklist and shared"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        """Run after fenced code is stashed (25, so examples in code are left alone) and
        after snippets (32), before raw HTML blocks are (20)."""
        config = self.getConfigs()
        md.preprocessors.register(ToolFormsPreprocessor(md, config["templates_dir"], dict(config["tools"])),
                                  "guide_tool_forms", 22)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    """Return the extension (the entry point Python-Markdown looks for)."""
    return ToolFormsExtension(**kwargs)
