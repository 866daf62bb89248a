"""Small checks for JSON-able input that raise :class:`EngineError` with the field path.

Every reader-supplied value passes through one of these before the engine uses it,
so bad input becomes a clear message naming the field, never an exception.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Collection, Iterable, Mapping

from .errors import EngineError

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)  # fromisoformat alone also takes "2026-W47-1"
MAX_TEXT = 2000  # characters in a free-text note
MAX_ITEMS = 500  # entries in any list or mapping a reader sends


def join(path: str, key: object) -> str:
    """Extend a dotted field path: ``join("sessions", 2) == "sessions.2"``."""
    return f"{path}.{key}" if path else str(key)


def short(text: str, most: int = 40) -> str:
    """A reader's text as quoted in a message: at most ``most`` characters."""
    return text if len(text) <= most else text[:most] + "…"


def _type_name(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def obj(value: object, path: str, *, required: Iterable[str] = (), optional: Iterable[str] = ()) -> Mapping:
    """Check an object: no unknown keys, every required key present."""
    if not isinstance(value, Mapping):
        raise EngineError("type", f"Expected an object, got {_type_name(value)}.", path)
    allowed = set(required) | set(optional)
    for key in value:
        if not isinstance(key, str) or key not in allowed:
            shown = short(str(key))
            raise EngineError("unknown_field", f"Unknown field {shown!r}.", join(path, shown))
    for key in required:
        if key not in value:
            raise EngineError("missing", f"The field {key!r} is required.", join(path, key))
    return value


def mapping(value: object, path: str) -> Mapping:
    """Check a free-keyed object (its keys are checked by the caller)."""
    if not isinstance(value, Mapping):
        raise EngineError("type", f"Expected an object, got {_type_name(value)}.", path)
    if len(value) > MAX_ITEMS:
        raise EngineError("too_many", f"At most {MAX_ITEMS} entries are allowed.", path)
    return value


def array(value: object, path: str, *, max_items: int = MAX_ITEMS) -> list:
    """Check a list of at most ``max_items`` entries."""
    if not isinstance(value, list):
        raise EngineError("type", f"Expected a list, got {_type_name(value)}.", path)
    if len(value) > max_items:
        raise EngineError("too_many", f"At most {max_items} entries are allowed.", path)
    return value


def number(value: object, path: str, *, low: float, high: float, integer: bool = False) -> float | int:
    """Check a finite number in ``[low, high]`` (bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise EngineError("type", f"Expected a number, got {_type_name(value)}.", path)
    if isinstance(value, float) and not math.isfinite(value):
        raise EngineError("range", "Expected a finite number.", path)
    if integer and value != int(value):
        raise EngineError("type", "Expected a whole number.", path)
    if not low <= value <= high:
        raise EngineError("range", f"Expected a number from {_fmt(low)} to {_fmt(high)}.", path)
    return int(value) if integer else value


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def text(value: object, path: str, *, max_len: int = MAX_TEXT) -> str:
    """Check a string of at most ``max_len`` characters."""
    if not isinstance(value, str):
        raise EngineError("type", f"Expected text, got {_type_name(value)}.", path)
    if len(value) > max_len:
        raise EngineError("too_long", f"At most {max_len} characters are allowed.", path)
    return value


def flag(value: object, path: str) -> bool:
    """Check ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise EngineError("type", f"Expected true or false, got {_type_name(value)}.", path)
    return value


def choice(value: object, path: str, options: Collection[str]) -> str:
    """Check a string that must be one of ``options``."""
    if not isinstance(value, str):
        raise EngineError("type", f"Expected one of {', '.join(options)}; got {_type_name(value)}.", path)
    if value not in options:
        shown = short(value)
        raise EngineError("unknown_option", f"Unknown option {shown!r}; expected one of {', '.join(options)}.", path)
    return value


def date(value: object, path: str) -> _dt.date:
    """Check an ISO date ``YYYY-MM-DD`` between 1900 and 2200."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise EngineError("type", "Expected a date written as YYYY-MM-DD.", path)
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError:
        raise EngineError("date", f"{value!r} is not a real date (YYYY-MM-DD).", path) from None
    if not 1900 <= day.year <= 2200:
        raise EngineError("range", "Expected a date between 1900 and 2200.", path)
    return day
