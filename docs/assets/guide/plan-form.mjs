// Plan: a week's sessions before they happen (day, kind, purpose, minutes, distance),
// started from last week's plan, last week as it was run, or a blank week; the engine
// checks the plan and stores it beside what will be logged (weeks_plan).

import { addDays, readable, weekStartFor } from "./dates.mjs";
import { fill, h } from "./dom.mjs";
import { labelDistances, readDistance, showDistance } from "./units.mjs";
import { renderFindings } from "./week-review.mjs";

const DAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** `ctx`: {today, settings(), week(start), units(), savePlan(start, plan, startDay) -> {check} | throws EngineError}. */
export function mountPlanForm(root, ctx, { signal }) {
  const form = root.querySelector("[data-plan-form]");
  const rows = root.querySelector("[data-plan-rows]");
  const template = root.querySelector("[data-plan-template]");
  const error = root.querySelector("[data-plan-error]");
  const result = root.querySelector("[data-plan-result]");
  let nextId = 1;
  let edited = false; // the reader's changes not yet saved: a refresh from the store must not drop them
  let shown = null; // the week the rows are shown for

  const start = () => form.week_start.value;

  function dayOptions(select, value) {
    fill(select, Array.from({ length: 7 }, (_, i) => {
      const iso = addDays(start(), i);
      return h("option", { value: iso }, `${DAY[(new Date(`${iso}T12:00:00`).getDay() + 6) % 7]} ${readable(iso)}`);
    }));
    select.value = value && value >= start() && value <= addDays(start(), 6) ? value : start();
  }

  function addRow(p = {}) {
    const li = template.content.firstElementChild.cloneNode(true);
    labelDistances(li, ctx.units()); // the template says km: a row says the reader's units
    const tag = Math.random().toString(36).slice(2, 7);
    for (const label of li.querySelectorAll("label[data-for]")) {
      const field = li.querySelector(`[name="${label.dataset.for}"]`);
      field.id = `plan-${label.dataset.for}-${tag}`;
      label.htmlFor = field.id;
    }
    li.dataset.id = p.id || `p${nextId++}`;
    if (p.skipped) li.dataset.skipped = "true";
    dayOptions(li.querySelector("[name=date]"), p.date);
    li.querySelector("[name=kind]").value = p.kind || "easy";
    li.querySelector("[name=intent]").value = p.intent || li.querySelector("[name=kind]").selectedOptions[0].dataset.intent;
    li.querySelector("[name=minutes]").value = p.minutes ?? "";
    showDistance(li.querySelector("[name=distance]"), p.distance_km, ctx.units());
    if (p.note) li.dataset.note = p.note;
    rows.append(li);
    number();
    return li;
  }

  function number() {
    [...rows.children].forEach((li, i) => { li.querySelector("[data-plan-legend]").textContent = `Planned session ${i + 1}`; });
  }

  function read() {
    return { sessions: [...rows.children].map((li) => {
      const get = (name) => li.querySelector(`[name="${name}"]`).value;
      const p = { id: li.dataset.id, date: get("date"), kind: get("kind"), intent: get("intent"),
        minutes: get("minutes") === "" ? undefined : Number(get("minutes")) };
      const km = readDistance(li.querySelector("[name=distance]"), ctx.units());
      if (km !== undefined) p.distance_km = km;
      if (li.dataset.note) p.note = li.dataset.note;
      if (li.dataset.skipped) p.skipped = true;
      return p;
    }) };
  }

  function load(weekStartIso, sessions = null) {
    form.week_start.value = weekStartIso;
    shown = weekStartIso;
    root.querySelector("[data-plan-title]").textContent = `Plan the week of ${readable(weekStartIso)}`;
    const stored = ctx.week(weekStartIso);
    rows.replaceChildren();
    nextId = 1;
    const plan = sessions ?? (stored && stored.plan ? stored.plan.sessions : []);
    for (const p of plan) {
      const n = Number(String(p.id || "").replace(/^p/, ""));
      if (Number.isInteger(n) && n >= nextId) nextId = n + 1;
    }
    for (const p of plan) addRow(p);
    result.hidden = true;
    edited = sessions !== null;
  }

  /** Sessions of the week starting `from` moved to the week starting `to`, day for day: new planned
      sessions (p1, p2...), or with `keep` the same ones, each with its id, note and skip mark. */
  function shifted(sessions, from, to, { keep = false } = {}) {
    const days = Math.round((new Date(`${to}T12:00:00`) - new Date(`${from}T12:00:00`)) / 86400000);
    return sessions.map(({ id, date, kind, intent, minutes, distance_km, note, skipped }, i) => ({
      id: keep ? id : `p${i + 1}`, date: addDays(date, days), kind, intent, minutes, ...(distance_km ? { distance_km } : {}),
      ...(keep && note ? { note } : {}), ...(keep && skipped ? { skipped: true } : {}) }));
  }

  function quickStart(kind) {
    const before = addDays(start(), -7);
    const last = ctx.week(before);
    if (kind === "blank") return load(start(), []);
    const source = kind === "copy-plan" ? last && last.plan && last.plan.sessions : last && last.sessions;
    if (!source || !source.length) {
      error.textContent = kind === "copy-plan" ? `There is no plan for the week of ${readable(before)} to copy.`
        : `Nothing was logged in the week of ${readable(before)} to copy.`;
      return;
    }
    error.textContent = "";
    load(start(), shifted(source, before, start()));
  }

  function showError(err) {
    const m = /plan\.sessions\.(\d+)\.(\w+)/.exec(err.path || "");
    const li = m && rows.children[Number(m[1])];
    const slot = li && li.querySelector(`[data-error-for="${m[2] === "distance_km" ? "distance_km" : "minutes"}"]`);
    if (slot && ["minutes", "distance_km"].includes(m[2])) {
      slot.textContent = err.message;
      li.querySelector(`[name="${m[2] === "distance_km" ? "distance" : "minutes"}"]`).focus();
      error.textContent = "Please check the highlighted field.";
    } else {
      error.textContent = `${err.message}${err.path ? ` (${err.path})` : ""}`;
    }
  }

  form.addEventListener("input", (event) => { if (event.target.name !== "week_start") edited = true; }, { signal });
  form.addEventListener("change", (event) => {
    const t = event.target;
    if (t.name === "kind") t.closest("li").querySelector("[name=intent]").value = t.selectedOptions[0].dataset.intent;
    if (t.name === "week_start") {
      // Unsaved rows move with the week; otherwise the chosen week's stored plan is shown.
      const weekStart = weekStartFor(new Date(`${t.value}T12:00:00`), ctx.settings().startDay || "monday");
      // The rows move from the week they were shown in (the field holds the new one already), kept
      // as the same planned sessions: moved back, each is the one it was.
      const kept = read().sessions;
      load(weekStart, edited && kept.length ? shifted(kept, shown, weekStart, { keep: true }) : null);
      return;
    }
    edited = true;
  }, { signal });
  form.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (!action) return;
    const name = action.dataset.action;
    if (name === "plan-add") { addRow({ date: start() }).querySelector("[name=minutes]").focus(); edited = true; }
    else if (name === "plan-remove") { action.closest("li").remove(); number(); edited = true; }
    else if (name === "plan-copy-plan") quickStart("copy-plan");
    else if (name === "plan-copy-done") quickStart("copy-done");
    else if (name === "plan-blank") quickStart("blank");
  }, { signal });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    for (const slot of rows.querySelectorAll("[data-error-for]")) slot.textContent = "";
    const plan = read();
    try {
      const saved = await ctx.savePlan(start(), plan.sessions.length ? plan : null, ctx.settings().startDay);
      edited = false;
      result.hidden = false;
      renderFindings(root.querySelector("[data-plan-findings]"), saved.check ? saved.check.findings : [],
        "Your plan is saved. Add sessions to have the engine check it.");
      result.focus();
    } catch (err) {
      showError(err);
    }
  }, { signal });

  const first = weekStartFor(new Date(`${ctx.today}T12:00:00`), ctx.settings().startDay || "monday");
  load(addDays(first, 7));
  return {
    load,
    /** Show the stored plan again (after the store opened or changed, or units changed) unless the reader is editing it. */
    refresh: () => { if (!edited) load(start()); },
    /** Around a change of units: the reader's unsaved distances are read in the old units, shown in the new. */
    changeUnits: (apply) => { const kept = edited ? read().sessions : null; apply(); load(start(), kept); },
  };
}
