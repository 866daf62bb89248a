// The shared-weeks page: opens a share (a link's fragment, or a file) on the coach's
// device, read-only. The coach's own engine checks it as it checks a backup import and
// reviews each week against the other shared weeks; the page shows the weeks, verdicts,
// findings, numbers and trend as text (never HTML). Nothing is written to this device's
// storage unless the coach presses "Keep a copy": then it goes through the same preview
// and store operations as a backup import (week-store.mjs), adding only weeks the coach
// has not saved: a week of the same date on this device is never replaced.

import { showPreview } from "./backup.mjs";
import { isoDate, readable } from "./dates.mjs";
import { fill, h, mountEngineStatus } from "./dom.mjs";
import { request, retryEngine, scheduleEngine, watchEngine } from "./engine.mjs";
import { renderTrend } from "./history.mjs";
import { readSettings } from "./settings.mjs";
import { MAX_SHARE_FILE_BYTES, readFragment } from "./share-link.mjs";
import { defaultUnits, distanceText } from "./units.mjs";
import { readLabels, weekDetails } from "./week-details.mjs";
import { renderReview } from "./week-review.mjs";
import { openWeekStore } from "./week-store.mjs";

// Refusals whose engine message already says what happened, in the reader's words.
const PLAIN = new Set(["damaged", "json", "newer_schema", "too_large", "too_deep", "format", "too_many"]);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function mountShared(root, { signal }) {
  const $ = (selector) => root.querySelector(selector);
  const status = $("[data-shared-status]");
  const view = $("[data-shared-view]");
  const labels = readLabels(root);
  const units = readSettings().units || defaultUnits(); // the coach's own units
  let opening = 0; // a newer open (another link pasted, a file) wins over an older one
  let store = null; // opened only when the coach asks to keep a copy

  const stopStatus = mountEngineStatus(root, watchEngine, retryEngine, signal);
  signal.addEventListener("abort", stopStatus, { once: true });

  function say(text, state = "") {
    status.textContent = text;
    root.dataset.shared = state;
  }

  function refuse(message) {
    fill(view);
    say(message, "refused");
  }

  function problem(err, from) {
    if (err.code === "unavailable") return `The review engine is not available, so the ${from} could not be opened. Check your connection and try again.`;
    if (PLAIN.has(err.code)) return `${err.message} Nothing was opened.`;
    if (err.code === "unknown_field") return `This ${from} holds something this version of the site cannot read (${err.message}). If it is new, reload the page to update. Nothing was opened.`;
    return `This ${from} is not a valid share (${err.message}${err.path ? ` at ${err.path}` : ""}). Ask for it again. Nothing was opened.`;
  }

  async function open(text, check, from, mine = ++opening) {
    say(`Opening the shared weeks…`, "opening");
    scheduleEngine();
    let result;
    try {
      result = await request("share_open", { text, ...(check ? { check } : {}), today: isoDate(new Date()), units });
    } catch (err) {
      if (mine === opening) refuse(problem(err, from));
      return;
    }
    if (mine === opening) show(result);
  }

  async function openFragment() {
    const mine = ++opening; // before unpacking: a link pasted meanwhile wins over this one
    let link;
    try {
      link = await readFragment(location.hash);
    } catch (err) {
      if (mine === opening) refuse(err.message);
      return;
    }
    if (mine !== opening) return;
    if (!link) {
      fill(view);
      return say("");
    }
    return open(link.text, link.check, "link", mine);
  }

  function weekSection(week, review) {
    const id = `shared-week-${week.week_start}`;
    const body = h("div");
    renderReview(body, review, { distance: (km) => distanceText(km, units) });
    return h("section", { class: "guide-shared-week", "data-shared-week": week.week_start, "aria-labelledby": id },
      h("h2", { id }, `Week of ${readable(week.week_start)}`),
      body,
      h("h3", {}, "The week as logged"),
      weekDetails(week, labels));
  }

  function show(result) {
    const { weeks, reviews, trend, backup, made } = result;
    const span = weeks.length === 1 ? `the week of ${readable(weeks[0].week_start)}`
      : `${readable(weeks[0].week_start)} to ${readable(weeks[weeks.length - 1].week_start)}`;
    const keepBox = h("div", { "data-shared-keep": "" });
    const keep = h("button", { type: "button", class: "md-button", "data-action": "keep-copy" }, "Keep a copy on this device");
    keep.addEventListener("click", () => keepCopy(backup, keepBox), { signal });
    const trendBox = h("div", { class: "guide-shared-trend" });
    renderTrend(trendBox, trend, { whose: "The shared weeks" });
    fill(view,
      h("p", { class: "guide-shared-intro" }, `${plural(weeks.length, "week")} shared with you: ${span}`
        + `${made ? `, shared on ${readable(made)}` : ""}. `
        + "Your own copy of the engine reviewed them on this device, each against the other shared weeks only "
        + "(so a runner's earlier weeks, which were not shared, do not count), and as they stood when they were shared. "
        + "The findings speak to the runner, as the runner read them. Nothing has been saved on this device."),
      h("div", { class: "guide-actions" }, keep),
      keepBox,
      trend.length > 1 ? trendBox : null,
      [...weeks].reverse().map((week) => weekSection(week, reviews.find((r) => r.week_start === week.week_start))));
    say(`Opened ${plural(weeks.length, "shared week")}, read-only.`, "open");
  }

  async function keepCopy(backup, box) {
    try {
      if (!store) {
        store = openWeekStore({ signal, onChange: () => {} });
        await store.open();
      }
      if (store.state.status !== "ready") return say(store.state.notice || "Your saved weeks cannot be changed here now. Nothing was saved.", "open");
      const pending = await store.previewImport(backup, { onlyNew: true });
      const intro = "A copy goes into the weekly checklist on this device, beside any weeks of your own: its history "
        + "and trend will include them. A week you already have on this device is never replaced.";
      if (!await showPreview(box, pending.preview, signal, { intro, action: "Keep these weeks" })) return say("Nothing was saved.", "open");
      const done = await pending.confirm();
      const n = done.preview.added.length;
      say(`Kept ${plural(n, "week")} on this device: they are in your weekly checklist now.`, "kept");
    } catch (err) {
      say(`Nothing was saved: ${err.message}`, "open");
    }
  }

  async function openFile(event) {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_SHARE_FILE_BYTES) {
      opening += 1;
      return refuse(`That file is ${(file.size / 1e6).toFixed(1)} MB; a share file is at most ${MAX_SHARE_FILE_BYTES / 1e6} MB. Nothing was opened.`);
    }
    open(await file.text(), null, "file");
  }

  $("[data-action=open-share-file]").addEventListener("change", openFile, { signal });
  window.addEventListener("hashchange", openFragment, { signal });
  openFragment();
}
