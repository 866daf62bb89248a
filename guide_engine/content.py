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
from collections.abc import Mapping
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


@functools.cache
def quiz():
    """The quiz content (questions, areas, bands, flags), checked on first use."""
    return _checked("quiz.json", check_quiz)


@functools.cache
def checklist():
    """The weekly checklist content (review points, session fields, findings), checked on first use."""
    return _checked("checklist.json", check_checklist)


def _checked(name: str, check):
    """Load a content file and refuse it whole if it is inconsistent: a typo in a rule must
    stop the engine (and the build) naming the field, not answer ``internal`` to a reader."""
    data = load(name)
    try:
        check(data)
    except ContentError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ContentError(f"{name}: malformed content ({type(exc).__name__}: {exc})") from exc
    return data


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
            if opt.get("na"):  # "not for me": no score, no flag
                _require("score" not in opt and "flag" not in opt, f, f"{where}.options[{j}]", "a 'na' option has no score or flag")
                continue
            _require(opt.get("score") in (0, 1, 2, 3), f, f"{where}.options[{j}].score", "must be 0, 1, 2 or 3")
            _require(opt.get("flag") in (None, *FLAG_IDS), f, f"{where}.options[{j}].flag", "unknown flag")
        _require(any(o.get("score") == 3 for o in q["options"]), f, f"{where}.options", "needs a best option (score 3)")
    bands = _unique_ids(data["bands"], f, "bands")
    mins = [band["min"] for band in data["bands"]]
    _require(mins == sorted(mins, reverse=True) and mins[-1] == 0, f, "bands", "mins must fall from the top and end at 0")
    _check_answer_sets(data, f)
    for i, cap in enumerate(data["warning_caps"]):
        _require(cap.get("band") in bands, f, f"warning_caps[{i}].band", f"unknown band {cap.get('band')!r}")
        _require(isinstance(cap.get("signs"), int) and 1 <= cap["signs"] <= len(data["warning_signs"]), f,
                 f"warning_caps[{i}].signs", "must be a count of warning signs")
    for i, combo in enumerate(data["combos"]):
        _require(combo.get("area") in areas, f, f"combos[{i}].area", f"unknown area {combo.get('area')!r}")
        _require(combo.get("score") in (0, 1, 2, 3), f, f"combos[{i}].score", "must be 0, 1, 2 or 3")
        _require("cap" not in combo or combo["cap"] in bands, f, f"combos[{i}].cap", f"unknown band {combo.get('cap')!r}")
        _require(combo.get("flag") in (None, *FLAG_IDS), f, f"combos[{i}].flag", "unknown flag")
        _require("flag" not in combo or (isinstance(combo.get("because"), str) and combo["because"].strip()), f,
                 f"combos[{i}].because", "a combo that raises a flag says why (because)")


def _check_answer_sets(data, f: str) -> None:
    """Warning signs and combos name real questions and options; a sign's answers score 0.

    Scoring 0 is what makes "answering with a warning sign never improves the result" hold,
    for a change of answer and for one more answer to a quiz half done alike.
    """
    questions = {q["id"]: q for q in data["questions"]}
    days = {d["id"] for d in data["days"]}
    levels = {lv["id"] for lv in data["levels"]}
    _unique_ids(data["warning_signs"], f, "warning_signs")
    groups = [(f"warning_signs[{i}]", s["answers"]) for i, s in enumerate(data["warning_signs"])]
    groups += [(f"combos[{i}]", c["all"]) for i, c in enumerate(data["combos"])]
    for where, answers in groups:
        _require(isinstance(answers, Mapping) and answers, f, where, "needs answers by question id")
        for qid, ids in answers.items():
            q = questions.get(qid)
            _require(q is not None, f, f"{where}.{qid}", "unknown question")
            known = {"levels": levels, "days": days}.get(q.get("options_from")) or {o["id"] for o in q["options"]}
            for option in ids:
                _require(option in known, f, f"{where}.{qid}", f"unknown option {option!r}")
    for i, sign in enumerate(data["warning_signs"]):
        for qid, ids in sign["answers"].items():
            scores = {o["id"]: o.get("score") for o in questions[qid]["options"] if not o.get("na")}
            # 0, not only the lowest: a sign worth a point would lift a half-done quiz's average of zeros.
            _require(all(scores[o] == 0 for o in ids), f, f"warning_signs[{i}].{qid}", "a warning answer scores 0")


OPS = (">", ">=", "<", "<=")
SEVERITIES = ("urgent", "stop", "see", "caution", "note", "good")
VERDICT_FACTS = ("cautions", "misses")


def _check_condition(cond, known, file: str, where: str) -> None:
    _require(isinstance(cond, (list, tuple)) and len(cond) == 3, file, where, "a condition is [metric, op, value]")
    metric, op, value = cond
    _require(metric in known, file, where, f"unknown metric {metric!r}")
    _require(op in OPS, file, where, f"unknown op {op!r}; expected one of {', '.join(OPS)}")
    _require(isinstance(value, (int, float)) and not isinstance(value, bool), file, where, "the value must be a number")


def check_checklist(data) -> None:
    """Raise :class:`ContentError` if the checklist content is inconsistent.

    Every findings row and verdict cap names a metric the engine computes and a known
    comparison, and the rules hold exactly the values the engine reads, so a typo fails
    the build naming the field instead of answering ``internal`` to a reader.
    """
    from .metrics import METRICS, PLAN_METRICS, RULES  # metrics imports this module: import on use

    f = "checklist.json"
    _unique_ids(data["items"], f, "items")
    _require(len(data["items"]) == 8, f, "items", "the weekly review has eight points")
    for key in ("kinds", "intents", "pain_flags", "feelings", "answers", "phases"):
        _unique_ids(data[key], f, key)
    for i, flag in enumerate(data["pain_flags"]):
        _require(flag.get("severity") in ("urgent", "stop"), f, f"pain_flags[{i}].severity", "must be urgent or stop")
    _require([e["value"] for e in data["effort_scale"]] == list(range(11)), f, "effort_scale", "needs labels for 0 to 10")
    rules = {k for k in data["rules"] if not k.startswith("_")}
    _require(rules <= set(RULES), f, "rules", f"not read by the engine: {sorted(rules - set(RULES))}")
    _require(set(RULES) <= rules, f, "rules", f"missing: {sorted(set(RULES) - rules)}")
    _unique_ids([*data["findings"], *data["plan_findings"]], f, "findings")
    rows = [("findings", i, r, METRICS) for i, r in enumerate(data["findings"])]
    rows += [("plan_findings", i, r, (*METRICS, *PLAN_METRICS)) for i, r in enumerate(data["plan_findings"])]
    for key, i, finding, known in rows:
        where = f"{key}[{i}] ({finding.get('id')})"
        _require(finding.get("evidence") in data["evidence_labels"], f, f"{where}.evidence", "unknown evidence label")
        _require(isinstance(finding.get("link"), str) and "#" in finding["link"], f, f"{where}.link", "needs a page and an anchor")
        _require(finding.get("severity") in SEVERITIES, f, f"{where}.severity", f"unknown severity {finding.get('severity')!r}")
        quiet = finding.get("quiet_beside", [])
        _require(isinstance(quiet, (list, tuple)) and set(quiet) <= set(SEVERITIES[:3]), f, f"{where}.quiet_beside",
                 "must list alert severities (urgent, stop, see)")
        _require(isinstance(finding.get("when"), (list, tuple)) and finding["when"], f, f"{where}.when", "needs conditions")
        for j, cond in enumerate(finding["when"]):
            _check_condition(cond, known, f, f"{where}.when[{j}]")
    verdict = data["verdict"]
    bands = _unique_ids(verdict["bands"], f, "verdict.bands")
    mins = [band["min"] for band in verdict["bands"]]
    _require(mins == sorted(mins, reverse=True) and mins[-1] == 0, f, "verdict.bands", "mins must fall from the top and end at 0")
    for i, alert in enumerate(verdict["alerts"]):
        _require(alert.get("severity") in SEVERITIES[:3], f, f"verdict.alerts[{i}].severity", "must be urgent, stop or see")
    for i, cap in enumerate(verdict["caps"]):
        _check_condition((cap.get("metric"), cap.get("op"), cap.get("value")), VERDICT_FACTS, f, f"verdict.caps[{i}]")
        _require(cap.get("band") in bands, f, f"verdict.caps[{i}].band", f"unknown band {cap.get('band')!r}")


def check_content() -> None:
    """Validate every content file; raise :class:`ContentError` naming the problem."""
    load.cache_clear()
    quiz.cache_clear()
    checklist.cache_clear()
    quiz()
    checklist()


def article_links() -> list[tuple[str, str]]:
    """Every (source, link) the engine can send a reader to, for the link test."""
    links = []
    q = quiz()
    links += [(f"quiz.json areas.{a['id']}", a["link"]) for a in q["areas"]]
    links += [(f"quiz.json flags.{x['id']}", x["link"]) for x in q["flags"]]
    c = checklist()
    links += [(f"checklist.json items.{x['id']}", x["link"]) for x in c["items"]]
    links += [(f"checklist.json findings.{x['id']}", x["link"]) for x in (*c["findings"], *c["plan_findings"])]
    links += [(f"checklist.json reading[{i}]", x["link"]) for i, x in enumerate(c["reading"])]
    return links
