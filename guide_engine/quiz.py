"""Scoring for the self-check quiz "Am I training hard but not smart?".

Answers map question ids to an option id (or a list of option ids for a
``multi`` question)::

    {"answers": {"level": "beginner", "easy_talk": "rarely", "pain_signs": ["sharp"]}}

Any subset is valid: a partial set gives a provisional result and lists what is
still unanswered. Each area's score is the mean of its answered questions
(0-3, scaled to 0-100); the overall score weighs areas by their ``weight``; the
first three fixes are the weakest areas ranked by weight × shortfall. The guide's
eight warning signs cap the band (``warning_caps``: several signs are never "smart"),
and an answer that shows one scores 0, so it never raises a score, even a provisional one.
Alerts (pain red flags, pain to see someone about, energy warning signs) override
everything: they come first as ``alerts`` and replace the verdict and its score.
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


def _picked(answers: Mapping[str, tuple[str, ...]], qid: str, ids) -> bool:
    """True when the answer to ``qid`` includes one of ``ids``."""
    return bool(set(answers.get(qid, ())) & set(ids))


def _combo_holds(answers: Mapping[str, tuple[str, ...]], combo) -> bool:
    return all(_picked(answers, q, ids) for q, ids in combo["all"].items())


def _marks(answers: Mapping[str, tuple[str, ...]], bank) -> tuple[dict, dict]:
    """Area -> [(points, finding, flagged)] and flag id -> [labels], from the answers
    (``flagged``: the answer raised a red flag or is one of the guide's warning signs).

    A "not for me" option (``na``) gives no mark; each combo whose answers all hold adds one.
    """
    per_area: dict[str, list[tuple[int, str, bool]]] = {a["id"]: [] for a in bank["areas"]}
    alerts: dict[str, list[str]] = {}
    warned = {(q, oid) for sign in bank["warning_signs"] for q, ids in sign["answers"].items() for oid in ids}
    for question in bank["questions"]:
        chosen = answers.get(question["id"])
        if question.get("kind") == "profile" or not chosen:
            continue
        options = {o["id"]: o for o in question["options"]}
        picked = [options[c] for c in chosen]
        for o in picked:
            if o.get("flag"):
                alerts.setdefault(o["flag"], []).append(o["label"])
        scored = [o for o in picked if not o.get("na")]
        if scored:
            # A red flag or one of the guide's warning signs: the area is never praised.
            flagged = any(o.get("flag") or (question["id"], o["id"]) in warned for o in scored)
            per_area[question["area"]].append((min(o["score"] for o in scored), question["finding"], flagged))
    for combo in bank["combos"]:
        if _combo_holds(answers, combo):
            if combo.get("flag"):  # answers that together call for help (an ache back again that hurts now)
                alerts.setdefault(combo["flag"], []).append(combo["because"])
            per_area[combo["area"]].append((combo["score"], combo["finding"], bool(combo.get("flag"))))
    return per_area, alerts


def warning_signs(answers: Mapping[str, tuple[str, ...]]) -> list[dict]:
    """The guide's warning signs these answers show, in the content's order."""
    return [{"id": sign["id"], "label": sign["label"]} for sign in content.quiz()["warning_signs"]
            if any(_picked(answers, q, ids) for q, ids in sign["answers"].items())]


def _caps(answers: Mapping[str, tuple[str, ...]], bank, signs: int) -> list[str]:
    """The bands the verdict may not rise above: from the warning signs shown and from combos."""
    caps = [cap["band"] for cap in bank["warning_caps"] if signs >= cap["signs"]]
    caps += [combo["cap"] for combo in bank["combos"] if "cap" in combo and _combo_holds(answers, combo)]
    return caps


def _band(bank, overall: int, caps: list[str]) -> tuple[dict, int]:
    """The band the score reaches, no better than any cap; the score lowered to match."""
    bands = bank["bands"]
    ids = [b["id"] for b in bands]
    index = max([next(i for i, b in enumerate(bands) if overall >= b["min"]), *(ids.index(c) for c in caps)])
    if index > 0:
        overall = min(overall, bands[index - 1]["min"] - 1)
    return bands[index], overall


def score(answers: Mapping[str, tuple[str, ...]]) -> dict:
    """Score parsed answers (see :func:`parse_answers`) into a result.

    Alerts (red flags, pain to see someone about, energy warning signs) replace the
    verdict: the result leads with what to do, and no band or score praises beside them.
    Otherwise the band comes from the weighted score, capped by the warning signs shown.
    """
    bank = content.quiz()
    level_answer = answers.get("level", ())
    level = level_answer[0] if level_answer else None
    advice_level = level or DEFAULT_LEVEL
    per_area, alerts = _marks(answers, bank)

    flags = sorted(bank["flags"], key=lambda f: f["rank"])
    alert_list = [{"id": f["id"], "title": f["title"], "text": f["text"], "link": f["link"],
                   "because": alerts[f["id"]]} for f in flags if f["id"] in alerts]

    areas, scored = [], []
    for area in bank["areas"]:
        marks = per_area[area["id"]]
        if marks:
            value = _percent(sum(p for p, _, _ in marks) / len(marks))
            worst = min(marks, key=lambda m: (m[0], not m[2]))
            # An area that raised a red flag or shows a warning sign is never praised, whatever
            # its average, and is always a fix; its worst flagged answer gives the reason.
            flagged = [m for m in marks if m[2]]
            good = value >= bank["good_score"] and not flagged
            if not good:
                reason = (min(flagged, key=lambda m: m[0]) if flagged else worst)[1]
            else:
                reason = bank["alert_verdict"]["area_reason"] if alert_list else area["good"]
            scored.append((area, value, reason, good))
        else:
            value, reason = None, "Not answered yet."
        # Beside an alert no score is shown, the areas' neither: they wait, for later.
        areas.append({"id": area["id"], "title": area["title"], "answered": bool(marks),
                      "score": None if alert_list else value, "reason": reason,
                      "link": area["link"], "link_text": area["link_text"]})

    signs = warning_signs(answers)
    overall = verdict = None
    if alert_list:
        first = alert_list[0]
        verdict = {"id": f"alert-{first['id']}", "title": first["title"], "summary": bank["alert_verdict"]["summary"]}
    elif scored:
        total_weight = sum(a["weight"] for a, _, _, _ in scored)
        raw = int(sum(a["weight"] * s for a, s, _, _ in scored) / total_weight + 0.5)
        band, overall = _band(bank, raw, _caps(answers, bank, len(signs)))
        verdict = {"id": band["id"], "title": band["title"], "summary": band["summary"]}

    weak = [(a, s, r) for a, s, r, good in scored if not good]
    order = {a["id"]: i for i, a in enumerate(bank["areas"])}
    weak.sort(key=lambda t: (-t[0]["weight"] * (100 - t[1]), order[t[0]["id"]]))
    fixes = [{"area": a["id"], "title": a["title"], "score": None if alert_list else s, "reason": r,
              "advice": a["advice"][advice_level], "link": a["link"], "link_text": a["link_text"]}
             for a, s, r in weak[:MAX_FIXES]]

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
        "warning_signs": signs,
        "areas": areas,
        "fixes": fixes,
        "alerts": alert_list,
        "stop_running": any(a["id"] in ("urgent", "stop") for a in alert_list),
        "disclaimer": bank["disclaimer"],
    }
