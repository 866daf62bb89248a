"""The engine boundary: one function from a JSON-able request to a JSON-able response.

A request is ``{"v": 1, "id": n, "type": "...", "data": {...}}``; the answer is
``{"v": 1, "id": n, "type": "result", "data": {...}}`` or
``{"v": 1, "id": n, "type": "error", "error": {"code", "message", "path"}}``.
The Web Worker and the CLI both call :func:`handle`, so every browser behaviour
can be tested in CPython first. Responses are deterministic: no clock, no random.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Callable, Mapping

from . import validate as v
from .errors import EngineError

ENGINE_VERSION = "0.1.0"
PROTOCOL_VERSION = 1
MAX_ID = 2**53 - 1  # the largest integer JavaScript numbers carry exactly


def _ping(data: Mapping) -> dict:
    v.obj(data, "")
    return {"pong": True}


@functools.cache
def source_digest() -> str:
    """sha256 of the engine's own code and content, as installed.

    The site build records the same digest, so a page can check that the engine
    its worker loaded is the one it was built with (never a new page with an old engine).
    """
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    stack = [(resources.files(__package__), "")]
    files = []
    while stack:
        node, prefix = stack.pop()
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "__pycache__":
                    stack.append((child, name + "/"))
            elif child.name.endswith((".py", ".json")):
                files.append((name, child))
    for name, child in sorted(files, key=lambda f: f[0]):
        digest.update(name.encode() + b"\0" + child.read_bytes() + b"\0")
    return digest.hexdigest()


def prepare() -> str:
    """Import every request's module and load the content now; return the source digest.

    The browser worker calls this right after loading the engine and before it takes a
    memory snapshot. A Python restored from that snapshot has its heap but not the files
    the wheel installed, so everything the engine reads from its package must be in
    memory by then: the modules, the content files and the digest of its own source.
    """
    for module in sorted({module for module, _ in _ROUTES.values()}):
        importlib.import_module(f"{__package__}.{module}")
    from . import content

    for name in content.FILES:
        content.load(name)
    return source_digest()


def _version(data: Mapping) -> dict:
    v.obj(data, "")
    return {
        "engine": ENGINE_VERSION,
        "protocol": PROTOCOL_VERSION,
        "python": ".".join(str(n) for n in sys.version_info[:2]),
        "source": source_digest(),
    }


# Request type -> (module, function). Modules are imported on first use, so a
# request that does not need the review code never pays for importing it.
_ROUTES = {
    "quiz": ("quiz", "quiz_request"),
    "review": ("review", "review_request"),
    "plan": ("plan", "plan_request"),
    "load": ("store", "load_request"),
    "import": ("store", "import_request"),
    "weeks_open": ("store_ops", "open_request"),
    "weeks_save": ("store_ops", "save_request"),
    "weeks_plan": ("store_ops", "plan_request"),
    "weeks_add": ("store_add", "add_request"),
    "weeks_delete": ("store_ops", "delete_request"),
    "weeks_import": ("store_ops", "import_request"),
    "weeks_review": ("store_ops", "review_request"),
    "weeks_export": ("store_ops", "export_request"),
    "weeks_discard": ("store_ops", "discard_request"),
    "activities": ("activities", "activities_request"),
    "share_build": ("share", "build_request"),
    "share_open": ("share", "open_request"),
}
REQUEST_TYPES = ("ping", "version", *_ROUTES)


def _handler(kind: str) -> Callable[[Mapping], dict]:
    if kind == "ping":
        return _ping
    if kind == "version":
        return _version
    module, name = _ROUTES[kind]
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


def handle(request: object) -> dict:
    """Answer one request; never raises, whatever ``request`` holds."""
    rid = request.get("id") if isinstance(request, Mapping) else None
    if isinstance(rid, bool) or not (isinstance(rid, int) and 0 <= rid <= MAX_ID or isinstance(rid, str) and len(rid) <= 64):
        rid = None
    try:
        data = _dispatch(request)
    except EngineError as err:
        return {"v": PROTOCOL_VERSION, "id": rid, "type": "error", "error": err.as_dict()}
    except RecursionError:
        err = EngineError("too_deep", "The request is nested too deeply.", "")
        return {"v": PROTOCOL_VERSION, "id": rid, "type": "error", "error": err.as_dict()}
    except Exception as exc:  # the boundary must answer, never crash the worker
        err = EngineError("internal", f"The engine hit an unexpected problem ({type(exc).__name__}).", "")
        return {"v": PROTOCOL_VERSION, "id": rid, "type": "error", "error": err.as_dict()}
    return {"v": PROTOCOL_VERSION, "id": rid, "type": "result", "data": data}


def _dispatch(request: object) -> dict:
    req = v.obj(request, "", required=("type",), optional=("v", "id", "data"))
    if "v" in req and (type(req["v"]) is not int or req["v"] != PROTOCOL_VERSION):
        raise EngineError("version", f"This engine speaks protocol version {PROTOCOL_VERSION}.", "v")
    if "id" in req:
        rid = req["id"]
        ok_int = isinstance(rid, int) and not isinstance(rid, bool) and 0 <= rid <= MAX_ID
        if not ok_int and not (isinstance(rid, str) and len(rid) <= 64):
            raise EngineError("type", "The id must be a whole number or a short text.", "id")
    kind = v.choice(req["type"], "type", REQUEST_TYPES)
    data = req.get("data", {})
    v.obj(data, "data", optional=data.keys() if isinstance(data, Mapping) else ())
    return _handler(kind)(data)


MAX_REQUEST_CHARS = 6_000_000  # the stored weeks (at most 4.5 MB of text) fit in one request
MAX_DEPTH = 32  # the deepest real request nests about 6 levels


# A JSON string, consumed in one pass: possessive runs never backtrack, and an unclosed
# string simply runs to the end of the text (the parser refuses it afterwards).
_STRING = re.compile(r'"(?:[^"\\]++|\\.)*+"?', re.S)


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in JSON text (strings ignored), in linear time."""
    depth = deepest = 0
    for run in re.findall(r"[\[\]{}]+", _STRING.sub("", text)):
        for bracket in run:
            depth += 1 if bracket in "[{" else -1
            if depth > deepest:
                deepest = depth
    return deepest


def handle_json(text: str) -> str:
    """Answer a request given as JSON text with JSON text (what the Web Worker calls).

    Size and nesting are checked before parsing: deep nesting would exhaust the
    stack of the browser's Python (Pyodide) instead of raising RecursionError.
    """
    import json

    def refuse(code: str, message: str) -> str:
        return dumps({"v": PROTOCOL_VERSION, "id": None, "type": "error", "error": EngineError(code, message, "").as_dict()})

    if len(text) > MAX_REQUEST_CHARS:
        return refuse("too_large", f"The request is larger than {MAX_REQUEST_CHARS:,} characters.")
    if nesting_depth(text) > MAX_DEPTH:
        return refuse("too_deep", f"The request nests more than {MAX_DEPTH} levels deep.")
    try:
        request = json.loads(text)
    except (ValueError, RecursionError) as exc:
        response = {"v": PROTOCOL_VERSION, "id": None, "type": "error",
                    "error": EngineError("json", f"The request is not valid JSON ({exc}).", "").as_dict()}
    else:
        response = handle(request)
    return dumps(response)


def dumps(response: dict) -> str:
    """Serialise a response the same way everywhere: sorted keys, no NaN."""
    import json

    # ASCII-only output: a lone surrogate echoed from a request cannot break UTF-8 encoding.
    return json.dumps(response, sort_keys=True, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
