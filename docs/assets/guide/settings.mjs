// The page's own small documents: settings, the week being typed (draft) and the last
// review shown. Each is checked on read, field by field; a damaged one is kept aside
// (storage.mjs) and replaced, never fatal. Values are only ever set on form fields, never
// used to build a CSS selector.

import { WEEKDAYS } from "./dates.mjs";
import { keepAside, readJSON, readRaw, removeKey, writeJSON } from "./storage.mjs";

export const KEYS = { settings: "trainsmart.settings", draft: "trainsmart.weeks.draft", last: "trainsmart.weeks.last" };

const isText = (x, most = 500) => typeof x === "string" && x.length <= most;
const isWhole = (x, low, high) => Number.isInteger(x) && x >= low && x <= high;
const isDate = (x) => typeof x === "string" && /^\d{4}-\d{2}-\d{2}$/.test(x);
const isStamp = (x) => typeof x === "string" && x.length <= 40 && !Number.isNaN(Date.parse(x));
const isPlain = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

const SETTINGS = {
  startDay: (x) => WEEKDAYS.includes(x),
  units: (x) => x === "km" || x === "mi",
  lastSession: (x) => isPlain(x) && isText(x.kind, 20) && isText(x.intent, 20)
    && (x.minutes === undefined || isWhole(x.minutes, 1, 1440)) && (x.effort === undefined || isWhole(x.effort, 0, 10)),
  lastImport: (x) => isPlain(x) && isWhole(x.effort, 0, 10) && isText(x.intent, 20),
  persistAsked: (x) => typeof x === "boolean",
  persisted: (x) => typeof x === "boolean",
  lastBackup: isStamp,
  reminderDismissed: isStamp,
};

/** Keep only what each check accepts; set the stored text aside when anything was dropped. */
function cleaned(key, checks) {
  const read = readJSON(key);
  const value = read.value;
  if (value === null || value === undefined) return {};
  const out = {};
  let dropped = !isPlain(value);
  for (const [name, ok] of Object.entries(isPlain(value) ? value : {})) {
    if (Object.hasOwn(checks, name) && checks[name](value[name])) out[name] = value[name];
    else dropped = true;
  }
  if (dropped) {
    const kept = keepAside(key, readRaw(key).raw);
    if (kept.key) writeJSON(key, out); // the original is safe aside: store the cleaned one
  }
  return out;
}

export function readSettings() {
  return cleaned(KEYS.settings, SETTINGS);
}

export function saveSettings(settings, patch) {
  const next = { ...settings, ...patch };
  writeJSON(KEYS.settings, next);
  return next;
}

// --- the draft: a week being typed, kept while the page is closed -------------------------

// The tab that wrote the draft: a tab writes back its unsaved changes (watchDraft) only while the
// draft is its own, not once another tab that opened it has written it (taken it over).
const TAB = Math.random().toString(36).slice(2, 10);
let mine = false;
let last = null; // what this tab wrote last
let from = null; // the tab whose unsaved draft this one opened: this tab's first write takes it over

const SESSION_TEXT = ["date", "kind", "intent", "note", "start_time", "source", "plan_id"];
const SESSION_NUMBERS = ["minutes", "effort", "distance_km", "pain"];

function draftSession(s) {
  if (!isPlain(s)) return null;
  const out = {};
  for (const name of SESSION_TEXT) if (isText(s[name])) out[name] = s[name];
  for (const name of SESSION_NUMBERS) if (typeof s[name] === "number" && Number.isFinite(s[name])) out[name] = s[name];
  if (Array.isArray(s.pain_flags)) out.pain_flags = s.pain_flags.filter((f) => isText(f, 20));
  return out;
}

/** A week as the page may show it before the engine has read it (fields checked, or null). */
export function cleanWeek(w) {
  if (!isPlain(w) || !isDate(w.week_start)) return null;
  const week = { week_start: w.week_start };
  if (WEEKDAYS.includes(w.start_day)) week.start_day = w.start_day;
  for (const name of ["phase", "feeling"]) if (isText(w[name], 20)) week[name] = w[name];
  if (typeof w.sleep_hours === "number" && Number.isFinite(w.sleep_hours)) week.sleep_hours = w.sleep_hours;
  if (isPlain(w.checklist)) {
    week.checklist = {};
    for (const [id, entry] of Object.entries(w.checklist)) {
      if (!isText(id, 40) || !isPlain(entry)) continue;
      week.checklist[id] = { ...(isText(entry.answer, 10) ? { answer: entry.answer } : {}), ...(isText(entry.note) ? { note: entry.note } : {}) };
    }
  }
  if (Array.isArray(w.sessions)) week.sessions = w.sessions.slice(0, 40).map(draftSession).filter(Boolean);
  if (isPlain(w.plan) && Array.isArray(w.plan.sessions)) {
    week.plan = { sessions: w.plan.sessions.slice(0, 40).filter(isPlain).map((p) => ({ ...draftSession(p),
      ...(isText(p.id, 12) ? { id: p.id } : {}), ...(p.skipped === true ? { skipped: true } : {}) })) };
  }
  return week;
}

const SHOWN = [...SESSION_TEXT, ...SESSION_NUMBERS, "pain_flags"]; // a session's fields, as the draft keeps them
const given = (x) => x !== undefined && x !== null && x !== "" && x !== 0 && !(Array.isArray(x) && !x.length);

/** What the Log form shows of a week, as text: the same for a stored week and the form's own. */
export function shownAs(w) {
  const checklist = Object.entries(w.checklist || {}).filter(([, e]) => e.answer || e.note)
    .map(([id, e]) => [id, e.answer || "", e.note || ""]).sort((a, b) => a[0].localeCompare(b[0]));
  const sessions = (w.sessions || []).map((s) => SHOWN.map((k) => (given(s[k]) ? s[k] : null)));
  return JSON.stringify([w.week_start, w.start_day || "monday", w.phase || "", w.sleep_hours ?? null, w.feeling || "", checklist, sessions]);
}

/** The draft {week, expect} or null; a draft that is not one is kept aside and dropped. */
export function readDraft() {
  const read = readJSON(KEYS.draft);
  if (read.value === null) return null;
  const week = isPlain(read.value) ? cleanWeek(read.value.week) : null;
  if (!week) {
    const kept = keepAside(KEYS.draft, readRaw(KEYS.draft).raw);
    if (kept.key) removeKey(KEYS.draft);
    return null;
  }
  const expect = read.value.expect;
  return { week, expect: typeof expect === "string" || expect === null ? expect : undefined, saved: read.value.saved === true,
    tab: isText(read.value.tab, 20) ? read.value.tab : null };
}

/** The draft a page opens on, as readDraft(); one with changes not saved from another tab is
    taken over by this tab's first write (a tab only opened to look takes nothing). */
export function openDraft() {
  const draft = readDraft();
  from = draft && !draft.saved && draft.tab !== TAB ? draft.tab : null;
  return draft;
}

/** `saved`: the form holds the week as saved, nothing typed since (a reload then follows the saved week);
    `again`: write it back even if it is what this tab wrote last (watchDraft). */
export function saveDraft(week, expect, saved = false, { again = false } = {}) {
  const text = JSON.stringify([week, expect, saved]);
  // Nothing new since this tab's last write (a field left without a change, or a page closing
  // with a field in focus): another tab's draft written since stays, unless this is written again.
  if (text === last && !again) return { ok: true, problem: null };
  const took = from;
  from = null;
  mine = true;
  last = text;
  return writeJSON(KEYS.draft, { v: 1, tab: TAB, ...(took ? { took } : {}), week, ...(expect === undefined ? {} : { expect }), ...(saved ? { saved } : {}) });
}

/** Another tab wrote this tab's draft over with its saved week (or removed it): `keep()` then lets
    this tab write back the changes it holds that are not saved, so a save in one tab never takes
    another tab's typing out of storage. A draft with changes of its own is that tab's (last one
    wins), and a draft another tab took over (openDraft) is no longer this one's to write back. */
export function watchDraft(keep, signal) {
  window.addEventListener("storage", (event) => {
    if (event.key !== KEYS.draft) return;
    let value = null;
    try { value = JSON.parse(event.newValue); } catch { /* not a draft: this tab's is better */ }
    if (isPlain(value) && value.took === TAB) mine = false;
    else if (mine && (!isPlain(value) || value.saved === true)) keep();
  }, { signal });
}

/** The review shown last time (possibly from an older build: shown as such, then refreshed). */
export function readLast() {
  const value = readJSON(KEYS.last).value;
  return isPlain(value) && isPlain(value.review) && isPlain(value.review.metrics) && isDate(value.review.week_start)
    ? value.review : null;
}

export function saveLast(build, review) {
  writeJSON(KEYS.last, { build, review });
}
