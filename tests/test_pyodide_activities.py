"""Activity files give the same sessions in the site's Pyodide as in CPython.

The runner (``harness/pyodide_runner.mjs --readers --mount=DIR``) boots the built site's
Pyodide with the engine, then loads the readers by name from the site's lock file with
``pyodide.loadPackage("guide-engine-readers")``, as the page will when a reader imports
files: after a cold boot, and after a restore from the engine's memory snapshot (which
must not hold them). The real and generated files are copied into Pyodide's file system
at the same paths, so both Pythons answer the very same request.

Needs Node 20+ and a built site (``make build``).
"""

from __future__ import annotations

import json
import shutil

import pytest

import activity_files as af
from guide_engine import handle
from guide_engine.api import dumps
from test_pyodide_parity import REAL_FILES_DIR, assert_same_json, node, parse_output, pyodide_dir, run_node  # noqa: F401 (fixtures)

pytestmark = pytest.mark.pyodide

READER_PACKAGES = ["fitdecode", "gpxpy", "guide-engine-readers"]


@pytest.fixture(scope="session")
def activity_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pyodide-activities")
    made = af.write_all(folder / "made")
    shutil.copytree(REAL_FILES_DIR, folder / "real")
    return folder, sorted(made.values()) + sorted((folder / "real").iterdir())


@pytest.fixture(scope="session")
def activity_requests(activity_folder):
    _, paths = activity_folder
    files = [{"name": p.name, "path": str(p)} for p in paths]
    half = len(files) // 2
    return [{"v": 1, "id": 1, "type": "activities", "data": {"files": files[:half], "tz": {"transitions": [[0, -300]]}}},
            {"v": 1, "id": 2, "type": "activities", "data": {"files": files[half:]}}]


@pytest.fixture(scope="session", params=["cold", "snapshot"])
def pyodide_activities(request, node, pyodide_dir, activity_folder, activity_requests) -> dict:
    folder, _ = activity_folder
    flags = ["--readers", f"--mount={folder}"] + (["--snapshot"] if request.param == "snapshot" else [])
    proc = run_node(node, [str(pyodide_dir), *flags], json.dumps(activity_requests))
    out = parse_output(proc, f"pyodide_runner.mjs {' '.join(flags)} over the activity files")
    out["boot"] = request.param
    return out


def test_pyodide_reads_every_activity_file_like_cpython(pyodide_activities, activity_requests):
    for request, text in zip(activity_requests, pyodide_activities["response_texts"], strict=True):
        expected = handle(request)
        assert expected["type"] == "result", expected
        assert_same_json(json.loads(text), expected, f"Pyodide ({pyodide_activities['boot']})", "CPython")
        assert text == dumps(expected)


def test_the_readers_load_by_name_only_when_asked(pyodide_activities):
    readers = pyodide_activities["readers"]
    assert readers["loaded"] == READER_PACKAGES
    assert readers["before"] == []  # neither the boot nor the snapshot holds a reader module
    assert {"fitdecode", "gpxpy", "xml", "csv"} <= set(readers["after"])
    if pyodide_activities["boot"] == "snapshot":
        assert pyodide_activities["snapshot"]["engine_files_present"] is False
