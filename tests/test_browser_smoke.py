"""The smoke suite: the reader's journey in Chromium, WebKit and Firefox, on both builds.

About half of the readers on a phone use an iPhone, where every browser is WebKit.
The same scenario (``smoke_scenario.py``) and the same steps (``page_steps.py``) run
in each engine through one page API (``browsers/``), against the built site served by
a test server that can go dark (``browsers/server.py``). Any page error, or request to
another host, in any engine fails the run. The journey and the fallbacks run on the
MkDocs build (``site/``) and on the Zensical build (``build/zensical-site/``): the
same pages must work whichever generator wrote them. Engine versions and engine-ready
times are printed at the end of the pytest run (figures, not goals: ``make bench``
measures).
"""

from __future__ import annotations

import pytest

import browsers
import smoke_scenario
from browsers.features import FEATURES, gap_cases
from browsers.server import SmokeServer
from browsers.webkit import Xvfb
from conftest import BUILDS

pytestmark = [pytest.mark.browser, pytest.mark.smoke]


@pytest.fixture(scope="session")
def smoke_servers(request):
    """smoke_servers(build) -> that build's site ("mkdocs", "zensical") on a SmokeServer, started once."""
    started = {}

    def get(build: str) -> SmokeServer:
        if build not in started:
            started[build] = SmokeServer(request.getfixturevalue(BUILDS[build]))
        return started[build]

    yield get
    for server in started.values():
        server.stop()


@pytest.fixture(scope="session")
def x_display():
    """An Xvfb display for MiniBrowser, started the first time a WebKit test needs it."""
    started = []

    def get() -> str:
        if not started:
            started.append(Xvfb())
        return started[0].display

    yield get
    for xvfb in started:
        xvfb.stop()


@pytest.fixture
def open_engine(request, smoke_servers, x_display):
    """open_engine(name, build) -> a page in a fresh profile of that engine on that build's site,
    closed after the test."""
    pages = []

    def open_(engine: str, build: str = "mkdocs"):
        lacking = browsers.missing(engine)
        if lacking:
            pytest.fail(f"{engine}: missing {', '.join(lacking)}. `make test` installs Debian's chromium, "
                        "webkit2gtk-driver, xvfb and firefox-esr (as root) and puppeteer-core (npm ci); see the README.")
        playwright_browser = request.getfixturevalue("browser") if engine == "chromium" else None
        display = x_display() if engine == "webkit" else None
        page = browsers.open_page(engine, smoke_servers(build).url, playwright_browser=playwright_browser,
                                  display=display)
        pages.append(page)
        return page

    yield open_
    for page in pages:
        page.close()


@pytest.mark.parametrize("engine", browsers.ENGINES)
@pytest.mark.parametrize("build", BUILDS)
def test_reader_journey_works_in_every_engine_without_a_page_error(build, engine, open_engine, smoke_servers):
    page = open_engine(engine, build)
    figures = smoke_scenario.run(page, smoke_scenario.Journey(smoke_servers(build)))
    smoke_scenario.RUNS.append({"build": build, "engine": engine, "version": page.version, **figures})


@pytest.mark.parametrize("engine", browsers.ENGINES)
def test_engine_has_the_platform_features_the_readme_table_lists(engine, open_engine):
    page = open_engine(engine)
    page.goto("__smoke__/probe.html")
    found = page.wait_for_function("() => window.__probe", timeout=30_000)
    expected = {name: engines[engine] for name, (_, engines) in FEATURES.items()}
    changed = {name: found.get(name) for name in expected if found.get(name) is not expected[name]}
    assert changed == {}, (
        f"{engine} {page.version} now answers {changed} (expected {({n: expected[n] for n in changed})}): update "
        "FEATURES in harness/browsers/features.py, the README's table, and the fallbacks (GAPS) that depend on it")


@pytest.mark.parametrize(("gap", "engine"), gap_cases(browsers.ENGINES),
                         ids=lambda x: x if isinstance(x, str) else x.name)
@pytest.mark.parametrize("build", BUILDS)
def test_where_an_engine_lacks_an_api_the_page_says_so(build, gap, engine, open_engine):
    page = open_engine(engine, build)
    page.goto(gap.page)
    gap.act(page)
    page.wait_for_function("([sel, text]) => (document.querySelector(sel)?.textContent || '').includes(text)",
                           [gap.shown_in, gap.says], timeout=30_000)
    if gap.never_says:
        assert gap.never_says not in page.text_content(gap.shown_in)
    assert page.problems() == []

