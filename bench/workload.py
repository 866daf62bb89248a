"""The engine requests the benchmark sends: a complete quiz, and 52 and 520 weeks saved.

Deterministic (a seeded generator) and valid by construction: each week is a
schema-1 record as ``guide_engine/week.py`` describes it (Monday starts, sessions
inside the week, ids from ``guide_engine/data/checklist.json``), and
:func:`check` runs both requests through the CPython engine before a browser
ever sees them.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "guide_engine" / "data"

KINDS = [("easy", 3, 30, 60), ("easy", 3, 35, 55), ("workout", 7, 45, 70), ("long", 4, 75, 130),
         ("recovery", 2, 20, 35), ("strength", 5, 25, 40), ("cross", 4, 30, 60)]


def quiz_answers() -> dict:
    """Every question answered, with a mix of options (not all first choices)."""
    bank = json.loads((DATA / "quiz.json").read_text(encoding="utf-8"))
    answers: dict = {}
    for i, q in enumerate(bank["questions"]):
        if q.get("kind") == "profile":
            options = [o["id"] for o in bank[q["options_from"]]]
        else:
            options = [o["id"] for o in q["options"]]
        if q.get("kind") == "multi":
            exclusive = [o["id"] for o in q["options"] if o.get("exclusive")]
            answers[q["id"]] = exclusive[:1] or options[:1]
        else:
            answers[q["id"]] = options[i % min(2, len(options))]
    return answers


def weeks(count: int = 52, first_monday: str = "2024-01-01", seed: int = 52) -> list[dict]:
    """``count`` consecutive, valid weeks with 4-6 sessions, checklist answers, sleep and feeling."""
    bank = json.loads((DATA / "checklist.json").read_text(encoding="utf-8"))
    intent = {k["id"]: k["intent"] for k in bank["kinds"]}
    items = [i["id"] for i in bank["items"]]
    answers = [a["id"] for a in bank["answers"]]
    feelings = [f["id"] for f in bank["feelings"]]
    rng = random.Random(seed)
    start = dt.date.fromisoformat(first_monday)
    assert start.weekday() == 0, "first_monday must be a Monday"
    out = []
    for w in range(count):
        monday = start + dt.timedelta(weeks=w)
        days = sorted(rng.sample(range(7), rng.randint(4, 6)))
        sessions = []
        for d in days:
            kind, effort, lo, hi = rng.choice(KINDS)
            s = {"date": (monday + dt.timedelta(days=d)).isoformat(), "kind": kind, "intent": intent[kind],
                 "minutes": rng.randint(lo, hi), "effort": max(1, min(10, effort + rng.choice((-1, 0, 0, 1))))}
            if kind in ("easy", "workout", "long", "recovery"):
                s["distance_km"] = round(s["minutes"] / rng.uniform(5.0, 7.0), 1)
            if rng.random() < 0.08:
                s["pain"] = rng.randint(1, 3)
            sessions.append(s)
        out.append({
            "schema": 1, "week_start": monday.isoformat(), "start_day": "monday",
            "checklist": {i: {"answer": rng.choice(answers)} for i in rng.sample(items, rng.randint(3, len(items)))},
            "sessions": sessions,
            "sleep_hours": round(rng.uniform(6.0, 8.5), 1),
            "feeling": rng.choice(feelings),
        })
    return out


def review_request(history: list[dict]) -> dict:
    """The checklist's own request on a returning visit: the newest week against all of them."""
    return {"week": history[-1], "history": history}


def store(history: list[dict]) -> dict:
    """The saved-weeks document as the page stores it (schema 1: the engine migrates it on open)."""
    return {"format": "trainsmart-weeks", "schema": 1, "weeks": history}


def check() -> dict:
    """Run the requests through the CPython engine; return them, or raise if one fails.

    ``review`` is the page's review path (``weeks_review`` on the saved weeks the engine
    holds by revision); ``review_history`` is the older request that sends the history.
    """
    from guide_engine import handle

    def ok(kind: str, data: dict) -> dict:
        response = handle({"v": 1, "id": 1, "type": kind, "data": data})
        if response["type"] != "result":
            raise SystemExit(f"bench: the generated {kind} request is not valid: {response['error']}")
        return response["data"]

    history, decade = weeks(), weeks(520, first_monday="2014-01-06", seed=520)
    stores = {"store": store(history), "store520": store(decade)}
    for name, doc in stores.items():
        opened = ok("weeks_open", {"text": json.dumps(doc)})
        if len(opened["weeks"]) != len(doc["weeks"]) or opened["rejected"]:
            raise SystemExit(f"bench: the generated {name} does not open whole")
        ok("weeks_review", {"week": doc["weeks"][-1], "base": opened["rev"]})
    requests = {"quiz": {"answers": quiz_answers()}, "review_history": review_request(history)}
    ok("quiz", requests["quiz"])
    ok("review", requests["review_history"])
    return {"requests": requests, **stores}


if __name__ == "__main__":
    print(json.dumps(check()["requests"]["quiz"], indent=1))
