"""Offline and updates: after one visit the tools work in airplane mode, engine
included; after a new deployment the page and the engine it uses always match."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS, PHONE, ROOT, serve
from page_steps import ENGINE_CACHED, READY, answer_as_a_tired_beginner, review_a_week_with_one_run

pytestmark = pytest.mark.browser



def wait_until_engine_cached(page):
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
    for _ in range(240):
        if page.evaluate(ENGINE_CACHED):
            return
        page.wait_for_timeout(250)
    raise AssertionError("the service worker never cached the Python runtime and the engine wheel")


def test_quiz_and_checklist_work_offline_after_one_visit(phone):
    context, page, watch = phone
    page.goto("tools/quiz/")
    page.wait_for_selector(READY, timeout=90_000)
    wait_until_engine_cached(page)

    context.set_offline(True)
    page.reload()
    page.wait_for_selector(READY, timeout=90_000)
    answer_as_a_tired_beginner(page)

    page.goto("tools/weekly-checklist/")
    page.wait_for_selector(READY, timeout=90_000)
    review_a_week_with_one_run(page)
    assert page.locator("[data-finding=strength_none]").count() == 1
    assert watch.foreign == []


def _build_variant(tmp: Path, version: str) -> Path:
    """Build the site from a copy of the repository whose engine reports `version`."""
    src = tmp / "repo"
    for name in ("docs", "overrides", "guide_engine", "guide_site", "includes"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "pyproject.toml", "README.md", "package.json"):  # package.json: the vendored pins
        shutil.copy2(ROOT / name, src / name)
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    api = src / "guide_engine" / "api.py"
    api.write_text(api.read_text().replace('ENGINE_VERSION = "', f'ENGINE_VERSION = "{version}+', 1))
    out = tmp / "site"
    # The copy's guide_site and guide_engine, not the repository's that the venv's editable
    # install puts on sys.path: PYTHONPATH comes first.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(src)}
    subprocess.run([str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-q", "-d", str(out)],
                   cwd=src, env=env, check=True, capture_output=True, timeout=180)
    return out


def _page_and_engine(page):
    page.wait_for_selector("[data-engine-status][data-state=ready], [data-engine-status][data-state=failed]", timeout=90_000)
    status = page.locator("[data-engine-status]")
    assert status.get_attribute("data-state") == "ready", status.inner_text()
    built = json.loads(page.locator("#guide-config").text_content())["build"]
    loaded = page.locator("[data-engine-status]").get_attribute("data-engine-build")
    return built, loaded


def test_a_new_deployment_never_mixes_a_page_with_another_engine(browser, tmp_path, site_dir):
    live = tmp_path / "live"
    shutil.copytree(site_dir, live)
    server, url = serve(live)
    try:
        context = browser.new_context(**PHONE, base_url=url)
        page = context.new_page()
        page.goto("tools/quiz/")
        first_built, first_loaded = _page_and_engine(page)
        assert first_built == first_loaded
        wait_until_engine_cached(page)

        new_site = _build_variant(tmp_path / "next", "9.9.9")
        shutil.rmtree(live)
        shutil.copytree(new_site, live)  # the new deployment goes live

        page.reload()  # the old service worker still serves one consistent old build
        built, loaded = _page_and_engine(page)
        assert built == loaded == first_built

        page.wait_for_selector("[data-guide-update] button", timeout=60_000)  # the new build is waiting
        with page.expect_navigation(timeout=60_000):  # the new version takes over, then the page reloads
            page.click("[data-guide-update] button")
        page.wait_for_load_state("load")
        built, loaded = _page_and_engine(page)
        assert built == loaded != first_built
        page.check("input[name=easy_talk][value=always]")  # a scored answer: the new engine computes a verdict
        page.wait_for_selector("[data-verdict]")
        context.close()
    finally:
        server.shutdown()


# Fetch every wheel of the activity readers as pyodide.loadPackage does (by the lock's
# file name, with its sha256 as the integrity check); report status and size, and what
# the service worker's cache held before.
FETCH_READERS = """async () => {
  const manifest = await (await caches.match(new URL('__precache.json', location.origin + '/').href)).json();
  const onUse = manifest.files.filter((f) => f.on_use).map((f) => new URL(f.url, location.origin + '/').href);
  const cached = async () => {
    const out = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const url of onUse) if (await cache.match(url)) out.push(url);
    }
    return out.sort();
  };
  const before = await cached();
  const folder = onUse[0].slice(0, onUse[0].lastIndexOf('/') + 1);
  const lock = await (await fetch(folder + 'pyodide-lock.json')).json();
  const fetched = [];
  for (const entry of Object.values(lock.packages)) {
    const url = folder + entry.file_name;
    if (!onUse.includes(url)) continue;
    const bytes = entry.sha256.match(/../g).map((h) => parseInt(h, 16));
    const integrity = 'sha256-' + btoa(String.fromCharCode(...bytes));
    const response = await fetch(url, { integrity });
    fetched.push({ url, status: response.status, size: (await response.arrayBuffer()).byteLength });
  }
  return { onUse: onUse.sort(), before, fetched, after: await cached() };
}"""


def test_activity_readers_are_cached_only_once_used_and_then_work_offline(phone):
    context, page, watch = phone
    page.goto("tools/weekly-checklist/")
    page.wait_for_selector(READY, timeout=90_000)
    wait_until_engine_cached(page)

    first = page.evaluate(FETCH_READERS)
    assert len(first["onUse"]) == 3, first  # fitdecode, gpxpy, guide-engine-readers
    assert first["before"] == []  # neither the visit nor the engine's caching fetched them
    assert all(f["status"] == 200 and f["size"] > 10_000 for f in first["fetched"]) and len(first["fetched"]) == 3
    assert first["after"] == first["onUse"]  # kept once used

    context.set_offline(True)
    again = page.evaluate(FETCH_READERS)
    assert [(f["url"], f["status"], f["size"]) for f in again["fetched"]] == [
        (f["url"], f["status"], f["size"]) for f in first["fetched"]]
    watch.assert_clean()
