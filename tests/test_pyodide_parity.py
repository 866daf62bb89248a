"""The engine gives the same answers in the site's Pyodide as in CPython.

Every golden request (``tests/golden/*.json``) is replayed in one Node process
that boots the Pyodide runtime the built site ships (``site/pyodide/<version>/``)
and loads the engine wheel by name from that folder's lock file, as the page's
worker does (``harness/pyodide_runner.mjs``). Each answer must equal the stored
golden response and CPython's ``guide_engine.handle(request)``.

Pyodide checks a wheel's sha256 only in the browser; under Node it does not, so
the runner checks it itself, and the tamper tests pin down what each side does
with an altered wheel or lock.

Needs Node 20+ and a built site: ``make build`` (``make test`` builds first).
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from guide_engine import ENGINE_VERSION, handle
from guide_engine.api import dumps

pytestmark = pytest.mark.pyodide

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "harness" / "pyodide_runner.mjs"
GOLDEN_FILES = sorted((ROOT / "tests" / "golden").glob("*.json"))
REAL_FILES_DIR = ROOT / "tests" / "data" / "activities" / "real"
TIMEOUT = 180  # seconds for one runner process; a boot takes about 3 s here

# What Pyodide 314 does under Node with each kind of tampering (pyodide_runner.mjs
# --tamper=KIND): is the package marked loaded, and how does the engine then answer
# a ping and an empty quiz? Node reads the wheel without looking at the lock's
# sha256 (a browser refuses it: fetch's integrity check), so only damage that
# breaks unzipping is noticed, and even then loadPyodide resolves and leaves the
# files it unpacked before the bad one importable.
PYODIDE_UNDER_NODE = {
    "lock-sha256": {"loaded": True, "engine": {"ping": "result", "quiz": "result"}},
    "wheel-header": {"loaded": True, "engine": {"ping": "result", "quiz": "result"}},
    # Bad CRC-32 in guide_engine/data/quiz.json, the last .py files already unpacked.
    "wheel-data": {"loaded": False, "engine": {"ping": "result", "quiz": "internal"}},
}


def pretty(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def assert_same_json(actual: object, expected: object, actual_name: str, expected_name: str) -> None:
    """Compare as JSON text, so 1 vs 1.0 vs true count as different; show a diff."""
    if pretty(actual) != pretty(expected):
        diff = difflib.unified_diff(pretty(expected).splitlines(), pretty(actual).splitlines(),
                                    expected_name, actual_name, lineterm="")
        pytest.fail(f"{actual_name} differs from {expected_name}:\n" + "\n".join(diff), pytrace=False)


def run_node(node: str, args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    try:
        return subprocess.run([node, str(RUNNER), *args], input=stdin, capture_output=True,
                              text=True, encoding="utf-8", timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"pyodide_runner.mjs {' '.join(args)} took over {TIMEOUT} s; stderr:\n{exc.stderr}", pytrace=False)


def parse_output(proc: subprocess.CompletedProcess, what: str) -> dict:
    if proc.returncode != 0:
        pytest.fail(f"{what} failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}", pytrace=False)
    try:
        return json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"{what} printed no JSON:\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[-2000:]}", pytrace=False)


def stale_engine_files(wheel: Path) -> list[str]:
    """Engine files that differ between the site's wheel and the working tree."""
    with zipfile.ZipFile(wheel) as zf:
        shipped = {name: zf.read(name) for name in zf.namelist() if name.startswith("guide_engine/")}
    source = {path.relative_to(ROOT).as_posix(): path.read_bytes()
              for path in (ROOT / "guide_engine").rglob("*")
              if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}
    return sorted(name for name in shipped.keys() | source.keys() if shipped.get(name) != source.get(name))


@pytest.fixture(scope="session")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail("node is not on PATH: the Pyodide tests need Node 20 or later.", pytrace=False)
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 20:
        pytest.fail(f"node {version} is too old: the Pyodide runtime needs Node 20 or later.", pytrace=False)
    return path


@pytest.fixture(scope="session")
def pyodide_dir(site_dir) -> Path:
    """The site's Pyodide folder, checked to hold the engine built from this tree."""
    folders = sorted(path.parent for path in (site_dir / "pyodide").glob("*/pyodide.mjs"))
    if len(folders) != 1:
        pytest.fail(f"expected one site/pyodide/<version>/ folder, found {folders}: run make build", pytrace=False)
    lock = json.loads((folders[0] / "pyodide-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"].get("guide-engine")
    if entry is None:
        pytest.fail("guide-engine is not in the site's pyodide-lock.json: run make build", pytrace=False)
    stale = stale_engine_files(folders[0] / entry["file_name"])
    if stale:
        pytest.fail(f"site/ was built from another guide_engine ({', '.join(stale[:5])} differ): run make build",
                    pytrace=False)
    return folders[0]


@pytest.fixture(scope="session", params=["cold", "snapshot"])
def pyodide_run(request, node, pyodide_dir) -> dict:
    """One Pyodide answering every golden request, in file order.

    ``cold``: a fresh boot with the wheel, as on a first visit. ``snapshot``: a Python
    restored from a memory snapshot of the prepared engine, as on a repeat visit.
    """
    requests = [json.loads(path.read_text(encoding="utf-8"))["request"] for path in GOLDEN_FILES]
    flags = ["--snapshot"] if request.param == "snapshot" else []
    proc = run_node(node, [str(pyodide_dir), *flags], json.dumps(requests, ensure_ascii=False))
    out = parse_output(proc, f"pyodide_runner.mjs {' '.join(flags)} over the golden requests")
    out["boot"] = request.param
    assert len(out["response_texts"]) == len(GOLDEN_FILES)
    # Parse Python's own text here: going through JavaScript numbers would turn 1.0 into 1.
    out["by_name"] = {path.name: text for path, text in zip(GOLDEN_FILES, out["response_texts"])}
    return out


@pytest.fixture(scope="session")
def tamper_reports(node, pyodide_dir) -> dict:
    """Run every --tamper kind at once (one Pyodide boot each) and collect the reports."""
    procs = {kind: subprocess.Popen([node, str(RUNNER), str(pyodide_dir), f"--tamper={kind}"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
             for kind in PYODIDE_UNDER_NODE}
    reports = {}
    for kind, proc in procs.items():
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            for other in procs.values():
                other.kill()
            pytest.fail(f"pyodide_runner.mjs --tamper={kind} took over {TIMEOUT} s", pytrace=False)
        reports[kind] = parse_output(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr),
                                     f"pyodide_runner.mjs --tamper={kind}")
    return reports


def test_golden_requests_exist():
    assert GOLDEN_FILES, "tests/golden/ holds no *.json: the parity test has nothing to replay"


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda path: path.stem)
def test_pyodide_answers_like_golden_and_cpython(path, pyodide_run):
    case = json.loads(path.read_text(encoding="utf-8"))
    text = pyodide_run["by_name"][path.name]
    in_pyodide = json.loads(text)
    in_cpython = handle(case["request"])
    assert_same_json(in_pyodide, case["response"], "Pyodide", f"{path.name} (stored)")
    assert_same_json(in_pyodide, in_cpython, "Pyodide", "CPython handle(request)")
    assert text == dumps(in_cpython), "same data, but Pyodide serialised it differently from CPython"


def test_runtime_is_the_sites_pyodide_with_python_314_and_this_engine(pyodide_run, pyodide_dir):
    runtime, wheel = pyodide_run["runtime"], pyodide_run["wheel"]
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert runtime["platform"] == "emscripten", runtime
    assert runtime["implementation"] == "cpython", runtime
    assert runtime["python_version"][:2] == [3, 14], runtime["python"]
    assert runtime["python"].startswith(lock["info"]["python"]), (runtime["python"], lock["info"])
    assert runtime["pyodide"] == pyodide_dir.name
    assert runtime["engine"] == ENGINE_VERSION
    # Imported from the installed wheel, at the version the lock names.
    assert runtime["engine_file"] == "/lib/python3.14/site-packages/guide_engine/__init__.py"
    assert wheel["match"] and wheel["sha256"] == lock["packages"]["guide-engine"]["sha256"], wheel
    if pyodide_run["boot"] == "cold":
        assert runtime["distribution"] == lock["packages"]["guide-engine"]["version"]
        assert "snapshot" not in pyodide_run
    else:
        # Restored memory, without the wheel's files: the answers above came from what
        # api.prepare() put in memory before the snapshot, not from the file system.
        snapshot = pyodide_run["snapshot"]
        assert snapshot["engine_files_present"] is False, snapshot
        assert snapshot["bytes"] > 1_000_000, snapshot
        assert runtime["distribution"] is None


@pytest.mark.parametrize("kind", sorted(PYODIDE_UNDER_NODE))
def test_runner_refuses_tampered_wheel_that_pyodide_under_node_would_run(kind, tamper_reports):
    report = tamper_reports[kind]
    assert report["wheel"]["match"] is False and report["runner_refuses"] is True, report
    pyodide = report["pyodide"]
    observed = {"loaded": pyodide["loaded"], "engine": pyodide["engine"]}
    assert observed == PYODIDE_UNDER_NODE[kind], (
        f"Pyodide's handling of a tampered wheel ({kind}) changed; update PYODIDE_UNDER_NODE "
        f"and the runner's notes.\n{json.dumps(pyodide, indent=2)}")
    if not pyodide["loaded"]:
        assert "The following error occurred while loading guide-engine:" in pyodide["log"], pyodide["log"]


def test_runner_stops_before_booting_when_wheel_and_lock_disagree(node, pyodide_dir, tmp_path):
    copy = tmp_path / pyodide_dir.name
    shutil.copytree(pyodide_dir, copy)
    lock_file = copy / "pyodide-lock.json"
    lock = json.loads(lock_file.read_text(encoding="utf-8"))
    digest = lock["packages"]["guide-engine"]["sha256"]
    lock["packages"]["guide-engine"]["sha256"] = ("1" if digest[0] == "0" else "0") + digest[1:]
    lock_file.write_text(json.dumps(lock), encoding="utf-8")
    proc = run_node(node, [str(copy)], "[]")
    assert proc.returncode == 1
    assert "sha256 mismatch for guide_engine-" in proc.stderr, proc.stderr
    assert proc.stdout == ""
