"""The engine boundary (`handle`, `handle_json`) and the command line.

Every request gets exactly one response of one of two shapes, whatever it holds;
errors name the field that was wrong. The CLI prints that response as JSON and
says with its exit status whether it was a result (0), an error response (1) or
a usage problem (2).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guide_engine import ENGINE_VERSION, PROTOCOL_VERSION, handle
from guide_engine.api import MAX_REQUEST_CHARS, MAX_ID, REQUEST_TYPES, dumps, handle_json, source_digest

ROOT = Path(__file__).resolve().parents[1]
PYTHON_MINOR = f"{sys.version_info.major}.{sys.version_info.minor}"


def error_of(request: object) -> dict:
    """The error part of the response to ``request`` (fails if it was a result)."""
    response = handle(request)
    assert response["type"] == "error", response
    return response["error"]


def assert_well_formed(response: object) -> None:
    """The response has one of the two protocol shapes and serialises."""
    assert isinstance(response, dict)
    assert response["v"] == PROTOCOL_VERSION
    if response["type"] == "result":
        assert set(response) == {"v", "id", "type", "data"}
        assert isinstance(response["data"], dict)
    else:
        assert response["type"] == "error"
        assert set(response) == {"v", "id", "type", "error"}
        assert set(response["error"]) == {"code", "message", "path"}
        assert all(isinstance(x, str) for x in response["error"].values())
        assert response["error"]["code"] and response["error"]["message"]
    json.loads(dumps(response))


# --- round trips ------------------------------------------------------------------


def test_ping_answers_pong_with_the_request_id():
    assert handle({"v": 1, "id": 7, "type": "ping", "data": {}}) == {
        "v": 1, "id": 7, "type": "result", "data": {"pong": True}}


def test_version_reports_engine_protocol_and_python():
    assert handle({"v": 1, "id": "a", "type": "version"}) == {
        "v": 1, "id": "a", "type": "result",
        "data": {"engine": ENGINE_VERSION, "protocol": PROTOCOL_VERSION, "python": PYTHON_MINOR, "source": source_digest()}}


def test_v_and_id_and_data_are_optional():
    assert handle({"type": "ping"}) == {"v": 1, "id": None, "type": "result", "data": {"pong": True}}


@pytest.mark.parametrize("rid", [0, 1, MAX_ID, "", "req-42", "x" * 64])
def test_a_valid_id_is_echoed_on_results(rid):
    assert handle({"id": rid, "type": "ping"})["id"] == rid


@pytest.mark.parametrize("rid", [0, MAX_ID, "req-42"])
def test_a_valid_id_is_echoed_on_errors_too(rid):
    response = handle({"id": rid, "type": "nope"})
    assert (response["type"], response["id"]) == ("error", rid)


# --- error responses name the field -----------------------------------------------

TYPES_LISTED = ", ".join(REQUEST_TYPES)


@pytest.mark.parametrize(("request_", "code", "path"), [
    pytest.param({"type": "nope"}, "unknown_option", "type", id="unknown-type"),
    pytest.param({"type": 3}, "type", "type", id="type-not-text"),
    pytest.param({"v": 1, "data": {}}, "missing", "type", id="missing-type"),
    pytest.param([], "type", "", id="list-request"),
    pytest.param("ping", "type", "", id="string-request"),
    pytest.param(None, "type", "", id="null-request"),
    pytest.param(12, "type", "", id="number-request"),
    pytest.param({"type": "ping", "data": []}, "type", "data", id="data-a-list"),
    pytest.param({"type": "ping", "data": None}, "type", "data", id="data-null"),
    pytest.param({"type": "ping", "data": "x"}, "type", "data", id="data-text"),
    pytest.param({"type": "ping", "data": {"extra": 1}}, "unknown_field", "extra", id="unknown-field-in-data"),
    pytest.param({"type": "ping", "when": 1}, "unknown_field", "when", id="unknown-top-level-field"),
    pytest.param({"type": "ping", "v": 2}, "version", "v", id="v-2"),
    pytest.param({"type": "ping", "v": 0}, "version", "v", id="v-0"),
    pytest.param({"type": "ping", "v": "1"}, "version", "v", id="v-text"),
    pytest.param({"type": "ping", "id": True}, "type", "id", id="bool-id"),
    pytest.param({"type": "ping", "id": MAX_ID + 1}, "type", "id", id="id-past-js-safe-integers"),
    pytest.param({"type": "ping", "id": 10**30}, "type", "id", id="huge-id"),
    pytest.param({"type": "ping", "id": -1}, "type", "id", id="negative-id"),
    pytest.param({"type": "ping", "id": 1.5}, "type", "id", id="fractional-id"),
    pytest.param({"type": "ping", "id": "x" * 65}, "type", "id", id="long-text-id"),
    pytest.param({"type": "ping", "id": None}, "type", "id", id="null-id"),
    pytest.param({"type": "ping", "id": [1]}, "type", "id", id="list-id"),
])
def test_error_response_has_code_message_and_path_of_the_bad_field(request_, code, path):
    response = handle(request_)
    assert_well_formed(response)
    assert response["type"] == "error"
    assert {k: response["error"][k] for k in ("code", "path")} == {"code": code, "path": path}


def test_unknown_type_lists_the_known_types():
    assert error_of({"type": "nope"})["message"] == f"Unknown option 'nope'; expected one of {TYPES_LISTED}."


@pytest.mark.parametrize("rid", [True, MAX_ID + 1, -1, "x" * 65, 2.0])
def test_an_invalid_id_is_not_echoed(rid):
    assert handle({"type": "ping", "id": rid})["id"] is None


def test_bool_protocol_version_is_refused():
    assert error_of({"type": "ping", "v": True}) == {
        "code": "version", "message": "This engine speaks protocol version 1.", "path": "v"}


# --- handle never raises ----------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_junk = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(json_junk)
def test_handle_answers_any_json_value(junk):
    assert_well_formed(handle(junk))


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["ping", "version", "quiz"]) | st.text(max_size=8),
       data=json_junk, rid=json_junk,
       answers=st.dictionaries(st.sampled_from(["level", "energy", "pain_signs", "easy_talk", "nope"]) | st.text(max_size=6),
                               json_junk, max_size=5))
def test_junk_in_a_request_shape_gets_a_validation_error_never_an_internal_one(kind, data, rid, answers):
    for request in ({"v": 1, "id": rid, "type": kind, "data": data},
                    {"v": 1, "type": kind, "data": {"answers": answers}},
                    {"v": 1, "type": kind, "data": {"answers": data}}):
        response = handle(request)
        assert_well_formed(response)
        if response["type"] == "error":
            assert response["error"]["code"] not in ("internal", "too_deep")


def test_deeply_nested_junk_is_refused_cleanly():
    deep: object = []
    for _ in range(100_000):
        deep = [deep]
    for request in (deep, {"type": "ping", "data": deep}, {"type": "quiz", "data": {"answers": {"energy": deep}}}):
        response = handle(request)
        assert_well_formed(response)
        assert response["type"] == "error"


# --- handle_json and determinism --------------------------------------------------


@pytest.mark.parametrize("text", ["", "{", "{'type': 'ping'}", "[1,]", "ping", "1" * 5000])
def test_handle_json_turns_invalid_json_into_a_json_error(text):
    response = json.loads(handle_json(text))
    assert {k: response[k] for k in ("v", "id", "type")} == {"v": 1, "id": None, "type": "error"}
    assert {k: response["error"][k] for k in ("code", "path")} == {"code": "json", "path": ""}


@pytest.mark.parametrize("text, code", [
    ("[" * 100_000, "too_deep"),  # would exhaust Pyodide's stack inside json.loads
    ('{"type": "ping", "data": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}", "too_deep"),
    ('{"type": "ping", "data": {"note": "' + "x" * MAX_REQUEST_CHARS + '"}}', "too_large"),
])
def test_handle_json_refuses_deep_or_huge_text_before_parsing(text, code):
    response = json.loads(handle_json(text))
    assert response["type"] == "error"
    assert response["error"]["code"] == code


def test_handle_json_ignores_brackets_inside_strings_when_measuring_depth():
    text = json.dumps({"type": "ping", "id": "[[[[" * 10})
    assert json.loads(handle_json(text))["type"] == "result"


def test_handle_json_is_handle_serialised_with_sorted_keys():
    request = {"v": 1, "id": 3, "type": "quiz", "data": {"answers": {"easy_talk": "rarely"}}}
    text = handle_json(json.dumps(request))
    assert text == dumps(handle(request))
    assert text == json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("request_", [
    {"v": 1, "id": 1, "type": "ping"},
    {"v": 1, "id": 2, "type": "quiz", "data": {"answers": {"level": "beginner", "easy_talk": "rarely",
                                                           "pain_signs": ["sharp", "chest"], "energy": ["bone"]}}},
    {"v": 1, "id": 3, "type": "quiz", "data": {"answers": {"nope": 1}}},
    {"v": 1, "id": 4, "type": "quiz", "data": {"answers": {}}},
])
def test_the_same_request_twice_gives_byte_identical_responses(request_):
    assert dumps(handle(request_)) == dumps(handle(json.loads(json.dumps(request_))))


# --- the command line -------------------------------------------------------------


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guide_engine", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


QUIZ_DATA = {"answers": {"level": "beginner", "easy_talk": "rarely", "sleep": "under_6"}}


def test_cli_quiz_file_prints_the_result_and_exits_0(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(QUIZ_DATA), encoding="utf-8")
    proc = run_cli("quiz", str(answers))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == handle({"v": 1, "id": 1, "type": "quiz", "data": QUIZ_DATA})


def test_cli_quiz_reads_data_from_stdin():
    proc = run_cli("quiz", "-", stdin=json.dumps(QUIZ_DATA))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == handle({"v": 1, "id": 1, "type": "quiz", "data": QUIZ_DATA})


def test_cli_dash_reads_a_whole_request_from_stdin():
    request = {"v": 1, "id": 9, "type": "ping"}
    proc = run_cli("-", stdin=json.dumps(request))
    assert (proc.returncode, json.loads(proc.stdout)) == (0, handle(request))


def test_cli_request_file_is_answered(tmp_path):
    request = {"v": 1, "id": "r", "type": "quiz", "data": QUIZ_DATA}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    proc = run_cli(str(path))
    assert (proc.returncode, json.loads(proc.stdout)) == (0, handle(request))


def test_cli_version_prints_the_engine_version():
    proc = run_cli("version")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"v": 1, "id": 1, "type": "result", "data": {
        "engine": ENGINE_VERSION, "protocol": PROTOCOL_VERSION, "python": PYTHON_MINOR, "source": source_digest()}}


def test_cli_error_response_exits_1_and_names_the_field(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": {"easy_talk": "sideways"}}), encoding="utf-8")
    proc = run_cli("quiz", str(path))
    assert proc.returncode == 1
    response = json.loads(proc.stdout)
    assert (response["type"], response["error"]["code"], response["error"]["path"]) == (
        "error", "unknown_option", "answers.easy_talk")


def test_cli_request_that_is_not_an_object_exits_1():
    proc = run_cli("-", stdin="[1, 2]")
    assert (proc.returncode, json.loads(proc.stdout)["error"]["path"]) == (1, "")


def test_cli_unreadable_file_exits_2(tmp_path):
    proc = run_cli("quiz", str(tmp_path / "missing.json"))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "cannot read" in proc.stderr


def test_cli_input_that_is_not_json_gets_the_workers_structured_json_error(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    for args, where in ((("quiz", str(path)), "data"), ((str(path),), ""), ((), "")):
        proc = run_cli(*args, stdin="{not json")
        response = json.loads(proc.stdout)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, args
        assert (response["type"], response["error"]["code"], response["error"]["path"]) == ("error", "json", where), args


def test_cli_reads_standard_input_when_given_no_file():
    proc = run_cli(stdin=json.dumps({"v": 1, "id": 4, "type": "ping"}))
    assert (proc.returncode, json.loads(proc.stdout)) == (0, handle({"v": 1, "id": 4, "type": "ping"}))


def test_cli_accepts_a_utf8_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(QUIZ_DATA).encode())
    proc = run_cli("quiz", str(path))
    assert proc.returncode == 0, proc.stdout


def test_cli_unknown_request_type_with_a_data_file_exits_2(tmp_path):
    path = tmp_path / "data.json"
    path.write_text("{}", encoding="utf-8")
    proc = run_cli("nope", str(path))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert "unknown request type 'nope'" in proc.stderr


def test_cli_always_prints_parseable_json_for_a_valid_json_request():
    proc = run_cli("-", stdin='{"type": "ping", "id": "\\ud800"}')
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1)
    json.loads(proc.stdout)


# --- prepare(): everything in memory before a snapshot ------------------------------

PREPARED_WITHOUT_FILES = r"""
import json, shutil, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from guide_engine import api
digest = api.prepare()
shutil.rmtree(Path(sys.argv[1]) / "guide_engine")  # as after a snapshot restore: memory, no files
cases = [json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[2:]]
print(json.dumps({"digest": digest, "same": [api.handle(c["request"]) == c["response"] for c in cases]}))
"""


def test_prepare_leaves_nothing_to_read_from_the_package(tmp_path):
    """After prepare(), every golden request is answered with the package's files gone.

    A Python restored from the worker's memory snapshot has the engine's modules but not
    the wheel's files; without prepare() loading the content, quizzes and reviews fail.
    """
    shutil.copytree(ROOT / "guide_engine", tmp_path / "guide_engine",
                    ignore=shutil.ignore_patterns("__pycache__"))
    golden = sorted(str(p) for p in (ROOT / "tests" / "golden").glob("*.json"))
    proc = subprocess.run([sys.executable, "-c", PREPARED_WITHOUT_FILES, str(tmp_path), *golden],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["digest"] == source_digest()
    assert len(out["same"]) == len(golden) and all(out["same"]), out


def test_cli_refuses_deep_nesting_before_parsing_in_every_form(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "deep.json"
    path.write_text(deep, encoding="utf-8")
    for args, where in ((("review", str(path)), "data"), ((str(path),), "")):
        proc = run_cli(*args)
        response = json.loads(proc.stdout)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, args
        assert (response["error"]["code"], response["error"]["path"]) == ("too_deep", where), args
