"""Fuzzing the engine boundary: arbitrary JSON-able requests built around each request type.

Hypothesis draws requests that are mostly the right shape for ``ping``, ``version``,
``quiz``, ``review``, ``load``, ``import``, the saved-weeks requests and the share
requests (``share_build``, ``share_open``) and then breaks them: wrong types,
missing and extra fields, huge integers, NaN/Infinity/-0.0/1e308, negative minutes,
efforts outside 0-10, dates out of range and malformed, very long strings, unicode
(lone surrogates too), nested junk, ``__proto__``/``constructor`` keys. For every one:

* :func:`handle` never raises and answers ``{v, id, type, data|error}``;
* an error has ``code``/``message``/``path``; the path is "" (the whole request) or
  names a field that was really in the request (for ``missing``: its parent was);
* :func:`handle_json` on ``json.dumps(request)`` gives the same answer (when
  ``json.dumps`` can encode the request);
* the answer serialises with ``allow_nan=False``.

Profiles (see ``hypothesis_profiles.py``): ``default`` 300 examples per property,
``fuzz`` 10,000 (``make fuzz``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from pathlib import Path

from hypothesis import event, given, note
from hypothesis import strategies as st

import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from content_ids import ANSWERS, FEELINGS, FLAGS, INTENTS, ITEMS, KINDS, QUIZ, START_DAYS
from guide_engine import handle
from guide_engine.api import MAX_DEPTH, MAX_ID, REQUEST_TYPES, nesting_depth, dumps, handle_json

QUESTIONS = {q["id"]: [o["id"] for o in (QUIZ[q["options_from"]] if q.get("kind") == "profile" else q["options"])]
             for q in QUIZ["questions"]}
MULTI = {q["id"] for q in QUIZ["questions"] if q.get("kind") == "multi"}

# ---------- building blocks ----------

EVIL_KEYS = st.sampled_from(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", ".", "a.b",
                             "0", "-1", "week.sessions", "\u0000", "\ud800", "é", "💥", "__class__", "__dict__"])
weird_floats = st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 0.0, 1e308, -1e308, 5e-324, 0.5, 2.5, 10.000001,
                                -1.0, 1439.9999, 1440.0, 1441.0, 3.0, 1e16, 2.0**53, 2.0**53 + 2])
weird_ints = st.sampled_from([0, -1, 1, 10, 11, -10, 1440, 1441, 2**31, 2**53 - 1, 2**53, 2**53 + 1, 2**63, -2**63,
                              10**30, -(10**30), 10**400])
huge_int = st.builds(lambda: 10**5000)  # more digits than json.dumps (and repr) will write
long_text = st.sampled_from([501, 2001, 5000, 40_000]).flatmap(
    lambda n: st.sampled_from(["x", "é", "💥", "<"]).map(lambda c: c * n))  # built, so reprs stay short
numbers = st.integers() | weird_ints | st.floats() | weird_floats
texts = st.text(max_size=30) | long_text | st.sampled_from(["", " ", "null", "NaN", "Infinity", "-0", "1e308", "forty",
                                                            "<script>alert(1)</script>", "{}", "[]", "\ud800"])
scalars = st.one_of(st.none(), st.booleans(), numbers, numbers, numbers, texts, texts, texts, huge_int)
keys = st.text(max_size=10) | EVIL_KEYS
junk = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
                    max_leaves=12)


def chance(p: float) -> st.SearchStrategy[bool]:
    """True with about probability ``p``. Hypothesis favours 0 and the bounds when it draws
    integers, so the window sits in the middle of the range rather than at its start."""
    return st.integers(0, 9999).map(lambda n: 5000 <= n < 5000 + round(p * 10_000))


def maybe(valid, bad=junk, *, p_bad: float = 0.08):
    """Usually a (near-)valid value, junk with about probability ``p_bad``."""
    # (st.one_of picks a branch uniformly whatever its repeats: weigh with a drawn number instead)
    return chance(p_bad).flatmap(lambda b: bad if b else valid)


BAD_DATES = st.sampled_from(["2026-02-30", "2026-13-01", "1899-12-31", "2201-01-01", "0000-01-01", "9999-12-31",
                             "2026-W47-1", "20261116", "2026-11-16T00:00", " 2026-11-16", "2026-11-16 ", "2026-1-6",
                             "٢٠٢٦-١١-١٦", "2026-11-16\n", "", "yesterday"])
ok_days = st.dates(min_value=dt.date(1895, 1, 1), max_value=dt.date(2205, 12, 31))
dates = ok_days.map(lambda d: d.isoformat()) | BAD_DATES


def with_extras(base: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    """Drop some fields, add unknown ones (``__proto__``, ``constructor``, ...)."""
    @st.composite
    def build(draw):
        obj = dict(draw(base))
        if obj and draw(chance(0.01)):
            obj.pop(draw(st.sampled_from(sorted(obj))))
        if draw(chance(0.01)):
            obj[draw(keys)] = draw(junk)
        return obj
    return build()


def session_for(start: str):
    try:
        base = dt.date.fromisoformat(start)
        in_week = st.integers(-1, 7).map(lambda n: (base + dt.timedelta(days=n)).isoformat())
        base + dt.timedelta(days=7)
        base - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        in_week = dates
    fields = st.fixed_dictionaries(
        {"date": maybe(in_week | dates, p_bad=0.1), "kind": maybe(st.sampled_from(KINDS)),
         "intent": maybe(st.sampled_from(INTENTS)),
         "minutes": maybe(st.integers(-5, 1500), numbers | st.just("forty") | junk),
         "effort": maybe(st.integers(-2, 12), numbers | junk)},
        optional={"start_time": maybe(st.sampled_from(["07:05", "23:59", "00:00"]), st.sampled_from(["24:00", "7:05", "07:60"]) | junk),
                  "source": maybe(st.sampled_from(["fit", "gpx", "tcx", "strava"]), texts | junk),
                  "distance_km": maybe(st.floats(-1, 450), numbers | junk),
                  "pain": maybe(st.integers(-1, 11), numbers | junk),
                  "pain_flags": maybe(st.lists(st.sampled_from(FLAGS), max_size=7), junk),
                  "note": maybe(texts, junk),
                  "plan_id": maybe(st.sampled_from(["p1", "p2"]), texts | junk)})
    return with_extras(fields)


def planned_for(start: str):
    """A planned session: a session's shape with an id and a skipped mark instead of effort and pain."""
    try:
        base = dt.date.fromisoformat(start)
        in_week = st.integers(-1, 7).map(lambda n: (base + dt.timedelta(days=n)).isoformat())
        base + dt.timedelta(days=7)  # near the ends of the calendar: fall back to any date
        base - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        in_week = dates
    return with_extras(st.fixed_dictionaries(
        {"id": maybe(st.sampled_from(["p1", "p2", "p3"]), st.sampled_from(["P1", "", "x" * 13]) | junk),
         "date": maybe(in_week | dates, p_bad=0.1), "kind": maybe(st.sampled_from(KINDS)),
         "intent": maybe(st.sampled_from(INTENTS)), "minutes": maybe(st.integers(-5, 1500), numbers | junk)},
        optional={"distance_km": maybe(st.floats(-1, 450), numbers | junk), "note": maybe(texts, junk),
                  "skipped": maybe(st.booleans(), junk)}))


@st.composite
def weeks(draw):
    start = draw(maybe(dates, p_bad=0.1))
    week = draw(with_extras(st.fixed_dictionaries(
        {"week_start": st.just(start)},
        optional={"schema": maybe(st.sampled_from([1, 1, 0, 2, -1]), junk),
                  "start_day": maybe(st.sampled_from(START_DAYS)),
                  "checklist": maybe(st.dictionaries(st.sampled_from(ITEMS) | keys, with_extras(st.fixed_dictionaries(
                      {}, optional={"answer": maybe(st.sampled_from(ANSWERS)), "note": maybe(texts)})), max_size=4)),
                  "sessions": maybe(st.lists(session_for(start if isinstance(start, str) else ""), max_size=5)),
                  "plan": maybe(with_extras(st.fixed_dictionaries(
                      {"sessions": maybe(st.lists(planned_for(start if isinstance(start, str) else ""), max_size=4))}))),
                  "phase": maybe(st.sampled_from(["build", "taper", "race", "recovery"])),
                  "sleep_hours": maybe(st.floats(-1, 25), numbers | junk),
                  "feeling": maybe(st.sampled_from(FEELINGS))})))
    return week


def stores():
    return with_extras(st.fixed_dictionaries(
        {"format": maybe(st.just("trainsmart-weeks")), "weeks": maybe(st.lists(weeks(), max_size=3))},
        optional={"schema": maybe(st.sampled_from([1, 2, 0]), junk), "exported_by": maybe(texts)}))


@st.composite
def quiz_answers(draw):
    chosen = draw(st.lists(st.sampled_from(sorted(QUESTIONS)) | keys, max_size=8, unique=True))
    answers = {}
    for qid in chosen:
        options = QUESTIONS.get(qid, ["x"])
        if qid in MULTI:
            valid = st.lists(st.sampled_from(options), max_size=len(options) + 1)
        else:
            valid = st.sampled_from(options) | st.sampled_from([None, "", []])
        answers[qid] = draw(maybe(valid))
    return answers


# Small real activity files (and a folder, and names that are not files) for ``activities``.
ACTIVITY_PATHS = sorted(str(p) for p in (Path(__file__).parent / "data" / "activities").rglob("*")
                        if p.is_file() and p.stat().st_size < 20_000) + [str(Path(__file__).parent), "/nonexistent/x.fit"]
transitions = st.lists(st.lists(st.integers(-2**41, 2**41) | weird_ints, min_size=2, max_size=2), max_size=3)

DATA = {
    "ping": st.just({}),
    "version": st.just({}),
    "quiz": with_extras(st.fixed_dictionaries({"answers": maybe(quiz_answers())})),
    "review": with_extras(st.fixed_dictionaries({"week": maybe(weeks(), p_bad=0.1)},
                                                optional={"history": maybe(st.lists(weeks(), max_size=3))})),
    "plan": with_extras(st.fixed_dictionaries({"week": maybe(weeks(), p_bad=0.1)},
                                              optional={"history": maybe(st.lists(weeks(), max_size=3))})),
    "load": with_extras(st.fixed_dictionaries({"store": maybe(st.none() | stores())})),
    "import": with_extras(st.fixed_dictionaries({"backup": maybe(stores())},
                                                optional={"current": maybe(st.none() | stores())})),
    "activities": with_extras(st.fixed_dictionaries(
        {"files": maybe(st.lists(with_extras(st.fixed_dictionaries(
            {"name": maybe(texts), "path": maybe(st.sampled_from(ACTIVITY_PATHS), texts)})), max_size=3))},
        optional={"tz": maybe(st.none() | with_extras(st.fixed_dictionaries({"transitions": maybe(transitions)})))})),
}
def as_text(doc: object) -> str:
    """JSON text of a drawn document; one with an integer too long for JSON text becomes a marker."""
    try:
        return json.dumps(doc, default=str)
    except ValueError:
        return '{"format": "an integer too long for JSON text"}'


# The saved-weeks requests name their document by its stored text (often not JSON at all) or a revision.
stored_text = st.none() | stores().map(as_text) | texts
target = {"text": maybe(stored_text), "base": maybe(st.text(max_size=20), junk)}
DATA |= {
    "weeks_open": with_extras(st.fixed_dictionaries({"text": maybe(stored_text)})),
    "weeks_save": with_extras(st.fixed_dictionaries({"week": maybe(weeks(), p_bad=0.1)},
                                                    optional={**target, "expect": maybe(st.none() | texts)})),
    "weeks_plan": with_extras(st.fixed_dictionaries(
        {"week_start": maybe(dates), "plan": maybe(st.none() | with_extras(st.fixed_dictionaries(
            {"sessions": maybe(st.lists(planned_for("2026-11-16"), max_size=4))})))},
        optional={**target, "start_day": maybe(st.sampled_from(START_DAYS)), "expect": maybe(st.none() | texts)})),
    "weeks_add": with_extras(st.fixed_dictionaries(
        {"sessions": maybe(st.lists(session_for("2026-11-16"), max_size=4))},
        optional={**target, "start_day": maybe(st.sampled_from(START_DAYS)), "preview": maybe(st.booleans(), junk)})),
    "weeks_delete": with_extras(st.fixed_dictionaries({"week_start": maybe(dates)},
                                                      optional={**target, "expect": maybe(st.none() | texts)})),
    "weeks_import": with_extras(st.fixed_dictionaries({"backup": maybe(stores())}, optional=target)),
    "weeks_review": with_extras(st.fixed_dictionaries({"week": maybe(weeks(), p_bad=0.1)}, optional=target)),
    "weeks_export": with_extras(st.fixed_dictionaries({"as": maybe(st.sampled_from(["json", "csv"]))}, optional=target)),
    "weeks_discard": with_extras(st.fixed_dictionaries({"index": maybe(st.integers(-1, 3))}, optional=target)),
}



@st.composite
def share_builds(draw):
    """Saved weeks (as stored text) and a choice of weeks, mostly among those saved."""
    doc = draw(stores())
    saved = [w.get("week_start") for w in doc.get("weeks", []) if isinstance(w, dict)] if isinstance(doc.get("weeks"), list) else []
    chosen = draw(st.lists(st.sampled_from(saved) if saved else dates, max_size=4) | st.lists(dates, max_size=14))
    return {"weeks": draw(maybe(st.just(chosen))), "text": draw(maybe(st.just(as_text(doc))))}


def shares():
    """A share document's text, as a link unpacks to: mostly the right shape, then broken."""
    doc = with_extras(st.fixed_dictionaries(
        {"format": maybe(st.just("trainsmart-share"), st.sampled_from(["trainsmart-weeks", ""]) | junk),
         "schema": maybe(st.sampled_from([1, 1, 2, 0]), junk), "weeks": maybe(st.lists(weeks(), max_size=3))}))
    return doc.map(as_text) | texts


@st.composite
def share_opens(draw):
    """``share_open`` data: a real share (a runner's weeks, as the checklist shares them) as it
    is, cut short or edited, or a drawn one; with its own check, none, or junk."""
    if draw(st.booleans()):
        from shares import runner_weeks, stored_text

        weeks = runner_weeks(draw(st.integers(1, 4)), plans=draw(st.booleans()))
        built = handle({"type": "share_build", "data": {"weeks": [w["week_start"] for w in weeks],
                                                          "text": stored_text(weeks)}})["data"]
        text, check = built["text"], built["check"]
        how = draw(st.sampled_from(["as it is", "cut short", "edited"]))
        if how == "cut short":
            text = text[:draw(st.integers(0, len(text) - 1))]
        elif how == "edited":
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + draw(st.characters()) + text[at + 1:]
    else:
        text, check = draw(shares()), None
    data = {"text": draw(maybe(st.just(text)))}
    which = draw(st.sampled_from(["its own", "none", "junk"]))
    if which == "its own" and check:
        data["check"] = check
    elif which == "junk":
        data["check"] = draw(st.none() | st.text(max_size=10) | junk)
    return data


DATA |= {
    "share_build": with_extras(share_builds() | st.fixed_dictionaries({"weeks": maybe(st.lists(dates, max_size=3))},
                                                                       optional=target)),
    "share_open": with_extras(share_opens()),
}


def requests_for(kind: str):
    return with_extras(st.fixed_dictionaries(
        {"type": maybe(st.just(kind), st.sampled_from(REQUEST_TYPES) | texts | junk, p_bad=0.02),
         "data": maybe(DATA[kind], junk, p_bad=0.02)},  # dropped now and then by with_extras
        optional={"v": maybe(st.just(1), st.sampled_from([0, 2, True, 1.0, "1", None]) | junk, p_bad=0.02),
                  "id": maybe(st.integers(0, MAX_ID), weird_ints | st.integers() | texts | junk, p_bad=0.05)}))


any_request = st.one_of(*(requests_for(k) for k in REQUEST_TYPES), junk)

# ---------- the checks ----------


def _resolves(node: object, path: str) -> bool:
    """Does the dotted ``path`` lead to a value inside ``node``? Keys may hold dots themselves."""
    if isinstance(node, list):
        head, sep, rest = path.partition(".")
        if head.isdigit() and str(int(head)) == head and int(head) < len(node):
            return _resolves(node[int(head)], rest) if sep else True
        return False
    if isinstance(node, Mapping):
        for key in node:
            if not isinstance(key, str):
                continue
            if path == key:
                return True
            if path.startswith(key + ".") and _resolves(node[key], path[len(key) + 1:]):
                return True
    return False


def _parent_resolves(node: object, path: str) -> bool:
    """For a missing field: some split ``parent.key`` has a resolving parent (or no parent)."""
    if "." not in path:
        return True
    parts = path.split(".")
    return any(_resolves(node, ".".join(parts[:i])) for i in range(1, len(parts)))


def check_path(request: object, error: Mapping) -> None:
    path = error["path"]
    assert isinstance(path, str)
    if path == "":
        return
    roots = [request]
    if isinstance(request, Mapping):
        data = request.get("data", {})
        roots.append(data)
        # The saved weeks arrive as stored text: a path may name a field inside that text.
        if isinstance(data, Mapping) and isinstance(data.get("text"), str) and path.startswith("text."):
            try:
                roots.append({"text": json.loads(data["text"])})
            except ValueError:
                pass
    if error["code"] == "missing":
        assert any(_parent_resolves(r, path) for r in roots), f"missing-field path {path!r} has no parent in the request"
    else:
        assert any(_resolves(r, path) for r in roots), f"path {path!r} names no field of the request"


def check_response(request: object, response: object) -> None:
    assert isinstance(response, dict)
    assert response["v"] == 1
    assert response["type"] in ("result", "error"), response
    assert set(response) == {"v", "id", "type", "data" if response["type"] == "result" else "error"}, sorted(response)
    rid = request.get("id") if isinstance(request, Mapping) else None
    valid_id = (type(rid) is int and 0 <= rid <= MAX_ID) or (isinstance(rid, str) and len(rid) <= 64)
    assert response["id"] == (rid if valid_id else None)
    if response["type"] == "error":
        error = response["error"]
        assert set(error) == {"code", "message", "path"}, error
        assert isinstance(error["code"], str) and error["code"]
        assert isinstance(error["message"], str) and error["message"].strip()
        assert error["code"] != "internal", error  # an unexpected exception inside the engine
        check_path(request, error)
        _event(f"error:{error['code']}")
    else:
        assert isinstance(response["data"], dict)
        _event("result")
    dumps(response)  # allow_nan=False: raises on NaN/Infinity anywhere in the answer
    json.dumps(response, allow_nan=False, ensure_ascii=False).encode("utf-8", "surrogatepass")


def check_json_agrees(request: object, response: dict) -> None:
    try:
        text = json.dumps(request)
    except (ValueError, TypeError):  # e.g. an integer with more than 4300 digits
        _event("json.dumps refused the request")
        return
    answer = json.loads(handle_json(text))
    if nesting_depth(text) > MAX_DEPTH:
        assert answer["type"] == "error" and answer["error"]["code"] == "too_deep"
        return
    assert answer == json.loads(dumps(response)), (answer, response)


_GENERATED = {"on": True}


def _event(name: str) -> None:
    if _GENERATED["on"]:
        event(name)


def run(request: object, *, generated: bool = True) -> None:
    _GENERATED["on"] = generated
    if generated:
        _note(request)
    response = handle(request)
    check_response(request, response)
    check_json_agrees(request, response)


def _note(request: object) -> None:
    try:
        note(f"request: {request!r}"[:2000])
    except ValueError:  # an integer too long for repr()
        note("request holds an integer of more than 4300 digits")


@given(any_request)
def test_any_request_gets_a_well_formed_answer(request):
    run(request)


@given(requests_for("quiz"))
def test_quiz_requests(request):
    run(request)


@given(requests_for("review"))
def test_review_requests(request):
    run(request)


@given(requests_for("load"))
def test_load_requests(request):
    run(request)


@given(requests_for("import"))
def test_import_requests(request):
    run(request)


@given(st.sampled_from(["share_build", "share_open"]).flatmap(requests_for))
def test_share_requests(request):
    run(request)


@given(st.sampled_from(["ping", "version"]).flatmap(requests_for))
def test_ping_and_version_requests(request):
    run(request)


def test_known_tricky_values_directly():
    base_week = {"schema": 1, "week_start": "2026-11-16", "sessions": [
        {"date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 45, "effort": 3}]}
    tricky = [math.nan, math.inf, -math.inf, -0.0, 1e308, -45, 10**400, 11, -1, "forty", None, True, [], {}]
    for field in ("minutes", "effort", "distance_km", "pain"):
        for value in tricky:
            week = json.loads(json.dumps(base_week))
            week["sessions"][0][field] = value
            run({"v": 1, "id": 7, "type": "review", "data": {"week": week}}, generated=False)
    for key in ("__proto__", "constructor"):
        week = json.loads(json.dumps(base_week))
        week[key] = {"polluted": True}
        run({"v": 1, "id": 8, "type": "import", "data": {"backup": {"format": "trainsmart-weeks", "weeks": [week]}}},
            generated=False)
        week = json.loads(json.dumps(base_week))
        week["sessions"][0][key] = {"polluted": True}
        run({"v": 1, "id": 9, "type": "load", "data": {"store": {"format": "trainsmart-weeks", "weeks": [week]}}},
            generated=False)
