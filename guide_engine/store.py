"""The reader's saved weeks: the stored document, its text, and backup files.

The page keeps one document on the device and exports the same as a backup::

    {"format": "trainsmart-weeks", "schema": 2, "weeks": [WEEK, ...],
     "set_aside": [{"week": RAW, "code": ..., "message": ..., "path": ...}, ...]}

``weeks`` holds valid weeks, one per ``week_start``, in date order. ``set_aside``
(optional) keeps, inside the same document, the records this version could not read
(damaged, or written by a newer version), exactly as they were: nothing the reader
saved is ever dropped, and a later version reads them back in. The engine is the
only code that builds this document; the page stores the text it is given
(:func:`to_text`). The requests that change it are in :mod:`store_ops`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from . import content
from . import validate as v
from .errors import EngineError
from .week import WEEK_SCHEMA, parse_week

FORMAT = "trainsmart-weeks"
STORE_SCHEMA = 2  # 2: weeks may be week schema 2 (plans, phases, imported sessions); 1 is read too
MAX_STORE_CHARS = 4_500_000  # the most the page saves: the engine must read back whatever it writes
MAX_SET_ASIDE = 100  # records kept aside inside the document


def max_weeks() -> int:
    """Ten years of weekly reviews (the content's ``limits.weeks``): the most a change may leave."""
    return content.checklist()["limits"]["weeks"]


def max_read_weeks() -> int:
    """The most weeks a stored document may hold and still be read: twice the limit. A store
    written past the limit (by an older version) opens in full, so nothing is lost; the reader
    is told to export and delete, and no change may make it longer (:func:`over_limit`)."""
    return 2 * max_weeks()


def over_limit(new: Mapping, old: Mapping) -> EngineError | None:
    """The error for a change that would leave more than :func:`max_weeks` weeks and more than
    it found (a store already past the limit may still shrink, or change in place)."""
    count = len(new["weeks"])
    if count <= max_weeks() or count <= len(old["weeks"]):
        return None
    return EngineError("too_many", f"That would make {count} saved weeks; this page keeps at most {max_weeks()}. Export "
                       "a backup, then delete your oldest weeks to make room. Nothing was saved.", "")


def empty_store() -> dict:
    return {"format": FORMAT, "schema": STORE_SCHEMA, "weeks": []}


def to_text(doc: Mapping) -> str:
    """The document as the text the page stores: compact, sorted keys, ASCII only."""
    return json.dumps(doc, sort_keys=True, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def revision(text: str) -> str:
    """A short digest naming one stored text: two tabs holding the same text agree on it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def week_digest(week: Mapping) -> str:
    """A short digest of one normalised week, to notice a week changed in another tab."""
    return revision(to_text(week))


def check_format(raw: object, path: str, *, most: int | None = None) -> Mapping:
    """The document's outer shape: the format name, a schema this version reads, a list of at
    most ``most`` weeks (a backup: :func:`max_weeks`)."""
    doc = v.obj(raw, path, required=("format", "weeks"), optional=("schema", "exported_by", "set_aside"))
    if doc["format"] != FORMAT:
        raise EngineError("format", "This is not a Train Smart backup file.", v.join(path, "format"))
    schema = doc.get("schema")
    schema = STORE_SCHEMA if schema is None else schema  # "schema": null means absent
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise EngineError("type", "The schema version must be a whole number from 1.", v.join(path, "schema"))
    if schema > STORE_SCHEMA:
        shown = schema if schema < 10_000 else "over 9999"  # a huge integer has no text form (int_max_str_digits)
        what = "Your saved weeks were saved by" if path == "text" else "This file comes from"
        raise EngineError("newer_schema", f"{what} a newer version of the site (schema {shown}); this version "
                          f"reads schema {STORE_SCHEMA}. Reload the page to update, then try again.",
                          v.join(path, "schema"))
    most = max_weeks() if most is None else most
    weeks = v.array(doc["weeks"], v.join(path, "weeks"), max_items=max_read_weeks())
    if len(weeks) > most:
        raise EngineError("too_many", f"This backup holds {len(weeks)} weeks; this page keeps at most {most}. "
                          "Nothing was changed.", v.join(path, "weeks"))
    return doc


def parse_store(raw: object, path: str, *, strict: bool) -> tuple[dict, list[dict]]:
    """Validate a stored document or backup.

    Returns (document, rejected). With ``strict`` any bad week refuses the whole
    document (imports: all or nothing); otherwise bad weeks are listed in ``rejected``
    (with their index) and kept, as they were, in the document's ``set_aside``, and
    records set aside earlier that now read cleanly return to ``weeks``.
    """
    doc = check_format(raw, path, most=max_weeks() if strict else max_read_weeks())
    earlier = v.array(doc.get("set_aside") or [], v.join(path, "set_aside"), max_items=MAX_SET_ASIDE)
    if strict:  # a backup's records set aside travel with it, untouched
        earlier, carried = [], [dict(v.obj(e, v.join(v.join(path, "set_aside"), i), required=("week",),
                                           optional=("code", "message", "path"))) for i, e in enumerate(earlier)]
    else:
        carried = []
    weeks: dict[str, dict] = {}
    rejected, aside = [], []
    candidates = [(v.join(v.join(path, "weeks"), i), i, w, None) for i, w in enumerate(doc["weeks"])]
    candidates += [(v.join(v.join(path, "set_aside"), i), None, e.get("week") if isinstance(e, Mapping) else e, e)
                   for i, e in enumerate(earlier)]
    for where, index, raw_week, entry in candidates:
        if entry is not None and len(weeks) >= max_weeks():
            aside.append(entry)  # no room under the limit: it stays aside, as it was
            continue
        try:
            week = parse_week(raw_week, where)
            if week["week_start"] in weeks:
                raise EngineError("duplicate_week", f"The week of {week['week_start']} appears more than once.",
                                  v.join(where, "week_start"))
        except EngineError as err:
            if strict:
                raise
            if index is not None:
                rejected.append({"index": index, **err.as_dict()})
            aside.append({"week": _keepable(raw_week), **err.as_dict()})
            continue
        weeks[week["week_start"]] = week
    out = {"format": FORMAT, "schema": STORE_SCHEMA, "weeks": [weeks[k] for k in sorted(weeks)]}
    aside += carried
    if aside:
        if len(aside) > MAX_SET_ASIDE:
            raise EngineError("too_many", f"More than {MAX_SET_ASIDE} saved weeks cannot be read. Export a backup "
                              "and keep it: nothing was changed.", v.join(path, "weeks"))
        out["set_aside"] = aside
    return out, rejected


def _keepable(raw: object) -> object:
    """A record kept aside as it was; only what JSON text could never have held is replaced."""
    try:
        to_text(raw)
    except (TypeError, ValueError, RecursionError):
        return {"unreadable": "this record could not be written as JSON text"}
    return raw


def read_text(text: str, path: str) -> object:
    """Parse stored or uploaded JSON text with the request's own size and nesting limits."""
    from .api import MAX_DEPTH, nesting_depth

    v.text(text, path, max_len=MAX_STORE_CHARS)
    if nesting_depth(text) > MAX_DEPTH:
        raise EngineError("too_deep", f"The saved data nests more than {MAX_DEPTH} levels deep.", path)
    try:
        return json.loads(text.removeprefix("\ufeff"))
    except (ValueError, RecursionError):
        raise EngineError("json", "The saved data is not readable JSON (it may have been cut short).", path) from None


def load_request(data: Mapping) -> dict:
    """Handle ``load``: ``{"store": DOCUMENT or null}`` -> the valid document and what was set aside."""
    v.obj(data, "", required=("store",))
    if data["store"] is None:
        return {"store": empty_store(), "rejected": [], "week_schema": WEEK_SCHEMA}
    doc, rejected = parse_store(data["store"], "store", strict=False)
    return {"store": doc, "rejected": rejected, "week_schema": WEEK_SCHEMA}


def merge_backup(backup: Mapping, current: Mapping, *, replace: bool = True) -> tuple[dict, dict]:
    """(preview, merged document): the backup's weeks over the current ones, the backup winning;
    with ``replace=False`` (a coach keeping a copy of a share) only weeks not saved yet are added,
    and a saved week of the same start is left as it is (``kept``)."""
    have = {w["week_start"]: w for w in current["weeks"]}
    added, replaced, unchanged, kept = [], [], [], []
    for week in backup["weeks"]:
        key = week["week_start"]
        if key not in have:
            added.append(key)
        elif have[key] == week:
            unchanged.append(key)
        elif not replace:
            kept.append(key)
            continue
        else:
            replaced.append(key)
        have[key] = week
    merged = {**current, "weeks": [have[k] for k in sorted(have)]}
    aside = [*current.get("set_aside", ()), *(e for e in backup.get("set_aside", ()) if e not in current.get("set_aside", ()))]
    if len(aside) > MAX_SET_ASIDE:
        raise EngineError("too_many", f"Together these hold {len(aside)} records kept aside, more than the "
                          f"{MAX_SET_ASIDE} this page keeps. Export and discard some of yours first. Nothing was changed.",
                          "backup.set_aside")
    if aside:
        merged["set_aside"] = aside
    if over_limit(merged, current):
        raise EngineError("too_many", f"Together these hold {len(merged['weeks'])} weeks, more than the {max_weeks()} "
                          "this page keeps. Export a backup, delete your oldest weeks, then import again. Nothing was "
                          "changed.", "backup.weeks")
    return {"added": added, "replaced": replaced, "unchanged": unchanged, **({} if replace else {"kept": kept})}, merged


def import_request(data: Mapping) -> dict:
    """Handle ``import``: ``{"backup": DOCUMENT, "current": DOCUMENT or null}``.

    Returns a preview (weeks added, replaced, unchanged) and the merged document;
    the backup wins where both hold the same week. A bad backup is refused whole.
    """
    v.obj(data, "", required=("backup",), optional=("current",))
    backup, _ = parse_store(data["backup"], "backup", strict=True)
    current = parse_store(data["current"], "current", strict=False)[0] if data.get("current") is not None else empty_store()
    preview, merged = merge_backup(backup, current)
    return {"preview": preview, "store": merged}
