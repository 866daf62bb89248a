"""Build hook: tool shortcodes.

A page asks for a tool with an HTML comment on its own line::

    <!-- guide:quiz -->
    <!-- guide:checklist -->

``on_page_markdown`` checks every shortcode and raises on an unknown one;
``on_page_content`` replaces each with the tool's form, rendered by a Jinja
template in ``overrides/partials/guide/`` from the engine's own content data,
so the form works at first paint, before any script has run.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[2]
SHORTCODE = re.compile(r"<!--\s*guide:([\w-]+)\s*-->")
TEMPLATES = {"quiz": "partials/guide/quiz-form.html", "checklist": "partials/guide/checklist-form.html"}


def _engine_content():
    sys.path.insert(0, str(ROOT))
    try:
        from guide_engine import content
        return content
    finally:
        sys.path.remove(str(ROOT))


def on_page_markdown(markdown, page, config, files):
    for match in SHORTCODE.finditer(markdown):
        if match.group(1) not in TEMPLATES:
            raise PluginError(f"{page.file.src_path}: unknown shortcode 'guide:{match.group(1)}'; "
                              f"known: {', '.join(sorted(TEMPLATES))}")
    return markdown


def on_page_content(html, page, config, files):
    if not SHORTCODE.search(html):
        return html
    content = _engine_content()
    env = config.theme.get_env()

    def render(match):
        template = env.get_template(TEMPLATES[match.group(1)])
        return template.render(quiz=content.quiz(), checklist=content.checklist(), page=page, config=config,
                               base_url=get_relative_url(".", page.url))

    return SHORTCODE.sub(render, html)
