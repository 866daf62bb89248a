// "This week": where the week stands (its review, what is logged, what is planned next)
// and the quickest way to log a session, or to mark a planned one done or skipped.

import { isoDate, readable } from "./dates.mjs";
import { fill, h } from "./dom.mjs";
import { distanceText, readDistance, showDistance } from "./units.mjs";

const DAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const HOLD = new Set(["urgent", "stop"]); // pain alerts that say: no running

/** The plan ids of the sessions logged: those planned sessions are done. */
const doneIds = (sessions = []) => new Set(sessions.map((s) => s.plan_id).filter(Boolean));

function weekday(iso) {
  const d = new Date(`${iso}T12:00:00`);
  return DAY[(d.getDay() + 6) % 7];
}

/**
 * `ctx`: {today, weekStart(iso) -> start of the week holding iso, week(start) -> stored week or null,
 * review() -> newest review, units(), defaults(), loading(), weeksRead() -> null once the saved weeks are read, else why not,
 * logSession(session, errorBox, {done}), logInFull(session) -> false if it cannot go on in the Log form, setPlan(start, plan)}.
 */
export function mountThisWeek(root, ctx, { signal }) {
  const form = root.querySelector("[data-quick-log]");
  const error = root.querySelector("[data-quick-error]");
  const meaning = form.querySelector("[data-effort-meaning]");
  let touched = false; // typed into since the last save (or reset): "Pain, notes and more" takes it along
  let busy = false; // a session on its way: another tap waits for it, and never sends it twice

  /** Send a session on (`send()` -> truthy once it is in) when the saved weeks are read: until
      then say so, and leave it here if they cannot be. */
  async function handOff(send) {
    if (busy) return;
    busy = true;
    try {
      if (ctx.loading()) error.textContent = "Your session goes in as soon as your saved weeks are read.";
      const problem = await ctx.weeksRead();
      error.textContent = problem || "";
      if (!problem && await send()) reset();
    } finally {
      busy = false;
    }
  }

  function effortLabel(value) {
    const input = form.querySelector(`input[name=quick-effort][value="${Number(value)}"]`);
    return input ? input.closest("label").querySelector(".guide-sr").textContent : "";
  }

  /** The page's own name for a kind of session, as the quick log lists it ("long run", "cross-training"). */
  function kindLabel(kind) {
    const option = [...form.kind.options].find((o) => o.value === kind);
    return option ? option.textContent.toLowerCase() : kind;
  }

  /** A planned session marked done starts at its kind's (else its intent's) usual effort: checklist.json's planned_effort, in the page. */
  function plannedEffort(p) {
    const byKind = [...form.kind.options].find((o) => o.value === p.kind);
    const byIntent = [...form.intent.options].find((o) => o.value === p.intent);
    return Number((byKind && byKind.dataset.plannedEffort) || (byIntent && byIntent.dataset.plannedEffort) || 3);
  }

  function setEffort(value) {
    const input = [...form.querySelectorAll("input[name=quick-effort]")].find((i) => i.value === String(value));
    if (input) input.checked = true;
    meaning.textContent = effortLabel(value);
  }

  function reset() {
    const last = ctx.defaults().lastSession || {};
    form.date.value = ctx.today;
    form.kind.value = last.kind || "easy";
    if (form.kind.value !== (last.kind || "easy")) form.kind.value = "easy";
    form.intent.value = last.intent || form.kind.selectedOptions[0].dataset.intent;
    form.minutes.value = last.minutes || "";
    form.distance.value = "";
    setEffort(last.effort ?? 3);
    error.textContent = "";
    touched = false;
  }

  /** The session as the quick log holds it. Logged on a day with a session of that kind planned
      and not yet done, it is that planned session. */
  function readQuick() {
    const effort = form.querySelector("input[name=quick-effort]:checked");
    const session = { date: form.date.value, kind: form.kind.value, intent: form.intent.value,
      minutes: form.minutes.value === "" ? undefined : Number(form.minutes.value), effort: effort ? Number(effort.value) : 3 };
    const km = readDistance(form.distance, ctx.units());
    if (km !== undefined) session.distance_km = km;
    const week = session.date ? ctx.week(ctx.weekStart(session.date)) : null;
    const done = doneIds(week?.sessions);
    const planned = (week?.plan?.sessions || []).find((p) => p.date === session.date && p.kind === session.kind && !p.skipped && !done.has(p.id));
    if (planned) session.plan_id = planned.id;
    return session;
  }

  function status() {
    const start = ctx.weekStart(ctx.today);
    const week = ctx.week(start);
    const review = ctx.review();
    const box = root.querySelector("[data-week-status]");
    box.querySelector("[data-status-title]").textContent = `Week of ${readable(start)}`;
    const line = box.querySelector("[data-status-verdict]");
    if (review && review.week_start === start) {
      const v = review.verdict || review.needs || {};
      const top = (review.findings || []).find((f) => f.severity !== "good");
      fill(line, h("strong", {}, v.title || ""), top ? ` · ${top.title}` : "");
      line.dataset.verdict = review.verdict ? review.verdict.id : "none";
    } else {
      fill(line, review ? `No review yet this week. Your last one (week of ${readable(review.week_start)}): ${(review.verdict || review.needs || {}).title || ""}.`
        : "Log a session or answer the review points, and the week's review appears here.");
    }
    const sessions = week && Array.isArray(week.sessions) ? week.sessions : [];
    const minutes = sessions.reduce((n, s) => n + s.minutes, 0);
    const km = sessions.filter((s) => s.distance_km).reduce((n, s) => n + s.distance_km, 0);
    box.querySelector("[data-status-logged]").textContent = sessions.length
      ? `Logged: ${sessions.length} session${sessions.length === 1 ? "" : "s"}, ${minutes} min${km ? `, ${distanceText(km, ctx.units())}` : ""}.`
      : "Nothing logged yet this week.";
    const plan = week && week.plan ? [...week.plan.sessions].sort((a, b) => a.date.localeCompare(b.date)) : [];
    const done = doneIds(sessions);
    const next = plan.find((p) => !p.skipped && !done.has(p.id) && p.date >= ctx.today);
    // Beside a pain alert that says not to run, no run is offered: the plan waits.
    const hold = review && review.week_start === start && (review.findings || []).some((f) => HOLD.has(f.severity));
    box.querySelector("[data-status-next]").textContent = hold && plan.length
      ? "Plan on hold: see the pain alert first."
      : next ? `Next: ${weekday(next.date)} ${readable(next.date, { year: false })}, ${next.minutes} min ${kindLabel(next.kind)}${next.distance_km ? `, ${distanceText(next.distance_km, ctx.units())}` : ""}.` : "";
    planned(start, plan, done, hold);
  }

  function planned(start, plan, done, hold) {
    const section = root.querySelector("[data-planned-today]");
    section.hidden = !plan.length;
    fill(root.querySelector("[data-planned-list]"), plan.map((p) => {
      const label = `${weekday(p.date)} ${readable(p.date)}: ${p.minutes} min, ${kindLabel(p.kind)}${p.distance_km ? `, ${distanceText(p.distance_km, ctx.units())}` : ""} (${p.intent})`;
      if (done.has(p.id)) return h("li", { "data-plan-item": p.id, "data-status": "done" }, `${label}. Done. `, h("a", { href: "#log" }, "Adjust it in Log"));
      if (p.skipped) return h("li", { "data-plan-item": p.id, "data-status": "skipped" }, `${label}. Skipped.`);
      // "Done" only for a day that has come, and not while a pain alert holds the running.
      if (hold || p.date > ctx.today) return h("li", { "data-plan-item": p.id, "data-status": hold ? "on-hold" : "to-come" }, `${label}.`);
      const doneButton = h("button", { type: "button", class: "md-button md-button--primary", "aria-label": `Done: ${label}` }, "Done");
      const skipButton = h("button", { type: "button", class: "md-button", "aria-label": `Skip: ${label}` }, "Skip");
      doneButton.addEventListener("click", () => handOff(() => ctx.logSession({ date: p.date, kind: p.kind, intent: p.intent, minutes: p.minutes,
        effort: plannedEffort(p), ...(p.distance_km ? { distance_km: p.distance_km } : {}), plan_id: p.id }, error, { done: true }).then(() => false)), { signal });
      skipButton.addEventListener("click", () => ctx.setPlan(start, { sessions: plan.map((q) => (q.id === p.id ? { ...q, skipped: true } : q)) }), { signal });
      return h("li", { "data-plan-item": p.id }, h("span", {}, label), doneButton, skipButton);
    }));
  }

  // One tap from the week's status to the quick log, its minutes field ready to type in.
  root.querySelector("[data-action=log-now]").addEventListener("click", () => {
    form.scrollIntoView({ block: "start" });
    form.minutes.focus({ preventScroll: true });
  }, { signal });

  // A page left open past midnight still shows yesterday's week and date: say so, and offer a
  // reload (what is typed in the log form is kept as a draft) rather than log to the wrong day.
  function checkDay() {
    const iso = isoDate(new Date());
    const box = root.querySelector("[data-status-new-day]");
    if (iso === ctx.today || box.childNodes.length) return;
    const reload = h("button", { type: "button", class: "md-button" }, "Reload for today");
    reload.addEventListener("click", () => location.reload(), { signal });
    fill(box, `A new day has begun (${readable(iso)}); this page still shows ${readable(ctx.today)}. `, reload);
    if (form.date.value === ctx.today) form.date.value = iso; // a quick log is for today, not yesterday
  }
  const dayTimer = setInterval(checkDay, 60_000);
  signal.addEventListener("abort", () => clearInterval(dayTimer), { once: true });
  document.addEventListener("visibilitychange", () => { if (!document.hidden) checkDay(); }, { signal });

  // "Pain, notes and more": a session typed here goes on in the Log form, where those fields are,
  // instead of being left behind. Nothing typed since the last save: the link only opens the form.
  form.addEventListener("input", () => { touched = true; }, { signal });
  root.querySelector("[data-action=log-more]").addEventListener("click", (event) => {
    const session = readQuick();
    if (!touched || !session.date) return; // the link opens the Log form
    event.preventDefault();
    event.stopPropagation(); // the Log form opens with the session, its pain field focused
    handOff(() => ctx.logInFull(session));
  }, { signal });

  form.addEventListener("change", (event) => {
    if (event.target.name === "quick-effort") setEffort(event.target.value);
    if (event.target.name === "kind") form.intent.value = form.kind.selectedOptions[0].dataset.intent;
  }, { signal });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const session = readQuick();
    if (!session.minutes) {
      error.textContent = "How many minutes did the session take?";
      form.minutes.setAttribute("aria-invalid", "true");
      return form.minutes.focus();
    }
    form.minutes.removeAttribute("aria-invalid");
    await handOff(() => ctx.logSession(session, error));
  }, { signal });

  // What the reader typed before this script ran stays: only untouched fields get the defaults
  // (the page marks effort 3 as checked; the last effort used replaces it unless another was picked).
  const picked = form.querySelector("input[name=quick-effort]:checked");
  const typed = { date: form.date.value, minutes: form.minutes.value, distance: form.distance.value,
    effort: picked && !picked.defaultChecked ? picked.value : undefined };
  reset();
  for (const name of ["date", "minutes", "distance"]) if (typed[name]) form[name].value = typed[name];
  if (typed.effort !== undefined) setEffort(typed.effort);
  touched = Boolean(typed.minutes || typed.distance || typed.effort !== undefined);
  return {
    status,
    /** The reader switches units (`apply()`): a distance typed in the quick log keeps its length. */
    changeUnits(apply) {
      const km = readDistance(form.distance, ctx.units());
      apply();
      if (typeof km === "number") showDistance(form.distance, km, ctx.units());
    },
  };
}
