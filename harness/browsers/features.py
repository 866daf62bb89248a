"""Which platform features each engine has, and what the page must say where one is missing.

``FEATURES`` is the table the README's testing section shows: measured with
``probe.mjs`` (each feature used once, in a page and in a module worker) in the Debian
builds ``make test`` installs. ``tests/test_browser_smoke.py`` re-measures it in every
run, so a browser update that adds or drops a feature fails loudly and the table, and the
fallbacks below, get revisited.

``GAPS`` are the fallbacks: a row says "where an engine lacks FEATURE, a reader who does
ACT on PAGE is told SAYS (in the element SHOWN_IN)". The suite runs each row in every
engine whose FEATURES entry is False: a fallback is proved in the engine that needs it,
never skipped. A feature that uses one of these APIs adds its row when it lands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import page_steps as s

# feature: (what the coming features use it for, {engine: has it})
FEATURES: dict[str, tuple[str, dict[str, bool]]] = {
    "compression_deflate_raw": ("share links (weeks compressed into the URL fragment)",
                                {"chromium": True, "webkit": True, "firefox": True}),
    "web_share": ("sharing a link or a backup from the page (navigator.share)",
                  {"chromium": False, "webkit": False, "firefox": False}),
    "can_share_files": ("sharing a backup file (navigator.canShare with files)",
                        {"chromium": False, "webkit": False, "firefox": False}),
    "broadcast_channel": ("keeping two open tabs of the checklist in step",
                          {"chromium": True, "webkit": True, "firefox": True}),
    "storage_persist": ("asking the browser to keep the saved weeks (navigator.storage.persist)",
                        {"chromium": True, "webkit": False, "firefox": True}),
    "file_input_many_files": ("importing many activity files at once (<input type=file multiple>)",
                              {"chromium": True, "webkit": True, "firefox": True}),
    "module_worker": ("the engine's worker (Pyodide 314 is an ES module)",
                      {"chromium": True, "webkit": True, "firefox": True}),
    "worker_cache_storage": ("the engine's memory snapshot, kept by the worker in Cache Storage",
                             {"chromium": True, "webkit": True, "firefox": True}),
    "worker_file_reader_sync": ("reading imported files inside the worker (Pyodide's WORKERFS uses FileReaderSync)",
                                {"chromium": True, "webkit": True, "firefox": True}),
    "worker_compression_deflate_raw": ("compressing a share link inside the worker",
                                       {"chromium": True, "webkit": True, "firefox": True}),
}


def has(engine: str, feature: str) -> bool:
    return FEATURES[feature][1][engine]


@dataclass(frozen=True)
class Gap:
    """Where ``feature`` is missing, doing ``act`` on ``page`` shows ``says`` in ``shown_in``."""

    feature: str
    name: str
    page: str
    act: Callable[[object], None]
    shown_in: str
    says: str
    never_says: str = ""


def _save_two_weeks(page) -> None:
    s.wait_for_checklist_settled(page)
    s.review_a_week_with_one_run(page, "2026-11-16", "2026-11-17")
    s.start_a_new_week(page)
    s.review_a_week_with_one_run(page, "2026-11-23", "2026-11-24")


def _share_a_saved_week(page) -> None:
    s.wait_for_checklist_settled(page)
    s.review_a_week_with_one_run(page, "2026-11-16", "2026-11-17")
    s.open_section(page, "history")  # the share panel is part of the History section
    page.wait_for_selector(s.SHARE_WEEK_TICKED)
    page.click(s.SHARE_LINK)
    page.wait_for_selector(s.SHARE_URL)
    page.click(s.SHARE_SEND)


GAPS: list[Gap] = [
    # No promise from the browser to keep the weeks: the reader is asked for a backup,
    # and the page never claims the browser agreed to keep them.
    Gap("storage_persist", "backup-reminder", s.CHECKLIST, _save_two_weeks, s.BACKUP_REMINDER,
        says="You have not exported a backup yet", never_says="This browser has agreed to keep your weeks"),
    # No share menu: the button copies the link instead (or, where the page may not copy,
    # selects it) and says so; it never claims the link was shared.
    Gap("web_share", "share-link-copied", s.CHECKLIST, _share_a_saved_week, s.SHARE_STATUS,
        says="This browser has no share menu", never_says="Shared."),
]


def gap_cases(engines) -> list[tuple[Gap, str]]:
    """Every (row, engine) pair where the engine lacks the row's feature."""
    return [(gap, engine) for gap in GAPS for engine in engines if not has(engine, gap.feature)]
