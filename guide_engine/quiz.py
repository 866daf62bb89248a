"""Scoring for the self-check quiz "Am I training hard but not smart?".

Answers map question ids to an option id (or a list of option ids for a
``multi`` question)::

    {"answers": {"level": "beginner", "easy_talk": "rarely", "pain_signs": ["sharp"]}}

Any subset is valid: a partial set gives a provisional result and lists what is
still unanswered. Each area's score is the mean of its answered questions
(0-3, scaled to 0-100); the overall score weighs areas by their ``weight``; the
first three fixes are the weakest areas ranked by weight × shortfall. Pain red
flags override everything: they come first as ``alerts``.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import content
from . import validate as v
from .errors import EngineError

DEFAULT_LEVEL = "intermediate"  # advice used until the reader says their level
MAX_FIXES = 3


def quiz_request(data: Mapping) -> dict:
    """Handle a ``quiz`` request: validate the answers and score them."""
    v.obj(data, "", required=("answers",))
    return score(parse_answers(data["answers"], "answers"))


def _options(question, bank) -> tuple:
    if question.get("kind") == "profile":
        return bank[question["options_from"]]
    return question["options"]


def parse_answers(raw: object, path: str) -> dict[str, tuple[str, ...]]:
    """Validate answers; return question id -> tuple of chosen option ids.

    Unknown question or option ids, wrong types, duplicates and an "exclusive"
    option ("none of these") combined with others are refused with the path.
    Empty values (``null``, ``""``, ``[]``) mean "not answered yet".
    """
    bank = content.quiz()
    questions = {q["id"]: q for q in bank["questions"]}
    answers = v.mapping(raw, path)
    parsed: dict[str, tuple[str, ...]] = {}
    for qid, value in answers.items():
        where = v.join(path, qid)
        if qid not in questions:
            shown = qid if len(qid) <= 40 else qid[:40] + "…"
            raise EngineError("unknown_question", f"There is no question {shown!r}.", where)
        question = questions[qid]
        option_ids = [o["id"] for o in _options(question, bank)]
        if value is None or value == "" or value == []:
            continue
        if question.get("kind") == "multi":
            chosen = v.array(value, where, max_items=len(option_ids))
            for i, item in enumerate(chosen):
                v.choice(item, v.join(where, i), option_ids)
            if len(set(chosen)) != len(chosen):
                raise EngineError("duplicate", "An option is ticked twice.", where)
            exclusive = {o["id"] for o in question["options"] if o.get("exclusive")}
            if len(chosen) > 1 and exclusive & set(chosen):
                raise EngineError("conflict", "'None of these' cannot be ticked with other options.", where)
            parsed[qid] = tuple(sorted(chosen, key=option_ids.index))
        else:
            parsed[qid] = (v.choice(value, where, option_ids),)
    return parsed


def _percent(points: float) -> int:
    """0-3 points to a whole percentage, rounding halves up."""
    return int(points * 100 / 3 + 0.5)


def score(answers: Mapping[str, tuple[str, ...]]) -> dict:
    """Score parsed answers (see :func:`parse_answers`) into a result."""
    bank = content.quiz()
    level_answer = answers.get("level", ())
    level = level_answer[0] if level_answer else None
    advice_level = level or DEFAULT_LEVEL

    per_area: dict[str, list[tuple[int, str]]] = {a["id"]: [] for a in bank["areas"]}
    alerts: dict[str, list[str]] = {}
    for question in bank["questions"]:
        chosen = answers.get(question["id"])
        if question.get("kind") == "profile" or not chosen:
            continue
        options = {o["id"]: o for o in question["options"]}
        picked = [options[c] for c in chosen]
        points = min(o["score"] for o in picked)
        flagged = False
        for o in picked:
            if o.get("flag"):
                flagged = True
                alerts.setdefault(o["flag"], []).append(o["label"])
        per_area[question["area"]].append((points, question["finding"], flagged))

    areas, scored = [], []
    for area in bank["areas"]:
        marks = per_area[area["id"]]
        if marks:
            value = _percent(sum(p for p, _, _ in marks) / len(marks))
            worst = min(marks, key=lambda m: (m[0], not m[2]))
            # An area that raised a red flag never gets praise, whatever its average.
            good = value >= bank["good_score"] and not any(flag for _, _, flag in marks)
            reason = area["good"] if good else worst[1]
            scored.append((area, value, reason))
        else:
            value, reason = None, "Not answered yet."
        areas.append({"id": area["id"], "title": area["title"], "score": value, "reason": reason,
                      "link": area["link"], "link_text": area["link_text"]})

    overall = None
    if scored:
        total_weight = sum(a["weight"] for a, _, _ in scored)
        overall = int(sum(a["weight"] * s for a, s, _ in scored) / total_weight + 0.5)
    verdict = None
    if overall is not None:
        band = next(b for b in bank["bands"] if overall >= b["min"])
        verdict = {"id": band["id"], "title": band["title"], "summary": band["summary"]}

    weak = [(a, s, r) for a, s, r in scored if s < bank["good_score"]]
    order = {a["id"]: i for i, a in enumerate(bank["areas"])}
    weak.sort(key=lambda t: (-t[0]["weight"] * (100 - t[1]), order[t[0]["id"]]))
    fixes = [{"area": a["id"], "title": a["title"], "score": s, "reason": r,
              "advice": a["advice"][advice_level], "link": a["link"], "link_text": a["link_text"]}
             for a, s, r in weak[:MAX_FIXES]]

    flags = sorted(bank["flags"], key=lambda f: f["rank"])
    alert_list = [{"id": f["id"], "title": f["title"], "text": f["text"], "link": f["link"],
                   "because": alerts[f["id"]]} for f in flags if f["id"] in alerts]

    all_ids = [q["id"] for q in bank["questions"]]
    unanswered = [qid for qid in all_ids if not answers.get(qid)]
    return {
        "complete": not unanswered,
        "answered": len(all_ids) - len(unanswered),
        "total": len(all_ids),
        "unanswered": unanswered,
        "level": level,
        "advice_level": advice_level,
        "score": overall,
        "verdict": verdict,
        "areas": areas,
        "fixes": fixes,
        "alerts": alert_list,
        "stop_running": any(a["id"] in ("urgent", "stop") for a in alert_list),
        "disclaimer": bank["disclaimer"],
    }
