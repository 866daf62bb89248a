// The weekly tool: wires its sections (tabs.mjs) and their modules: "This week" (this-week.mjs,
// carry.mjs), Log (week-form.mjs), Plan (plan-form.mjs), History (history.mjs), Backup (backup-panel.mjs,
// activities-import.mjs), over the saved weeks (week-store.mjs: the only code that touches
// their keys, the engine owning the document). Mounted per page from guide.mjs.

import { config } from "./config.mjs";
import { addDays, isoDate, weekStartFor } from "./dates.mjs";
import { button, fill, mountEngineStatus } from "./dom.mjs";
import { EngineError, pageLoaded, retryEngine, scheduleEngine, watchEngine } from "./engine.mjs";
import { mountActivityImport } from "./activities-import.mjs";
import { mountBackupPanel } from "./backup-panel.mjs";
import { carrier } from "./carry.mjs";
import { deleteWithUndo, notDeleted, renderEarly, renderTrend, renderWeekList } from "./history.mjs";
import { askPersistence } from "./keep-safe.mjs";
import { mountPlanForm } from "./plan-form.mjs";
import { cleanWeek, openDraft, readLast, readSettings, saveDraft, saveLast, saveSettings, shownAs, watchDraft } from "./settings.mjs";
import { mountShare } from "./share.mjs";
import { mountTabs } from "./tabs.mjs";
import { mountThisWeek } from "./this-week.mjs";
import { defaultUnits, distanceText, labelDistances } from "./units.mjs";
import { mountWeekForm } from "./week-form.mjs";
import { reviewBoxes } from "./week-review.mjs";
import { openWeekStore } from "./week-store.mjs";

export function mountChecklist(root, { signal }) {
  const $ = (selector) => root.querySelector(selector);
  const today = isoDate(new Date());
  let settings = readSettings();
  const save = (patch) => (settings = saveSettings(settings, patch));
  const fallback = defaultUnits(); // read once: a closing page may report another language
  const units = () => settings.units || fallback;
  // The reader's start day; else that of the newest saved week (a backup restored on a new phone).
  const startDay = () => settings.startDay || store.state.weeks.at(-1)?.start_day || early.at(-1)?.start_day || "monday";
  const weekStart = (iso) => weekStartFor(new Date(`${iso}T12:00:00`), startDay());
  const form = mountWeekForm(root, { today, defaults: () => settings, units });
  const boxes = reviewBoxes(root, (km) => distanceText(km, units()), (review) => saveLast(config.build, review));
  const { result: resultBox, showLast, showResult } = boxes;
  let expect; // digest of the saved version the form started from (null: a week not saved yet)
  // The form holds its week as saved, nothing typed since (or, with no draft, the week the page
  // opened on): it follows the saved week when that changes (the weeks read at start, an import
  // in this tab, another tab's save), so nothing typed later is saved over a version it never showed.
  let clean = false;
  let base = null; // {start, shown}: the week opened (Edit) from the history shown before the weeks were read
  // A form holding exactly its saved version, still the one stored, is clean again (typed, then
  // undone): it follows the saved week, and its draft is not written back over another tab's save.
  const judge = (start = form.form.week_start.value) => {
    if (store.state.status === "ready" && (store.state.digests[start] ?? null) === (expect ?? null) && form.holds(stored(start))) clean = true;
  };

  const stopStatus = mountEngineStatus(root, watchEngine, retryEngine, signal);
  signal.addEventListener("abort", stopStatus);
  const store = openWeekStore({ signal, units, today, onChange: showStore });
  mountShare($("[data-share-panel]"), { store, signal });
  // Until the engine has read the saved weeks, what is stored shows as it is (fields checked).
  const early = store.peek().map(cleanWeek).filter(Boolean);
  const last = readLast(); // the review shown last time, until the engine's answer replaces it
  const stored = (start) => (store.state.status === "loading" ? early : store.state.weeks).find((w) => w.week_start === start) || null;
  // The saved weeks, read once the page has loaded (true once read). If the engine is down the
  // status block offers a retry, and once the engine is back they are read then.
  let opened;
  const openWeeks = () => (opened = pageLoaded().then(() => store.open()).then(() => true, () => false));
  openWeeks();
  signal.addEventListener("abort", watchEngine((s) => { if (s.state === "ready" && store.state.status === "loading") opened.then((ok) => ok || openWeeks()); }));
  const backup = mountBackupPanel(root, { store, today, settings: () => settings, save, opened: () => opened, onUnits: setUnits }, { signal });
  const { logSession, logInFull } = carrier({ form, store, weekStart, startDay, stored, isClean: () => clean, edited, saveWeek, afterSave,
    editWeek, go: (id, options) => tabs.go(id, options) });
  const thisWeek = mountThisWeek(root, { today, weekStart, week: stored, review: () => store.state.review || (store.state.status === "loading" ? last : null), units,
    defaults: () => settings, loading: () => store.state.status === "loading", weeksRead, logSession, logInFull, setPlan: (start, plan) => savePlan(start, plan) }, { signal });
  const plan = mountPlanForm(root, { today, settings: () => settings, week: stored, units, savePlan }, { signal });
  mountActivityImport(root, { store, units, settings: () => settings, save }, { signal });
  const tabs = mountTabs(root, { signal, onShow: (id) => { if (id === "plan") plan.refresh(); } });

  function showStore(state) {
    // Once read, the saved version that Edit showed is the form's base, typed over or not (else a
    // save met a false "another tab"), if the form still holds that week and it is still stored so.
    if (base && state.status === "ready") {
      const { start, shown } = base;
      base = null;
      if (expect === null && form.form.week_start.value === start && stored(start) && shownAs(stored(start)) === shown) {
        expect = state.digests[start];
        keepDraft();
      }
    }
    if (!clean) judge();
    if (clean && state.status === "ready") {
      const start = form.form.week_start.value;
      const digest = state.digests[start] ?? null;
      if (digest !== expect) {
        if (stored(start)) form.write(stored(start));
        expect = digest;
      }
    }
    $("[data-storage-status]").textContent = state.notice || "";
    root.dataset.weeks = state.status; // read ("ready"), or why not: a test waits for it, not for the early view
    renderWeekList($("[data-history-list]"), state.weeks, state.trend, { onEdit: editWeek, onDelete: deleteWeek, units: units() });
    renderTrend($("[data-history-chart]"), state.trend);
    backup.keptAside();
    if (state.review && resultBox.hidden) showLast(state.review, false); // once reviewed here, the result box shows it
    thisWeek.status();
    plan.refresh();
    updateTitle();
    backup.reminder();
  }

  function edited() {
    clean = false;
    keepDraft();
  }

  function updateTitle() { form.title(Boolean(stored(form.form.week_start.value))); }

  function keepDraft(again = false) {
    if (!clean) judge();
    saveDraft(form.read(), expect, clean, { again });
    updateTitle();
  }

  function setUnits(value) {
    const week = form.read(); // in km, read with the old units
    thisWeek.changeUnits(() => plan.changeUnits(() => {
      save({ units: value });
      labelDistances(root, value);
    }));
    form.write(week);
    showStore(store.state);
  }

  /** Save a week from the Log form or a quick log; shows the review or says what went wrong. */
  async function saveWeek(week, errorBox) {
    // A week read from the form before any saved version was known (no draft, typed before the
    // saved weeks were read) saves as a new week: the engine refuses it over a saved one, and
    // the reader chooses (offerChoice).
    const unknown = expect === undefined;
    if (store.state.status === "loading") await opened;
    if (unknown) expect = null;
    try {
      const result = await store.save(week, expect);
      afterSave(result);
      return result;
    } catch (err) {
      if (err instanceof EngineError && err.code === "changed_elsewhere") return offerChoice(err.message, errorBox);
      if (err instanceof EngineError && err.code !== "unavailable" && errorBox === form.formError) return form.showError(err);
      if (err.result) { // reviewed, but storage refused it: show the review, say so where storage news goes
        if (err.result.week && err.result.week.week_start === form.form.week_start.value) expect = err.result.digest; // as kept for export
        $("[data-storage-status]").textContent = err.message;
        showResult(err.result.review);
        return null;
      }
      errorBox.textContent = err.code === "unavailable"
        ? "The engine is not available, so the week could not be checked. Your entry is kept; try again." : err.message;
      return null;
    }
  }

  function afterSave(result) {
    expect = result.digest;
    if (result.week.week_start === form.form.week_start.value) {
      clean = true;
      keepDraft();
    }
    const last = result.week.sessions && result.week.sessions.at(-1);
    if (last) save({ lastSession: { kind: last.kind, intent: last.intent, minutes: last.minutes, effort: last.effort } });
    save({ startDay: result.week.start_day || startDay() });
    showResult(result.review);
    askPersistence(settings, save).then((next) => { settings = next; backup.reminder(); });
  }

  /** Another tab saved this week meanwhile: the reader chooses, nothing is lost either way. */
  function offerChoice(text, box) {
    fill(box, `${text} `, button("Load the saved version", () => { const saved = stored(form.form.week_start.value); if (saved) editWeek(saved); fill(box); }, signal),
      button("Save mine over it", () => { expect = store.state.digests[form.form.week_start.value] ?? null; submit(); }, signal));
    return null;
  }

  /** The saved weeks are read (null), or why a session cannot go into them yet. */
  async function weeksRead() {
    if (store.state.status === "loading") await opened; // the form then shows the week as saved
    if (store.state.status === "ready") return null;
    return store.state.status === "newer" ? store.state.notice
      : "Your saved weeks have not been read yet (see the engine's status above), so your session stays here. Try again once the engine is ready.";
  }

  async function savePlan(start, planned) {
    if (store.state.status === "loading") await opened; // holding no lock meanwhile, and then with the saved version known
    const before = store.state.digests[start] ?? null;
    const result = await store.setPlan(start, planned, startDay(), before);
    // Only the plan changed, in this tab: the log form's sessions of that week are still current.
    if (form.form.week_start.value === start && expect === before) expect = store.state.digests[start] ?? null;
    return result;
  }

  async function submit(event) {
    if (event) event.preventDefault();
    form.clearErrors();
    const result = await saveWeek(form.read(), form.formError);
    if (result) resultBox.focus();
  }

  function editWeek(week) {
    form.write(week);
    expect = store.state.digests[week.week_start] ?? null;
    base = store.state.status === "loading" ? { start: week.week_start, shown: shownAs(week) } : null;
    clean = true;
    keepDraft();
    tabs.go("log");
  }

  /** Delete a week from the history; one listed before the weeks were read waits for them (holding
      no lock meanwhile, so other tabs save) and goes only as it was shown. */
  async function deleteWeek(week) {
    const box = $("[data-history-status]");
    if (store.state.status === "loading" && await opened && shownAs(stored(week.week_start) || {}) !== shownAs(week)) {
      return fill(box, notDeleted(week));
    }
    return deleteWithUndo(store, week, box, signal);
  }

  // ---------- start: what was saved is on screen before the engine is ready ----------
  labelDistances(root, units());
  backup.showUnits(units());
  renderEarly(root, early, last, boxes, { onEdit: editWeek, onDelete: deleteWeek, units: units() });
  const draft = openDraft();
  form.write(draft ? draft.week : { week_start: weekStart(today), start_day: startDay(), checklist: {}, sessions: [] });
  expect = draft ? draft.expect : undefined;
  clean = !draft || draft.saved;
  updateTitle();
  thisWeek.status();
  scheduleEngine();

  form.listen({
    signal,
    edited,
    startDay: (value) => save({ startDay: value }),
    weekChanged: () => { base = null; expect = store.state.digests[form.form.week_start.value] ?? null; },
    newWeek: () => {
      base = null;
      const weeks = store.state.weeks;
      const week = { week_start: weekStart(today), start_day: startDay(), checklist: {}, sessions: [] };
      if (weeks.length && weeks.at(-1).week_start >= week.week_start) week.week_start = addDays(weeks.at(-1).week_start, 7);
      expect = null;
      resultBox.hidden = true;
      return week;
    },
  });
  form.form.addEventListener("submit", submit, { signal });
  watchDraft(() => { if (!clean) keepDraft(true); }, signal);
}
