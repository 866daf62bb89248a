"""The weekly review: metrics turned into plain-language findings and a verdict.

Findings are rows in ``checklist.json``; :func:`findings` evaluates them all
with one rule: within a ``group``, the first row whose conditions (``when``:
``[metric, op, value]``, every metric known) all hold is reported. The verdict's
rules (pain first, caution points, caps) are data too (``verdict``).

Request data: ``{"week": WEEK, "history": [WEEK, ...]}`` (see :mod:`week`).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping, Sequence

from . import content
from . import validate as v
from .errors import EngineError
from .adherence import compare
from .units import distance_text, units_of
from .metrics import checklist_summary, round_half_up, spike_percent_text, spike_ratio_text, week_metrics, week_totals
from .week import parse_week, parse_weeks

RECENT_DAYS = 42  # covers the previous week, the four recent weeks and the spike window
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
DISCLAIMER = ("Education, not medical advice. These figures are prompts for reflection, compared with your own "
              "weeks; they never predict injury.")


def _fmt(x) -> str:
    if isinstance(x, float):
        return str(int(x)) if x.is_integer() else f"{x:g}"
    return str(x)


def _context(m: Mapping, units: str = "km") -> dict:
    """The values a finding's text may mention, formatted for reading."""
    c = content.checklist()
    labels = {p["id"]: p["label"].lower() for p in c["pain_flags"]}
    severity = {p["id"]: p["severity"] for p in c["pain_flags"]}
    ctx = {k: _fmt(val) for k, val in m.items() if isinstance(val, (int, float)) and not isinstance(val, bool)}
    ctx["pain_flag_labels"] = ", ".join(labels[f] for f in m["pain_flags"] if severity[f] == "stop")
    ctx["easy_share_pct"] = _fmt(int(round_half_up((m["easy_share"] or 0) * 100)))
    ctx["change_basis"] = "distance" if m["change_basis"] == "distance" else "time"
    if m["change_pct"] is not None:
        ctx["change_abs"] = _fmt(abs(m["change_pct"]))
    if m.get("plan_volume_pct") is not None:
        ctx["plan_volume_abs"] = _fmt(abs(m["plan_volume_pct"]))
    spike = m["spike"]
    if spike:
        ctx.update(spike_date=spike["date"], spike_distance=distance_text(spike["km"], units),
                   spike_base_distance=distance_text(spike["base_km"], units),
                   spike_ratio_text=spike_ratio_text(m["spike_ratio"]),
                   spike_percent_text=spike_percent_text(m["spike_ratio"]))
    return ctx


def holds(m: Mapping, condition) -> bool:
    """One ``[metric, op, value]`` condition of a row: false when the metric is unknown (None)."""
    metric, op, value = condition
    known = m.get(metric)
    return known is not None and OPS[op](known, value)


def evaluate_rows(rows, m: Mapping, ctx: Mapping) -> list[dict]:
    """Evaluate findings rows against metrics, most urgent first (the review's and the plan's).

    Within a ``group`` the first row whose every ``when`` condition holds is reported.
    Beside a pain alert (a severity of the verdict's ``alerts``) nothing praises: the
    ``good`` findings are left out, as the verdict is, and so is a row whose ``quiet_beside``
    names that alert (advice that would play the pain down or plan running around it).
    """
    labels = content.checklist()["evidence_labels"]
    alerts = {a["severity"] for a in content.checklist()["verdict"]["alerts"]}
    done: set[str] = set()
    out = []
    for row in rows:
        if row["group"] in done or not all(holds(m, cond) for cond in row["when"]):
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
    raised = {f["severity"] for f in out} & alerts
    if raised:
        quiet = {row["id"] for row in rows if raised & set(row.get("quiet_beside", ()))}
        out = [f for f in out if f["severity"] != "good" and f["id"] not in quiet]
    out.sort(key=lambda f: content.SEVERITIES.index(f["severity"]))
    return out


def findings(m: Mapping, units: str = "km") -> list[dict]:
    """The review's findings for a week's metrics, most urgent first (distances in ``units``)."""
    return evaluate_rows(content.checklist()["findings"], m, _context(m, units))


def verdict(m: Mapping, found: Sequence[Mapping]) -> dict | None:
    """The week's verdict, by the rules in ``checklist.json`` (``verdict``).

    Pain alerts replace it; a week with too little answered or logged gets none
    (``None``); otherwise the score is the review points' percentage less a fixed
    number of points per caution, and the caps keep cautions and misses from reading
    as smart. With too few review points answered, the log alone never reads as smart.
    """
    rules = content.checklist()["verdict"]
    severities = {f["severity"] for f in found}
    for alert in rules["alerts"]:
        if alert["severity"] in severities:
            return {"id": alert["id"], "score": None, "title": alert["title"], "summary": alert["summary"]}
    if m.get("in_progress"):
        return None  # the week is not over: its verdict waits (pain alerts above never do)
    check = m["checklist"]
    log_only = check["answered"] < rules["answered_min"]
    if not m["sessions"]:
        return None  # nothing logged: answers alone never make a verdict (``needs`` says what to do)
    facts = {"cautions": sum(1 for f in found if f["severity"] == "caution"), "misses": check["misses"]}
    score = max(0, (100 if log_only else check["percent"]) - rules["caution_points"] * facts["cautions"])
    bands = rules["bands"]
    index = next(i for i, b in enumerate(bands) if score >= b["min"])
    for cap in rules["caps"]:
        if holds(facts, (cap["metric"], cap["op"], cap["value"])):
            index = max(index, next(i for i, b in enumerate(bands) if b["id"] == cap["band"]))
    if index > 0:
        score = min(score, bands[index - 1]["min"] - 1)
    band = bands[index]
    if log_only and index < 2:  # the log alone never praises: no "smart", no "good week", no score
        kind = rules["log_only"] if index == 0 else rules["log_only_leak"]
        return {"id": kind["id"], "score": None, "title": kind["title"], "summary": kind["summary"]}
    return {"id": band["id"], "score": score, "title": band["title"], "summary": band["summary"]}


def _needs(m: Mapping) -> str:
    """What a week without a verdict needs: the rest of the week, its log, or more of either."""
    if m["in_progress"]:
        return "in_progress"
    answered = m["checklist"]["answered"] >= content.checklist()["verdict"]["answered_min"]
    return "unlogged" if answered and not m["sessions"] else "none"


def trend(weeks: Sequence[Mapping]) -> list[dict]:
    """One row per week, oldest first: the figures the history chart draws."""
    rows = []
    for w in sorted(weeks, key=lambda w: w["week_start"]):
        m = week_totals(w)  # no comparison with other weeks: one pass over the history
        rows.append({"week_start": w["week_start"], "weekly_load": m["weekly_load"], "monotony": m["monotony"],
                     "strain": m["strain"], "run_minutes": m["run_minutes"], "distance_km": m["distance_km"],
                     "checklist_percent": checklist_summary(w)["percent"], "sessions": m["sessions"]})
    return rows


def today_of(data: Mapping) -> dt.date | None:
    """The request's ``today`` (the reader's local date), if it names one."""
    return v.date(data["today"], "today") if data.get("today") is not None else None


def _against_plan(week: Mapping, today: dt.date | None = None) -> dict:
    """The plan comparison and the figures its findings rows test (all None without a plan)."""
    against = compare(week, today)
    return {"plan": against, "plan_volume_pct": against and against["volume_pct"],
            "plan_done_pct": against and against["done_pct"], "plan_harder_count": against and against["harder_count"]}


def review(week: Mapping, history: Sequence[Mapping] = (), units: str = "km", today: dt.date | None = None, *,
           with_trend: bool = True) -> dict:
    """Review one parsed week against the reader's other parsed weeks (texts in ``units``).

    ``with_trend=False`` leaves the history chart's rows out, for a caller that keeps its
    own (``store_ops``: rows of unchanged weeks are reused, so ten years cost one).

    With ``today`` before the week's last day, the week is in progress: the findings that
    judge the whole week wait, and so does the verdict (``needs`` says so).
    """
    others = [w for w in history if w["week_start"] != week["week_start"]]
    start = dt.date.fromisoformat(week["week_start"])
    # Only the six weeks before matter (last week, the recent four, the spike's 30 days):
    # a review costs the same at ten years of history as at one.
    recent = [w for w in others if 0 < (start - dt.date.fromisoformat(w["week_start"])).days <= RECENT_DAYS]
    m = week_metrics(week, recent)
    m.update(_against_plan(week, today))
    m["in_progress"] = int(today is not None and today < start + dt.timedelta(days=6))
    found = findings(m, units)
    judged = verdict(m, found)
    return {
        "week_start": week["week_start"],
        "metrics": m,
        "findings": found,
        "verdict": judged,
        "needs": None if judged else dict(content.checklist()["verdict"][_needs(m)]),
        **({"trend": trend([*others, week])} if with_trend else {}),
        "disclaimer": DISCLAIMER,
    }


def review_request(data: Mapping) -> dict:
    """Handle a ``review`` request: ``{"week": WEEK, "history": [WEEK, ...]}``."""
    v.obj(data, "", required=("week",), optional=("history", "units", "today"))
    week = parse_week(data["week"], "week")
    history = parse_weeks(data.get("history", []), "history")
    if len(history) > content.checklist()["limits"]["weeks"]:
        raise EngineError("too_many", "Too many weeks in the history.", "history")
    return {"week": week, **review(week, history, units_of(data), today_of(data))}
