"""The weekly review: metrics turned into plain-language findings and a verdict.

Findings are rows in ``checklist.json``; :func:`findings` evaluates them all
with one rule: within a ``group``, the first row whose metric is known and
passes its comparison is reported. Pain findings always come first.

Request data: ``{"week": WEEK, "history": [WEEK, ...]}`` (see :mod:`week`).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence

from . import content
from . import validate as v
from .errors import EngineError
from .metrics import checklist_summary, round_half_up, week_metrics, week_totals
from .week import parse_week, parse_weeks

SEVERITY_ORDER = ("urgent", "stop", "see", "caution", "note", "good")
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
DISCLAIMER = ("Education, not medical advice. These figures are prompts for reflection, compared with your own "
              "weeks; they never predict injury.")


def _fmt(x) -> str:
    if isinstance(x, float):
        return str(int(x)) if x.is_integer() else f"{x:g}"
    return str(x)


def _context(m: Mapping) -> dict:
    """The values a finding's text may mention, formatted for reading."""
    c = content.checklist()
    labels = {p["id"]: p["label"].lower() for p in c["pain_flags"]}
    ctx = {k: _fmt(val) for k, val in m.items() if isinstance(val, (int, float)) and not isinstance(val, bool)}
    ctx["pain_flag_labels"] = ", ".join(labels[f] for f in m["pain_flags"] if f != "chest")
    ctx["easy_share_pct"] = _fmt(int(round_half_up((m["easy_share"] or 0) * 100)))
    ctx["change_basis"] = "distance" if m["change_basis"] == "distance" else "time"
    if m["change_pct"] is not None:
        ctx["change_abs"] = _fmt(abs(m["change_pct"]))
    spike = m["spike"]
    if spike:
        ctx.update(spike_date=spike["date"], spike_km=_fmt(spike["km"]), spike_base_km=_fmt(spike["base_km"]),
                   spike_ratio_text=f"{_fmt(spike['ratio'])} times",
                   spike_percent_text=f"{_fmt(round_half_up((spike['ratio'] - 1) * 100))}%")
    return ctx


def findings(m: Mapping) -> list[dict]:
    """Evaluate the finding rows against a week's metrics, most urgent first."""
    c = content.checklist()
    labels = c["evidence_labels"]
    ctx = _context(m)
    done: set[str] = set()
    out = []
    for row in c["findings"]:
        if row["group"] in done:
            continue
        value = m.get(row["metric"])
        if value is None or not OPS[row["op"]](value, row["value"]):
            continue
        done.add(row["group"])
        out.append({
            "id": row["id"],
            "severity": row["severity"],
            "title": row["title"],
            "text": row["text"].format_map(ctx),
            "evidence": row["evidence"],
            "evidence_label": labels[row["evidence"]],
            "link": row["link"],
        })
    out.sort(key=lambda f: SEVERITY_ORDER.index(f["severity"]))
    return out


def verdict(m: Mapping, found: Sequence[Mapping]) -> dict:
    """The week's verdict from the checklist points and the caution findings."""
    c = content.checklist()
    if any(f["severity"] in ("urgent", "stop") for f in found):
        return {"id": "pain-first", "score": None, "title": "Pain comes first",
                "summary": "Before anything else about this week: stop running and get the pain checked."}
    percent = m["checklist"]["percent"]
    cautions = sum(1 for f in found if f["severity"] == "caution")
    score = max(0, (100 if percent is None else percent) - 10 * cautions)
    if m["checklist"]["misses"] >= 3:
        score = min(score, 59)  # several misses mean the week was hard, not smart
    band = next(b for b in c["verdicts"] if score >= b["min"])
    return {"id": band["id"], "score": score, "title": band["title"], "summary": band["summary"]}


def trend(weeks: Sequence[Mapping]) -> list[dict]:
    """One row per week, oldest first: the figures the history chart draws."""
    rows = []
    for w in sorted(weeks, key=lambda w: w["week_start"]):
        m = week_totals(w)  # no comparison with other weeks: one pass over the history
        rows.append({"week_start": w["week_start"], "weekly_load": m["weekly_load"], "monotony": m["monotony"],
                     "strain": m["strain"], "run_minutes": m["run_minutes"], "distance_km": m["distance_km"],
                     "checklist_percent": checklist_summary(w)["percent"], "sessions": m["sessions"]})
    return rows


def review(week: Mapping, history: Sequence[Mapping] = ()) -> dict:
    """Review one parsed week against the reader's other parsed weeks."""
    others = [w for w in history if w["week_start"] != week["week_start"]]
    m = week_metrics(week, others)
    found = findings(m)
    return {
        "week_start": week["week_start"],
        "metrics": m,
        "findings": found,
        "verdict": verdict(m, found),
        "trend": trend([*others, week]),
        "disclaimer": DISCLAIMER,
    }


def review_request(data: Mapping) -> dict:
    """Handle a ``review`` request: ``{"week": WEEK, "history": [WEEK, ...]}``."""
    v.obj(data, "", required=("week",), optional=("history",))
    week = parse_week(data["week"], "week")
    history = parse_weeks(data.get("history", []), "history")
    if len(history) > content.checklist()["limits"]["weeks"]:
        raise EngineError("too_many", "Too many weeks in the history.", "history")
    return {"week": week, **review(week, history)}
