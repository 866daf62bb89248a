"""The tool forms' Markdown extension (guide_site/tool_forms.py), mostly through
Python-Markdown alone, which is the point: it needs no generator. The last tests build a
one-page project with each generator, MkDocs and Zensical, to prove that both find it
and both fail on an unknown tool; tests/test_built_sites.py checks the site's builds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pytest

from guide_engine import content
from guide_site import tool_forms
from guide_site.tool_forms import SITE_ROOT, UnknownToolError


def convert(text: str, **config) -> str:
    md = markdown.Markdown(extensions=["pymdownx.superfences", "guide_site.tool_forms"],
                           extension_configs={"guide_site.tool_forms": config} if config else {})
    return md.convert(text)


class _Form(HTMLParser):
    """Counts what a tool form is made of: components, question fieldsets, checklist items, links."""

    def __init__(self):
        super().__init__()
        self.components, self.questions, self.checks, self.links = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-guide-component" in a:
            self.components.append((tag, a["data-guide-component"]))
        if tag == "fieldset" and "data-question" in a:
            self.questions.append(a["data-question"])
        if tag == "fieldset" and "data-check" in a:
            self.checks.append(a["data-check"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])


def parse(html: str) -> _Form:
    form = _Form()
    form.feed(html)
    return form


def test_quiz_shortcode_becomes_the_quiz_form_with_every_question():
    form = parse(convert("# Quiz\n\n<!-- guide:quiz -->\n\nAfter the form.\n"))
    assert form.components == [("form", "quiz")]
    questions = [q["id"] for q in content.quiz()["questions"]]
    assert sorted(form.questions) == sorted(questions) and len(form.questions) == len(questions)


def test_checklist_shortcode_becomes_the_checklist_with_every_item():
    form = parse(convert("<!-- guide:checklist -->"))
    assert form.components == [("div", "checklist")]
    assert form.checks == [item["id"] for item in content.checklist()["items"]]


def test_the_log_form_points_to_the_articles_for_weeks_that_are_not_ordinary_training():
    """Tapering, coming back, heat and illness, cross-training: linked where the week's phase is set."""
    links = parse(convert("<!-- guide:checklist -->")).links
    for article in ("tapering/#taper", "coming-back/#graded-return", "heat-cold-illness/#heat-illness", "cross-training/#count-it"):
        assert f"{SITE_ROOT}/guide/{article}" in links, (article, links)


def test_form_is_a_block_of_its_own_not_inside_a_paragraph():
    html = convert("Intro.\n<!-- guide:quiz -->\nOutro.\n")
    assert "<p><form" not in html and "<p>Intro.</p>" in html and "<p>Outro.</p>" in html


def test_unknown_shortcode_fails_naming_it_and_the_known_tools():
    with pytest.raises(UnknownToolError) as err:
        convert("Text\n\n<!-- guide:plan -->\n")
    assert "'<!-- guide:plan -->'" in str(err.value) and "known: checklist, quiz" in str(err.value)


def test_unknown_shortcode_inside_a_line_of_text_fails_too():
    with pytest.raises(UnknownToolError):
        convert("See <!-- guide:quizz --> here.\n")


def test_shortcodes_in_fenced_code_are_shown_not_rendered_or_refused():
    html = convert("```html\n<!-- guide:quiz -->\n<!-- guide:not-a-tool -->\n```\n")
    assert parse(html).components == [] and "&lt;!-- guide:quiz --&gt;" in html


def test_a_known_tool_inside_a_line_of_text_is_left_alone():
    html = convert("Write `<!-- guide:quiz -->` on a line of its own.\n")
    assert parse(html).components == [] and "<code>&lt;!-- guide:quiz --&gt;</code>" in html


def test_links_start_at_the_site_root_token_until_the_post_build_step():
    # The extension does not know the page: links start at SITE_ROOT, which
    # guide_site/links.py turns into the page's relative path (tests/test_site_build.py).
    assert parse(convert("<!-- guide:quiz -->")).links == [f"{SITE_ROOT}/about/#not-medical-advice"]
    assert tool_forms.site_url("guide/easy-runs/") == f"{SITE_ROOT}/guide/easy-runs/"
    assert tool_forms.site_url("https://example.org/x") == "https://example.org/x"
    assert tool_forms.site_url("#top") == "#top"


def test_tools_and_templates_folder_are_options(tmp_path):
    (tmp_path / "plan.html").write_text('<div data-guide-component="plan">{{ checklist["items"] | length }} items, '
                                        '<a href="{{ base_url }}/guide/">guide</a></div>', encoding="utf-8")
    html = convert("<!-- guide:plan -->", templates_dir=str(tmp_path), tools={"plan": "plan.html"})
    assert parse(html).components == [("div", "plan")]
    assert f'{len(content.checklist()["items"])} items' in html and f'href="{SITE_ROOT}/guide/"' in html
    with pytest.raises(UnknownToolError):  # the default tools are not known any more
        convert("<!-- guide:quiz -->", templates_dir=str(tmp_path), tools={"plan": "plan.html"})


@pytest.mark.parametrize("template", ["{{ config.extra.guide }}", "{% if page %}x{% endif %}", "{{ page }}",
                                      "{% for m in modules %}{{ m }}{% endfor %}"])
def test_a_template_needing_what_only_a_generator_has_fails_the_build(tmp_path, template):
    (tmp_path / "t.html").write_text(template, encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        convert("<!-- guide:t -->", templates_dir=str(tmp_path), tools={"t": "t.html"})


def test_a_missing_optional_field_of_the_content_renders_empty(tmp_path):
    (tmp_path / "t.html").write_text("[{% for q in quiz.questions[:1] %}{{ q.no_such_field }}"
                                     "{% if q.no_such_field %}x{% endif %}{{ q.no_such_field or 'none' }}"
                                     "{% endfor %}]", encoding="utf-8")
    assert tool_forms.render_tool("t", tmp_path, {"t": "t.html"}) == "[none]"


def test_content_text_is_escaped_as_html(tmp_path):
    (tmp_path / "t.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    env = tool_forms._environment(str(tmp_path))
    assert env.get_template("t.html").render(text="a < b & 'c'") == "<p>a &lt; b &amp; &#39;c&#39;</p>"


GENERATORS = {"mkdocs": ["build", "--strict"], "zensical": ["build", "--clean", "--strict"]}


def generator_build(tmp_path, generator: str, pages: dict[str, str]) -> subprocess.CompletedProcess:
    """Build a two-line project with ``generator`` (the venv's console script, as make runs it)."""
    (tmp_path / "mkdocs.yml").write_text("site_name: Forms\ntheme:\n  name: material\n"
                                         "markdown_extensions:\n  - guide_site.tool_forms\n", encoding="utf-8")
    for name, text in pages.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return subprocess.run([str(Path(sys.executable).with_name(generator)), *GENERATORS[generator]],
                          cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@pytest.mark.parametrize("generator", GENERATORS)
def test_either_generator_finds_the_extension_and_renders_the_form(tmp_path, generator):
    proc = generator_build(tmp_path, generator, {"index.md": "# Home\n\n<!-- guide:quiz -->\n"})
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert parse((tmp_path / "site" / "index.html").read_text(encoding="utf-8")).components == [("form", "quiz")]


@pytest.mark.parametrize("generator", GENERATORS)
def test_an_unknown_tool_fails_either_generators_build_naming_the_page_and_the_shortcode(tmp_path, generator):
    proc = generator_build(tmp_path, generator, {"index.md": "# Home\n", "tools/plan.md": "# Plan\n\n<!-- guide:plan -->\n"})
    output = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # Zensical colours its messages
    assert proc.returncode != 0
    assert "tools/plan.md" in output and "unknown shortcode '<!-- guide:plan -->'" in output
