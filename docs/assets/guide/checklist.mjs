// The weekly checklist and training log. Weeks are kept on the device as one
// versioned document; every record passes through the engine's validator on the
// way in (load, save, import), and nothing that failed to parse is overwritten:
// it is kept aside under a backup key and the reader is told.

import { config, siteUrl } from "./config.mjs";
import { addDays, isoDate, readable, weekStartFor } from "./dates.mjs";
import { fill, h, mountEngineStatus } from "./dom.mjs";
import { EngineError, pageLoaded, request, retryEngine, scheduleEngine, watchEngine } from "./engine.mjs";
import { exportCsv, exportJson, readBackupFile, showPreview } from "./backup.mjs";
import { renderTrend, renderWeekList } from "./history.mjs";
import { keepAside, readJSON, readRaw, removeKey, writeJSON } from "./storage.mjs";

const KEYS = {
  store: "trainsmart.weeks",
  draft: "trainsmart.weeks.draft",
  last: "trainsmart.weeks.last",
  settings: "trainsmart.settings",
};
const EMPTY_STORE = { format: "trainsmart-weeks", schema: 1, weeks: [] };
const BACKUP_REMINDER_DAYS = 28;

function num(value) {
  if (value === "" || value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value; // keep bad text so the engine can name the field
}

export function mountChecklist(root, { signal }) {
  const form = root.querySelector("[data-week-form]");
  const list = root.querySelector("[data-sessions]");
  const template = root.querySelector("[data-session-template]");
  const resultBox = root.querySelector("[data-week-result]");
  const lastBox = root.querySelector("[data-last-review]");
  const storageStatus = root.querySelector("[data-storage-status]");
  const backupStatus = root.querySelector("[data-backup-status]");
  const formError = root.querySelector("[data-form-error]");
  const today = isoDate(new Date());

  let store = structuredClone(EMPTY_STORE);
  let storeReady = false;
  let trendRows = [];
  let settings = readJSON(KEYS.settings).value || {};
  let deleted = null;
  const notices = [];

  const stopStatus = mountEngineStatus(root, watchEngine, retryEngine, signal);
  signal.addEventListener("abort", stopStatus);

  function notice(text) {
    notices.push(text);
    storageStatus.textContent = notices.join(" ");
  }

  function saveSettings(patch) {
    settings = { ...settings, ...patch };
    writeJSON(KEYS.settings, settings);
  }

  // ---------- the form <-> a week object ----------
  function sessionRows() {
    return [...list.children];
  }

  function readSession(li) {
    const get = (name) => li.querySelector(`[name=${name}]`).value;
    const s = { date: get("date"), kind: get("kind"), intent: get("intent"), minutes: num(get("minutes")), effort: num(get("effort")) };
    const km = num(get("distance_km"));
    if (km !== undefined) s.distance_km = km;
    const pain = num(get("pain"));
    if (pain) s.pain = pain;
    const flags = [...li.querySelectorAll("[name=pain_flags]:checked")].map((i) => i.value);
    if (flags.length) s.pain_flags = flags;
    const note = get("note").trim();
    if (note) s.note = note;
    return s;
  }

  function readWeek() {
    const week = { schema: 1, week_start: form.week_start.value, start_day: form.start_day.value };
    const checklist = {};
    for (const fs of form.querySelectorAll("[data-check]")) {
      const id = fs.dataset.check;
      const answer = fs.querySelector("input[type=radio]:checked");
      const note = form[`note-${id}`].value.trim();
      if (answer || note) checklist[id] = { ...(answer ? { answer: answer.value } : {}), ...(note ? { note } : {}) };
    }
    week.checklist = checklist;
    week.sessions = sessionRows().map(readSession);
    const sleep = num(form.sleep_hours.value);
    if (sleep !== undefined) week.sleep_hours = sleep;
    const feeling = form.querySelector("[name=feeling]:checked");
    if (feeling) week.feeling = feeling.value;
    return week;
  }

  function showPainFlags(li) {
    const box = li.querySelector("[data-pain-flags]");
    const pain = Number(li.querySelector("[name=pain]").value);
    box.hidden = pain === 0 && !box.querySelector(":checked");
  }

  function numberSessions() {
    sessionRows().forEach((li, i) => {
      const kind = li.querySelector("[name=kind]");
      li.querySelector("[data-session-legend]").textContent = `Session ${i + 1}: ${kind.options[kind.selectedIndex].text}`;
    });
  }

  function addSession(values = {}, { focus = false } = {}) {
    const li = template.content.firstElementChild.cloneNode(true);
    const n = list.children.length;
    for (const label of li.querySelectorAll("label[data-for]")) {
      const field = li.querySelector(`[name=${label.dataset.for}]`);
      field.id = `s${n}-${label.dataset.for}-${Math.random().toString(36).slice(2, 7)}`;
      label.htmlFor = field.id;
      const err = li.querySelector(`[data-error-for=${label.dataset.for}]`);
      if (err) {
        err.id = `${field.id}-error`;
        field.setAttribute("aria-describedby", err.id);
      }
    }
    const start = form.week_start.value;
    const inWeek = start && today >= start && today <= addDays(start, 6);
    const last = settings.lastSession || {};
    const v = { date: inWeek ? today : start, kind: last.kind || "easy", intent: last.intent || "easy",
      minutes: last.minutes || "", effort: last.effort ?? 3, ...values };
    li.querySelector("[name=date]").value = v.date || "";
    li.querySelector("[name=date]").min = start;
    li.querySelector("[name=date]").max = start ? addDays(start, 6) : "";
    li.querySelector("[name=kind]").value = v.kind;
    li.querySelector("[name=intent]").value = v.intent;
    li.querySelector("[name=minutes]").value = v.minutes ?? "";
    li.querySelector("[name=effort]").value = String(v.effort);
    li.querySelector("[name=distance_km]").value = v.distance_km ?? "";
    li.querySelector("[name=pain]").value = String(v.pain || 0);
    for (const box of li.querySelectorAll("[name=pain_flags]")) box.checked = (v.pain_flags || []).includes(box.value);
    li.querySelector("[name=note]").value = v.note || "";
    list.append(li);
    showPainFlags(li);
    numberSessions();
    if (focus) li.querySelector("[name=minutes]").focus();
    return li;
  }

  function writeWeek(week) {
    form.reset();
    form.start_day.value = week.start_day || settings.startDay || "monday";
    form.week_start.value = week.week_start || "";
    for (const [id, entry] of Object.entries(week.checklist || {})) {
      const radio = form.querySelector(`[name="check-${id}"][value="${entry.answer}"]`);
      if (radio) radio.checked = true;
      if (form[`note-${id}`]) form[`note-${id}`].value = entry.note || "";
    }
    list.replaceChildren();
    for (const s of week.sessions || []) addSession(s);
    form.sleep_hours.value = week.sleep_hours ?? "";
    const feeling = form.querySelector(`[name=feeling][value="${week.feeling}"]`);
    if (feeling) feeling.checked = true;
    clearErrors();
  }

  function freshWeek() {
    const startDay = settings.startDay || "monday";
    return { week_start: weekStartFor(new Date(), startDay), start_day: startDay, checklist: {}, sessions: [] };
  }

  function updateTitle() {
    const start = form.week_start.value;
    const saved = store.weeks.some((w) => w.week_start === start);
    root.querySelector("[data-form-title]").textContent = start
      ? `${saved ? "Editing" : "Review"} the week of ${readable(start)}` : "Review this week";
  }

  function saveDraft() {
    writeJSON(KEYS.draft, { v: 1, week: readWeek() });
    updateTitle();
  }

  // ---------- errors next to the field ----------
  function clearErrors() {
    for (const el of root.querySelectorAll("[data-error-for]")) el.textContent = "";
    for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    formError.textContent = "";
  }

  function showError(err) {
    const parts = (err.path || "").split(".");
    let field = null;
    let slot = null;
    if (parts[0] === "week" && parts[1] === "sessions" && parts.length >= 4) {
      const li = sessionRows()[Number(parts[2])];
      if (li) {
        field = li.querySelector(`[name=${parts[3]}]`);
        slot = li.querySelector(`[data-error-for=${parts[3]}]`);
      }
    } else if (parts[0] === "week" && parts[1] === "checklist" && parts[2]) {
      field = form.querySelector(`[name="note-${parts[2]}"]`);
    } else if (parts[0] === "week" && parts[1]) {
      field = form.querySelector(`[name=${parts[1]}]`);
      slot = root.querySelector(`[data-error-for=${parts[1]}]`);
    }
    if (slot) slot.textContent = err.message;
    else formError.textContent = `${err.message}${err.path ? ` (${err.path})` : ""}`;
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.focus();
    }
    if (slot) formError.textContent = "Please check the highlighted field.";
  }

  // ---------- storage ----------
  function persistStore(next) {
    const result = writeJSON(KEYS.store, next);
    if (!result.ok) {
      notice(result.problem === "full"
        ? "This device's storage is full, so the week was not saved. Your entry is still here; export a backup, free some space and try again."
        : "Storage is not available here (private browsing?), so weeks cannot be kept after you close the page. Export a backup to keep them.");
      return false;
    }
    store = next;
    askPersistence();
    return true;
  }

  async function askPersistence() {
    if (settings.persistAsked || !navigator.storage || !navigator.storage.persist) return;
    saveSettings({ persistAsked: true });
    try {
      const granted = await navigator.storage.persist();
      saveSettings({ persisted: granted });
      backupReminder();
    } catch {
      /* not offered in this browser */
    }
  }

  function backupReminder() {
    const box = root.querySelector("[data-backup-reminder]"); // its own line: never hides an Undo
    const last = settings.lastBackup ? new Date(settings.lastBackup) : null;
    const dismissed = settings.reminderDismissed ? new Date(settings.reminderDismissed) : null;
    const daysSince = (d) => (Date.now() - d.getTime()) / 86400000;
    const due = store.weeks.length >= 2 && (!last || daysSince(last) > BACKUP_REMINDER_DAYS)
      && (!dismissed || daysSince(dismissed) > 7);
    const kept = settings.persisted === true ? "This browser has agreed to keep your weeks." :
      settings.persisted === false ? "This browser may clear your weeks if space runs low or the site goes unused for a while." : "";
    if (!due) {
      box.textContent = kept;
      return;
    }
    const dismiss = h("button", { type: "button", class: "md-button" }, "Remind me later");
    dismiss.addEventListener("click", () => { saveSettings({ reminderDismissed: new Date().toISOString() }); backupReminder(); }, { signal });
    fill(box, `${kept} ${last ? `Your last backup was ${readable(isoDate(last))}.` : "You have not exported a backup yet."} Export one now so a cleared browser cannot cost you your weeks. `, dismiss);
  }

  // ---------- rendering ----------
  function renderReview(box, review, { stale = false } = {}) {
    const m = review.metrics;
    const fact = (label, value) => h("div", { class: "guide-metric" }, h("dt", {}, label), h("dd", {}, value));
    const pct = (x) => (x === null || x === undefined ? "–" : `${x > 0 ? "+" : ""}${x}%`);
    fill(box,
      stale ? h("p", { class: "guide-stale" }, "From your last visit; refreshing when the engine is ready…") : null,
      review.verdict ? h("div", { class: "guide-verdict", "data-verdict": review.verdict.id },
        h("p", { class: "guide-verdict__title" }, review.verdict.title,
          review.verdict.score === null ? null : h("span", { class: "guide-verdict__score" }, ` ${review.verdict.score}/100`)),
        h("p", {}, `Week of ${readable(review.week_start)}. ${review.verdict.summary}`))
        : h("div", { class: "guide-verdict", "data-verdict": "none" },
          h("p", { class: "guide-verdict__title" }, review.needs.title),
          h("p", {}, `Week of ${readable(review.week_start)}. ${review.needs.summary}`)),
      h("h3", {}, "Findings"),
      review.findings.length ? review.findings.map((f) => h("div", { class: "guide-finding", "data-severity": f.severity, "data-finding": f.id },
        h("p", { class: "guide-finding__title" }, f.title),
        h("p", {}, f.text),
        h("p", { class: "guide-finding__meta" }, `Evidence: ${f.evidence_label}. `, h("a", { href: siteUrl(f.link) }, "Why this matters")))) :
        h("p", {}, "Log some sessions or answer the review points to get findings."),
      h("h3", {}, "The numbers"),
      h("dl", { class: "guide-metrics" },
        fact("Weekly load", `${m.weekly_load} AU`),
        fact("Monotony", m.monotony === null ? "–" : `${m.monotony}${m.monotony_uniform ? " (every day the same)" : m.monotony >= 10 ? " (capped at 10)" : ""}`),
        fact("Strain", m.strain ?? "–"),
        fact("Sessions planned easy", m.easy_share === null ? "–" : `${Math.round(m.easy_share * 100)}%`),
        fact("Running time", `${m.run_minutes} min`),
        fact("Distance", m.distance_km === null ? "–" : `${m.distance_km} km`),
        fact("Change from last week", m.has_previous_week ? pct(m.change_pct) : "no previous week"),
        fact("Rest days", String(m.rest_days)),
        fact("Checklist", m.checklist.percent === null ? "not answered" : `${m.checklist.percent}%`)),
      h("p", { class: "guide-disclaimer" }, review.disclaimer));
  }

  function renderHistory() {
    renderWeekList(root.querySelector("[data-history-list]"), store.weeks, trendRows, { onEdit: editWeek, onDelete: deleteWeek });
    renderTrend(root.querySelector("[data-history-chart]"), trendRows);
  }

  function showLast(review, stale) {
    lastBox.hidden = false;
    renderReview(lastBox.querySelector("[data-last-body]"), review, { stale });
  }

  async function refreshTrend() {
    if (!store.weeks.length) {
      trendRows = [];
      return renderHistory();
    }
    const newest = store.weeks[store.weeks.length - 1];
    try {
      const review = await request("review", { week: newest, history: store.weeks });
      trendRows = review.trend;
      writeJSON(KEYS.last, { build: config.build, review });
      showLast(review, false);
    } catch (err) {
      if (!(err instanceof EngineError) || err.code === "unavailable") return;
      notice(`Your newest saved week could not be reviewed (${err.message}).`);
    }
    renderHistory();
  }

  // ---------- actions ----------
  async function submit(event) {
    event.preventDefault();
    clearErrors();
    if (!storeReady) {
      formError.textContent = "Waiting for the engine to check your saved weeks…";
      await loaded;
    }
    const week = readWeek();
    const history = store.weeks.filter((w) => w.week_start !== week.week_start);
    let review;
    try {
      review = await request("review", { week, history });
    } catch (err) {
      if (err instanceof EngineError && err.code !== "unavailable") return showError(err);
      formError.textContent = "The engine is not available, so the week could not be checked. Your entry is kept; try again.";
      return;
    }
    const weeks = [...history, review.week].sort((a, b) => a.week_start.localeCompare(b.week_start));
    if (!persistStore({ ...store, weeks })) {
      store = { ...store, weeks }; // kept for this visit, and for export
    }
    const last = week.sessions[week.sessions.length - 1];
    if (last) saveSettings({ lastSession: { kind: last.kind, intent: last.intent, minutes: last.minutes, effort: last.effort } });
    saveSettings({ startDay: week.start_day });
    trendRows = review.trend;
    writeJSON(KEYS.last, { build: config.build, review });
    resultBox.hidden = false;
    renderReview(resultBox.querySelector("[data-result-body]"), review);
    lastBox.hidden = true;
    renderHistory();
    updateTitle();
    backupReminder();
    resultBox.focus();
  }

  function editWeek(week) {
    writeWeek(week);
    saveDraft();
    form.scrollIntoView({ block: "start" });
    form.week_start.focus();
  }

  function deleteWeek(week) {
    const weeks = store.weeks.filter((w) => w.week_start !== week.week_start);
    if (!persistStore({ ...store, weeks })) return;
    deleted = week;
    const undo = h("button", { type: "button", class: "md-button" }, "Undo");
    undo.addEventListener("click", () => {
      if (!deleted) return;
      const back = [...store.weeks, deleted].sort((a, b) => a.week_start.localeCompare(b.week_start));
      deleted = null;
      persistStore({ ...store, weeks: back });
      fill(backupStatus, "The week is back.");
      refreshTrend();
    }, { signal });
    fill(backupStatus, `Deleted the week of ${readable(week.week_start)}. `, undo);
    undo.focus();
    trendRows = trendRows.filter((r) => r.week_start !== week.week_start);
    renderHistory();
    refreshTrend();
  }

  async function importFile(input) {
    const file = input.files[0];
    input.value = "";
    try {
      const backup = await readBackupFile(file);
      if (!storeReady) await loaded;
      const result = await request("import", { backup, current: store });
      const go = await showPreview(root.querySelector("[data-import-preview]"), result.preview, signal);
      if (!go) return void (backupStatus.textContent = "Import cancelled. Nothing was changed.");
      if (persistStore(result.store)) {
        const n = result.preview.added.length + result.preview.replaced.length;
        backupStatus.textContent = `Imported ${n} week${n === 1 ? "" : "s"}.`;
        refreshTrend();
      }
    } catch (err) {
      const message = err instanceof EngineError
        ? `That backup cannot be imported: ${err.message}${err.path ? ` (at ${err.path})` : ""}. Nothing was changed.`
        : err.message;
      backupStatus.textContent = message;
    }
  }

  // ---------- start ----------
  const raw = readRaw(KEYS.store);
  let parsed = null;
  if (raw.problem === "unavailable") {
    notice("Storage is not available in this browser (private browsing?): weeks will last only while this page is open. Export a backup to keep them.");
  } else if (raw.raw !== null) {
    try {
      parsed = JSON.parse(raw.raw);
    } catch {
      keepAside(KEYS.store, raw.raw);
      removeKey(KEYS.store);
      notice("Your saved weeks could not be read. The original was kept aside on this device (nothing was deleted), and the checklist starts empty.");
    }
  }
  // Show what Python computed last time at once, before the engine is ready.
  const last = readJSON(KEYS.last).value;
  if (last && last.review && last.review.metrics) {
    try {
      showLast(last.review, true);
      trendRows = last.review.trend || [];
    } catch {
      lastBox.hidden = true;
    }
  }
  if (parsed && Array.isArray(parsed.weeks)) {
    store = { ...EMPTY_STORE, weeks: parsed.weeks.filter((w) => w && typeof w.week_start === "string") };
    renderHistory();
  }

  const draft = readJSON(KEYS.draft).value;
  writeWeek(draft && draft.week ? draft.week : freshWeek());
  updateTitle();

  scheduleEngine();
  const loaded = (async () => {
    await pageLoaded(); // what was saved is already on screen; check it once the page has loaded
    try {
      const result = await request("load", { store: parsed });
      if (result.rejected.length) {
        keepAside(KEYS.store, raw.raw);
        notice(`${result.rejected.length} saved week(s) could not be read and were set aside (the original data is kept on this device).`);
      }
      store = result.store;
      if (result.rejected.length) persistStore(store);
    } catch (err) {
      if (err instanceof EngineError && err.code !== "unavailable") {
        keepAside(KEYS.store, raw.raw);
        notice(`Your saved weeks could not be read (${err.message}). The original was kept aside on this device and nothing was deleted.`);
        store = structuredClone(EMPTY_STORE);
      } else {
        return; // engine down: the status block offers a retry
      }
    }
    storeReady = true;
    formError.textContent = "";
    await refreshTrend();
    backupReminder();
  })();

  form.addEventListener("submit", submit, { signal });
  form.addEventListener("input", saveDraft, { signal });
  form.addEventListener("change", (event) => {
    const t = event.target;
    const li = t.closest(".guide-session");
    if (li && t.name === "kind") {
      li.querySelector("[name=intent]").value = t.options[t.selectedIndex].dataset.intent;
      numberSessions();
    }
    if (li && (t.name === "pain" || t.name === "pain_flags")) showPainFlags(li);
    if (t.name === "start_day") {
      form.week_start.value = weekStartFor(new Date(`${form.week_start.value || today}T12:00:00`), t.value);
      saveSettings({ startDay: t.value });
    }
    if (t.name === "week_start" || t.name === "start_day") {
      for (const input of list.querySelectorAll("[name=date]")) {
        input.min = form.week_start.value;
        input.max = addDays(form.week_start.value, 6);
      }
    }
    saveDraft();
  }, { signal });
  form.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    if (action.dataset.action === "add-session") {
      addSession({}, { focus: true });
      saveDraft();
    } else if (action.dataset.action === "remove-session") {
      const li = action.closest(".guide-session");
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      numberSessions();
      saveDraft();
      (next ? next.querySelector("[name=minutes]") : root.querySelector("[data-action=add-session]")).focus();
    } else if (action.dataset.action === "new-week") {
      const latest = store.weeks.length ? store.weeks[store.weeks.length - 1].week_start : null;
      const week = freshWeek();
      if (latest && latest >= week.week_start) week.week_start = addDays(latest, 7);
      writeWeek(week);
      saveDraft();
      resultBox.hidden = true;
      form.week_start.focus();
    }
  }, { signal });
  root.querySelector("[data-action=export-json]").addEventListener("click", () => {
    exportJson(store, today);
    saveSettings({ lastBackup: new Date().toISOString() });
    backupStatus.textContent = `Backup of ${store.weeks.length} week(s) downloaded.`;
  }, { signal });
  root.querySelector("[data-action=export-csv]").addEventListener("click", () => exportCsv(store, today), { signal });
  root.querySelector("[data-action=import-file]").addEventListener("change", (e) => importFile(e.target), { signal });
}
