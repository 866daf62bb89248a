"""The Python side of the site: the Pyodide runtime, the wheels and the lock file.

:func:`install` copies the Pyodide runtime files the site needs from the pinned npm
package into ``<site>/pyodide/<version>/`` (its standard library trimmed to what is
imported, :func:`trim_stdlib`), builds the ``guide_engine`` wheel and copies it beside
them, and registers the wheels in that folder's ``pyodide-lock.json`` with
``pyodide lockfile add-wheels``, so the browser loads the engine by name and checks
its sha256. The lock keeps only the site's packages (:func:`trim_lock`).

The activity-file readers ship the same way but load only when a reader imports
files (``pyodide.loadPackage("guide-engine-readers")``), never at boot: the pinned
wheels of ``readers.txt`` (downloaded with pip, ``--require-hashes``) and
``guide-engine-readers``, a small wheel built here that depends on them and holds
the standard-library modules they need and the trimmed ``python_stdlib.zip`` leaves
out (``READERS_STDLIB``: ``xml``, ``csv``), so a first visit's bytes do not grow.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

ROOT = Path(__file__).resolve().parents[1]
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
# Only what the engine needs: the loader, the runtime, the standard library and the lock file.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json")
# Standard-library parts the engine and Pyodide's loader never import: left out of the
# site's python_stdlib.zip to cut download bytes (the Pyodide parity and browser tests
# boot the trimmed copy). Keep email, zipfile, tarfile, importlib: the wheel loader uses them.
STDLIB_LEAVE_OUT = (
    "multiprocessing/", "xml/", "_pyrepl/", "unittest/", "http/", "pydoc_data/", "tkinter/", "turtledemo/",
    "idlelib/", "lib2to3/", "ensurepip/", "venv/", "wsgiref/", "xmlrpc/", "curses/", "dbm/", "sqlite3/",
    "pdb.py", "doctest.py", "pydoc.py", "_pyio.py", "turtle.py", "mailbox.py", "imaplib.py", "smtplib.py",
    "ftplib.py", "poplib.py", "nntplib.py", "telnetlib.py", "cgi.py", "cgitb.py",
    # Never imported by Pyodide's boot, the wheel loader or any engine request (checked by
    # listing sys.modules after every golden request in Pyodide): another ~0.54 MB.
    "difflib.py", "argparse.py", "optparse.py", "getopt.py", "gettext.py", "pickletools.py", "pickle.py",
    "_compat_pickle.py", "urllib/request.py", "urllib/robotparser.py", "statistics.py", "fractions.py",
    "_pydecimal.py", "decimal.py", "_pydatetime.py", "html/", "_markupbase.py", "logging/handlers.py",
    "logging/config.py", "configparser.py", "uuid.py", "bdb.py", "trace.py", "plistlib.py",
    "asyncio/windows_events.py", "asyncio/windows_utils.py", "asyncio/proactor_events.py", "asyncio/__main__.py",
    "asyncio/tools.py", "concurrent/futures/process.py", "concurrent/interpreters/", "socketserver.py",
    "pstats.py", "profile.py", "cProfile.py", "tracemalloc.py", "timeit.py", "_ast_unparse.py", "sched.py",
    "tabnanny.py", "zipapp.py", "webbrowser.py", "filecmp.py", "netrc.py", "nturl2path.py", "pyclbr.py",
    "py_compile.py", "compileall.py", "modulefinder.py", "symtable.py", "shelve.py", "tomllib/", "code.py",
    "rlcompleter.py", "getpass.py", "pty.py", "tty.py", "colorsys.py", "wave.py", "csv.py", "cmd.py",
    "fileinput.py", "shlex.py", "graphlib.py", "_threading_local.py", "platform.py", "zoneinfo/", "ctypes/",
    "_osx_support.py", "_aix_support.py", "_android_support.py", "_apple_support.py", "_ios_support.py",
    "__phello__/", "json/tool.py", "sysconfig/__main__.py", "pyodide/console.py", "pyodide/_nodesock_transport.py",
)
STDLIB_KEEP_ENCODINGS = {
    "__init__", "aliases", "ascii", "latin_1", "utf_8", "utf_8_sig", "utf_16", "utf_16_be", "utf_16_le",
    "utf_32", "utf_32_be", "utf_32_le", "raw_unicode_escape", "unicode_escape", "charmap", "idna", "punycode",
    "cp437",  # zipfile decodes member names with it (the wheel loader)
}

# Standard-library modules the readers import that STDLIB_LEAVE_OUT leaves out of the site's
# python_stdlib.zip: shipped in the guide-engine-readers wheel instead (checked in Pyodide by the
# parity test, which reads every test file with only these added). gpxpy imports xml.sax.saxutils,
# which imports urllib.request, which imports http.client.
READERS_STDLIB = ("xml/", "csv.py", "urllib/request.py", "http/__init__.py", "http/client.py")
READERS_PACKAGE = "guide-engine-readers"
READERS_PINS = Path(__file__).with_name("readers.txt")
READERS_CACHE = ROOT / "build" / "readers-wheels"


def build_engine_wheel() -> Path:
    """The guide_engine wheel, built reproducibly (flit_core) into build/wheel/."""
    out = ROOT / "build" / "wheel"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-m", "flit_core.wheel", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1700000000", "PATH": ""})
    wheels = sorted(out.glob("guide_engine-*.whl"))
    if proc.returncode != 0 or len(wheels) != 1:
        raise BuildError(f"Building the guide_engine wheel failed:\n{proc.stderr[-2000:]}")
    return wheels[0]


def reader_pins(path: Path = READERS_PINS) -> dict[str, tuple[str, str]]:
    """``readers.txt`` as {distribution: (version, sha256)}."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            spec, _, digest = line.partition(" --hash=sha256:")
            name, _, version = spec.partition("==")
            pins[name.strip()] = (version.strip(), digest.strip())
    return pins


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_reader_wheels() -> list[Path]:
    """The pinned reader wheels, from build/readers-wheels/ or downloaded there with pip."""
    pins = reader_pins()

    def present() -> list[Path]:
        found = []
        for name, (version, digest) in pins.items():
            stem = f"{name.replace('-', '_')}-{version}-"
            match = [p for p in READERS_CACHE.glob(f"{stem}*.whl") if _sha256(p) == digest]
            if not match:
                return []
            found.append(match[0])
        return found

    wheels = present()
    if wheels:
        return wheels
    READERS_CACHE.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                           "--require-hashes", "-r", str(READERS_PINS), "-d", str(READERS_CACHE)],
                          capture_output=True, text=True)
    wheels = present()
    if proc.returncode != 0 or not wheels:
        raise BuildError(f"Downloading the activity readers ({READERS_PINS.name}) failed:\n{proc.stderr[-2000:]}")
    return wheels


def build_readers_wheel(stdlib_zip: Path, out_dir: Path) -> Path:
    """The guide-engine-readers wheel: Requires-Dist on the pinned readers, plus READERS_STDLIB.

    Reproducible: fixed timestamps and order; the version carries a digest of the
    contents, so a changed wheel never hides behind a cached one of the same name.
    """
    pins = reader_pins()
    with zipfile.ZipFile(stdlib_zip) as src:
        members = sorted((info.filename, src.read(info)) for info in src.infolist()
                         if info.filename.startswith(READERS_STDLIB) and not info.is_dir())
    requires = "".join(f"Requires-Dist: {name}=={version}\n" for name, (version, _) in sorted(pins.items()))
    digest = hashlib.sha256(requires.encode() + b"".join(n.encode() + b"\0" + d for n, d in members)).hexdigest()
    dist = READERS_PACKAGE.replace("-", "_")
    # A plain number (no "+local" part: some static hosts read "+" in a path as a space).
    version = f"1.{int(digest[:8], 16)}"
    info_dir = f"{dist}-{version}.dist-info"
    metadata = (f"Metadata-Version: 2.1\nName: {READERS_PACKAGE}\nVersion: {version}\n"
                "Summary: The Train Smart site's activity-file readers: the pinned libraries, and the "
                "standard-library modules they need that the site's trimmed stdlib leaves out (from Pyodide's own).\n"
                + requires)
    files = [*members, (f"{info_dir}/METADATA", metadata.encode()),
             (f"{info_dir}/WHEEL", b"Wheel-Version: 1.0\nGenerator: train-smart guide_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n")]
    record = "".join(f"{name},sha256={_b64_digest(data)},{len(data)}\n" for name, data in files) + f"{info_dir}/RECORD,,\n"
    files.append((f"{info_dir}/RECORD", record.encode()))
    out_dir.mkdir(parents=True, exist_ok=True)
    wheel = out_dir / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2023, 11, 14, 22, 13, 20))
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return wheel


def _b64_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _keep(name: str) -> bool:
    if name.startswith(STDLIB_LEAVE_OUT):
        return False
    if name.startswith("encodings/") and name.endswith(".py"):
        return name[len("encodings/"):-3] in STDLIB_KEEP_ENCODINGS
    return True


def trim_stdlib(source: Path, target: Path) -> None:
    """Copy Pyodide's standard library zip without the parts nobody here imports."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            if _keep(info.filename):
                out.writestr(info, src.read(info), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def trim_lock(lock: Path, *packages_kept: str) -> None:
    """Keep in the lock file only ``packages_kept`` and what they depend on.

    Pyodide's lock lists its ~300 packages (27 kB gzipped); the site loads two.
    """
    data = json.loads(lock.read_text(encoding="utf-8"))
    packages = data["packages"]
    keep, todo = set(), list(packages_kept)
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo.extend(packages[name].get("depends", ()))
    data["packages"] = {name: packages[name] for name in sorted(keep)}
    lock.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")




def pyodide_version() -> str:
    """The version of the pinned npm ``pyodide`` package (``npm ci`` installs it)."""
    package = NPM_PYODIDE / "package.json"
    if not package.exists():
        raise BuildError("node_modules/pyodide is missing: run `npm ci` (make install does it).")
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def wheel_digest(wheel: Path) -> str:
    """The engine's source digest as the browser's worker computes it from ``wheel``.

    The same rule as ``guide_engine.api.source_digest`` (sha256 over each ``.py`` and
    ``.json`` file of the package, by sorted path), applied to the wheel's members.
    """
    digest = hashlib.sha256()
    prefix = "guide_engine/"
    with zipfile.ZipFile(wheel) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith(prefix) and n.endswith((".py", ".json"))
                       and "/__pycache__/" not in n)
        for name in names:
            digest.update(name[len(prefix):].encode() + b"\0" + zf.read(name) + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Runtime:
    """What :func:`install` put into a site."""

    folder: Path  # <site>/pyodide/<version>/
    version: str  # Pyodide's
    engine_wheel: Path
    engine_digest: str  # of the engine wheel's sources (wheel_digest)


def install(site: Path) -> Runtime:
    """Put the Pyodide runtime, the engine and the readers' wheels and the lock file into ``site``."""
    version = pyodide_version()
    engine = build_engine_wheel()
    readers = fetch_reader_wheels()
    target = site / "pyodide" / version
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(NPM_PYODIDE / name, target / name)
    trim_stdlib(NPM_PYODIDE / "python_stdlib.zip", target / "python_stdlib.zip")
    wheels = [build_readers_wheel(NPM_PYODIDE / "python_stdlib.zip", target)]
    for source in (engine, *readers):
        wheels.append(Path(shutil.copy2(source, target / source.name)))
    for wheel in wheels:
        wheel.chmod(0o644)
    lock = target / "pyodide-lock.json"
    cli = Path(sys.executable).with_name("pyodide")
    proc = subprocess.run([str(cli), "lockfile", "add-wheels", "--input", str(lock), "--output", str(lock),
                           "--base-path", str(target), *map(str, wheels)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildError(f"pyodide lockfile add-wheels failed:\n{proc.stdout[-1000:]}{proc.stderr[-2000:]}")
    trim_lock(lock, "guide-engine", READERS_PACKAGE)
    shipped = target / engine.name
    return Runtime(folder=target, version=version, engine_wheel=shipped, engine_digest=wheel_digest(shipped))
