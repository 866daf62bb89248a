"""Shares: a few saved weeks for a coach, carried in a link or a file, with no server.

A share document holds the least the coach's own engine needs to review the weeks::

    {"format": "trainsmart-share", "schema": 2, "made": DATE, "weeks": [WEEK, ...]}

``weeks`` holds 1 to :data:`MAX_SHARE_WEEKS` weeks as the runner saved them (plans
included), in date order; ``made`` (schema 2, optional) is the runner's date when the share
was made, so the coach's engine reviews each week as it stood then: a week still under way
is "in progress", as the runner saw it, however late the coach opens it. Nothing else
travels: no reviews (the coach's engine computes them), no name, no records set aside.
Schema 1 (no ``made``) is still read; the coach's own date stands in for it. The page compresses the text into the fragment of a
link (the part after ``#``, which a browser never sends to any host) or offers it as a
file; ``check`` travels beside the text in a link, so a link edited or damaged on the way
is refused instead of shown with altered numbers.

Requests:

* ``share_build``: ``{"weeks": [DATE, ...], "text" or "base", "today"?}`` (the saved weeks,
  named as in :mod:`store_ops`; ``today``: the runner's date, kept as ``made``) -> the
  share's ``text``, its ``check`` and the ``weeks`` it holds;
* ``share_open``: ``{"text": SHARE TEXT, "check"?, "today"?, "units"?}`` -> the weeks, each
  week's review against the other shared weeks (texts in the coach's ``units``), their
  trend, ``made``, and the same weeks as a backup document (what "Keep a copy" adds).
  Validated like a backup import: all or nothing.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Mapping

from . import store
from . import validate as v
from .errors import EngineError
from .review import review, today_of, trend
from .store_ops import working_document
from .units import units_of
from .week import parse_weeks

FORMAT = "trainsmart-share"
SHARE_SCHEMA = 2  # 2 added "made"; 1 is still read
MAX_SHARE_WEEKS = 12  # about three months: enough for a coach, small enough for a link
# Twelve weeks at every limit of the week format (notes everywhere, written as \\u escapes)
# stay below this; the page refuses a larger file before reading it.
MAX_SHARE_CHARS = 4_000_000


def check_of(text: str) -> str:
    """Eight characters naming one share text: 48 bits of its SHA-256, base64url."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:6]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def build_request(data: Mapping) -> dict:
    """Handle ``share_build``: the chosen saved weeks as the text of a share document."""
    v.obj(data, "", required=("weeks",), optional=("text", "base", "today"))
    if isinstance(data["weeks"], list) and len(data["weeks"]) > MAX_SHARE_WEEKS:
        raise EngineError("too_many", f"A share holds at most {MAX_SHARE_WEEKS} weeks; choose fewer.", "weeks")
    starts = v.array(data["weeks"], "weeks", max_items=MAX_SHARE_WEEKS)
    if not starts:
        raise EngineError("missing", "Choose at least one week to share.", "weeks")
    doc = working_document(data)
    saved = {w["week_start"]: w for w in doc["weeks"]}
    chosen: list[str] = []
    for i, raw in enumerate(starts):
        day = v.date(raw, v.join("weeks", i)).isoformat()
        if day not in saved:
            raise EngineError("missing", f"There is no saved week of {day}.", v.join("weeks", i))
        if day in chosen:
            raise EngineError("duplicate", f"The week of {day} is chosen twice.", v.join("weeks", i))
        chosen.append(day)
    chosen.sort()
    made = today_of(data)
    text = store.to_text({"format": FORMAT, "schema": SHARE_SCHEMA, **({"made": made.isoformat()} if made else {}),
                          "weeks": [saved[d] for d in chosen]})
    return {"text": text, "check": check_of(text), "weeks": chosen}


def _parse_text(text: str, path: str) -> object:
    """JSON text from a link or a file, with the request's own nesting limit."""
    from .api import MAX_DEPTH, nesting_depth

    if not text.removeprefix("\ufeff").lstrip().startswith("{"):
        # A share is a JSON object: a photo or a document chosen by mistake is not one
        # (its bytes may well "nest" deeply, which would be the wrong thing to say).
        raise EngineError("json", "This is not a Train Smart share (a share is a small text file made by the "
                          "weekly checklist's Share panel). Ask for the link or the file again.", path)
    if nesting_depth(text) > MAX_DEPTH:
        raise EngineError("too_deep", f"This share nests more than {MAX_DEPTH} levels deep, so it was not opened.", path)
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        raise EngineError("json", "This share is not readable: it was cut short or damaged on the way. "
                          "Ask for the link or the file again.", path) from None


def parse_share(raw: object, path: str) -> tuple[list[dict], str | None]:
    """Validate a share document; returns its weeks, normalised, in date order, and the date
    it was made (``None`` in a schema 1 share).

    The format and schema are checked before any other field, so a share from a newer
    version is refused as newer, not as holding unknown fields.
    """
    doc = v.mapping(raw, path)
    if doc.get("format") == store.FORMAT:
        raise EngineError("format", "This is a backup of saved weeks, not a share: import it on the weekly "
                          "checklist page instead.", v.join(path, "format"))
    if "format" in doc and doc["format"] != FORMAT:
        raise EngineError("format", "This is not a Train Smart share.", v.join(path, "format"))
    schema = doc.get("schema")
    if "schema" in doc and (isinstance(schema, bool) or not isinstance(schema, int) or schema < 1):
        raise EngineError("type", "The schema version must be a whole number from 1.", v.join(path, "schema"))
    if isinstance(schema, int) and schema > SHARE_SCHEMA:
        shown = schema if schema < 10_000 else "over 9999"  # a huge integer has no text form (int_max_str_digits)
        raise EngineError("newer_schema", f"This share comes from a newer version of the site (schema {shown}); "
                          f"this version reads schema {SHARE_SCHEMA}. Reload the page to update, then open it again.",
                          v.join(path, "schema"))
    v.obj(doc, path, required=("format", "schema", "weeks"), optional=("made",) if isinstance(schema, int) and schema >= 2 else ())
    made = v.date(doc["made"], v.join(path, "made")).isoformat() if doc.get("made") is not None else None
    where = v.join(path, "weeks")
    if isinstance(doc["weeks"], list) and len(doc["weeks"]) > MAX_SHARE_WEEKS:
        raise EngineError("too_many", f"A share holds at most {MAX_SHARE_WEEKS} weeks; this one holds "
                          f"{len(doc['weeks'])}.", where)
    if not v.array(doc["weeks"], where, max_items=MAX_SHARE_WEEKS):
        raise EngineError("missing", "This share holds no weeks.", where)
    return sorted(parse_weeks(doc["weeks"], where), key=lambda w: w["week_start"]), made


def open_request(data: Mapping) -> dict:
    """Handle ``share_open``: read a share and review each week against the other shared weeks,
    as it stood on the day the share was made (or, for a share that does not say, today)."""
    v.obj(data, "", required=("text",), optional=("check", "today", "units"))
    if isinstance(data["text"], str) and len(data["text"]) > MAX_SHARE_CHARS:
        raise EngineError("too_large", f"This share is larger than {MAX_SHARE_CHARS:,} characters, more than any "
                          "share holds, so it was not opened.", "text")
    text = v.text(data["text"], "text", max_len=MAX_SHARE_CHARS)
    if data.get("check") is not None:
        check = v.text(data["check"], "check", max_len=64)
        if check != check_of(text):
            raise EngineError("damaged", "This link was changed or damaged on the way (its check does not match "
                              "what it holds), so it was not opened. Ask for the link again.", "check")
    units, today = units_of(data), today_of(data)
    weeks, made = parse_share(_parse_text(text, "text"), "text")
    as_of = dt.date.fromisoformat(made) if made else today
    reviews = []
    for week in weeks:
        found = review(week, weeks, units, as_of)
        del found["trend"]  # the same for every week: sent once, below
        reviews.append(found)
    return {"weeks": weeks, "reviews": reviews, "trend": trend(weeks), "made": made,
            "backup": {"format": store.FORMAT, "schema": store.STORE_SCHEMA, "weeks": weeks}}
