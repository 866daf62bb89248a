"""docs/data-formats.md agrees with the engine it documents.

The page's JSON Schema for a week is compared structurally with ``week.py`` and
``checklist.json`` (field names, required fields, ids, limits); its examples are
run through the engine and through a small validator for the part of JSON Schema
the page uses (no jsonschema package); and its tables of fields, quiz question
ids and error codes are checked against the engine's own lists.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from guide_engine import handle
from guide_engine.errors import EngineError
from guide_engine.week import PLAN_FIELDS, SESSION_FIELDS, SOURCES, WEEK_FIELDS, WEEK_SCHEMA, parse_session, parse_week

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "data-formats.md").read_text(encoding="utf-8")
ENGINE = ROOT / "guide_engine"
CHECKLIST = json.loads((ENGINE / "data" / "checklist.json").read_text(encoding="utf-8"))
QUIZ = json.loads((ENGINE / "data" / "quiz.json").read_text(encoding="utf-8"))
LIMITS = CHECKLIST["limits"]
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def ids(rows) -> list[str]:
    return [row["id"] for row in rows]


def json_blocks() -> list[object]:
    """Every ```json code block of the page, parsed."""
    return [json.loads(text) for text in re.findall(r"^```json\n(.*?)^```$", PAGE, re.M | re.S)]


def section(anchor: str) -> str:
    """The text under the heading with ``{#anchor}``, up to the next heading of any level."""
    match = re.search(rf"^#+ .*\{{#{re.escape(anchor)}\}}\n(.*?)(?=^#+ )", PAGE + "\n# end", re.M | re.S)
    assert match, f"docs/data-formats.md has no section {{#{anchor}}}"
    return match.group(1)


def first_column(table_text: str) -> list[str]:
    """The backticked ids in the first cell of each table row."""
    return re.findall(r"^\| `([^`]+)` \|", table_text, re.M)


@pytest.fixture(scope="module")
def schema() -> dict:
    found = [b for b in json_blocks() if isinstance(b, dict) and "$schema" in b]
    assert len(found) == 1, "the page needs exactly one JSON Schema block"
    return found[0]


# --- a validator for the JSON Schema keywords the page uses -------------------------

ANNOTATIONS = {"$schema", "$id", "title", "$defs", "format"}
TYPES = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "number": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool),
    "integer": lambda x: isinstance(x, (int, float)) and not isinstance(x, bool) and float(x).is_integer(),
    "boolean": lambda x: isinstance(x, bool),
}


def resolved(node: dict, root: dict) -> dict:
    """A schema node with its ``$ref`` followed (the page shares definitions by reference)."""
    while "$ref" in node:
        node = root["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def errors(value: object, node: dict, root: dict, path: str = "") -> list[str]:
    """Where ``value`` breaks ``node``; an unsupported keyword fails loudly instead of passing."""
    out: list[str] = []
    for key, rule in node.items():
        if key in ANNOTATIONS:
            continue
        if key == "$ref":
            assert rule.startswith("#/$defs/"), rule
            out += errors(value, root["$defs"][rule.removeprefix("#/$defs/")], root, path)
        elif key == "type":
            out += [] if TYPES[rule](value) else [f"{path}: not {rule}"]
        elif key == "const":
            out += [] if value == rule and type(value) is type(rule) else [f"{path}: not {rule!r}"]
        elif key == "enum":
            out += [] if value in rule else [f"{path}: {value!r} not in enum"]
        elif key in ("minimum", "maximum"):
            if TYPES["number"](value) and (value < rule if key == "minimum" else value > rule):
                out.append(f"{path}: {key} {rule}")
        elif key == "maxLength":
            out += [] if not isinstance(value, str) or len(value) <= rule else [f"{path}: too long"]
        elif key == "pattern":
            out += [] if not isinstance(value, str) or re.search(rule, value) else [f"{path}: pattern"]
        elif key == "maxItems":
            out += [] if not isinstance(value, list) or len(value) <= rule else [f"{path}: too many"]
        elif key == "uniqueItems":
            out += [] if not isinstance(value, list) or not rule or len(set(map(json.dumps, value))) == len(value) else [f"{path}: repeats"]
        elif key == "items":
            for i, item in enumerate(value if isinstance(value, list) else []):
                out += errors(item, rule, root, f"{path}.{i}")
        elif key == "required":
            out += [f"{path}.{k}: missing" for k in rule if isinstance(value, dict) and k not in value]
        elif key == "properties":
            for k, sub in rule.items():
                if isinstance(value, dict) and k in value:
                    out += errors(value[k], sub, root, f"{path}.{k}")
        elif key == "propertyNames":
            for k in value if isinstance(value, dict) else {}:
                out += errors(k, rule, root, f"{path}.{k} (name)")
        elif key == "additionalProperties":
            named = node.get("properties", {})
            for k, item in (value.items() if isinstance(value, dict) else ()):
                if k in named:
                    continue
                out += [f"{path}.{k}: not allowed"] if rule is False else errors(item, rule, root, f"{path}.{k}")
        else:
            raise AssertionError(f"the test validator does not know the keyword {key!r}: extend it")
    return out


def validate(value: object, schema: dict) -> list[str]:
    return errors(value, schema, schema)


# --- the schema against week.py and checklist.json ----------------------------------


def test_the_schema_is_draft_2020_12_for_the_current_week_schema(schema):
    assert schema["$schema"] == DRAFT_2020_12
    assert schema["properties"]["schema"] == {"type": "integer", "const": WEEK_SCHEMA}


def test_the_schema_names_exactly_the_week_fields(schema):
    assert set(schema["properties"]) == set(WEEK_FIELDS)
    assert schema["required"] == ["week_start"]
    assert schema["additionalProperties"] is False


def test_the_schema_names_exactly_the_session_fields(schema):
    session = schema["$defs"]["session"]
    assert set(session["properties"]) == set(SESSION_FIELDS)
    assert session["additionalProperties"] is False


def test_the_schema_names_exactly_the_planned_session_fields(schema):
    planned = schema["$defs"]["planned_session"]
    assert set(planned["properties"]) == set(PLAN_FIELDS)
    assert planned["required"] == ["id", "date", "kind", "intent", "minutes"]
    assert planned["additionalProperties"] is False


def test_the_required_session_fields_are_those_the_engine_misses(schema):
    full = {"date": "2026-11-17", "kind": "easy", "intent": "easy", "minutes": 40, "effort": 3,
            "distance_km": 8.0, "pain": 0, "pain_flags": [], "note": "ok", "start_time": "07:30", "source": "fit",
            "plan_id": "p1"}
    assert set(full) == set(SESSION_FIELDS)
    required = []
    for name in SESSION_FIELDS:
        try:
            parse_session({k: val for k, val in full.items() if k != name}, "s", dt.date(2026, 11, 16))
        except EngineError as err:
            assert (err.code, err.path) == ("missing", f"s.{name}")
            required.append(name)
    assert required == schema["$defs"]["session"]["required"]


def test_the_schema_enums_are_the_ids_in_checklist_json(schema):
    props = schema["properties"]
    session = {k: resolved(v, schema) for k, v in schema["$defs"]["session"]["properties"].items()}
    planned = {k: resolved(v, schema) for k, v in schema["$defs"]["planned_session"]["properties"].items()}
    entry = schema["$defs"]["checklist_entry"]
    assert props["start_day"]["enum"] == CHECKLIST["start_days"]
    assert props["phase"]["enum"] == ids(CHECKLIST["phases"])
    assert session["source"]["enum"] == list(SOURCES)
    assert (planned["kind"], planned["intent"]) == (session["kind"], session["intent"])
    assert props["feeling"]["enum"] == ids(CHECKLIST["feelings"])
    assert props["checklist"]["propertyNames"]["enum"] == ids(CHECKLIST["items"])
    assert entry["properties"]["answer"]["enum"] == ids(CHECKLIST["answers"])
    assert session["kind"]["enum"] == ids(CHECKLIST["kinds"])
    assert session["intent"]["enum"] == ids(CHECKLIST["intents"])
    assert session["pain_flags"]["items"]["enum"] == ids(CHECKLIST["pain_flags"])


def test_the_schema_limits_are_the_engine_limits(schema):
    props = schema["properties"]
    session = {k: resolved(v, schema) for k, v in schema["$defs"]["session"]["properties"].items()}
    assert props["sessions"]["maxItems"] == LIMITS["sessions"]
    assert props["plan"]["properties"]["sessions"]["maxItems"] == LIMITS["sessions"]
    assert (props["sleep_hours"]["minimum"], props["sleep_hours"]["maximum"]) == (0, LIMITS["sleep_hours"])
    assert (session["minutes"]["minimum"], session["minutes"]["maximum"]) == (1, LIMITS["minutes"])
    assert (session["effort"]["minimum"], session["effort"]["maximum"]) == (0, 10)
    assert (session["pain"]["minimum"], session["pain"]["maximum"]) == (0, 10)
    assert (session["distance_km"]["minimum"], session["distance_km"]["maximum"]) == (0, LIMITS["distance_km"])
    assert session["pain_flags"]["maxItems"] == len(CHECKLIST["pain_flags"])
    assert session["pain_flags"]["uniqueItems"] is True
    assert schema["$defs"]["note"]["maxLength"] == LIMITS["note"]
    assert set(schema["$defs"]["checklist_entry"]["properties"]) == {"answer", "note"}


# --- the examples -------------------------------------------------------------------


def week_examples() -> list[dict]:
    return [b for b in json_blocks() if isinstance(b, dict) and "week_start" in b]


def test_the_page_has_a_complete_week_example_using_every_field():
    examples = week_examples()
    assert examples, "no week example"
    used = set().union(*(set(w) for w in examples))
    used_in_sessions = {k for w in examples for s in w.get("sessions", []) for k in s}
    used_in_plans = {k for w in examples for s in w.get("plan", {}).get("sessions", []) for k in s}
    assert used == set(WEEK_FIELDS) and used_in_sessions == set(SESSION_FIELDS) and used_in_plans == set(PLAN_FIELDS)


def test_every_week_example_is_accepted_by_the_engine_and_the_schema(schema):
    for example in week_examples():
        assert validate(example, schema) == []
        normalized = parse_week(example, "week")
        assert validate(normalized, schema) == []  # what the engine writes also fits
        response = handle({"v": 1, "id": 1, "type": "review", "data": {"week": example}})
        assert response["type"] == "result", response


def test_the_validator_sees_what_the_engine_refuses(schema):
    example = week_examples()[0]
    bad_effort = {**example, "sessions": [{**example["sessions"][0], "effort": 11}]}
    unknown = {**example, "colour": "red"}
    bad_flag = {**example, "sessions": [{**example["sessions"][0], "pain_flags": ["sharp", "sharp"]}]}
    for bad in (bad_effort, unknown, bad_flag):
        assert validate(bad, schema) != []
        assert handle({"type": "review", "data": {"week": bad}})["type"] == "error"


def test_the_backup_example_loads_without_setting_anything_aside():
    [backup] = [b for b in json_blocks() if isinstance(b, dict) and b.get("format") == "trainsmart-weeks"]
    response = handle({"v": 1, "id": 1, "type": "load", "data": {"store": backup}})
    assert response["type"] == "result", response
    assert response["data"]["rejected"] == []
    assert len(response["data"]["store"]["weeks"]) == len(backup["weeks"])


def test_the_quiz_example_is_a_valid_quiz_request():
    [data] = [b for b in json_blocks() if isinstance(b, dict) and set(b) == {"answers"}]
    response = handle({"v": 1, "id": 1, "type": "quiz", "data": data})
    assert response["type"] == "result", response


def test_the_envelope_examples_have_the_documented_shape():
    envelopes = [b for b in json_blocks() if isinstance(b, dict) and "v" in b]
    assert {e["type"] for e in envelopes} == {"result", "error"}
    assert handle({"v": 1, "id": 7, "type": "ping"}) in envelopes


# --- the tables ---------------------------------------------------------------------


def test_the_week_and_session_tables_list_every_field():
    assert first_column(section("week-fields")) == list(WEEK_FIELDS)
    assert first_column(section("session-fields")) == list(SESSION_FIELDS)


def test_the_quiz_table_lists_every_question_with_its_option_ids():
    rows = re.findall(r"^\| `([^`]+)` \| (one option|a list of options) \| (.+) \|$", section("quiz-answers"), re.M)
    documented = {qid: (kind, re.findall(r"`([^`]+)`", opts)) for qid, kind, opts in rows}
    expected = {}
    for q in QUIZ["questions"]:
        options = QUIZ[q["options_from"]] if q.get("kind") == "profile" else q["options"]
        expected[q["id"]] = ("a list of options" if q.get("kind") == "multi" else "one option", ids(options))
    assert list(documented) == list(expected)
    assert documented == expected


def test_the_error_codes_listed_are_the_codes_the_engine_uses():
    paragraph = re.search(r"The codes in use are (.+?)\.\n", section("envelope"), re.S).group(1)
    documented = set(re.findall(r"`([a-z_]+)`", paragraph))
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ENGINE.rglob("*.py")))
    used = set(re.findall(r'(?:EngineError|refuse)\(\s*"([a-z_]+)"', source))
    assert documented == used


def test_the_request_types_listed_are_the_engine_request_types():
    from guide_engine.api import REQUEST_TYPES

    row = next(line for line in section("envelope").splitlines() if line.startswith("| `type` |"))
    assert re.findall(r"`([a-z_]+)`", row.split("|")[4]) == list(REQUEST_TYPES)
