"""Build hook: put the Python engine and the Pyodide runtime into the site.

* ``on_config``: validate the engine's content files (the build fails with a
  message naming the file and field), build the ``guide_engine`` wheel, and
  expose the versions the page needs as ``config.extra.guide``.
* ``on_post_build``: copy the Pyodide runtime files the site needs from the
  pinned npm package into ``site/pyodide/<version>/``, copy the wheel beside
  them and register it in that folder's ``pyodide-lock.json`` with
  ``pyodide lockfile add-wheels``, so the browser loads it by name and checks
  its sha256.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
# Only what the engine needs: the loader, the runtime, the standard library and the lock file.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

_state: dict = {}


def on_startup(command, dirty):
    # `mkdocs serve` uses Python's mimetypes; without this, wasm streaming compilation falls back.
    mimetypes.add_type("application/wasm", ".wasm")


def _build_wheel() -> Path:
    out = ROOT / "build" / "wheel"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-m", "flit_core.wheel", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": ""})
    wheels = sorted(out.glob("guide_engine-*.whl"))
    if proc.returncode != 0 or len(wheels) != 1:
        raise PluginError(f"Building the guide_engine wheel failed:\n{proc.stderr[-2000:]}")
    return wheels[0]


def on_config(config):
    sys.path.insert(0, str(ROOT))
    try:
        from guide_engine import ENGINE_VERSION, content
        from guide_engine.api import source_digest
        content.load.cache_clear()
        content.check_content()
        source = source_digest()
    except content.ContentError as exc:
        raise PluginError(f"Engine content is invalid: guide_engine/data/{exc}") from exc
    finally:
        sys.path.remove(str(ROOT))
    package = NPM_PYODIDE / "package.json"
    if not package.exists():
        raise PluginError("node_modules/pyodide is missing: run `npm ci` (make install does it).")
    pyodide_version = json.loads(package.read_text())["version"]
    wheel = _build_wheel()
    _state.update(wheel=wheel, pyodide_version=pyodide_version)
    config.extra["guide"] = {
        "engine": ENGINE_VERSION,
        # The engine's source digest: the worker reports the same from the wheel it
        # loaded, and the page refuses to mix a page of one build with another engine.
        "build": source[:16],
        "pyodide": f"pyodide/{pyodide_version}/",
        "worker": "assets/engine-worker.mjs",
    }
    return config


def on_post_build(config):
    target = Path(config.site_dir) / "pyodide" / _state["pyodide_version"]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(NPM_PYODIDE / name, target / name)
    wheel = Path(shutil.copy2(_state["wheel"], target / _state["wheel"].name))
    wheel.chmod(0o644)
    lock = target / "pyodide-lock.json"
    cli = Path(sys.executable).with_name("pyodide")
    proc = subprocess.run([str(cli), "lockfile", "add-wheels", "--input", str(lock), "--output", str(lock),
                           "--base-path", str(target), str(wheel)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise PluginError(f"pyodide lockfile add-wheels failed:\n{proc.stdout[-1000:]}{proc.stderr[-2000:]}")
