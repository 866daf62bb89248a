"""Both builds, MkDocs's (``site/``, ``make build``) and Zensical's (``build/zensical-site/``,
``make build-zensical``), are finished sites: the tool forms on their pages, the engine and
its runtime in the site, one Content-Security-Policy on every page, an offline manifest
of every file, nothing left half-done. And both generators write the same content on
every page: the same forms, the same links, the same ids.

No browser (tests/test_browser_smoke.py walks both builds in three browsers).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BUILDS
from guide_engine import content
from guide_site import csp, runtime
from guide_site.steps import leftover_tokens

QUIZ, CHECKLIST = "tools/quiz/index.html", "tools/weekly-checklist/index.html"
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
CONFIG = re.compile(r'<script id="guide-config" type="application/json">(.*?)</script>', re.S)
ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.S)
SKIP_TARGET = '<a id="__skip" tabindex="-1"></a>'  # Zensical's theme puts its skip link's target there


@pytest.fixture(params=list(BUILDS), scope="module")
def site(request) -> Path:
    return request.getfixturevalue(BUILDS[request.param])


class _Tools(HTMLParser):
    def __init__(self):
        super().__init__()
        self.components, self.questions, self.checks = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-guide-component" in a:
            self.components.append((tag, a["data-guide-component"]))
        if tag == "fieldset" and "data-question" in a:
            self.questions.append(a["data-question"])
        if tag == "fieldset" and "data-check" in a:
            self.checks.append(a["data-check"])


def parse(html: str) -> _Tools:
    found = _Tools()
    found.feed(html)
    return found


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_quiz_page_holds_the_quiz_form_with_every_question(site):
    page = parse(read(site, QUIZ))
    assert page.components == [("form", "quiz")]
    assert sorted(page.questions) == sorted(q["id"] for q in content.quiz()["questions"])


def test_checklist_page_holds_the_checklist_with_every_item(site):
    page = parse(read(site, CHECKLIST))
    assert page.components == [("div", "checklist")]
    assert page.checks == [item["id"] for item in content.checklist()["items"]]


def test_site_carries_the_engine_its_pages_were_built_for(site):
    config = json.loads(CONFIG.search(read(site, QUIZ)).group(1))
    folder = site / config["pyodide"]
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (folder / name).is_file(), name
    assert (site / config["worker"]).is_file()
    engine = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]["guide-engine"]
    wheel = folder / engine["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == engine["sha256"]
    # The id the page checks the worker's engine against is the digest of that wheel's sources.
    assert runtime.wheel_digest(wheel)[:16] == config["build"]
    assert {json.loads(CONFIG.search(p.read_text(encoding="utf-8")).group(1))["build"]
            for p in site.rglob("*.html")} == {config["build"]}


def test_every_page_has_the_same_policy_and_it_allows_each_inline_script(site):
    html = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    policies = {rel: POLICY.findall(text) for rel, text in html.items()}
    assert {rel for rel, found in policies.items() if len(found) != 1} == set()
    assert len({found[0] for found in policies.values()}) == 1, "pages differ in their policy"
    policy = policies["404.html"][0]
    allowed = set(re.findall(r"'sha256-[^']+'", policy))
    assert set().union(*(csp.inline_script_hashes(text) for text in html.values())) == allowed
    script_src = policy.split("script-src ")[1].split(";")[0]
    assert "unsafe-inline" not in script_src and "http" not in policy


def test_offline_manifest_lists_every_file_of_the_site_with_its_hash(site):
    text = read(site, "sw.js")
    manifest = json.loads(text[len("const PRECACHE = "):text.index(";\n")])
    listed = {f["url"]: f["hash"] for f in manifest["files"]}

    def url(rel: str) -> str:
        return "./" if rel == "index.html" else rel[: -len("index.html")] if rel.endswith("/index.html") else rel

    files = {url(p.relative_to(site).as_posix()): p for p in site.rglob("*") if p.is_file()
             and p.name != "sw.js" and p.suffix not in (".map", ".gz", ".br")}
    assert set(listed) == set(files)
    assert all(hashlib.sha256(files[u].read_bytes()).hexdigest()[:16] == h for u, h in listed.items())


def test_nothing_is_left_half_done(site):
    assert leftover_tokens(site) == []
    assert [p for p in site.rglob("*.html") if "<!-- guide:" in p.read_text(encoding="utf-8")] == []
    assert not (site / "hooks").exists()  # no build code copied into the site


def _content(site: Path, rel: str) -> list[str]:
    """The page's content (its ``<article>``) line by line, blank lines and indentation aside."""
    article = ARTICLE.search(read(site, rel))
    text = (article.group(1) if article else "").replace(SKIP_TARGET, "")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_both_generators_write_the_same_content_on_every_page(site_dir, zensical_site_dir):
    # The tool forms (one extension, the same templates), every link (MkDocs resolves
    # docs-absolute links itself; for Zensical, guide_site/links.py does), every heading id.
    rels = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    assert sorted(p.relative_to(zensical_site_dir).as_posix() for p in zensical_site_dir.rglob("*.html")) == rels
    differ = [rel for rel in rels if _content(site_dir, rel) != _content(zensical_site_dir, rel)]
    if differ:
        diff = difflib.unified_diff(_content(site_dir, differ[0]), _content(zensical_site_dir, differ[0]),
                                    "mkdocs", "zensical", lineterm="", n=1)
        pytest.fail(f"content differs on {differ}; the first:\n" + "\n".join(list(diff)[:40]))
    assert parse("".join(_content(zensical_site_dir, QUIZ))).components == [("form", "quiz")]


REQUESTING = re.compile(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\ssrc="([^"]*)"'
                        r'|<link\b(?=[^>]*\srel="(?:stylesheet|preload|modulepreload|icon|manifest|apple-touch-icon)")'
                        r'[^>]*\shref="([^"]*)"')


def test_no_page_asks_another_host_for_anything(site):
    off_site = {}
    for path in site.rglob("*.html"):
        urls = [a or b for a, b in REQUESTING.findall(path.read_text(encoding="utf-8"))]
        found = [u for u in urls if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", u, re.I) or u.startswith("data:text")]
        if found:
            off_site[path.relative_to(site).as_posix()] = found
    assert off_site == {}
    fonts = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".html", ".css", ".js")
             and re.search(rb"fonts\.(googleapis|gstatic)\.com", p.read_bytes())]
    assert fonts == []
