"""Save-Data: with the browser's data saver on, a tool page never downloads Python
until the reader asks; once this build's engine has started on the device (nothing
left to download), it starts without asking."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

STATUS = "[data-engine-status]"
SAVE_DATA = "Object.defineProperty(navigator, 'connection', { configurable: true, value: { saveData: true } });"


def python_requests(page_urls):
    return [u for u in page_urls if "/pyodide/" in u]


def test_data_saver_waits_for_the_reader_then_remembers(phone):
    context, page, watch = phone
    context.add_init_script(SAVE_DATA)
    urls = []
    context.on("request", lambda r: urls.append(r.url))
    page.goto("tools/quiz/")
    page.wait_for_selector(f"{STATUS}[data-state=paused]")
    page.wait_for_timeout(1500)  # well after the load event, when the engine would start
    assert python_requests(urls) == []
    assert "Data saver is on" in page.inner_text(STATUS)
    # The quiz still works without the engine: the form is plain HTML.
    page.check("input[name=level][value=beginner]")

    page.click(f"{STATUS} [data-action=retry]")
    page.wait_for_selector(f"{STATUS}[data-state=ready]", timeout=90_000)
    assert python_requests(urls)

    # This build's engine has run here: the next visit starts it without asking.
    page.reload()
    page.wait_for_selector(f"{STATUS}[data-state=ready]", timeout=90_000)
    watch.assert_clean()
