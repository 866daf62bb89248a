// A week's own record laid out for reading: its sessions, its plan, the review points'
// answers and notes, sleep and feeling. For the shared-weeks view and the printed report.
// The words come from the page (a JSON script the build renders from the engine's
// content, in the attribute data-guide-labels). Text only, never HTML.

import { readable } from "./dates.mjs";
import { h } from "./dom.mjs";

const LISTS = ["kinds", "intents", "answers", "items", "feelings", "phases", "pain_flags"];

/** A Map id -> words, in the content's order, for each list (built by overrides/hooks/shortcodes.py). */
export function readLabels(root) {
  const node = root.querySelector("[data-guide-labels]");
  let raw = {};
  try {
    raw = JSON.parse(node ? node.getAttribute("data-guide-labels") : "{}") || {};
  } catch {
    raw = {};
  }
  const pairs = (list) => (Array.isArray(list) ? list.filter((p) => Array.isArray(p) && p.length === 2) : []);
  return Object.fromEntries(LISTS.map((name) => [name, new Map(pairs(raw[name]))]));
}

const named = (table, id) => table.get(id) ?? id;
const dash = (x) => (x === null || x === undefined || x === "" ? "–" : String(x));
const day = (iso) => readable(iso).replace(/ \d{4}$/, ""); // "17 Nov": the week's year is in its heading

/** A table with a caption; a row's `note` becomes a line of its own under it, across the table. */
function table(caption, head, rows) {
  const body = [];
  for (const { cells, note } of rows) {
    body.push(h("tr", {}, cells.map((cell, i) => (i === 0 ? h("th", { scope: "row" }, cell) : h("td", {}, cell)))));
    if (note) body.push(h("tr", { class: "guide-week-table__note" }, h("td", { colspan: head.length }, `Note: ${note}`)));
  }
  return h("div", { class: "guide-table-wrap" }, h("table", { class: "guide-week-table" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, head.map((name) => h("th", { scope: "col" }, name)))),
    h("tbody", {}, body)));
}

const what = (s, labels) => `${named(labels.kinds, s.kind)} (${String(named(labels.intents, s.intent)).toLowerCase()})`;

function pain(s, labels) {
  if (!s.pain) return "–";
  const flags = (s.pain_flags || []).map((f) => named(labels.pain_flags, f));
  return `${s.pain}/10${flags.length ? `: ${flags.join(", ")}` : ""}`;
}

function sessionsTable(week, labels) {
  const sessions = week.sessions || [];
  if (!sessions.length) return h("p", {}, "No sessions logged.");
  return table("Sessions (planned as)", ["Day", "Session", "Min", "Effort", "km", "Pain"],
    sessions.map((s) => ({ cells: [day(s.date), what(s, labels), String(s.minutes), `${s.effort}/10`, dash(s.distance_km), pain(s, labels)],
      note: s.note })));
}

function planTable(week, labels) {
  const planned = (week.plan && week.plan.sessions) || [];
  if (!planned.length) return null;
  const done = new Set((week.sessions || []).map((s) => s.plan_id).filter(Boolean));
  return table("The plan", ["Day", "Session", "Min", "km", "Done"],
    planned.map((p) => ({ cells: [day(p.date), what(p, labels), String(p.minutes), dash(p.distance_km),
      p.skipped ? "skipped" : done.has(p.id) ? "yes" : "–"], note: p.note })));
}

function checklistList(week, labels) {
  const answers = week.checklist || {};
  const order = [...labels.items.keys(), ...Object.keys(answers).filter((id) => !labels.items.has(id))];
  const entries = order.filter((id) => Object.hasOwn(answers, id)).map((id) => [id, answers[id]]);
  if (!entries.length) return null;
  return h("div", {}, h("h4", {}, "The review points"),
    h("ul", { class: "guide-week-answers" }, entries.map(([item, e]) => h("li", { "data-item": item },
      h("span", {}, named(labels.items, item)), " ",
      h("strong", {}, e.answer ? named(labels.answers, e.answer) : "not answered"),
      e.note ? h("span", { class: "guide-week-note" }, ` (${e.note})`) : null))));
}

/** The week's record: sessions and plan tables, answers and notes, sleep, feeling and phase. */
export function weekDetails(week, labels, { answers = true } = {}) {
  const facts = [];
  if (week.phase) facts.push(`Phase: ${named(labels.phases, week.phase)}.`);
  if (week.sleep_hours !== undefined) facts.push(`Sleep: ${week.sleep_hours} h a night on average.`);
  if (week.feeling) facts.push(`End of the week: ${named(labels.feelings, week.feeling)}.`);
  return [
    sessionsTable(week, labels),
    planTable(week, labels),
    facts.length ? h("p", { class: "guide-week-facts" }, facts.join(" ")) : null,
    answers ? checklistList(week, labels) : null,
  ];
}
