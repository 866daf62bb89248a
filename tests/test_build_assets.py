"""What the build hook ships of Pyodide: only the files, modules and lock entries the
site needs (overrides/hooks/engine_assets.py). That the trimmed runtime still boots
and answers is proven by the Pyodide parity and browser tests, which use it."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("engine_assets", ROOT / "overrides" / "hooks" / "engine_assets.py")
engine_assets = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(engine_assets)


def pyodide_dir(site_dir: Path) -> Path:
    [folder] = [p.parent for p in (site_dir / "pyodide").glob("*/pyodide.mjs")]
    return folder


def test_trim_lock_keeps_the_package_and_its_dependencies(tmp_path):
    lock = tmp_path / "pyodide-lock.json"
    lock.write_text(json.dumps({"info": {"python": "3.14.2"}, "packages": {
        "app": {"depends": ["lib"]}, "lib": {"depends": ["base"]}, "base": {"depends": []},
        "numpy": {"depends": []}, "other": {"depends": ["numpy"]}}}), encoding="utf-8")
    engine_assets.trim_lock(lock, "app")
    data = json.loads(lock.read_text(encoding="utf-8"))
    assert sorted(data["packages"]) == ["app", "base", "lib"]
    assert data["info"] == {"python": "3.14.2"}


def test_site_lock_names_only_the_engine(site_dir):
    lock = json.loads((pyodide_dir(site_dir) / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert list(lock["packages"]) == ["guide-engine"]
    assert lock["info"]["python"].startswith("3.14")


def test_site_stdlib_leaves_out_what_nobody_imports(site_dir):
    with zipfile.ZipFile(pyodide_dir(site_dir) / "python_stdlib.zip") as zf:
        names = zf.namelist()
    assert not [n for n in names if n.startswith(engine_assets.STDLIB_LEAVE_OUT)]
    # What Pyodide's boot, the wheel loader and the engine do import is still there.
    for needed in ("json/__init__.py", "asyncio/__init__.py", "zipfile/__init__.py", "importlib/metadata/__init__.py",
                   "email/message.py", "ipaddress.py", "hashlib.py", "datetime.py", "encodings/utf_8.py"):
        assert needed in names, needed
