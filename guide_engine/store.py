"""The reader's saved weeks: the stored document, backups, and import previews.

The page keeps one document on the device (and exports the same as a backup)::

    {"format": "trainsmart-weeks", "schema": 2, "weeks": [WEEK, ...]}

``load`` validates and migrates it on the way in; ``import`` compares a backup
with what is stored and returns a preview plus the merged document, which the
page saves only when the reader confirms. Nothing here writes anything: a
document that fails to parse is reported, and the page keeps the original aside.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import validate as v
from .errors import EngineError
from .week import WEEK_SCHEMA, parse_week

FORMAT = "trainsmart-weeks"
STORE_SCHEMA = 2  # 2: the weeks may be week schema 2 (plans, phases, imported sessions)
MAX_WEEKS = 520  # ten years of weekly reviews


def empty_store() -> dict:
    return {"format": FORMAT, "schema": STORE_SCHEMA, "weeks": []}


def parse_store(raw: object, path: str, *, strict: bool) -> tuple[dict, list[dict]]:
    """Validate a stored document or backup.

    Returns (document, rejected). With ``strict`` any bad week refuses the whole
    document (imports: all or nothing); otherwise bad weeks are set aside and
    listed in ``rejected`` so the good ones stay usable (loading the device's data).
    """
    doc = v.obj(raw, path, required=("format", "weeks"), optional=("schema", "exported_by"))
    if doc["format"] != FORMAT:
        raise EngineError("format", "This is not a Train Smart backup file.", v.join(path, "format"))
    schema = doc.get("schema")
    schema = STORE_SCHEMA if schema is None else schema  # "schema": null means absent
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise EngineError("type", "The schema version must be a whole number from 1.", v.join(path, "schema"))
    if schema > STORE_SCHEMA:
        raise EngineError("newer_schema", f"This file comes from a newer version of the site (schema {schema}); "
                          f"this version reads schema {STORE_SCHEMA}. Reload the page to update, then try again.",
                          v.join(path, "schema"))
    raw_weeks = v.array(doc["weeks"], v.join(path, "weeks"), max_items=MAX_WEEKS)
    weeks: dict[str, dict] = {}
    rejected = []
    for i, raw_week in enumerate(raw_weeks):
        where = v.join(v.join(path, "weeks"), i)
        try:
            week = parse_week(raw_week, where)
            if week["week_start"] in weeks:
                raise EngineError("duplicate_week", f"The week of {week['week_start']} appears more than once.",
                                  v.join(where, "week_start"))
        except EngineError as err:
            if strict:
                raise
            rejected.append({"index": i, **err.as_dict()})
            continue
        weeks[week["week_start"]] = week
    return {"format": FORMAT, "schema": STORE_SCHEMA, "weeks": [weeks[k] for k in sorted(weeks)]}, rejected


def load_request(data: Mapping) -> dict:
    """Handle ``load``: ``{"store": DOCUMENT or null}`` -> the valid document and what was set aside."""
    v.obj(data, "", required=("store",))
    if data["store"] is None:
        return {"store": empty_store(), "rejected": [], "week_schema": WEEK_SCHEMA}
    doc, rejected = parse_store(data["store"], "store", strict=False)
    return {"store": doc, "rejected": rejected, "week_schema": WEEK_SCHEMA}


def import_request(data: Mapping) -> dict:
    """Handle ``import``: ``{"backup": DOCUMENT, "current": DOCUMENT or null}``.

    Returns a preview (weeks added, replaced, unchanged) and the merged document;
    the backup wins where both hold the same week. A bad backup is refused whole.
    """
    v.obj(data, "", required=("backup",), optional=("current",))
    backup, _ = parse_store(data["backup"], "backup", strict=True)
    current, _ = parse_store(data["current"], "current", strict=False) if data.get("current") is not None else (empty_store(), [])
    have = {w["week_start"]: w for w in current["weeks"]}
    added, replaced, unchanged = [], [], []
    for week in backup["weeks"]:
        key = week["week_start"]
        if key not in have:
            added.append(key)
        elif have[key] == week:
            unchanged.append(key)
        else:
            replaced.append(key)
        have[key] = week
    merged = {"format": FORMAT, "schema": STORE_SCHEMA, "weeks": [have[k] for k in sorted(have)]}
    if len(merged["weeks"]) > MAX_WEEKS:
        raise EngineError("too_many", f"Together these hold more than {MAX_WEEKS} weeks.", "backup.weeks")
    return {"preview": {"added": added, "replaced": replaced, "unchanged": unchanged}, "store": merged}
