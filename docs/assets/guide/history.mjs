// The reader's past weeks: a list with edit and delete, and an accessible trend chart
// (small SVG charts with a title and description, plus a data table alternative).

import { readable } from "./dates.mjs";
import { fill, h, svg } from "./dom.mjs";
import { distanceText } from "./units.mjs";

const SERIES = [
  { key: "weekly_load", title: "Weekly load (AU), with the 4-week average", kind: "bar", line: "load_4wk" },
  { key: "monotony", title: "Monotony (capped at 10)", kind: "line" },
  { key: "checklist_percent", title: "Checklist score (%)", kind: "line", max: 100 },
  { key: "plan_done_pct", title: "Planned sessions done (%)", kind: "line", max: 100 },
];
const LIST_PAGE = 12;

/** A top for the scale that one outlier cannot flatten: at most 3 × the third quartile. */
export function scaleTop(values) {
  const known = values.filter((x) => typeof x === "number" && x > 0).sort((a, b) => a - b);
  if (!known.length) return 1;
  const q3 = known[Math.floor((known.length - 1) * 0.75)];
  return Math.max(1, Math.min(known.at(-1), 3 * q3));
}

function chart(rows, series, index) {
  const W = 320, H = 110, pad = { l: 34, r: 8, t: 8, b: 22 };
  const values = rows.map((r) => r[series.key]);
  if (!values.some((x) => x !== null && x !== undefined)) {
    return h("figure", { class: "guide-chart" }, h("p", {}, `No data yet for ${series.title.toLowerCase()}.`), h("figcaption", {}, series.title));
  }
  const max = series.max || scaleTop([...values, ...(series.line ? rows.map((r) => r[series.line]) : [])]);
  const step = (W - pad.l - pad.r) / Math.max(1, rows.length);
  const y = (val) => H - pad.b - (Math.min(val, max) / max) * (H - pad.t - pad.b);
  const x = (i) => pad.l + step * i + step / 2;
  const id = `chart-${series.key}-${index}`;
  const clipped = values.filter((v) => v > max).length;
  const desc = rows.map((r) => `${readable(r.week_start)}: ${r[series.key] ?? "no data"}${series.line ? ` (4-week average ${r[series.line]})` : ""}`).join("; ");
  const parts = [
    svg("title", { id: `${id}-t` }, series.title),
    svg("desc", { id: `${id}-d` }, desc),
    svg("line", { class: "axis", x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b }),
    svg("text", { x: 2, y: pad.t + 8 }, String(Math.round(max * 100) / 100)),
    svg("text", { x: 2, y: H - pad.b }, "0"),
  ];
  const points = (key) => rows.map((r, i) => [i, r[key]]).filter(([, v]) => v !== null && v !== undefined);
  if (series.kind === "bar") {
    rows.forEach((r, i) => {
      const val = r[series.key] || 0;
      parts.push(svg("rect", { class: val > max ? "bar bar--clipped" : "bar", x: x(i) - step * 0.35, width: step * 0.7, y: y(val), height: H - pad.b - y(val) }));
      if (val > max) parts.push(svg("text", { x: x(i), y: pad.t + 6, "text-anchor": "middle" }, "▲"));
    });
  }
  const lineKey = series.kind === "bar" ? series.line : series.key;
  const pts = points(lineKey);
  if (pts.length > 1) parts.push(svg("polyline", { class: "line", points: pts.map(([i, v]) => `${x(i)},${y(v)}`).join(" ") }));
  if (series.kind !== "bar") for (const [i, v] of pts) parts.push(svg("circle", { class: "dot", cx: x(i), cy: y(v), r: 3.5 }));
  if (rows.length) {
    parts.push(svg("text", { x: pad.l, y: H - 6 }, readable(rows[0].week_start)));
    if (rows.length > 1) parts.push(svg("text", { x: W - pad.r, y: H - 6, "text-anchor": "end" }, readable(rows.at(-1).week_start)));
  }
  return h("figure", { class: "guide-chart" },
    svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `${id}-t ${id}-d` }, parts),
    h("figcaption", {}, series.title, clipped ? ` (▲: ${clipped} week${clipped === 1 ? "" : "s"} above the scale, in the table)` : ""));
}

/** Draw the trend (engine rows, oldest first) with a table alternative; `whose` names the weeks
 * in the table's caption (the coach's page shows someone else's). */
export function renderTrend(box, rows, { whose = "Your weeks" } = {}) {
  if (!rows || rows.length < 2) {
    fill(box, h("p", {}, rows && rows.length === 1 ? "Save a second week to see your trend." : ""));
    return;
  }
  const recent = rows.slice(-12);
  const shown = SERIES.filter((s) => s.key !== "plan_done_pct" || rows.some((r) => r.plan_done_pct !== null && r.plan_done_pct !== undefined));
  const table = h("div", { class: "guide-table-wrap" }, h("table", {},
    h("caption", {}, `${whose}, oldest first`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Week of"), shown.map((s) => h("th", { scope: "col" }, s.title)))),
    h("tbody", {}, rows.map((r) => h("tr", {},
      h("th", { scope: "row" }, readable(r.week_start)),
      shown.map((s) => h("td", {}, [r[s.key], s.line ? r[s.line] : null].filter((v) => v !== null && v !== undefined).join(" / ") || "–")))))));
  fill(box,
    h("h3", {}, rows.length > 12 ? "Trend: your last 12 weeks" : "Trend"),
    shown.map((s, i) => chart(recent, s, i)),
    h("p", { class: "guide-finding__meta" }, "The 4-week average is drawn as a line, with no danger zone: whether a jump over it predicts injury is disputed."),
    h("details", {}, h("summary", {}, "Show the figures as a table"), table));
}

/** The list of saved weeks, newest first, with Edit and Delete buttons; the newest 12 first. */
export function renderWeekList(box, weeks, trendRows, { onEdit, onDelete, units = "km", all = false }) {
  if (!weeks.length) {
    fill(box, h("p", {}, "No weeks saved yet. Log a session, or answer the review points and save."));
    return;
  }
  const byWeek = new Map((trendRows || []).map((r) => [r.week_start, r]));
  const newest = [...weeks].reverse();
  const items = (all ? newest : newest.slice(0, LIST_PAGE)).map((w) => {
    const row = byWeek.get(w.week_start);
    const facts = [];
    if (row) facts.push(`load ${row.weekly_load}`);
    if (row && row.distance_km) facts.push(distanceText(row.distance_km, units));
    if (row && row.checklist_percent !== null && row.checklist_percent !== undefined) facts.push(`checklist ${row.checklist_percent}%`);
    facts.push(`${(w.sessions || []).length} session${(w.sessions || []).length === 1 ? "" : "s"}`);
    if (w.plan) facts.push("planned");
    const edit = h("button", { type: "button", class: "md-button", "aria-label": `Edit the week of ${readable(w.week_start)}` }, "Edit");
    const del = h("button", { type: "button", class: "md-button", "aria-label": `Delete the week of ${readable(w.week_start)}` }, "Delete");
    edit.addEventListener("click", () => onEdit(w));
    del.addEventListener("click", () => onDelete(w));
    return h("li", { "data-week": w.week_start },
      h("span", { class: "guide-week-label" }, h("strong", {}, `Week of ${readable(w.week_start)}`), ` · ${facts.join(" · ")}`),
      edit, del);
  });
  const more = !all && weeks.length > LIST_PAGE ? h("button", { type: "button", class: "md-button", "data-action": "show-all-weeks" },
    `Show all ${weeks.length} weeks`) : null;
  if (more) more.addEventListener("click", () => renderWeekList(box, weeks, trendRows, { onEdit, onDelete, units, all: true }));
  fill(box, h("ul", { class: "guide-history-list" }, items), more);
}

/** Delete a saved week, with an Undo that stays until it works: if another tab saved a week of
 * that date meanwhile, the next tap puts the deleted one back over it; if storage refused it,
 * the next tap tries again. */
export async function deleteWithUndo(store, week, box, signal) {
  try {
    const result = await store.remove(week.week_start, store.state.digests[week.week_start]);
    let over = null;
    const undo = h("button", { type: "button", class: "md-button" }, "Undo");
    undo.addEventListener("click", async () => {
      undo.disabled = true;
      try {
        await store.save(result.deleted, over);
        fill(box, "The week is back.");
      } catch (err) {
        if (err.code === "changed_elsewhere") {
          over = store.state.digests[week.week_start] ?? null;
          undo.textContent = "Put the deleted week back over it";
          fill(box, `Another tab saved a week of ${readable(week.week_start)} meanwhile. `, undo);
        } else {
          fill(box, `${err.message} `, undo);
        }
        undo.disabled = false;
        undo.focus();
      }
    }, { signal });
    fill(box, `Deleted the week of ${readable(week.week_start)}. `, undo);
    undo.focus();
  } catch (err) {
    fill(box, err.code === "changed_elsewhere" ? notDeleted(week) : err.message); // the store's words are a save's
  }
}

/** Why a week was not deleted: another tab changed (or deleted) it since this page showed it. */
export const notDeleted = (week) =>
  `The week of ${readable(week.week_start)} was changed or deleted in another tab since this page showed it, so nothing was deleted here. Check it below.`;

/** What a returning reader saved, shown before the engine has read it: the weeks as stored
    (fields checked) and the review shown last time (`boxes`: week-review.mjs's reviewBoxes). */
export function renderEarly(root, weeks, last, boxes, { onEdit, onDelete, units }) {
  try {
    if (last) boxes.showLast(last, true);
    renderWeekList(root.querySelector("[data-history-list]"), weeks, last && last.trend, { onEdit, onDelete, units });
    if (last) renderTrend(root.querySelector("[data-history-chart]"), last.trend);
  } catch {
    boxes.hideLast(); // a last review of another shape: the engine's answer replaces it
  }
}
