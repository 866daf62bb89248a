"""The site's search works on both builds (Chromium, desktop width: on a phone the search
opens from an icon). The MkDocs build has Material's search (lunr, in a worker); the
Zensical build has Zensical's own, another component with other markup, which is why
``overrides/partials/search.html`` gives each generator its own. Under the site's CSP,
with no page error and no request to another host."""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import BUILDS, PageWatch, serve

pytestmark = pytest.mark.browser

OPEN = {"mkdocs": "input[data-md-component=search-query]", "zensical": ".md-search__button"}
RESULT_LINKS = {"mkdocs": ".md-search-result__item a", "zensical": "dialog[aria-label=Search] [role=listbox] a"}
WORD = "monotony"  # in a few pages only


@pytest.fixture(params=list(BUILDS), scope="module")
def built(request):
    site = request.getfixturevalue(BUILDS[request.param])
    server, url = serve(site)
    yield request.param, site, url
    server.shutdown()


def _search(browser, url: str, build: str, word: str):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=url)
    page = context.new_page()
    watch = PageWatch(context, page, url)
    page.goto("./")
    page.click(OPEN[build])
    page.keyboard.type(word, delay=20)
    return context, page, watch


def test_search_finds_the_pages_that_hold_the_word(browser, built):
    build, site, url = built
    context, page, watch = _search(browser, url, build, WORD)
    links = page.locator(RESULT_LINKS[build])
    links.first.wait_for(timeout=20_000)

    def found() -> set[str]:
        hrefs = {urljoin(url, href) for href in links.evaluate_all("els => els.map((a) => a.getAttribute('href'))")}
        return {urlsplit(h).path.lstrip("/") for h in hrefs}

    # The list answers each letter as it is typed ("mo" finds "movement"): read it once it has
    # stopped changing, which is the answer to the whole word.
    pages, deadline = found(), time.monotonic() + 20
    while time.monotonic() < deadline:
        page.wait_for_timeout(750)
        if (now := found()) == pages:
            break
        pages = now
    holding = {p for p in pages if re.search(WORD, (site / p / "index.html").read_text(encoding="utf-8"), re.I)}
    assert pages and holding == pages, f"results without the word: {sorted(pages - holding)}"
    assert "tools/weekly-checklist/" in pages or any(p.startswith("guide/") for p in pages)
    watch.assert_clean()
    context.close()


def test_search_for_a_word_nowhere_on_the_site_finds_nothing(browser, built):
    build, site, url = built
    context, page, watch = _search(browser, url, build, "zqxjvw")
    page.wait_for_timeout(2_000)  # a search that found nothing shows nothing: give it time to answer
    assert page.locator(RESULT_LINKS[build]).count() == 0
    watch.assert_clean()
    context.close()
