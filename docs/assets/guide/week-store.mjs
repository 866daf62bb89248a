// The saved weeks on this device: the only code that touches their storage keys.
//
// The engine owns the document (guide_engine/store_ops.py): this module reads the text
// from storage, hands it to the engine, and stores the text the engine answers with.
// Every write re-reads what is stored first (another tab may have written), sends the
// engine that text when it changed, writes the answer, reads it back and compares; tabs
// tell each other about a change. A store written by a newer version is never written.

import { request } from "./engine.mjs";
import { backups, inMemory, keepAside, localText, readRaw, removeKey, withLock } from "./storage.mjs";

export const KEY = "trainsmart.weeks";
const CHANNEL = "trainsmart-weeks";
const LOCK = "trainsmart-weeks-write";

export class StoreError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const MESSAGES = {
  newer: "Your weeks were saved by a newer version of this site. This page will not change them: reload it to update. You can still export them.",
  full: "This device's storage is full, so the week was not saved. Your entry is still here, and an export now includes it: export a backup, free some space, and try again.",
  fullKeep: "This device's storage is full, so nothing was changed: your saved weeks are as they were. Export a backup, free some space, and try again.",
  unavailable: "Storage is not available in this browser (private browsing?), so weeks last only while this page is open. Export a backup to keep them.",
  verify: "The saved weeks did not read back as written, so the save is not trusted. Nothing else was changed; try again.",
  busy: "Another tab kept changing your weeks while this one saved. Nothing was lost; try again.",
  aside: "Your saved weeks could not be read, and keeping a copy of them aside failed, so this page will not save anything until you export or discard an older copy below.",
};

/** Open the saved weeks; `onChange(state)` hears every change, from this tab or another. */
export function openWeekStore({ onChange, signal, units = () => "km", today = null }) {
  // The reader's units and today's date go with every review: until its last day a week is in progress.
  const reading = () => ({ units: units(), ...(today ? { today } : {}) });
  // Where the text lives: localStorage, or (where storage is blocked) this page's memory.
  const local = localText(KEY);
  let io = local;
  // Changes the engine made that storage refused (full): {text, over}, the document with them and
  // the stored text it was built on. Later changes build on it while that text is still what is
  // stored, so an export holds every one of them; a refused delete never takes anything out of it.
  let unsaved = null;
  let known = { text: null, rev: null };
  let state = { status: "loading", weeks: [], digests: {}, setAside: [], setAsideDigests: [], trend: [], limit: 520, review: null, notice: "" };
  let writing = false;

  const watchers = new Set(); // other parts of the page that follow the weeks (sharing)
  const update = (patch) => {
    state = { ...state, ...patch };
    onChange(state);
    for (const listener of watchers) listener(state);
    return state;
  };

  function adopt(result, text, notice = "") {
    known = { text, rev: result.rev };
    const full = result.weeks.length >= result.limit
      ? `You have ${result.weeks.length} weeks saved; this page keeps at most ${result.limit}. To save new weeks, export a backup, then delete your oldest weeks.` : "";
    return update({ status: "ready", weeks: result.weeks, digests: result.digests, setAside: result.set_aside,
      setAsideDigests: result.set_aside_digests, trend: result.trend, limit: result.limit, review: result.review,
      notice: [notice, full].filter(Boolean).join(" ") });
  }

  async function open(reason = "") {
    if (io === local && readRaw(KEY).problem) {
      io = inMemory();
      reason = MESSAGES.unavailable;
    }
    const read = { raw: io.read() };
    try {
      const result = await request("weeks_open", { text: read.raw, ...reading() });
      const aside = result.rejected.length
        ? `${result.rejected.length} saved week(s) could not be read. They are kept, as they were, with your weeks (see "Kept aside" below), and nothing was deleted.` : "";
      return adopt(result, read.raw, [reason, aside].filter(Boolean).join(" "));
    } catch (err) {
      if (err.code === "unavailable") throw err; // the engine is down: the status block offers a retry
      if (err.code === "newer_schema") {
        known = { text: read.raw, rev: null };
        return update({ status: "newer", weeks: [], digests: {}, trend: [], review: null, notice: MESSAGES.newer });
      }
      // Not a store this version can read at all: keep the text aside (confirmed) before anything
      // else, and remove it only if it is still that text (another tab may have saved meanwhile).
      const kept = keepAside(KEY, read.raw);
      if (!kept.key) return update({ status: "blocked", notice: MESSAGES.aside });
      await withLock(LOCK, async () => { if (io.read() === read.raw) removeKey(KEY); });
      known = { text: null, rev: null };
      return open(`Your saved weeks could not be read (${err.message}). A copy was kept aside on this device ("Kept aside" below), and nothing was deleted.`);
    }
  }

  const REMOVES = new Set(["weeks_delete", "weeks_discard"]);

  async function commit(type, data) {
    if (state.status === "newer") throw new StoreError("newer", MESSAGES.newer);
    if (state.status === "blocked") throw new StoreError("blocked", MESSAGES.aside);
    writing = true;
    try {
      return await withLock(LOCK, async () => {
        for (let attempt = 0; attempt < 3; attempt += 1) {
          const stored = io.read();
          const base = unsaved && unsaved.over === stored ? unsaved.text : stored;
          const fresh = base !== known.text || !known.rev;
          let result;
          try {
            result = await request(type, { ...data, ...(fresh ? { text: base } : { base: known.rev }) });
          } catch (err) {
            if (err.code === "stale") { known = { text: null, rev: null }; continue; }
            if (err.code === "newer_schema") throw new StoreError("newer", MESSAGES.newer); // re-read below, unlocked
            throw err;
          }
          if (io.read() !== stored) continue; // another tab wrote meanwhile: redo it on their text
          // Built on another text than this page last showed (another tab's): the page re-reads it.
          result.rebased = base !== known.text;
          const written = io.write(result.text);
          if (!written.ok) {
            if (!REMOVES.has(type)) unsaved = { text: result.text, over: stored };
            const message = written.problem === "full" && (REMOVES.has(type) || type === "weeks_import") ? MESSAGES.fullKeep
              : MESSAGES[written.problem] || MESSAGES.unavailable;
            throw Object.assign(new StoreError(written.problem, message), { result });
          }
          unsaved = null;
          known = { text: result.text, rev: result.rev };
          announce(result.rev);
          return result;
        }
        throw new StoreError("busy", MESSAGES.busy);
      });
    } catch (err) {
      if (err instanceof StoreError && err.code === "newer") await open().catch(() => {});
      throw err;
    } finally {
      writing = false;
      // A change another tab announced while this one was writing was not followed then.
      if (io === local && io.read() !== known.text && state.status !== "newer") changedElsewhere();
    }
  }

  // --- other tabs ------------------------------------------------------------------------
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  function announce(rev) {
    if (channel) channel.postMessage({ rev });
  }
  function changedElsewhere() {
    if (writing || io !== local || io.read() === known.text) return;
    open("Your weeks were changed in another tab; this page now shows them.").catch(() => {});
  }
  if (channel) channel.onmessage = changedElsewhere;
  window.addEventListener("storage", (event) => { if (event.key === KEY || event.key === null) changedElsewhere(); }, { signal });
  signal.addEventListener("abort", () => channel && channel.close());

  async function afterSave(result) {
    const open_ = await request("weeks_open", { text: result.text, ...reading() });
    adopt(open_, result.text);
    return result;
  }

  /** A request that reads the saved weeks: by revision when the engine already holds what is
   * stored (the worker keeps the parsed weeks), otherwise, or if it no longer does, with the text. */
  function onStored(kind, data) {
    const stored = io.read();
    if (stored !== known.text || !known.rev) return request(kind, { ...data, text: stored });
    return request(kind, { ...data, base: known.rev }).catch((err) => {
      if (err.code !== "stale") throw err;
      return request(kind, { ...data, text: stored });
    });
  }

  /** What is stored, for display only, before the engine has checked it (a returning reader sees it at once). */
  function peek() {
    try {
      const doc = JSON.parse(io.read());
      return Array.isArray(doc.weeks) ? doc.weeks.filter((w) => w && typeof w.week_start === "string") : [];
    } catch {
      return [];
    }
  }

  return {
    get state() { return state; },
    peek,
    open,
    /** Save (add or replace) a week; `expect` is the digest of the version the form started from. */
    save: (week, expect) => commit("weeks_save", { week, ...reading(), ...(expect === undefined ? {} : { expect }) })
      .then(async (r) => {
        // On top of another tab's change: re-read the whole list; otherwise only this week changed.
        if (r.rebased) adopt(await request("weeks_open", { text: r.text, ...reading() }), r.text);
        update({ weeks: mergeWeek(state.weeks, r.week), digests: { ...state.digests, [r.week.week_start]: r.digest }, trend: r.review.trend, review: r.review });
        return r;
      }),
    /** Set (or with null remove) a week's plan, keeping what was logged; answers the plan's check. */
    setPlan: (weekStart, plan, startDay, expect) => commit("weeks_plan", { week_start: weekStart, plan, units: units(),
      ...(startDay ? { start_day: startDay } : {}), ...(expect === undefined ? {} : { expect }) }).then(afterSave),
    /** Where imported sessions would go and which are already logged (nothing stored). */
    previewAdd: (sessions, startDay) => onStored("weeks_add", { sessions, preview: true, start_day: startDay }),
    /** Add imported, rated sessions through the same store operations as a typed session. */
    add: (sessions, startDay) => commit("weeks_add", { sessions, start_day: startDay }).then(afterSave),
    remove: (weekStart, expect) => commit("weeks_delete", { week_start: weekStart, ...(expect === undefined ? {} : { expect }) }).then(afterSave),
    /** An import's preview; `confirm()` stores it, recomputed on what is stored then. With
     * `onlyNew` (a coach keeping a share) a saved week is never replaced: only new weeks are added. */
    async previewImport(backup, { onlyNew = false } = {}) {
      const data = { backup, ...(onlyNew ? { only_new: true } : {}) };
      const result = await onStored("weeks_import", data);
      return { preview: result.preview, confirm: () => commit("weeks_import", data).then(afterSave) };
    },
    review: (week) => onStored("weeks_review", { week, ...reading() }),
    /** A file of the saved weeks, including a change that storage refused, so nothing typed is lost. */
    exportAs: (kind) => (state.status === "newer" ? Promise.resolve({ text: known.text, type: "application/json", count: null })
      : request("weeks_export", { as: kind, text: unsaved && unsaved.over === io.read() ? unsaved.text : io.read() })),
    /** Drop a record set aside, named by its place and digest (a second tap finds it gone). */
    discard: (index) => commit("weeks_discard", { index, expect: state.setAsideDigests[index] }).then(afterSave),
    /** Put a kept copy back: over an empty store the copy itself is written (it may hold more
     * than an import takes, say 521 weeks from an older version); otherwise it is imported. */
    async restoreCopy(key) {
      const text = key.startsWith(`${KEY}.backup-`) ? readRaw(key).raw : null;
      if (text === null) throw new StoreError("missing", "That copy is no longer on this device.");
      const stored = io.read();
      if (state.weeks.length || state.setAside.length || (stored !== null && stored !== known.text)) return null; // not empty: import it
      await request("weeks_open", { text, ...reading() }); // throws if this version cannot read it
      await withLock(LOCK, async () => {
        if (io.read() !== stored) throw new StoreError("busy", MESSAGES.busy);
        const written = io.write(text);
        if (!written.ok) throw new StoreError(written.problem, MESSAGES.fullKeep);
        announce(null);
      });
      return open();
    },
    /** Hear every change of the weeks, now and later (as onChange does); returns an unsubscribe. */
    watch(listener) {
      watchers.add(listener);
      listener(state);
      return () => watchers.delete(listener);
    },
    /** A share of some saved weeks, as stored now: the share document's text and check (engine). */
    share: (weeks) => onStored("share_build", { weeks, ...(today ? { today } : {}) }),
    backups: () => backups(KEY),
    backupText: (key) => (key.startsWith(`${KEY}.backup-`) ? readRaw(key).raw : null),
    /** Discard a kept copy; a page blocked for want of room to keep copies tries again. */
    dropBackup: (key) => {
      if (!key.startsWith(`${KEY}.backup-`)) return;
      removeKey(key);
      if (state.status === "blocked") open().catch(() => {});
    },
  };
}

function mergeWeek(weeks, week) {
  return [...weeks.filter((w) => w.week_start !== week.week_start), week].sort((a, b) => a.week_start.localeCompare(b.week_start));
}
