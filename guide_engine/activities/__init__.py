"""Bring runs in: read activity files and app exports into week sessions.

The ``activities`` request::

    {"files": [{"name": "run.fit.gz", "path": "/import/1/run.fit.gz"}, ...],
     "tz": {"transitions": [[epoch_seconds, utc_offset_minutes], ...]}}   # optional: UTC

The page writes the files the reader chose into Pyodide's file system and sends
their paths (only JSON crosses the boundary); the command line sends real paths.
The answer has one entry per file, in order: ``{"name", "activities": [...]}``
(with ``skipped`` entries for an archive) or ``{"name", "error": {"code",
"message"}}``. One bad file never stops the others. Each activity carries the
session it becomes (see :mod:`.sessions`).

The format libraries (fitdecode, gpxpy) and the standard-library parts the site
ships separately (``xml``, ``csv``) are imported only while a file is read, never
when this package is imported: the browser snapshots the engine after
``api.prepare()``, which imports this package, and that snapshot must not hold
them (Pyodide cannot snapshot loaded packages). In the browser they come with the
``guide-engine-readers`` package, loaded by the page before its first import.
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import validate as v
from ..errors import EngineError
from . import duplicates, files, sessions
from .duplicates import find_duplicates
from .problems import FileRefused
from .timezone import parse_tz

__all__ = ["activities_request", "find_duplicates", "READERS_PACKAGE", "MAX_FILES"]

READERS_PACKAGE = "guide-engine-readers"  # the site's package holding the libraries (see guide_site/runtime.py)
MAX_FILES = 500  # files in one request
MAX_NAME = 255
MAX_PATH = 4096


def activities_request(data: Mapping) -> dict:
    """Handle ``activities`` (see the module docstring)."""
    v.obj(data, "", required=("files",), optional=("tz",))
    zone = parse_tz(data.get("tz"), "tz")
    chosen = v.array(data["files"], "files", max_items=MAX_FILES)
    checked = []
    for i, raw in enumerate(chosen):
        where = v.join("files", i)
        item = v.obj(raw, where, required=("name", "path"))
        checked.append((v.text(item["name"], v.join(where, "name"), max_len=MAX_NAME),
                        v.text(item["path"], v.join(where, "path"), max_len=MAX_PATH)))
    return {"files": [_one(name, path, zone) for name, path in checked]}


def _one(name: str, path: str, zone) -> dict:
    try:
        found = files.read_chosen(name, path)
        rows = [sessions.entry(a, zone) for a in sorted(found["activities"], key=lambda a: a.start)
                if not sessions.is_skipped(a)]
    except FileRefused as refused:
        return {"name": name, "error": refused.as_dict()}
    except ImportError as exc:
        raise EngineError("readers_missing", f"The activity readers are not loaded ({exc.name or exc}); "
                          f"load the {READERS_PACKAGE} package first.", "") from None
    except MemoryError:
        return {"name": name, "error": FileRefused("too_large", "The file needs more memory than this device "
                                                   "gives the page.").as_dict()}
    out = {"name": name, "activities": rows}
    if found["skipped"]:
        out["skipped"] = found["skipped"]
    return out
