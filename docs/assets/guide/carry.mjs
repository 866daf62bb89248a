// The weekly tool's carry: a session from This week's quick log, or a planned one marked done,
// goes into its week, through the Log form when that form shows the week (checklist.mjs wires it).

import { readable } from "./dates.mjs";

/** `isClean()`: the form holds its week as saved; `edited()`: the form changed, keep the draft. */
export function carrier({ form, store, weekStart, startDay, stored, isClean, edited, saveWeek, afterSave, editWeek, go }) {
  // A planned session the form holds already (carried from the quick log, not saved yet): another
  // run that day, logged or carried, is not that planned one.
  const inForm = (session) => Boolean(session.plan_id) && form.read().sessions.some((s) => s.plan_id === session.plan_id);
  const asLogged = (session) => (inForm(session) ? { ...session, plan_id: undefined } : session);

  /** A quick-logged or planned-done session goes into its week (once weeksRead() says they are read):
      through the form when it shows that week. `done`: the planned session itself, never added twice. */
  async function logSession(session, errorBox, { done = false } = {}) {
    const start = weekStart(session.date);
    if (form.form.week_start.value === start) {
      if (!(done && inForm(session))) form.addSession(asLogged(session));
      edited(); // unsaved until saved: a refused save must not lose the session from the form
      return saveWeek(form.read(), errorBox);
    }
    const week = stored(start) || { week_start: start, start_day: startDay() };
    try {
      const result = await store.save({ ...week, sessions: [...(week.sessions || []), session] }, store.state.digests[start] ?? null);
      afterSave(result);
      return result;
    } catch (err) {
      errorBox.textContent = err.message;
      return null;
    }
  }

  /** A quick log's session goes on in the Log form, for its pain, notes and more; false (and the
      form says why) while that form holds another week with changes not saved. */
  function logInFull(session) {
    const start = weekStart(session.date);
    if (form.form.week_start.value !== start && !isClean()) {
      go("log");
      form.formError.textContent = `Your session is still in This week's quick log: this form holds changes to the week of ${readable(form.form.week_start.value)} that are not saved. Save them first, then tap "Pain, notes and more" again.`;
      return false;
    }
    if (form.form.week_start.value !== start) editWeek(stored(start) || { week_start: start, start_day: startDay(), checklist: {}, sessions: [] });
    go("log", { focus: false });
    form.formError.textContent = "";
    form.addSession(asLogged(session), { focus: "pain" });
    edited();
    return true;
  }

  return { logSession, logInFull };
}
