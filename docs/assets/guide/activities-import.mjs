// Bring your runs in: activity files from a watch or an app, read on this device by the
// engine (the readers load only now), previewed week by week, rated by the reader, and
// stored only on confirm, through the same store operations as a typed session.

import { readable } from "./dates.mjs";
import { fill, h } from "./dom.mjs";
import { EngineError, readActivities } from "./engine.mjs";
import { distanceText } from "./units.mjs";

const MAX_FILE = 50 * 1024 * 1024; // one activity file (the engine refuses larger ones too)
const MAX_ZIP = 2 * 1024 * 1024 * 1024; // an app's export
const FOLD_ABOVE = 40; // activities a preview shows open; above, each week opens on a tap

/** The device's UTC offset from each instant on, 1990 to next year (Pyodide has no time-zone data). */
export function timeTransitions(from = Date.UTC(1990, 0, 1), to = Date.now() + 366 * 86400000) {
  const offset = (ms) => -new Date(ms).getTimezoneOffset();
  const out = [[Math.floor(from / 1000), offset(from)]];
  for (let t = from; t < to; t += 7 * 86400000) {
    const next = Math.min(t + 7 * 86400000, to);
    if (offset(next) === offset(t)) continue;
    let lo = t, hi = next; // the change lies in (lo, hi]: halve down to the minute
    while (hi - lo > 60000) { const mid = lo + Math.floor((hi - lo) / 2); if (offset(mid) === offset(t)) lo = mid; else hi = mid; }
    out.push([Math.floor(hi / 1000), offset(hi)]);
  }
  return { transitions: out };
}

/** `ctx`: {store, units(), settings(), save(patch)} */
export function mountActivityImport(root, ctx, { signal }) {
  const status = root.querySelector("[data-activities-status]");
  const box = root.querySelector("[data-activities-preview]");
  // The page's own choices, as the Log form's sessions and the quick log offer them: [[value, label]].
  const effortOptions = [...root.querySelector("[data-session-template]").content.querySelectorAll("[name=effort] option")]
    .map((o) => [o.value, o.textContent]);
  const intents = [...root.querySelector("#quick-intent").options].map((o) => [o.value, o.textContent]);

  function refusedList(files) {
    const refused = files.filter((f) => f.error).map((f) => h("li", {}, `${f.name}: ${f.error.message}`));
    const skipped = files.flatMap((f) => (f.skipped || []).map((s) => h("li", {}, `${f.name}, ${s.entry}: ${s.message}`)));
    return refused.length || skipped.length ? [h("h4", {}, "Not imported"), h("ul", { "data-refused": true }, refused, skipped)] : null;
  }

  function select(name, options, value, label) {
    const el = h("select", { name, "aria-label": label }, options.map(([v, text]) => h("option", { value: v }, text)));
    el.value = String(value);
    return el;
  }

  async function read(files) {
    const tooBig = files.filter((f) => f.size > (/\.zip$/i.test(f.name) ? MAX_ZIP : MAX_FILE));
    const kept = files.filter((f) => !tooBig.includes(f));
    fill(box);
    fill(status, h("p", {}, `Reading ${kept.length} file${kept.length === 1 ? "" : "s"} on this device… The first import also loads the file readers (about 300 kB, once).`),
      h("progress", { "aria-label": "Reading the files" }));
    let result;
    try {
      result = kept.length ? await readActivities(kept, timeTransitions()) : { files: [] };
    } catch (err) {
      return fill(status, h("p", { role: "alert" }, `The files could not be read (${err.message}). Nothing was changed.`));
    }
    const reports = [...tooBig.map((f) => ({ name: f.name, error: { message: `larger than ${f.name.endsWith(".zip") ? "2 GB" : "50 MB"}, so it was not read` } })), ...result.files];
    const activities = reports.flatMap((f) => (f.activities || []).map((a) => ({ ...a, file: f.name })));
    if (!activities.length) {
      fill(status, h("p", {}, "No activity could be read from these files. Nothing was changed."));
      return fill(box, refusedList(reports));
    }
    const startDay = ctx.settings().startDay || "monday";
    const sessions = activities.map((a) => a.session);
    let preview;
    try {
      preview = await ctx.store.previewAdd(sessions, startDay);
    } catch (err) {
      return fill(status, h("p", { role: "alert" }, err instanceof EngineError ? `${err.message} Nothing was changed.` : err.message));
    }
    fill(status);
    show(activities, sessions, preview, reports, startDay);
  }

  function show(activities, sessions, preview, reports, startDay) {
    const last = ctx.settings().lastImport || {};
    // The ratings live here, not in the page: a big export shows its weeks folded and
    // draws a week's rows only when it is opened, yet "use for every run" and confirm
    // cover every run.
    const rows = [];
    const weeks = new Map();
    preview.sessions.forEach((p, i) => {
      if (!weeks.has(p.week_start)) weeks.set(p.week_start, []);
      weeks.get(p.week_start).push(i);
      if (!p.duplicate) rows[i] = { effort: String(sessions[i].effort ?? ""), intent: sessions[i].intent, selects: null,
        run: !["strength", "cross"].includes(sessions[i].kind), chosen: false };
    });
    const rated = () => rows.filter((r) => r && r.effort !== "");
    const bulkEffort = select("all-effort", effortOptions, last.effort ?? 3, "Effort for every run not rated yet");
    const bulkIntent = select("all-intent", intents, last.intent ?? "easy", "Purpose for every run not rated yet");
    const folded = preview.sessions.length > FOLD_ABOVE;
    const rowItem = (i) => {
      const a = activities[i];
      const s = sessions[i];
      const text = `${readable(s.date)} ${s.start_time || ""} · ${a.sport} · ${s.minutes} min${s.distance_km ? ` · ${distanceText(s.distance_km, ctx.units())}` : ""}`;
      if (!rows[i]) return h("li", { "data-import-row": i, "data-duplicate": true }, `${text}: already logged, not added again.`);
      const r = rows[i];
      const effort = select(`effort-${i}`, [["", "Rate…"], ...effortOptions], r.effort, `Effort for ${text}`);
      const intent = select(`intent-${i}`, intents, r.intent, `Purpose for ${text}`);
      effort.addEventListener("change", () => { r.effort = effort.value; }, { signal });
      intent.addEventListener("change", () => { r.intent = intent.value; r.chosen = true; }, { signal });
      r.selects = { effort, intent };
      return h("li", { "data-import-row": i }, h("span", { class: "guide-week-label" }, text), effort, intent);
    };
    const list = [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([start, indexes]) => {
      const title = `Week of ${readable(start)}${preview.sessions[indexes[0]].new_week ? " (a new week)" : ""}`;
      const items = h("ul", { class: "guide-history-list" });
      if (!folded) {
        fill(items, indexes.map(rowItem));
        return h("section", { class: "guide-import-week", "data-import-week": start }, h("h4", {}, title), items);
      }
      const toAdd = indexes.filter((i) => rows[i]).length;
      const week = h("details", { class: "guide-import-week", "data-import-week": start },
        h("summary", {}, `${title}: ${toAdd} to add${toAdd < indexes.length ? `, ${indexes.length - toAdd} already logged` : ""}`), items);
      week.addEventListener("toggle", () => { if (week.open && !items.firstChild) fill(items, indexes.map(rowItem)); }, { signal });
      return week;
    });
    const confirm = h("button", { type: "button", class: "md-button md-button--primary", "data-action": "import-confirm" },
      `Add ${preview.new} session${preview.new === 1 ? "" : "s"}`);
    const cancel = h("button", { type: "button", class: "md-button", "data-action": "import-cancel" }, "Cancel");
    const apply = h("button", { type: "button", class: "md-button", "data-action": "import-rate-all" }, "Use for every run not rated");
    apply.addEventListener("click", () => {
      const unrated = rows.filter((r) => r && r.effort === "");
      for (const r of unrated) {
        // The purpose goes to runs only, never over one the reader chose (strength and cross-training keep theirs).
        Object.assign(r, { effort: bulkEffort.value, ...(r.run && !r.chosen ? { intent: bulkIntent.value } : {}) });
        if (r.selects) { r.selects.effort.value = r.effort; r.selects.intent.value = r.intent; }
      }
      fill(status, h("p", {}, `Rated ${unrated.length} run${unrated.length === 1 ? "" : "s"}; ${rated().length} of ${preview.new} are rated.`));
    }, { signal });
    cancel.addEventListener("click", () => { fill(box); fill(status, "Import cancelled. Nothing was changed."); }, { signal });
    confirm.addEventListener("click", async () => {
      const unrated = rows.filter((r) => r && r.effort === "");
      if (unrated.length) {
        fill(status, h("p", { role: "alert" }, `Rate the effort of ${unrated.length} run${unrated.length === 1 ? "" : "s"} first (or set one for all): the week's load needs it.`));
        return (unrated.find((r) => r.selects)?.selects.effort || bulkEffort).focus();
      }
      const chosen = rows.flatMap((r, i) => (r ? [{ ...sessions[i], effort: Number(r.effort), intent: r.intent }] : []));
      try {
        const saved = await ctx.store.add(chosen, startDay);
        ctx.save({ lastImport: { effort: Number(bulkEffort.value), intent: bulkIntent.value } });
        fill(box);
        fill(status, h("p", {}, `Added ${saved.new} session${saved.new === 1 ? "" : "s"} in ${Object.keys(saved.weeks).length} week${Object.keys(saved.weeks).length === 1 ? "" : "s"}${saved.duplicates ? `; ${saved.duplicates} already logged were left alone` : ""}.`));
      } catch (err) {
        fill(status, h("p", { role: "alert" }, `${err.message}${err.message.includes("Nothing") ? "" : " Nothing was changed."}`));
      }
    }, { signal });
    fill(box, h("div", { class: "guide-import-preview", role: "region", "aria-label": "Activities found" },
      h("p", {}, h("strong", {}, `Found ${activities.length} activit${activities.length === 1 ? "y" : "ies"}: ${preview.new} to add, ${preview.duplicates} already logged.`)),
      preview.new ? h("div", { class: "guide-actions" }, h("span", {}, "Not rated yet:"), bulkEffort, bulkIntent, apply) : null,
      folded ? h("p", {}, `${weeks.size} weeks: open one to see and rate its runs, or set one effort and purpose for every run not rated.`) : null,
      list, refusedList(reports),
      h("div", { class: "guide-actions" }, preview.new ? confirm : null, cancel)));
    (preview.new ? confirm : cancel).focus();
  }

  const input = root.querySelector("[data-action=import-activities]");
  input.addEventListener("change", () => {
    const files = [...input.files];
    input.value = "";
    if (files.length) read(files);
  }, { signal });
  const zone = root.querySelector("[data-dropzone]");
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.dataset.over = "true"; }, { signal });
  zone.addEventListener("dragleave", () => { delete zone.dataset.over; }, { signal });
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    delete zone.dataset.over;
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) read(files);
  }, { signal });
  const shared = new URLSearchParams(location.search).get("shared-files");
  if (shared !== null) {
    // Arrived from the share sheet (the service worker kept the files): a reload must not read them twice.
    history.replaceState(history.state, "", location.pathname + location.hash);
    if (shared === "failed") fill(status, h("p", { role: "alert" }, "The shared files could not be kept on this device (is its storage full?). Choose them with the button below instead. Nothing was changed."));
    else takeSharedFiles().then((files) => (files.length ? read(files) : fill(status, h("p", {}, "No file arrived from the share. Choose them with the button below."))),
      () => fill(status, h("p", { role: "alert" }, "The shared files could not be read back. Choose them with the button below instead.")));
  }
  return { read };
}

const INBOX = "inbox.trainsmart-shared-files"; // sw.js keeps files shared to the site here

/** The files the share sheet sent (as File objects), taken out of the inbox once read. */
export async function takeSharedFiles() {
  if (!("caches" in globalThis)) return [];
  const inbox = await caches.open(INBOX);
  const files = [];
  const keys = await inbox.keys();
  for (const key of keys) {
    const response = await inbox.match(key);
    const name = decodeURIComponent(response.headers.get("x-file-name") || "shared-file");
    files.push(new File([await response.blob()], name, { type: response.headers.get("content-type") || "" }));
  }
  await Promise.all(keys.map((key) => inbox.delete(key))); // only now that every file is held in memory
  return files;
}
