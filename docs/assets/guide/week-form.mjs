// The week form: form fields to a week object and back, session rows, and errors shown
// beside the field they are about. Values are set on fields, never used in selectors.

import { addDays, readable, weekStartFor } from "./dates.mjs";
import { painRules, showPainAlert } from "./pain-alert.mjs";
import { shownAs } from "./settings.mjs";
import { labelDistances, readDistance, showDistance } from "./units.mjs";

function num(value) {
  if (value === "" || value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value; // keep bad text so the engine can name the field
}

const byName = (root, name) => root.querySelector(`[name="${name}"]`); // names come from the page, never from data

export function mountWeekForm(root, { today, defaults, units }) {
  const form = root.querySelector("[data-week-form]");
  const list = root.querySelector("[data-sessions]");
  const template = root.querySelector("[data-session-template]");
  const formError = root.querySelector("[data-form-error]");

  const rows = () => [...list.children];
  let writing = false;
  const rules = painRules(root);

  function readSession(li) {
    const get = (name) => byName(li, name).value;
    const s = { date: get("date"), kind: get("kind"), intent: get("intent"), minutes: num(get("minutes")), effort: num(get("effort")) };
    const km = readDistance(byName(li, "distance_km"), units());
    if (km !== undefined) s.distance_km = km;
    const pain = num(get("pain"));
    if (pain) s.pain = pain;
    const flags = [...li.querySelectorAll("[name=pain_flags]")].filter((i) => i.checked).map((i) => i.value);
    if (flags.length) s.pain_flags = flags;
    const note = get("note").trim();
    if (note) s.note = note;
    for (const name of ["start_time", "source", "plan_id"]) if (li.dataset[name]) s[name] = li.dataset[name];
    return s;
  }

  function checked(name) {
    return [...form.querySelectorAll(`input[name="${name}"]`)].find((i) => i.checked);
  }

  function read() {
    const week = { schema: 2, week_start: form.week_start.value, start_day: form.start_day.value };
    if (form.phase.value) week.phase = form.phase.value;
    const checklist = {};
    for (const fs of form.querySelectorAll("[data-check]")) {
      const id = fs.dataset.check;
      const answer = checked(`check-${id}`);
      const note = byName(form, `note-${id}`).value.trim();
      if (answer || note) checklist[id] = { ...(answer ? { answer: answer.value } : {}), ...(note ? { note } : {}) };
    }
    week.checklist = checklist;
    week.sessions = rows().map(readSession);
    const sleep = num(form.sleep_hours.value);
    if (sleep !== undefined) week.sleep_hours = sleep;
    const feeling = checked("feeling");
    if (feeling) week.feeling = feeling.value;
    return week;
  }

  function showPainFlags(li) {
    const box = li.querySelector("[data-pain-flags]");
    // Chest pain, dizziness or fainting can come with no other pain: that sign always shows;
    // the signs of a painful spot show once there is pain (or one is already ticked).
    const ticked = [...box.querySelectorAll("input")].some((i) => i.checked);
    box.dataset.pain = Number(byName(li, "pain").value) === 0 && !ticked ? "none" : "some";
    showPainAlert(li, rules); // the rule's alert shows at once, before saving
  }

  function numberSessions() {
    rows().forEach((li, i) => {
      const kind = byName(li, "kind");
      li.querySelector("[data-session-legend]").textContent = `Session ${i + 1}: ${kind.options[kind.selectedIndex]?.text ?? ""}`;
    });
  }

  function setChoice(select, value, fallback) {
    select.value = value;
    if (select.value !== String(value)) select.value = fallback; // an unknown value from a draft falls back
  }

  function addSession(values = {}, { focus = false } = {}) {
    const li = template.content.firstElementChild.cloneNode(true);
    labelDistances(li, units()); // the template says km: a row says the reader's units
    const n = list.children.length;
    const tag = Math.random().toString(36).slice(2, 7);
    for (const label of li.querySelectorAll("label[data-for]")) {
      const field = byName(li, label.dataset.for);
      field.id = `s${n}-${label.dataset.for}-${tag}`;
      label.htmlFor = field.id;
      const err = li.querySelector(`[data-error-for="${label.dataset.for}"]`);
      if (err) {
        err.id = `${field.id}-error`;
        field.setAttribute("aria-describedby", err.id);
      }
    }
    const start = form.week_start.value;
    const inWeek = start && today >= start && today <= addDays(start, 6);
    const last = defaults().lastSession || {};
    const v = { date: inWeek ? today : start, kind: last.kind || "easy", intent: last.intent || "easy",
      minutes: last.minutes || "", effort: last.effort ?? 3, ...values };
    const date = byName(li, "date");
    date.value = v.date || "";
    date.min = start;
    date.max = start ? addDays(start, 6) : "";
    setChoice(byName(li, "kind"), v.kind, "easy");
    setChoice(byName(li, "intent"), v.intent, "easy");
    byName(li, "minutes").value = v.minutes ?? "";
    setChoice(byName(li, "effort"), String(v.effort), "3");
    showDistance(byName(li, "distance_km"), v.distance_km, units());
    setChoice(byName(li, "pain"), String(v.pain || 0), "0");
    for (const box of li.querySelectorAll("[name=pain_flags]")) box.checked = (v.pain_flags || []).includes(box.value);
    byName(li, "note").value = v.note || "";
    for (const name of ["start_time", "source", "plan_id"]) if (typeof v[name] === "string") li.dataset[name] = v[name];
    list.append(li);
    showPainFlags(li);
    numberSessions();
    if (focus) byName(li, focus === true ? "minutes" : focus).focus(); // focus: true (minutes) or a field's name
    return li;
  }

  function write(week) {
    writing = true;
    try {
      fillIn(week);
    } finally {
      writing = false;
    }
  }

  function fillIn(week) {
    form.reset();
    for (const details of form.querySelectorAll("[data-check] details")) details.open = false;
    setChoice(form.start_day, week.start_day || defaults().startDay || "monday", "monday");
    form.week_start.value = week.week_start || "";
    setChoice(form.phase, week.phase || "", "");
    for (const [id, entry] of Object.entries(week.checklist || {})) {
      const radio = [...form.querySelectorAll(`input[name="check-${CSS.escape(id)}"]`)].find((r) => r.value === entry.answer);
      if (radio) radio.checked = true;
      const note = byName(form, `note-${CSS.escape(id)}`);
      if (note) {
        note.value = entry.note || "";
        note.closest("details").open = Boolean(entry.note); // a note shows; an empty one stays folded
      }
    }
    list.replaceChildren();
    for (const s of week.sessions || []) addSession(s);
    form.sleep_hours.value = week.sleep_hours ?? "";
    const feeling = [...form.querySelectorAll("input[name=feeling]")].find((r) => r.value === week.feeling);
    if (feeling) feeling.checked = true;
    clearErrors();
  }

  /** The form's heading: the week it shows, saved already (editing it) or not. */
  function title(saved) {
    const start = form.week_start.value;
    root.querySelector("[data-form-title]").textContent = start ? `${saved ? "Editing" : "Review"} the week of ${readable(start)}` : "Review this week";
  }

  function clearErrors() {
    for (const el of root.querySelectorAll("[data-error-for]")) el.textContent = "";
    for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    formError.textContent = "";
  }

  /** Show an engine error beside the field its path names, and move focus there. */
  function showError(err) {
    const parts = (err.path || "").split(".");
    let field = null;
    let slot = null;
    if (parts[0] === "week" && parts[1] === "sessions" && parts.length >= 4) {
      const li = rows()[Number(parts[2])];
      if (li) {
        field = byName(li, parts[3].replace(/[^a-z_]/g, ""));
        slot = li.querySelector(`[data-error-for="${parts[3].replace(/[^a-z_]/g, "")}"]`);
      }
    } else if (parts[0] === "week" && parts[1] === "checklist" && parts[2]) {
      field = byName(form, `note-${CSS.escape(parts[2])}`);
    } else if (parts[0] === "week" && /^[a-z_]+$/.test(parts[1] || "")) {
      field = byName(form, parts[1]);
      slot = root.querySelector(`[data-error-for="${parts[1]}"]`);
    }
    if (slot) slot.textContent = err.message;
    else formError.textContent = `${err.message}${err.path && err.path !== "week" ? ` (${err.path})` : ""}`; // "week": the whole week
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.focus();
    }
    if (slot) formError.textContent = "Please check the highlighted field.";
  }

  /** The session rows' date limits follow the week. */
  function followWeek() {
    for (const input of list.querySelectorAll("[name=date]")) {
      input.min = form.week_start.value;
      input.max = addDays(form.week_start.value, 6);
    }
  }

  /** The form's own events: a session's kind sets its intent, pain shows its rules, rows are
   * added and removed, the week follows its start day; `edited` after each change. */
  function listen({ signal, edited, startDay, weekChanged, newWeek }) {
    // Not while write() replaces the rows: a focused field it removes fires its change then.
    const on = (type, fn) => form.addEventListener(type, (event) => writing || fn(event), { signal });
    on("input", edited);
    on("change", (event) => {
      const t = event.target;
      const li = t.closest(".guide-session");
      if (li && t.name === "kind") {
        li.querySelector("[name=intent]").value = t.options[t.selectedIndex].dataset.intent;
        numberSessions();
      }
      if (li && (t.name === "pain" || t.name === "pain_flags")) showPainFlags(li);
      if (t.name === "start_day") {
        form.week_start.value = weekStartFor(new Date(`${form.week_start.value || today}T12:00:00`), t.value);
        startDay(t.value);
      }
      if (t.name === "week_start" || t.name === "start_day") {
        followWeek();
        weekChanged();
      }
      edited();
    });
    on("click", (event) => {
      const action = event.target.closest("[data-action]");
      if (!action) return;
      if (action.dataset.action === "add-session") {
        addSession({}, { focus: true });
        edited();
      } else if (action.dataset.action === "remove-session") {
        const li = action.closest(".guide-session");
        const next = li.nextElementSibling || li.previousElementSibling;
        li.remove();
        numberSessions();
        edited();
        (next ? next.querySelector("[name=minutes]") : form.querySelector("[data-action=add-session]")).focus();
      } else if (action.dataset.action === "new-week") {
        write(newWeek());
        edited();
        form.week_start.focus();
      }
    });
  }

  return { form, read, write, title, listen, holds: (week) => Boolean(week) && shownAs(read()) === shownAs(week), addSession, numberSessions, showPainFlags, clearErrors, showError, followWeek, formError,
    lastSession: () => { const s = rows().at(-1); return s ? readSession(s) : null; } };
}
