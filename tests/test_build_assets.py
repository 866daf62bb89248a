"""What the post-build step ships of Pyodide: only the files, modules and lock entries
the site needs (guide_site/runtime.py). That the trimmed runtime still boots and
answers is proven by the Pyodide parity and browser tests, which use it."""

from __future__ import annotations

import hashlib
import json
import tomllib
import zipfile
from pathlib import Path

from guide_site import runtime

ROOT = Path(__file__).resolve().parents[1]


def pyodide_dir(site_dir: Path) -> Path:
    [folder] = [p.parent for p in (site_dir / "pyodide").glob("*/pyodide.mjs")]
    return folder


def test_trim_lock_keeps_the_package_and_its_dependencies(tmp_path):
    lock = tmp_path / "pyodide-lock.json"
    lock.write_text(json.dumps({"info": {"python": "3.14.2"}, "packages": {
        "app": {"depends": ["lib"]}, "lib": {"depends": ["base"]}, "base": {"depends": []},
        "numpy": {"depends": []}, "other": {"depends": ["numpy"]}}}), encoding="utf-8")
    runtime.trim_lock(lock, "app")
    data = json.loads(lock.read_text(encoding="utf-8"))
    assert sorted(data["packages"]) == ["app", "base", "lib"]
    assert data["info"] == {"python": "3.14.2"}


def test_site_lock_names_only_the_engine_and_the_activity_readers(site_dir):
    folder = pyodide_dir(site_dir)
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    packages = lock["packages"]
    assert sorted(packages) == ["fitdecode", "gpxpy", "guide-engine", "guide-engine-readers"]
    assert lock["info"]["python"].startswith("3.14")
    assert packages["guide-engine"]["depends"] == []  # the engine boots without the readers
    assert sorted(packages["guide-engine-readers"]["depends"]) == ["fitdecode", "gpxpy"]
    pins = runtime.reader_pins()
    for name, (version, digest) in pins.items():
        assert (packages[name]["version"], packages[name]["sha256"]) == (version, digest)
    for entry in packages.values():  # each wheel the lock names is beside it, with that hash
        assert hashlib.sha256((folder / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]


def test_reader_pins_match_the_import_extra_in_pyproject():
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["import"]
    assert sorted(extra) == sorted(f"{name}=={version}" for name, (version, _) in runtime.reader_pins().items())


def test_readers_wheel_holds_the_left_out_stdlib_modules_and_requires_the_pinned_readers(tmp_path):
    stdlib = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
    first = runtime.build_readers_wheel(stdlib, tmp_path / "a")
    again = runtime.build_readers_wheel(stdlib, tmp_path / "b")
    assert first.name == again.name and first.read_bytes() == again.read_bytes()  # reproducible
    with zipfile.ZipFile(first) as wheel, zipfile.ZipFile(stdlib) as src:
        names = [n for n in wheel.namelist() if ".dist-info/" not in n]
        expected = sorted(i.filename for i in src.infolist()
                          if i.filename.startswith(runtime.READERS_STDLIB) and not i.is_dir())
        assert names == expected and "xml/etree/ElementTree.py" in names and "csv.py" in names
        assert all(wheel.read(n) == src.read(n) for n in names)  # Pyodide's own copies, unchanged
        [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        requires = [line.split(": ", 1)[1] for line in wheel.read(metadata).decode().splitlines()
                    if line.startswith("Requires-Dist: ")]
    assert requires == [f"{name}=={version}" for name, (version, _) in sorted(runtime.reader_pins().items())]
    # Every module the readers bring is one the site's trimmed standard library leaves out.
    assert all(name.startswith(runtime.STDLIB_LEAVE_OUT) for name in names)


def test_site_stdlib_leaves_out_what_nobody_imports(site_dir):
    with zipfile.ZipFile(pyodide_dir(site_dir) / "python_stdlib.zip") as zf:
        names = zf.namelist()
    assert not [n for n in names if n.startswith(runtime.STDLIB_LEAVE_OUT)]
    # What Pyodide's boot, the wheel loader and the engine do import is still there.
    for needed in ("json/__init__.py", "asyncio/__init__.py", "zipfile/__init__.py", "importlib/metadata/__init__.py",
                   "email/message.py", "ipaddress.py", "hashlib.py", "datetime.py", "encodings/utf_8.py"):
        assert needed in names, needed


def test_offline_manifest_fetches_the_readers_only_on_use(site_dir):
    text = (site_dir / "sw.js").read_text(encoding="utf-8")
    manifest = json.loads(text[len("const PRECACHE = "):text.index(";\n")])
    by_url = {f["url"]: f for f in manifest["files"]}
    lock_folder = pyodide_dir(site_dir).relative_to(site_dir).as_posix()
    lock = json.loads((pyodide_dir(site_dir) / "pyodide-lock.json").read_text(encoding="utf-8"))
    on_use = sorted(url for url, f in by_url.items() if f.get("on_use"))
    assert on_use == sorted(f"{lock_folder}/{lock['packages'][name]['file_name']}"
                            for name in ("fitdecode", "gpxpy", "guide-engine-readers"))
    assert all(by_url[url]["lazy"] for url in on_use)
    engine = by_url[f"{lock_folder}/{lock['packages']['guide-engine']['file_name']}"]
    runtime = by_url[f"{lock_folder}/pyodide.asm.wasm"]
    assert engine["lazy"] and runtime["lazy"] and "on_use" not in engine and "on_use" not in runtime
    assert not by_url["index.html" if "index.html" in by_url else "./"]["lazy"]


def test_the_404_page_carries_the_same_content_security_policy_as_every_page(site_dir):
    import re

    def policy(path):
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', path.read_text(encoding="utf-8"))
        assert len(found) == 1, f"{path.name}: {len(found)} policies"
        return found[0]

    assert policy(site_dir / "404.html") == policy(site_dir / "index.html")
    assert "__GUIDE_CSP__" not in (site_dir / "404.html").read_text(encoding="utf-8")
