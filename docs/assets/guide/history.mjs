// The reader's past weeks: a list with edit and delete, and an accessible trend chart
// (small SVG charts with a title and description, plus a data table alternative).

import { readable } from "./dates.mjs";
import { fill, h, svg } from "./dom.mjs";

const SERIES = [
  { key: "weekly_load", title: "Weekly load (AU)", kind: "bar" },
  { key: "monotony", title: "Monotony", kind: "line" },
  { key: "checklist_percent", title: "Checklist score (%)", kind: "line", max: 100 },
];

function chart(rows, series, index) {
  const W = 320, H = 110, pad = { l: 34, r: 8, t: 8, b: 22 };
  const values = rows.map((r) => r[series.key]);
  const known = values.filter((x) => x !== null && x !== undefined);
  if (!known.length) {
    return h("figure", { class: "guide-chart" }, h("p", {}, `No data yet for ${series.title.toLowerCase()}.`),
      h("figcaption", {}, series.title));
  }
  const max = series.max || Math.max(1, ...known);
  const step = (W - pad.l - pad.r) / Math.max(1, rows.length);
  const y = (val) => H - pad.b - (val / max) * (H - pad.t - pad.b);
  const x = (i) => pad.l + step * i + step / 2;
  const id = `chart-${series.key}-${index}`;
  const desc = rows.map((r) => `${readable(r.week_start)}: ${r[series.key] ?? "no data"}`).join("; ");
  const parts = [
    svg("title", { id: `${id}-t` }, series.title),
    svg("desc", { id: `${id}-d` }, desc),
    svg("line", { class: "axis", x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b }),
    svg("text", { x: 2, y: pad.t + 8 }, String(series.max || Math.round(Math.max(0, ...known) * 100) / 100)),
    svg("text", { x: 2, y: H - pad.b }, "0"),
  ];
  if (series.kind === "bar") {
    rows.forEach((r, i) => {
      const val = r[series.key] || 0;
      parts.push(svg("rect", { class: "bar", x: x(i) - step * 0.35, width: step * 0.7, y: y(val), height: H - pad.b - y(val) }));
    });
  } else {
    const pts = rows.map((r, i) => [i, r[series.key]]).filter(([, val]) => val !== null && val !== undefined);
    if (pts.length > 1) parts.push(svg("polyline", { class: "line", points: pts.map(([i, val]) => `${x(i)},${y(val)}`).join(" ") }));
    for (const [i, val] of pts) parts.push(svg("circle", { class: "dot", cx: x(i), cy: y(val), r: 3.5 }));
  }
  if (rows.length) {
    parts.push(svg("text", { x: pad.l, y: H - 6 }, readable(rows[0].week_start)));
    if (rows.length > 1) parts.push(svg("text", { x: W - pad.r, y: H - 6, "text-anchor": "end" }, readable(rows[rows.length - 1].week_start)));
  }
  return h("figure", { class: "guide-chart" },
    svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `${id}-t ${id}-d` }, parts),
    h("figcaption", {}, series.title));
}

/** Draw the trend (engine rows, oldest first) with a table alternative. */
export function renderTrend(box, rows) {
  if (!rows || rows.length < 2) {
    fill(box, h("p", {}, rows && rows.length === 1 ? "Save a second week to see your trend." : ""));
    return;
  }
  const recent = rows.slice(-12);
  const table = h("div", { class: "guide-table-wrap" }, h("table", {},
    h("caption", {}, "Your weeks, oldest first"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Week of"), SERIES.map((s) => h("th", { scope: "col" }, s.title)))),
    h("tbody", {}, rows.map((r) => h("tr", {},
      h("th", { scope: "row" }, readable(r.week_start)),
      SERIES.map((s) => h("td", {}, r[s.key] === null || r[s.key] === undefined ? "–" : String(r[s.key]))))))));
  fill(box,
    h("h3", {}, rows.length > 12 ? "Trend: your last 12 weeks" : "Trend"),
    SERIES.map((s, i) => chart(recent, s, i)),
    h("details", {}, h("summary", {}, "Show the figures as a table"), table));
}

/** The list of saved weeks, newest first, with Edit and Delete buttons. */
export function renderWeekList(box, weeks, trendRows, { onEdit, onDelete }) {
  if (!weeks.length) {
    fill(box, h("p", {}, "No weeks saved yet. Fill in the form above and press “Save and review”."));
    return;
  }
  const byWeek = new Map((trendRows || []).map((r) => [r.week_start, r]));
  const items = [...weeks].reverse().map((w) => {
    const row = byWeek.get(w.week_start);
    const facts = [];
    if (row) facts.push(`load ${row.weekly_load}`);
    if (row && row.checklist_percent !== null) facts.push(`checklist ${row.checklist_percent}%`);
    facts.push(`${(w.sessions || []).length} session${(w.sessions || []).length === 1 ? "" : "s"}`);
    const edit = h("button", { type: "button", class: "md-button", "aria-label": `Edit the week of ${readable(w.week_start)}` }, "Edit");
    const del = h("button", { type: "button", class: "md-button", "aria-label": `Delete the week of ${readable(w.week_start)}` }, "Delete");
    edit.addEventListener("click", () => onEdit(w));
    del.addEventListener("click", () => onDelete(w));
    return h("li", { "data-week": w.week_start },
      h("span", { class: "guide-week-label" }, h("strong", {}, `Week of ${readable(w.week_start)}`), ` · ${facts.join(" · ")}`),
      edit, del);
  });
  fill(box, h("ul", { class: "guide-history-list" }, items));
}
