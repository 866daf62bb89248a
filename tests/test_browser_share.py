"""Sharing weeks with a coach, in a phone-sized Chromium: the runner makes a link on the
weekly checklist, the coach opens it in a fresh profile and sees the same weeks and
findings, with nothing stored and nothing sent; damaged links are refused with a plain
message; the QR code decodes back to the link; the weekly report prints on one page.

Expected findings come from the engine run here in CPython on the same weeks, and the
QR code is read back from the pixels of the page's screenshot by zxing-cpp.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import zlib

import pytest

import page_steps as s
from conftest import PHONE, PageWatch
from guide_engine import handle
from png import grey_pixels
from shares import deflate_raw, fragment, runner_week, runner_weeks, stored_text

pytestmark = pytest.mark.browser

MARKUP = '<img src=x onerror="window.__pwned=1">'
ENGINE_KEYS = {"trainsmart.engine.started"}  # what starting the engine writes: not the weeks


def engine(kind: str, **data) -> dict:
    response = handle({"v": 1, "id": 1, "type": kind, "data": data})
    assert response["type"] == "result", response
    return response["data"]


def seed(context, text: str | None) -> None:
    """The device's saved weeks before the first page loads (once per context)."""
    value = "null" if text is None else json.dumps(text)
    context.add_init_script(f"""try {{
        if (location.protocol.startsWith('http') && !localStorage.getItem('test.seeded')) {{
            const text = {value};
            if (text !== null) localStorage.setItem('trainsmart.weeks', text);
            localStorage.setItem('test.seeded', '1');
        }}
    }} catch (e) {{}}""")


def phone_context(browser, base_url, text: str | None, **extra):
    context = browser.new_context(**PHONE, base_url=base_url, **extra)
    seed(context, text)
    return context


def storage(page) -> dict:
    """Every localStorage key the page's origin holds, with its text, less Material's palette choice."""
    found = page.evaluate("() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))")
    return {k: v for k, v in found.items() if not k.endswith("__palette")}


def unpack(link: str) -> tuple[str, str]:
    """(text, check) carried by a share link, decoded here as a coach's browser decodes it."""
    fmt, check, data = link.split("#", 1)[1].split(".")
    assert fmt == "s1"
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return zlib.decompress(raw, -15).decode("utf-8"), check


def shown_findings(page, week_start: str) -> list[str]:
    return page.eval_on_selector_all(f"{s.shared_week(week_start)} [data-finding]", "els => els.map((e) => e.dataset.finding)")


def shown_verdict(page, week_start: str) -> str:
    return page.get_attribute(f"{s.shared_week(week_start)} [data-verdict]", "data-verdict")


@pytest.fixture
def runner(browser, base_url):
    """A runner's phone with four weeks saved (the last one with a note in markup)."""
    weeks = runner_weeks(4, plans=True)
    weeks[-1]["sessions"][0]["note"] = MARKUP
    context = phone_context(browser, base_url, stored_text(weeks))
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(30_000)
    watch = PageWatch(context, page, base_url)
    yield page, weeks, watch
    context.close()


def test_four_weeks_shared_open_read_only_in_a_fresh_profile_with_the_same_findings(runner, browser, base_url):
    page, weeks, watch = runner
    link = s.create_share_link(page)
    starts = [w["week_start"] for w in weeks]
    assert link.startswith(f"{base_url}{s.SHARED}#s1.")
    assert len(link) <= 2000, f"four weeks made a link of {len(link)} characters"
    text, check = unpack(link)
    today = dt.date.today()
    built = engine("share_build", weeks=starts, text=stored_text(weeks), today=today.isoformat())
    assert (text, check) == (built["text"], built["check"])  # the link holds the engine's share, exactly
    assert json.loads(text)["made"] == today.isoformat()  # so the coach sees each week as it stood then

    coach_text = stored_text([runner_week(0, first=dt.date(2025, 1, 6))])  # the coach's own week
    coach = phone_context(browser, base_url, coach_text)
    sent: list[str] = []
    coach.on("request", lambda r: sent.append(r.url))
    view = coach.new_page()
    view.set_default_timeout(30_000)
    coach_watch = PageWatch(coach, view, base_url)
    try:
        s.open_share_link(view, link, starts)
        opened = engine("share_open", text=text, check=check)
        for week, review in zip(weeks, opened["reviews"]):
            assert shown_findings(view, week["week_start"]) == [f["id"] for f in review["findings"]], week["week_start"]
            assert shown_verdict(view, week["week_start"]) == review["verdict"]["id"]
        # the coach's engine agrees with the runner's about the newest week
        runner_review = engine("weeks_open", text=stored_text(weeks))["review"]
        assert shown_findings(view, starts[-1]) == [f["id"] for f in runner_review["findings"]]
        assert f"shared on {today.day} {today:%b %Y}" in view.text_content(".guide-shared-intro")
        assert MARKUP in view.text_content(s.shared_week(starts[-1]))
        assert view.evaluate("() => window.__pwned") is None
        # nothing written: the coach's weeks are the same text, and no new key but the engine's own
        after = storage(view)
        assert after.pop("trainsmart.weeks") == coach_text
        assert set(after) - {"test.seeded"} <= ENGINE_KEYS, after
        # nothing sent: no request carries the fragment or its data
        payload = link.split("#", 1)[1]
        assert sent and all(url.startswith(base_url) and "#" not in url and payload[-40:] not in url for url in sent)
        coach_watch.assert_clean()
    finally:
        coach.close()
    watch.assert_clean()


def test_keep_a_copy_adds_the_shared_weeks_after_the_import_preview_and_never_replaces_the_coachs_own(
        runner, browser, base_url):
    page, weeks, _ = runner
    link = s.create_share_link(page)
    starts = [w["week_start"] for w in weeks]
    # The coach runs too: an old week of their own, and their own week of the same date as
    # the runner's newest one, which keeping a copy must leave exactly as it is.
    own = runner_week(9)
    own["week_start"], own["sessions"] = starts[-1], [{**x, "note": "COACH OWN WEEK"} for x in runner_week(3)["sessions"]]
    coach_text = stored_text([runner_week(0, first=dt.date(2025, 1, 6)), own])
    coach = phone_context(browser, base_url, coach_text)
    view = coach.new_page()
    try:
        s.open_share_link(view, link, starts)
        view.click(s.KEEP_COPY)
        view.wait_for_selector("[data-shared-keep] .guide-import-preview")
        assert s.stored_weeks_text(view) == coach_text  # the preview writes nothing
        preview = view.text_content("[data-shared-keep]")
        assert "Add weeks: 3" in preview and "Leave your own weeks of the same dates as they are: 1" in preview
        assert "never replaced" in preview and "Replace" not in preview
        view.click("[data-shared-keep] .md-button--primary")
        view.wait_for_selector("[data-guide-component=shared][data-shared=kept]")
        assert "Kept 3 weeks" in view.text_content(s.SHARED_STATUS)
        kept = json.loads(s.stored_weeks_text(view))
        assert [w["week_start"] for w in kept["weeks"]] == ["2025-01-06", *starts]
        assert [x.get("note") for x in kept["weeks"][-1]["sessions"]] == ["COACH OWN WEEK"] * len(own["sessions"])
    finally:
        coach.close()


# --- damaged links -----------------------------------------------------------------------

def _share() -> tuple[str, str]:
    built = engine("share_build", weeks=[w["week_start"] for w in runner_weeks(2)], text=stored_text(runner_weeks(2)))
    return built["text"], built["check"]


def _edited(frag: str) -> str:
    at = len(frag) // 2
    return frag[:at] + ("A" if frag[at] != "A" else "B") + frag[at + 1:]


def _newer_schema() -> str:
    text = _share()[0].replace('"schema":2', '"schema":3', 1)
    assert '"schema":3,"weeks"' in text  # the share's own schema, not a week's
    return fragment(text, engine_check(text))


def engine_check(text: str) -> str:
    from guide_engine.share import check_of

    return check_of(text)


def _bomb() -> str:
    """Under 8,000 characters of link that would unpack to 4 MB of spaces."""
    return f"#s1.{_share()[1]}.{base64.urlsafe_b64encode(deflate_raw(b' ' * 4_000_000)).decode().rstrip('=')}"


DAMAGED = {
    # case: (fragment, words the reader must read)
    "cut-short": (lambda: fragment(*_share())[:-60], "cut short"),
    "cut-inside-the-check": (lambda: fragment(*_share())[:9], "not a whole share link"),
    "edited": (lambda: _edited(fragment(*_share())), "damaged"),
    # an edit that still unpacks, to other numbers: the check catches it
    "edited-but-unpacks": (lambda: fragment(_share()[0].replace('"minutes":', '"minutes":1', 1), _share()[1]),
                           "changed or damaged on the way"),
    "newer-schema": (_newer_schema, "newer version of the site"),
    "newer-link-format": (lambda: fragment(*_share(), link_format="s2"), "made by a newer version of this site"),
    "100-kB-long": (lambda: "#s1.AAAAAAAA." + "A" * 100_000, "a share link has at most 8,000"),
    "unpacks-to-megabytes": (_bomb, "unpacks to more than 256 kB"),
    "not-utf-8": (lambda: f"#s1.{_share()[1]}.{base64.urlsafe_b64encode(deflate_raw(bytes([0xff, 0xfe, 0x7b]))).decode().rstrip('=')}",
                  "damaged or was cut short"),
}


@pytest.fixture(scope="module")
def coach_page(browser, base_url):
    """One coach's profile for the damaged links (the engine's snapshot then serves each reload)."""
    context = browser.new_context(**PHONE, base_url=base_url)
    seed(context, None)
    page = context.new_page()
    page.set_default_timeout(60_000)
    watch = PageWatch(context, page, base_url)
    yield page, watch
    context.close()


@pytest.mark.parametrize("case", list(DAMAGED))
def test_a_damaged_link_is_refused_with_a_plain_message_and_nothing_opened_or_stored(coach_page, case):
    page, watch = coach_page
    frag, words = DAMAGED[case]
    page.goto("about:blank")
    page.goto(s.SHARED + frag())
    page.wait_for_selector(s.SHARED_REFUSED, timeout=s.ENGINE_LIMIT_MS)
    message = page.text_content(s.SHARED_STATUS)
    assert words in message, message
    assert "Nothing was opened" in message or "was not opened" in message, message
    assert page.query_selector("[data-shared-week]") is None
    assert s.stored_weeks_text(page) is None
    watch.assert_clean()


def test_a_second_link_opened_on_the_same_page_replaces_the_first(coach_page):
    page, watch = coach_page
    weeks = runner_weeks(2)
    built = engine("share_build", weeks=[weeks[0]["week_start"]], text=stored_text(weeks))
    page.goto("about:blank")
    page.goto(s.SHARED + fragment(built["text"], built["check"]))
    page.wait_for_selector(s.shared_week(weeks[0]["week_start"]))
    page.goto(s.SHARED + _edited(fragment(built["text"], built["check"])))  # same page: only the fragment changes
    page.wait_for_selector(s.SHARED_REFUSED)
    assert page.query_selector("[data-shared-week]") is None
    watch.assert_clean()


# --- sending: Web Share, the clipboard, the QR code, a file ---------------------------------

def test_without_web_share_the_link_is_copied_and_the_page_says_so(runner):
    page, _, watch = runner
    link = s.create_share_link(page)
    assert page.evaluate("() => typeof navigator.share") == "undefined"
    page.click(s.SHARE_SEND)
    page.wait_for_function("(sel) => document.querySelector(sel).textContent.includes('copied')", arg=s.SHARE_STATUS)
    assert page.text_content(s.SHARE_STATUS).startswith("This browser has no share menu, so the link was copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    watch.assert_clean()


def test_with_web_share_the_link_goes_to_the_share_menu(runner):
    page, _, _ = runner
    page.context.add_init_script("navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };")
    link = s.create_share_link(page)
    assert page.text_content(s.SHARE_SEND) == "Share the link…"
    page.click(s.SHARE_SEND)
    page.wait_for_function("() => window.__shared")
    assert page.evaluate("() => window.__shared.url") == link
    assert page.text_content(s.SHARE_STATUS) == "Shared."


def test_the_qr_code_on_the_page_decodes_back_to_the_link(runner):
    zxingcpp = pytest.importorskip("zxingcpp")
    page, _, _ = runner
    link = s.create_share_link(page)
    page.wait_for_selector(s.SHARE_QR)
    width, height, grey = grey_pixels(page.locator(s.SHARE_QR).screenshot())
    found = zxingcpp.read_barcodes(memoryview(grey).cast("B", (height, width)), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [link]


def test_weeks_too_many_for_a_link_go_as_a_file_that_the_shared_page_opens(browser, base_url, tmp_path):
    weeks = runner_weeks(12, plans=True)
    for i, week in enumerate(weeks):  # notes that do not compress: each different
        for n, session in enumerate(week["sessions"]):
            session["note"] = " ".join(f"w{i}s{n}x{k * 7919 % 104729}" for k in range(30))
    context = phone_context(browser, base_url, stored_text(weeks))
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(s.CHECKLIST + "#history")
        s.wait_for_checklist_settled(page)
        page.wait_for_selector(s.SHARE_WEEK_TICKED)
        for week in weeks[:-4]:
            page.check(f"[data-share-weeks] input[value='{week['week_start']}']")
        page.click(s.SHARE_LINK)
        page.wait_for_selector("[data-share-too-long]")
        assert page.query_selector(s.SHARE_URL) is None
        with page.expect_download() as info:
            page.click("[data-share-result] button:text('Download as a file')")
        shared_file = tmp_path / info.value.suggested_filename
        info.value.save_as(shared_file)
        assert json.loads(shared_file.read_text(encoding="utf-8"))["weeks"] == json.loads(
            engine("share_build", weeks=[w["week_start"] for w in weeks], text=stored_text(weeks))["text"])["weeks"]
        page.goto(s.SHARED)
        page.set_input_files("[data-action=open-share-file]", str(shared_file))
        page.wait_for_selector(s.SHARED_OPEN, timeout=s.ENGINE_LIMIT_MS)
        assert page.eval_on_selector_all("[data-shared-week]", "els => els.length") == 12
    finally:
        context.close()


# --- the printable report ------------------------------------------------------------------

PRINT_STUB = "window.print = () => { window.__printed = (window.__printed || 0) + 1; };"


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_weekly_report_prints_findings_and_trend_on_one_page_without_navigation(runner, tmp_path):
    page, weeks, watch = runner
    page.context.add_init_script(PRINT_STUB)
    page.goto(s.CHECKLIST + "#history")
    s.wait_for_checklist_settled(page)
    page.wait_for_selector(s.SHARE_WEEK_TICKED)
    page.click(s.SHARE_REPORT)
    page.wait_for_selector(f"{s.REPORT} [data-finding]")
    assert page.evaluate("() => window.__printed") == 1
    newest = weeks[-1]["week_start"]
    want = [f["id"] for f in engine("weeks_open", text=stored_text(weeks))["review"]["findings"]]
    assert page.get_attribute(s.REPORT, "data-report") == newest

    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 CSS pixels per inch
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "report-a4.png"), full_page=True)
    visible = page.evaluate("""() => {
        const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        return {
          findings: [...document.querySelectorAll('.guide-report [data-finding]')].filter(shown).map((e) => e.dataset.finding),
          charts: [...document.querySelectorAll('.guide-report .guide-chart svg')].filter(shown).length,
          navigation: [...document.querySelectorAll('header, nav, .md-sidebar, .md-footer, .md-tabs')].filter(shown).length,
          buttons: [...document.querySelectorAll('button, .md-button, input, select')].filter(shown).length,
          form: [...document.querySelectorAll('[data-week-form], [data-share-weeks], [data-history-list]')].filter(shown).length,
          height: document.documentElement.scrollHeight,
        };
    }""")
    assert visible["findings"] == want
    assert visible["charts"] == 4  # minutes, load, hard share, and planned sessions done (these weeks have plans)
    assert (visible["navigation"], visible["buttons"], visible["form"]) == (0, 0, 0), visible
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=True)
        (tmp_path / f"report-{paper}.pdf").write_bytes(pdf)
        assert pdf_pages(pdf) == 1, f"the report takes {pdf_pages(pdf)} pages of {paper}"
    page.emulate_media(media="screen")
    page.click("button:text('Close the report')")
    assert page.query_selector(s.REPORT) is None
    assert page.evaluate("() => document.documentElement.classList.contains('guide-report-open')") is False
    watch.assert_clean()


def test_the_share_view_has_the_safety_note_and_refuses_nothing_without_a_link(browser, base_url):
    context = phone_context(browser, base_url, None)
    page = context.new_page()
    try:
        page.goto(s.SHARED)
        page.wait_for_selector(s.SHARED_VIEW)
        assert page.text_content(s.SHARED_STATUS) == ""
        assert "Pain is information" in page.text_content("article")
        assert page.query_selector("[data-action=open-share-file]") is not None
        assert s.stored_weeks_text(page) is None
    finally:
        context.close()
