"""The engine's content: quiz questions, checklist items and thresholds, as data.

Content lives in JSON files beside the code (``guide_engine/data``), loaded with
``importlib.resources`` so the same code works in CPython and inside the wheel
that Pyodide loads. :func:`check_content` validates every file; the site build
calls it first and fails with a message naming the file and field.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from types import MappingProxyType

FILES = ("quiz.json", "checklist.json")
FLAG_IDS = ("urgent", "stop", "see", "doctor")


class ContentError(ValueError):
    """A content file is malformed; the message names the file and the field."""


def _freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(x) for k, x in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(x) for x in value)
    return value


@functools.cache
def load(name: str):
    """Return the named content file as read-only mappings and tuples."""
    if name not in FILES:
        raise KeyError(name)
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return _freeze(json.loads(text))


def quiz():
    """The quiz content (questions, areas, bands, flags)."""
    return load("quiz.json")


def checklist():
    """The weekly checklist content (review points, session fields, findings)."""
    return load("checklist.json")


def _require(cond: bool, file: str, path: str, message: str) -> None:
    if not cond:
        raise ContentError(f"{file}: {path}: {message}")


def _unique_ids(items, file: str, path: str) -> set[str]:
    ids = [item.get("id") for item in items]
    for i, item_id in enumerate(ids):
        _require(isinstance(item_id, str) and item_id, file, f"{path}[{i}].id", "every entry needs a text id")
    dupes = {x for x in ids if ids.count(x) > 1}
    _require(not dupes, file, path, f"duplicate ids {sorted(dupes)}")
    return set(ids)


def check_quiz(data) -> None:
    """Raise :class:`ContentError` if the quiz content is inconsistent."""
    f = "quiz.json"
    areas = _unique_ids(data["areas"], f, "areas")
    for i, area in enumerate(data["areas"]):
        _require(isinstance(area.get("weight"), (int, float)) and area["weight"] > 0, f, f"areas[{i}].weight", "must be a positive number")
        for level in data["levels"]:
            _require(level["id"] in area.get("advice", {}), f, f"areas[{i}].advice", f"no advice for level {level['id']!r}")
        _require(isinstance(area.get("link"), str) and "#" in area["link"], f, f"areas[{i}].link", "needs a page and an anchor")
    _unique_ids(data["questions"], f, "questions")
    flag_ids = {flag["id"] for flag in data["flags"]}
    _require(flag_ids == set(FLAG_IDS), f, "flags", f"must define exactly {FLAG_IDS}")
    for i, q in enumerate(data["questions"]):
        where = f"questions[{i}] ({q.get('id')})"
        if q.get("kind") == "profile":
            _require(q.get("options_from") in ("levels", "days"), f, where, "a profile question takes its options from levels or days")
            continue
        _require(q.get("area") in areas, f, f"{where}.area", f"unknown area {q.get('area')!r}")
        _require(q.get("kind", "single") in ("single", "multi"), f, f"{where}.kind", "must be single, multi or profile")
        _unique_ids(q["options"], f, f"{where}.options")
        for j, opt in enumerate(q["options"]):
            _require(opt.get("score") in (0, 1, 2, 3), f, f"{where}.options[{j}].score", "must be 0, 1, 2 or 3")
            _require(opt.get("flag") in (None, *FLAG_IDS), f, f"{where}.options[{j}].flag", "unknown flag")
        _require(any(o["score"] == 3 for o in q["options"]), f, f"{where}.options", "needs a best option (score 3)")
    mins = [band["min"] for band in data["bands"]]
    _require(mins == sorted(mins, reverse=True) and mins[-1] == 0, f, "bands", "mins must fall from the top and end at 0")


def check_checklist(data) -> None:
    """Raise :class:`ContentError` if the checklist content is inconsistent."""
    f = "checklist.json"
    _unique_ids(data["items"], f, "items")
    _require(len(data["items"]) == 8, f, "items", "the weekly review has eight points")
    for key in ("kinds", "intents", "pain_flags", "feelings", "answers"):
        _unique_ids(data[key], f, key)
    _require([e["value"] for e in data["effort_scale"]] == list(range(11)), f, "effort_scale", "needs labels for 0 to 10")
    _unique_ids(data["findings"], f, "findings")
    for i, finding in enumerate(data["findings"]):
        _require(finding.get("evidence") in data["evidence_labels"], f, f"findings[{i}].evidence", "unknown evidence label")
        _require(isinstance(finding.get("link"), str) and "#" in finding["link"], f, f"findings[{i}].link", "needs a page and an anchor")


def check_content() -> None:
    """Validate every content file; raise :class:`ContentError` naming the problem."""
    for name, check in (("quiz.json", check_quiz), ("checklist.json", check_checklist)):
        try:
            check(load(name))
        except ContentError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ContentError(f"{name}: malformed content ({type(exc).__name__}: {exc})") from exc


def article_links() -> list[tuple[str, str]]:
    """Every (source, link) the engine can send a reader to, for the link test."""
    links = []
    q = quiz()
    links += [(f"quiz.json areas.{a['id']}", a["link"]) for a in q["areas"]]
    links += [(f"quiz.json flags.{x['id']}", x["link"]) for x in q["flags"]]
    c = checklist()
    links += [(f"checklist.json items.{x['id']}", x["link"]) for x in c["items"]]
    links += [(f"checklist.json findings.{x['id']}", x["link"]) for x in c["findings"]]
    return links
