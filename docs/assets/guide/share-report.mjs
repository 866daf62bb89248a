// The printable weekly report: one week, its findings and numbers, its sessions and the
// trend, laid out for one page of A4 or Letter. It shows on screen first; printing it
// (or saving it as a PDF from the print dialogue) prints the report and nothing else:
// while it is open the page carries REPORT_OPEN, and the print styles in guide.css hide
// everything that is not the report or holds it (navigation, buttons, the form).

import { isoDate, readable } from "./dates.mjs";
import { fill, h } from "./dom.mjs";
import { renderTrend } from "./history.mjs";
import { weekDetails } from "./week-details.mjs";
import { renderReview } from "./week-review.mjs";

export const REPORT_OPEN = "guide-report-open";
const TREND_WEEKS = 8; // enough to see a direction, small enough for one page

function closeReport(box) {
  document.documentElement.classList.remove(REPORT_OPEN);
  fill(box);
}

/**
 * Show the report of `week` (its `review` from the engine, with the trend) in `box`, with
 * buttons to print it and to close it; `print` true opens the print dialogue at once.
 */
export function showReport(box, { week, review, labels, signal, print = true }) {
  const findings = h("div");
  renderReview(findings, review);
  const trend = h("div", { class: "guide-report__trend" });
  // The weeks up to this one: a report of an older week does not chart the weeks after it.
  renderTrend(trend, (review.trend || []).filter((r) => r.week_start <= week.week_start).slice(-TREND_WEEKS));
  const report = h("article", { class: "guide-report", "data-report": week.week_start, "aria-labelledby": "guide-report-title" },
    h("h2", { id: "guide-report-title" }, `Weekly report: the week of ${readable(week.week_start)}`),
    h("p", { class: "guide-report__meta" }, `Printed from Train Smart on ${readable(isoDate(new Date()))}. `
      + "Every figure was computed on the runner's own device and compares this week with their own earlier weeks."),
    findings,
    h("h3", {}, "The week"),
    h("div", { class: "guide-report__week" }, weekDetails(week, labels, { answers: false })),
    trend);
  const printButton = h("button", { type: "button", class: "md-button md-button--primary" }, "Print or save as PDF");
  const close = h("button", { type: "button", class: "md-button" }, "Close the report");
  printButton.addEventListener("click", () => window.print(), { signal });
  close.addEventListener("click", () => closeReport(box), { signal });
  fill(box, h("div", { class: "guide-actions" }, printButton, close), report);
  document.documentElement.classList.add(REPORT_OPEN);
  signal.addEventListener("abort", () => document.documentElement.classList.remove(REPORT_OPEN), { once: true });
  report.scrollIntoView({ block: "start" });
  if (print) window.print();
  return report;
}
