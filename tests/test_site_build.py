"""The post-build step's parts (guide_site: pages.py, links.py, csp.py, steps.py, the
command line) on small sites written here, and how the build code is found and kept
out of what browsers download. What they do to the real builds is
tests/test_built_sites.py's."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from guide_site import BuildError, csp, links, pages
from guide_site.steps import leftover_tokens
from guide_site.tool_forms import SITE_ROOT

ROOT = Path(__file__).resolve().parents[1]

HEAD = ('<!doctype html><html><head>\n    <meta charset="utf-8">\n'
        '<script>var theme = 1;</script>\n'
        '<script id="guide-config" type="application/json">"__GUIDE_CONFIG__"</script>\n'
        '<script id="__config" type="application/json">{"base": "."}</script>\n</head><body>\n')
TAIL = ('<script src="{root}/assets/guide.mjs" type="module"></script>\n'
        '<script defer src="{root}/assets/javascripts/__GUIDE_THEME_BUNDLE__"></script></body></html>')


def page(body: str, root: str = ".") -> str:
    return HEAD + body + TAIL.format(root=root)


@pytest.fixture
def small_site(tmp_path) -> Path:
    """A built site as a generator leaves it: a home page, a tool page, an article, a 404 page."""
    site = tmp_path / "site"
    files = {
        "index.html": page('<a href="/guide/easy-runs.md#talk-test">easy runs</a>'),
        "tools/quiz/index.html": page(f'<form data-guide-component="quiz"><a href="{SITE_ROOT}/about/#disclaimer">'
                                      "disclaimer</a></form>", "../.."),
        "guide/easy-runs/index.html": page('<h2 id="talk-test">Talk test</h2><a href="/guide/easy-runs.md#talk-test">'
                                           'here</a>', "../.."),
        "about/index.html": page('<h2 id="disclaimer">Not advice</h2>', ".."),
        "404.html": page("<h1>404</h1>") + "<script>var other = 2;</script>",
        "assets/javascripts/bundle.0123abcd.min.js": "",
        # The entry imports the offline helper statically and each tool on demand.
        "assets/guide.mjs": 'import { registerServiceWorker } from "./guide/offline.mjs";\n'
                            'const tools = { quiz: () => import("./guide/quiz.mjs") };\n',
        "assets/guide/offline.mjs": 'export * from "./engine.mjs";\n',
        "assets/guide/quiz-page.mjs": 'import { provide } from "../guide.mjs";\nimport { mountQuiz } from "./quiz.mjs";\n',
        "assets/guide/quiz.mjs": 'import {\n  startEngine,\n} from "./engine.mjs";\nimport "./dom.mjs";\n',
        "assets/guide/engine.mjs": "// no imports\n", "assets/guide/dom.mjs": "",
        "assets/guide/checklist.mjs": 'import { startEngine } from "./engine.mjs";\nimport { h } from "./week-form.mjs";\n',
        "assets/guide/week-form.mjs": "", "assets/guide/snapshot.mjs": "",
        "assets/engine-worker.mjs": "",
    }
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    (site / "pyodide" / "1.0").mkdir(parents=True)
    (site / "pyodide" / "1.0" / "pyodide.mjs").write_text("", encoding="utf-8")
    return site


FACTS = pages.facts("0.1.0", "ab" * 32, "1.0", "guide-engine-readers")


def finish_pages(site: Path) -> dict[str, str]:
    pages.apply(site, FACTS)
    links.apply(site)
    csp.apply(site)
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_every_page_gets_the_build_facts_as_json(small_site):
    for rel, text in finish_pages(small_site).items():
        island = re.search(r'<script id="guide-config" type="application/json">(.*?)</script>', text).group(1)
        assert json.loads(island) == {"build": "abababababababab", "engine": "0.1.0", "pyodide": "pyodide/1.0/",
                                      "readers": "guide-engine-readers", "worker": "assets/engine-worker.mjs"}, rel


def test_a_tool_page_loads_its_own_entry_and_preloads_its_graph_and_no_other_tools(small_site):
    done = finish_pages(small_site)
    preloads = {rel: re.findall(r'<link rel="modulepreload" href="([^"]+)">', text) for rel, text in done.items()}
    # The quiz page's entry imports guide.mjs and the quiz: both, and what they import
    # (multi-line and bare imports too); not the weekly tool's modules, nor the worker's.
    # (guide.mjs is the page's own script, as is the entry: neither is preloaded as well.)
    assert preloads.pop("tools/quiz/index.html") == [f"../../assets/guide/{m}.mjs" for m in ("dom", "engine", "offline", "quiz")]
    assert all(found == [] for found in preloads.values())
    assert ('<script src="../../assets/guide/quiz-page.mjs" type="module"></script>\n'
            '  <script src="../../assets/guide.mjs" type="module">') in done["tools/quiz/index.html"]
    assert 'assets/guide/' not in done["guide/easy-runs/index.html"].replace("assets/guide.mjs", "")
    assert '<script src="../../assets/guide.mjs" type="module">' in done["guide/easy-runs/index.html"]


def test_a_tool_page_whose_module_is_missing_fails_the_build(small_site):
    (small_site / "assets" / "guide" / "quiz.mjs").unlink()
    with pytest.raises(BuildError, match="assets/guide/quiz.mjs"):
        finish_pages(small_site)


def test_theme_bundle_token_becomes_the_bundle_in_the_site(small_site):
    done = finish_pages(small_site)
    assert '<script defer src="../../assets/javascripts/bundle.0123abcd.min.js">' in done["tools/quiz/index.html"]


def test_tool_form_links_become_relative_to_their_page(small_site):
    assert 'href="../../about/#disclaimer"' in finish_pages(small_site)["tools/quiz/index.html"]


def test_docs_absolute_links_become_relative_links_to_the_built_page(small_site):
    done = finish_pages(small_site)
    assert '<a href="guide/easy-runs/#talk-test">' in done["index.html"]
    assert '<a href="./#talk-test">' in done["guide/easy-runs/index.html"]  # as MkDocs writes a link to itself


@pytest.mark.parametrize(("link", "why"), [(f"{SITE_ROOT}/abut/#disclaimer", "no abut/index.html"),
                                           (f"{SITE_ROOT}/about/#disclaimr", "no id 'disclaimr'"),
                                           ("/guide/easy-run.md", "no guide/easy-run/index.html")])
def test_a_link_that_leads_nowhere_fails_naming_the_page_and_the_link(small_site, link, why):
    (small_site / "tools" / "quiz" / "index.html").write_text(page(f'<a href="{link}">x</a>', "../.."), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        links.apply(small_site)
    assert "tools/quiz/index.html" in str(err.value) and why in str(err.value)


def test_a_page_without_the_config_island_fails_naming_it(small_site):
    (small_site / "stray.html").write_text("<html><head><meta charset=\"utf-8\"></head></html>", encoding="utf-8")
    with pytest.raises(BuildError, match="stray.html"):
        pages.apply(small_site, FACTS)


def test_every_page_has_one_policy_allowing_every_inline_script_of_the_site(small_site):
    done = finish_pages(small_site)
    policies = {rel: re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
                for rel, text in done.items()}
    assert all(len(found) == 1 for found in policies.values())
    assert len({found[0] for found in policies.values()}) == 1  # the 404 page's too
    policy = policies["index.html"][0]
    scripts = {"var theme = 1;", "var other = 2;"}  # data islands need no hash
    assert re.findall(r"'sha256-[^']+'", policy) == sorted(csp.inline_script_hashes(
        "".join(f"<script>{s}</script>" for s in scripts)))
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_the_policy_comes_before_any_script(small_site):
    text = finish_pages(small_site)["index.html"]
    assert text.index("Content-Security-Policy") < text.index("<script")


def test_finishing_a_finished_site_changes_nothing(small_site):
    first = finish_pages(small_site)
    assert finish_pages(small_site) == first


def test_no_token_is_left_once_the_pages_are_finished(small_site):
    assert leftover_tokens(small_site) != []
    finish_pages(small_site)
    assert leftover_tokens(small_site) == []


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "guide_site", *args], capture_output=True, text=True, cwd=cwd)


def test_command_needs_a_site_folder_or_check():
    assert run_cli().returncode == 2
    assert run_cli("--check", "site").returncode == 2


def test_command_refuses_a_folder_that_holds_no_built_site(tmp_path):
    proc = run_cli(str(tmp_path))
    assert proc.returncode == 1 and "no built site" in proc.stderr


def test_command_check_validates_the_engine_content():
    proc = run_cli("--check")
    assert proc.returncode == 0, proc.stderr


def test_build_code_is_importable_from_the_venv_anywhere(tmp_path):
    # How mkdocs and zensical (the venv's console scripts) find the extension and the hook's
    # package: the editable install's .pth file puts the repository on sys.path.
    proc = subprocess.run([sys.executable, "-c", "import guide_site.tool_forms, guide_site.steps, guide_engine"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_engine_wheel_carries_no_build_code(site_dir):
    [wheel] = site_dir.glob("pyodide/*/guide_engine-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist()}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"guide_engine"}


def test_the_page_build_id_is_computed_from_the_wheel_as_the_worker_does(tmp_path):
    from guide_engine.api import source_digest
    from guide_site import runtime

    wheel = runtime.build_engine_wheel()
    assert runtime.wheel_digest(wheel) == source_digest.__wrapped__()
    changed = tmp_path / wheel.name
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(changed, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, data + b"\n# changed\n" if info.filename == "guide_engine/api.py" else data)
    assert runtime.wheel_digest(changed) != runtime.wheel_digest(wheel)
