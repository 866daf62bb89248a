"""The requests that read and change the saved weeks: the engine owns the document.

Every request names the document it works on in one of two ways:

* ``"text"``: the text the page has just read from storage (``null``: nothing saved);
* ``"base"``: the revision (:func:`store.revision`) of a text this engine has already
  read or written. The browser's engine keeps the parsed document between calls, so a
  review or a save sends one week, not ten years of them. An engine that does not hold
  that revision (a fresh worker, the CLI) answers with code ``stale``: send the text.

A change answers with the new document's ``text`` and ``rev``; the page writes the
text as it is, reads it back, and compares. Nothing here writes anything, and the
answers are deterministic, so the same files test CPython and Pyodide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from . import validate as v
from .errors import EngineError
from .adherence import compare
from .metrics import checklist_summary, round_half_up, week_totals
from .review import review, today_of
from .store import (MAX_STORE_CHARS, empty_store, max_weeks, merge_backup, over_limit, parse_store, read_text,
                    revision, to_text, week_digest)
from .units import units_of
from .week import parse_week

_KEEP = 3  # parsed documents kept by revision: the current one and the one before
_docs: dict[str, dict] = {}
_rows: dict[str, dict] = {}  # trend row by week digest: a save recomputes one row, not 520
# The digest of a week object this engine already holds (parsed weeks are never changed in
# place): a review of ten years digests one week, not 520. The entry keeps its week alive,
# so its id() cannot be reused while it is cached.
_digests: dict[int, tuple[Mapping, str]] = {}


def _digest(week: Mapping) -> str:
    held = _digests.get(id(week))
    if held is not None and held[0] is week:
        return held[1]
    if len(_digests) > 4 * max_weeks():
        _digests.clear()
    key = week_digest(week)
    _digests[id(week)] = (week, key)
    return key


def _remember(rev: str, doc: dict) -> None:
    _docs.pop(rev, None)
    _docs[rev] = doc
    while len(_docs) > _KEEP:
        del _docs[next(iter(_docs))]


def _current(data: Mapping) -> tuple[dict, list[dict]]:
    """The document a request works on, and the weeks newly set aside while reading it."""
    if "text" in data:
        if data["text"] is None:
            return empty_store(), []
        text = v.text(data["text"], "text", max_len=MAX_STORE_CHARS)
        doc, rejected = parse_store(read_text(text, "text"), "text", strict=False)
        _remember(revision(text), doc)
        return doc, rejected
    if "base" not in data:
        raise EngineError("missing", "Send the saved weeks' text, or the revision the engine holds.", "text")
    base = v.text(data["base"], "base", max_len=64)
    if base not in _docs:
        raise EngineError("stale", "The engine does not hold these saved weeks: send their text.", "base")
    return _docs[base], []


def working_document(data: Mapping) -> dict:
    """The saved weeks a request names by ``text`` or ``base`` (for requests outside this module)."""
    return _current(data)[0]


def _answer(doc: dict, old: Mapping, **extra) -> dict:
    """A changed document (``old``: the one the change started from): its text and revision,
    refused if the engine could not read it back (too large, or grown past the week limit)."""
    grown = over_limit(doc, old)
    if grown:
        raise grown
    text = to_text(doc)
    if len(text) > MAX_STORE_CHARS:
        raise EngineError("too_large", f"Your saved weeks would pass {MAX_STORE_CHARS // 1_000_000} MB, the most this page "
                          "keeps. Export a backup, then delete your oldest weeks to make room. Nothing was saved.", "")
    rev = revision(text)
    _remember(rev, doc)
    return {"text": text, "rev": rev, **extra}


def _row(week: Mapping) -> dict:
    key = _digest(week)
    if key not in _rows:
        m = week_totals(week)
        against = compare(week)
        _rows[key] = {"week_start": week["week_start"], "weekly_load": m["weekly_load"], "monotony": m["monotony"],
                      "strain": m["strain"], "run_minutes": m["run_minutes"], "distance_km": m["distance_km"],
                      "checklist_percent": checklist_summary(week)["percent"], "sessions": m["sessions"],
                      "plan_done_pct": against and against["done_pct"]}
    return _rows[key]


def trend_rows(doc: Mapping) -> list[dict]:
    """The history chart's rows, oldest first (rows of unchanged weeks are reused).

    ``load_4wk`` is the mean weekly load of the saved weeks starting in the four weeks up
    to this one: a line beside the weekly load, with no danger zone drawn (the acute to
    chronic ratio is disputed).
    """
    if len(_rows) > 4 * max_weeks():
        _rows.clear()
    rows = [dict(_row(w)) for w in doc["weeks"]]
    days = [dt.date.fromisoformat(row["week_start"]).toordinal() for row in rows]
    for i, row in enumerate(rows):
        window = [r["weekly_load"] for r, day in zip(rows[max(0, i - 3):i + 1], days[max(0, i - 3):i + 1])
                  if days[i] - day < 28]
        row["load_4wk"] = int(round_half_up(sum(window) / len(window)))
    return rows


def _record_digest(entry: object) -> str:
    """Names a record set aside by what was kept (not by its place in the list, nor by the
    message, which a later version may word differently)."""
    return revision(to_text(entry.get("week") if isinstance(entry, Mapping) else entry))


def _listing(doc: Mapping) -> dict:
    aside = doc.get("set_aside", [])
    return {"weeks": doc["weeks"], "digests": {w["week_start"]: week_digest(w) for w in doc["weeks"]},
            "set_aside": aside, "set_aside_digests": [_record_digest(e) for e in aside], "trend": trend_rows(doc),
            "limit": max_weeks()}


def _review(week: Mapping, doc: Mapping, data: Mapping) -> dict:
    others = [w for w in doc["weeks"] if w["week_start"] != week["week_start"]]
    result = review(week, others, units_of(data), today_of(data), with_trend=False)
    result["trend"] = trend_rows({"weeks": sorted([*others, week], key=lambda w: w["week_start"])})
    return result


def _expect(doc: Mapping, week_start: str, data: Mapping, path: str) -> None:
    """Refuse to overwrite a week another tab changed since this one read it."""
    if "expect" not in data:
        return
    expect = data["expect"] if data["expect"] is None else v.text(data["expect"], "expect", max_len=64)
    stored = next((w for w in doc["weeks"] if w["week_start"] == week_start), None)
    if (None if stored is None else week_digest(stored)) != expect:
        raise EngineError("changed_elsewhere", "This week was changed in another tab or window since you opened it. "
                          "Nothing was saved: load the saved version, or save yours over it.", path)


def open_request(data: Mapping) -> dict:
    """Handle ``weeks_open``: ``{"text": STORED or null}`` -> the weeks, what was set aside, the newest review."""
    v.obj(data, "", required=("text",), optional=("units", "today"))
    doc, rejected = _current(data)
    latest = _review(doc["weeks"][-1], doc, data) if doc["weeks"] else None
    rev = None if data["text"] is None else revision(data["text"])
    return {"rev": rev, "rejected": rejected, "review": latest, **_listing(doc)}


def save_request(data: Mapping) -> dict:
    """Handle ``weeks_save``: add or replace one week -> the new text and the week's review."""
    v.obj(data, "", required=("week",), optional=("text", "base", "expect", "units", "today"))
    doc, _ = _current(data)
    raw = data["week"]
    stored = next((w for w in doc["weeks"] if isinstance(raw, Mapping) and w["week_start"] == raw.get("week_start")), None)
    if isinstance(raw, Mapping) and raw.get("plan") is None and stored and "plan" in stored:
        # The log form does not edit the plan (absent or null alike): keep the one stored.
        # Only weeks_plan removes a plan.
        raw = {**raw, "plan": stored["plan"]}
    week = parse_week(raw, "week")
    _expect(doc, week["week_start"], data, "week")
    others = [w for w in doc["weeks"] if w["week_start"] != week["week_start"]]
    if stored is None and len(others) >= max_weeks():
        raise EngineError("too_many", f"You have {len(others)} weeks saved; this page keeps at most {max_weeks()}. "
                          "Export a backup, then delete your oldest weeks to make room. This week was not saved.", "week")
    new = {**doc, "weeks": sorted([*others, week], key=lambda w: w["week_start"])}
    return _answer(new, doc, week=week, digest=week_digest(week), review=_review(week, new, data), count=len(new["weeks"]))


def plan_request(data: Mapping) -> dict:
    """Handle ``weeks_plan``: set (or, with ``null``, remove) a week's plan, keeping what was logged.

    ``{"week_start", "plan": PLAN or null, "start_day"?, ...}`` -> the new text and the plan's check.
    """
    from .plan import check_plan

    v.obj(data, "", required=("week_start", "plan"), optional=("start_day", "text", "base", "expect", "units"))
    doc, _ = _current(data)
    start = v.date(data["week_start"], "week_start").isoformat()
    _expect(doc, start, data, "week_start")
    stored = next((w for w in doc["weeks"] if w["week_start"] == start), None)
    base = dict(stored) if stored else {"week_start": start, **({"start_day": data["start_day"]} if data.get("start_day") else {})}
    base.pop("plan", None)
    plan = data["plan"]
    ids = {p.get("id") for p in plan.get("sessions", ()) if isinstance(p, Mapping)} if isinstance(plan, Mapping) else set()
    # A session done from a planned session that is no longer in the plan stays, as an extra one.
    base["sessions"] = [{k: val for k, val in s.items() if k != "plan_id" or val in ids} for s in base.get("sessions", ())]
    # Paths name the request's own fields ("week_start", "plan.sessions.0.minutes").
    week = parse_week({**base, **({"plan": plan} if plan is not None else {})}, "")
    others = [w for w in doc["weeks"] if w["week_start"] != start]
    if stored is None and len(others) >= max_weeks():
        raise EngineError("too_many", f"You have {len(others)} weeks saved; this page keeps at most {max_weeks()}. "
                          "Export a backup, then delete your oldest weeks to make room. The plan was not saved.", "week_start")
    new = {**doc, "weeks": sorted([*others, week], key=lambda w: w["week_start"])}
    check = check_plan(week, others, units_of(data)) if week.get("plan", {}).get("sessions") else None
    return _answer(new, doc, week=week, digest=week_digest(week), check=check)


def delete_request(data: Mapping) -> dict:
    """Handle ``weeks_delete``: ``{"week_start", ...}`` -> the new text and the deleted week (for undo)."""
    v.obj(data, "", required=("week_start",), optional=("text", "base", "expect"))
    doc, _ = _current(data)
    start = v.date(data["week_start"], "week_start").isoformat()
    _expect(doc, start, data, "week_start")
    gone = next((w for w in doc["weeks"] if w["week_start"] == start), None)
    if gone is None:
        raise EngineError("missing", f"There is no saved week of {start}.", "week_start")
    return _answer({**doc, "weeks": [w for w in doc["weeks"] if w is not gone]}, doc, deleted=gone)


def import_request(data: Mapping) -> dict:
    """Handle ``weeks_import``: ``{"backup": DOCUMENT, "only_new"?: true, ...}`` -> a preview and the
    merged text. ``only_new`` adds only weeks not saved yet, never replacing one (keeping a copy
    of a coach's share must not overwrite the coach's own week of the same date)."""
    v.obj(data, "", required=("backup",), optional=("text", "base", "only_new"))
    only_new = v.flag(data.get("only_new", False), "only_new")
    backup, _ = parse_store(data["backup"], "backup", strict=True)
    doc, _ = _current(data)
    preview, merged = merge_backup(backup, doc, replace=not only_new)
    return _answer(merged, doc, preview=preview)


def review_request(data: Mapping) -> dict:
    """Handle ``weeks_review``: review a week against the saved ones without saving it."""
    v.obj(data, "", required=("week",), optional=("text", "base", "units", "today"))
    doc, _ = _current(data)
    week = parse_week(data["week"], "week")
    return {"week": week, **_review(week, doc, data)}


def discard_request(data: Mapping) -> dict:
    """Handle ``weeks_discard``: drop one record set aside, once the reader has exported it.

    ``{"index", "expect"?}``: ``expect`` is the record's digest as listed (``set_aside_digests``);
    if the record at ``index`` is another one by now (a second tap, another tab), nothing is dropped.
    """
    v.obj(data, "", required=("index",), optional=("text", "base", "expect"))
    doc, _ = _current(data)
    aside = list(doc.get("set_aside", ()))
    index = v.number(data["index"], "index", low=0, high=max(0, len(aside) - 1), integer=True)
    if not aside:
        raise EngineError("missing", "Nothing is set aside.", "index")
    if data.get("expect") is not None and v.text(data["expect"], "expect", max_len=64) != _record_digest(aside[index]):
        raise EngineError("changed_elsewhere", "That record is no longer the one listed (it was discarded or changed, "
                          "perhaps in another tab). Nothing was discarded.", "index")
    del aside[index]
    new = {k: val for k, val in doc.items() if k != "set_aside"}
    return _answer({**new, **({"set_aside": aside} if aside else {})}, doc)


CSV_COLUMNS = ("week_start", "date", "start_time", "kind", "intent", "minutes", "effort", "load", "distance_km", "pain",
               "pain_flags", "source", "plan_id", "note", "entry")


def csv_cell(value: object) -> str:
    """One quoted CSV cell that a spreadsheet never runs as a formula (=, +, -, @ at the start)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower() not in ("inf", "-inf", "+inf", "nan", "-nan", "+nan", "infinity", "-infinity")


def sessions_csv(doc: Mapping) -> str:
    """Every logged session as CSV (distance in km, as stored; load = effort × minutes), then
    each week's planned sessions: ``entry`` is ``logged``, ``planned`` or ``skipped`` (planned,
    marked skipped); a planned row has its own id in ``plan_id`` and no effort or load yet."""
    lines = [",".join(CSV_COLUMNS)]
    for week in doc["weeks"]:
        rows = [{**s, "load": s["effort"] * s["minutes"], "entry": "logged"} for s in week.get("sessions", ())]
        rows += [{**{k: val for k, val in p.items() if k not in ("id", "skipped")}, "plan_id": p["id"],
                  "entry": "skipped" if p.get("skipped") else "planned"} for p in week.get("plan", {}).get("sessions", ())]
        for row in rows:
            row.update(week_start=week["week_start"], pain_flags=" ".join(row.get("pain_flags", ())))
            lines.append(",".join(csv_cell(row.get(c)) for c in CSV_COLUMNS))
    return "\r\n".join(lines) + "\r\n"


def export_request(data: Mapping) -> dict:
    """Handle ``weeks_export``: ``{"as": "json" | "csv", ...}`` -> the file's text."""
    from . import ENGINE_VERSION

    v.obj(data, "", required=("as",), optional=("text", "base"))
    kind = v.choice(data["as"], "as", ("json", "csv"))
    doc, _ = _current(data)
    if kind == "csv":
        return {"text": sessions_csv(doc), "type": "text/csv", "count": sum(len(w.get("sessions", ())) for w in doc["weeks"])}
    import json

    backup = {**doc, "exported_by": f"Train Smart engine {ENGINE_VERSION}"}
    return {"text": json.dumps(backup, indent=2, sort_keys=True, ensure_ascii=False) + "\n", "type": "application/json",
            "count": len(doc["weeks"])}
