// The weekly checklist: wires the week form, the saved weeks (week-store.mjs, the only
// code that touches their keys, with the engine owning the document), the review, the
// history and the backups. Mounted per page from guide.mjs.

import { config } from "./config.mjs";
import { addDays, isoDate, readable, weekStartFor } from "./dates.mjs";
import { fill, h, mountEngineStatus } from "./dom.mjs";
import { EngineError, pageLoaded, retryEngine, scheduleEngine, watchEngine } from "./engine.mjs";
import { download, readBackupFile, renderKeptAside, showPreview } from "./backup.mjs";
import { renderTrend, renderWeekList } from "./history.mjs";
import { askPersistence, renderReminder } from "./keep-safe.mjs";
import { readDraft, readLast, readSettings, saveDraft, saveLast, saveSettings } from "./settings.mjs";
import { mountWeekForm } from "./week-form.mjs";
import { renderReview } from "./week-review.mjs";
import { openWeekStore } from "./week-store.mjs";

export function mountChecklist(root, { signal }) {
  const $ = (selector) => root.querySelector(selector);
  const resultBox = $("[data-week-result]");
  const lastBox = $("[data-last-review]");
  const storageStatus = $("[data-storage-status]");
  const backupStatus = $("[data-backup-status]");
  const today = isoDate(new Date());
  let settings = readSettings();
  const save = (patch) => (settings = saveSettings(settings, patch));
  const form = mountWeekForm(root, { today, defaults: () => settings });
  let expect; // digest of the saved version the form started from (null: a week not saved yet)

  const stopStatus = mountEngineStatus(root, watchEngine, retryEngine, signal);
  signal.addEventListener("abort", stopStatus);
  const say = (text) => { backupStatus.textContent = text; };

  const store = openWeekStore({ signal, onChange: showStore });

  function showStore(state) {
    storageStatus.textContent = state.notice || "";
    renderWeekList($("[data-history-list]"), state.weeks, state.trend, { onEdit: editWeek, onDelete: deleteWeek });
    renderTrend($("[data-history-chart]"), state.trend);
    renderKeptAside($("[data-kept-aside]"), { store, signal, today, onRestore: restore, say });
    if (state.review && resultBox.hidden) showLast(state.review, false); // once reviewed here, the result box shows it
    updateTitle();
    reminder();
  }

  function showLast(review, stale) {
    lastBox.hidden = false;
    renderReview(lastBox.querySelector("[data-last-body]"), review, { stale });
    if (!stale) saveLast(config.build, review);
  }

  function reminder() {
    renderReminder($("[data-backup-reminder]"), { weeks: store.state.weeks.length, settings, save, signal, onExport: () => exportAs("json") });
  }

  function updateTitle() {
    const start = form.form.week_start.value;
    const saved = store.state.weeks.some((w) => w.week_start === start);
    $("[data-form-title]").textContent = start ? `${saved ? "Editing" : "Review"} the week of ${readable(start)}` : "Review this week";
  }

  function keepDraft() {
    saveDraft(form.read(), expect);
    updateTitle();
  }

  function freshWeek() {
    const startDay = settings.startDay || "monday";
    return { week_start: weekStartFor(new Date(), startDay), start_day: startDay, checklist: {}, sessions: [] };
  }

  function saveProblem(err) {
    if (err instanceof EngineError && err.code === "changed_elsewhere") return offerChoice(err.message);
    if (err instanceof EngineError && err.code !== "unavailable") return form.showError(err);
    if (err.result) { // reviewed, but storage refused it: show the review, say so where storage news goes
      storageStatus.textContent = err.message;
      resultBox.hidden = false;
      renderReview(resultBox.querySelector("[data-result-body]"), err.result.review);
      return;
    }
    form.formError.textContent = err.code === "unavailable"
      ? "The engine is not available, so the week could not be checked. Your entry is kept; try again." : err.message;
  }

  /** Another tab saved this week meanwhile: the reader chooses, nothing is lost either way. */
  function offerChoice(text) {
    const load = h("button", { type: "button", class: "md-button" }, "Load the saved version");
    const mine = h("button", { type: "button", class: "md-button" }, "Save mine over it");
    load.addEventListener("click", () => {
      const saved = store.state.weeks.find((w) => w.week_start === form.form.week_start.value);
      if (saved) editWeek(saved);
      form.formError.textContent = "";
    }, { signal });
    mine.addEventListener("click", () => { expect = store.state.digests[form.form.week_start.value] ?? null; submit(); }, { signal });
    fill(form.formError, `${text} `, load, mine);
  }

  async function submit(event) {
    if (event) event.preventDefault();
    form.clearErrors();
    if (store.state.status === "loading") {
      form.formError.textContent = "Waiting for the engine to check your saved weeks…";
      await opened;
    }
    let result;
    try {
      result = await store.save(form.read(), expect);
    } catch (err) {
      return saveProblem(err);
    }
    expect = result.digest;
    keepDraft();
    const last = form.lastSession();
    if (last) save({ lastSession: { kind: last.kind, intent: last.intent, minutes: last.minutes, effort: last.effort } });
    save({ startDay: result.week.start_day || settings.startDay || "monday" });
    resultBox.hidden = false;
    renderReview(resultBox.querySelector("[data-result-body]"), result.review);
    saveLast(config.build, result.review);
    lastBox.hidden = true;
    fill(lastBox.querySelector("[data-last-body]"));
    settings = await askPersistence(settings, save);
    reminder();
    resultBox.focus();
  }

  function editWeek(week) {
    form.write(week);
    expect = store.state.digests[week.week_start] ?? null;
    keepDraft();
    form.form.scrollIntoView({ block: "start" });
    form.form.week_start.focus();
  }

  async function deleteWeek(week) {
    try {
      const result = await store.remove(week.week_start, store.state.digests[week.week_start]);
      const undo = h("button", { type: "button", class: "md-button" }, "Undo");
      undo.addEventListener("click", async () => {
        try {
          await store.save(result.deleted, null);
          say("The week is back.");
        } catch (err) {
          say(err.message);
        }
      }, { signal, once: true });
      fill(backupStatus, `Deleted the week of ${readable(week.week_start)}. `, undo);
      undo.focus();
    } catch (err) {
      say(err.message);
    }
  }

  async function exportAs(kind) {
    try {
      const file = await store.exportAs(kind);
      download(`train-smart-${kind === "csv" ? "sessions" : "backup"}-${today}.${kind}`, file.type, file.text);
      if (kind === "json") save({ lastBackup: new Date().toISOString() });
      say(kind === "json" ? `Backup of ${file.count ?? "your"} week(s) downloaded.` : `${file.count} session(s) exported as CSV.`);
      reminder();
    } catch (err) {
      say(`The export failed (${err.message}). Nothing was changed.`);
    }
  }

  async function importBackup(backup) {
    try {
      const pending = await store.previewImport(backup);
      if (!await showPreview($("[data-import-preview]"), pending.preview, signal)) return say("Import cancelled. Nothing was changed.");
      await pending.confirm();
      const n = pending.preview.added.length + pending.preview.replaced.length;
      say(`Imported ${n} week${n === 1 ? "" : "s"}.`);
    } catch (err) {
      say(err instanceof EngineError
        ? `That backup cannot be imported: ${err.message}${err.path ? ` (at ${err.path})` : ""}. Nothing was changed.` : err.message);
    }
  }

  function restore(text) {
    try {
      importBackup(JSON.parse(text));
    } catch {
      say("That copy is not readable as a backup; export it and keep it. Nothing was changed.");
    }
  }

  // ---------- start: what was saved is on screen before the engine is ready ----------
  const last = readLast();
  try {
    if (last) showLast(last, true);
    renderWeekList($("[data-history-list]"), store.peek(), last && last.trend, { onEdit: editWeek, onDelete: deleteWeek });
    if (last) renderTrend($("[data-history-chart]"), last.trend);
  } catch {
    lastBox.hidden = true; // a last review of another shape: the engine's answer replaces it
  }
  const draft = readDraft();
  form.write(draft ? draft.week : freshWeek());
  expect = draft ? draft.expect : undefined;
  updateTitle();
  scheduleEngine();
  const opened = pageLoaded().then(() => store.open()).catch(() => {}); // engine down: the status block offers a retry

  const on = (el, type, fn) => el.addEventListener(type, fn, { signal });
  on(form.form, "submit", submit);
  on(form.form, "input", keepDraft);
  on(form.form, "change", (event) => {
    const t = event.target;
    const li = t.closest(".guide-session");
    if (li && t.name === "kind") {
      li.querySelector("[name=intent]").value = t.options[t.selectedIndex].dataset.intent;
      form.numberSessions();
    }
    if (li && (t.name === "pain" || t.name === "pain_flags")) form.showPainFlags(li);
    if (t.name === "start_day") {
      form.form.week_start.value = weekStartFor(new Date(`${form.form.week_start.value || today}T12:00:00`), t.value);
      save({ startDay: t.value });
    }
    if (t.name === "week_start" || t.name === "start_day") {
      form.followWeek();
      expect = store.state.digests[form.form.week_start.value] ?? null;
    }
    keepDraft();
  });
  on(form.form, "click", (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    if (action.dataset.action === "add-session") {
      form.addSession({}, { focus: true });
      keepDraft();
    } else if (action.dataset.action === "remove-session") {
      const li = action.closest(".guide-session");
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      form.numberSessions();
      keepDraft();
      (next ? next.querySelector("[name=minutes]") : $("[data-action=add-session]")).focus();
    } else if (action.dataset.action === "new-week") {
      const weeks = store.state.weeks;
      const week = freshWeek();
      if (weeks.length && weeks[weeks.length - 1].week_start >= week.week_start) week.week_start = addDays(weeks[weeks.length - 1].week_start, 7);
      form.write(week);
      expect = null;
      keepDraft();
      resultBox.hidden = true;
      form.form.week_start.focus();
    }
  });
  on($("[data-action=export-json]"), "click", () => exportAs("json"));
  on($("[data-action=export-csv]"), "click", () => exportAs("csv"));
  on($("[data-action=import-file]"), "change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    try {
      const backup = await readBackupFile(file);
      await opened;
      await importBackup(backup);
    } catch (err) {
      say(err.message);
    }
  });
}
