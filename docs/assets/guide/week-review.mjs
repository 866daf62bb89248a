// A week's review as the engine computed it: the verdict (or what is needed for one),
// the findings with their evidence, and the week's numbers. Text only, never HTML.

import { siteUrl } from "./config.mjs";
import { readable } from "./dates.mjs";
import { fill, h } from "./dom.mjs";

function verdictBlock(review) {
  const v = review.verdict;
  const week = `Week of ${readable(review.week_start)}. `;
  if (!v) {
    const needs = review.needs || { title: "Not enough to judge yet", summary: "" };
    return h("div", { class: "guide-verdict", "data-verdict": "none" },
      h("p", { class: "guide-verdict__title" }, needs.title), h("p", {}, week, needs.summary));
  }
  return h("div", { class: "guide-verdict", "data-verdict": v.id },
    h("p", { class: "guide-verdict__title" }, v.title,
      v.score === null || v.score === undefined ? null : h("span", { class: "guide-verdict__score" }, ` ${v.score}/100`)),
    h("p", {}, week, v.summary));
}

function finding(f) {
  return h("div", { class: "guide-finding", "data-severity": f.severity, "data-finding": f.id },
    h("p", { class: "guide-finding__title" }, f.title),
    h("p", {}, f.text),
    h("p", { class: "guide-finding__meta" }, `Evidence: ${f.evidence_label}. `, h("a", { href: siteUrl(f.link) }, "Why this matters")));
}

/** A list of findings (the review's or a plan's), or `empty` when there are none. */
export function renderFindings(box, findings, empty) {
  fill(box, findings.length ? findings.map(finding) : h("p", {}, empty));
}

const STATUS = { done: "done", changed: "done, changed", skipped: "skipped", not_logged: "not logged", upcoming: "still to come" };

function againstPlan(plan) {
  if (!plan) return null;
  const offPlan = (x) => (x === null || x === undefined ? "not known" : x === 0 ? "as planned"
    : `${Math.abs(x)}% ${x > 0 ? "more" : "less"} than planned`);
  return [h("h3", {}, "Planned against done"),
    h("ul", { class: "guide-plan-list" }, plan.sessions.map((r) => h("li", { "data-plan-status": r.status },
      `${readable(r.date)}: ${r.kind}, ${r.minutes} min planned: ${STATUS[r.status]}`,
      r.status === "changed" || (r.done_minutes !== null && r.done_minutes !== r.minutes) ? ` (${r.done_minutes} min)` : "",
      r.harder ? ", harder than planned" : ""))),
    h("p", {}, `${plan.done_pct === null ? "No planned session due yet"
      : `${plan.done_pct}% of the planned sessions${plan.sessions.some((r) => r.status === "upcoming") ? " due so far" : ""} done`}${plan.extra ? `, ${plan.extra} not in the plan` : ""}. `,
      `Minutes: ${offPlan(plan.volume_pct)}; load: ${offPlan(plan.load_pct)} `,
      h("span", { class: "guide-finding__meta" }, "(within 20 % counts as on plan, a convention; a plan's load counts each session at its intent's usual effort).")),
  ];
}

function monotonyText(m) {
  if (m.monotony === null || m.monotony === undefined) return "–";
  if (m.monotony_uniform) return `${m.monotony} (every day the same)`;
  return m.monotony >= 10 ? `${m.monotony} (capped at 10)` : String(m.monotony);
}

/** Render a review into `box`; `stale` marks one shown from the last visit while the engine starts. */
export function renderReview(box, review, { stale = false, distance = (km) => `${km} km` } = {}) {
  const m = review.metrics;
  const fact = (label, value) => h("div", { class: "guide-metric" }, h("dt", {}, label), h("dd", {}, value));
  const pct = (x) => (x === null || x === undefined ? "–" : `${x > 0 ? "+" : ""}${x}%`);
  fill(box,
    stale ? h("p", { class: "guide-stale" }, "From your last visit; refreshing when the engine is ready…") : null,
    verdictBlock(review),
    h("h3", {}, "Findings"),
    review.findings.length ? review.findings.map(finding)
      : h("p", {}, "Log some sessions or answer the review points to get findings."),
    againstPlan(m.plan),
    h("h3", {}, "The numbers"),
    h("dl", { class: "guide-metrics" },
      fact("Weekly load", `${m.weekly_load} AU`),
      fact("Monotony", monotonyText(m)),
      fact("Strain", m.strain ?? "–"),
      fact("Sessions planned easy", m.easy_share === null || m.easy_share === undefined ? "–" : `${Math.round(m.easy_share * 100)}%`),
      fact("Running time", `${m.run_minutes} min`),
      fact("Distance", m.distance_km === null || m.distance_km === undefined ? "–" : distance(m.distance_km)),
      fact("Change from last week", m.has_previous_week ? `${pct(m.change_pct)} by ${m.change_basis}` : "no previous week"),
      fact("Rest or light days", String(m.rest_days)),
      fact("Checklist", m.checklist.percent === null ? "not answered" : `${m.checklist.percent}%`)),
    h("p", { class: "guide-disclaimer" }, review.disclaimer));
}

/** The weekly tool's two review boxes: the result of a save made here, and the last review kept
    from before (`stale` until the engine's answer replaces it). The newest is `remember`ed. */
export function reviewBoxes(root, distance, remember) {
  const result = root.querySelector("[data-week-result]");
  const last = root.querySelector("[data-last-review]");
  return {
    result,
    hideLast: () => { last.hidden = true; },
    showLast(review, stale) {
      last.hidden = false;
      renderReview(last.querySelector("[data-last-body]"), review, { stale, distance });
      if (!stale) remember(review);
    },
    showResult(review) {
      result.hidden = false;
      renderReview(result.querySelector("[data-result-body]"), review, { distance });
      remember(review);
      last.hidden = true;
      fill(last.querySelector("[data-last-body]"));
    },
  };
}
