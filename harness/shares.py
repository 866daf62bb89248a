"""A runner's weeks for the sharing tests and the link-size measurement, and share links
made the way the page makes them.

:func:`runner_weeks` gives weeks as a runner logs them: five or six sessions with distances,
a few short notes, now and then a little pain, all eight review points answered, sleep and
feeling, and (with ``plans``) each week's plan with its sessions marked done. They vary from
week to week as real weeks do (seeded, so every run gets the same ones): a link's size
depends on how much its weeks repeat one another.

:func:`fragment` writes a share's text into a link's fragment as ``share-link.mjs`` does
(raw DEFLATE, base64url), so a test can hand the page a link the checklist never made: a
newer schema with a valid check, a crafted one that unpacks to megabytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import zlib

FIRST_MONDAY = dt.date(2026, 8, 3)
ITEMS = ("purpose", "easy_easy", "workouts_on_target", "volume_sensible", "movement_practice", "strength_helped",
         "sleep_food", "fresher")
KINDS = (("easy", "easy"), ("workout", "hard"), ("strength", "moderate"), ("easy", "easy"), ("recovery", "easy"),
         ("long", "easy"))
NOTES = ("6 x 3 min at 10K effort", "hilly, felt strong", "legs heavy after work", "tempo 20 min", "windy, cut it short",
         "parkrun with friends", "calf tight at the end", "easy with the club", "strides at the end")


def runner_week(i: int, *, plan: bool = False, first: dt.date = FIRST_MONDAY) -> dict:
    """Week ``i`` after ``first`` (a Monday), as the runner saved it."""
    rnd = random.Random(1000 + i)
    start = first + dt.timedelta(days=7 * i)
    days = sorted(rnd.sample(range(7), 5 + rnd.randint(0, 1)))
    sessions = []
    for n, day in enumerate(days):
        kind, intent = KINDS[n % len(KINDS)]
        s = {"date": (start + dt.timedelta(days=day)).isoformat(), "kind": kind, "intent": intent,
             "minutes": rnd.randint(25, 110), "effort": rnd.randint(2, 8)}
        if kind != "strength":
            s["distance_km"] = round(s["minutes"] / rnd.uniform(5.2, 6.5), 2)
        if rnd.random() < 0.3:
            s["note"] = rnd.choice(NOTES)
        if rnd.random() < 0.2:
            s["pain"] = rnd.randint(1, 3)
        sessions.append(s)
    week = {"schema": 2, "week_start": start.isoformat(), "start_day": "monday", "sessions": sessions,
            "checklist": {item: {"answer": rnd.choice(("yes", "yes", "partly", "no"))} for item in ITEMS},
            "sleep_hours": rnd.choice((6.5, 7, 7.25, 7.5, 8)), "feeling": rnd.choice(("fresh", "normal", "tired"))}
    if rnd.random() < 0.5:
        week["checklist"]["easy_easy"]["note"] = rnd.choice(NOTES)
    if plan:
        week["plan"] = {"sessions": [{"id": f"p{n}", "date": s["date"], "kind": s["kind"], "intent": s["intent"],
                                      "minutes": s["minutes"] + rnd.choice((-5, 0, 0, 5))} for n, s in enumerate(sessions)]}
        for n, s in enumerate(sessions):
            s["plan_id"] = f"p{n}"
    return week


def runner_weeks(n: int, *, plans: bool = False, first: dt.date = FIRST_MONDAY) -> list[dict]:
    return [runner_week(i, plan=plans, first=first) for i in range(n)]


def stored_text(weeks: list[dict]) -> str:
    """The saved-weeks document as the page keeps it in localStorage."""
    return json.dumps({"format": "trainsmart-weeks", "schema": 2, "weeks": weeks})


def deflate_raw(data: bytes) -> bytes:
    """Raw DEFLATE (no zlib header), what CompressionStream("deflate-raw") writes."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def fragment(text: str, check: str, *, link_format: str = "s1") -> str:
    """``#s1.CHECK.DATA`` for a share's text: a link's fragment, as the page writes it."""
    return f"#{link_format}.{check}.{base64url(deflate_raw(text.encode('utf-8')))}"
