// Backups: files out (the engine writes their text), files in (a preview first, stored
// only on confirm), and what was kept aside, which the reader can export, restore or discard.

import { readable } from "./dates.mjs";
import { button, fill, h } from "./dom.mjs";
import { backups, readRaw, removeKey } from "./storage.mjs";

// The page's other small documents: a damaged one is copied aside (bounded) and listed here too.
const OTHER_COPIES = { "trainsmart.weeks.draft": "your unfinished week (the log form's draft)",
  "trainsmart.settings": "your settings", "trainsmart.weeks.last": "your last review", "trainsmart.quiz": "your quiz answers" };

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024; // refused before parsing

export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Read a chosen file as JSON; throws Error with a reader-facing message. */
export async function readBackupFile(file) {
  if (!file) throw new Error("No file was chosen.");
  if (file.size > MAX_IMPORT_BYTES) {
    throw new Error(`That file is ${(file.size / 1048576).toFixed(1)} MB; a backup is at most ${MAX_IMPORT_BYTES / 1048576} MB. Nothing was changed.`);
  }
  const text = await file.text();
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new Error("That file is not a readable backup (it is not valid JSON, or it was cut short). Nothing was changed.");
  }
}

/** Show what an import would do, with Confirm and Cancel; resolves true on confirm. `intro`
 * says where the weeks go (the coach's page: into the coach's own checklist). */
export function showPreview(box, preview, signal, { intro = null, action = "Import these weeks" } = {}) {
  const { added, replaced, unchanged, kept = [] } = preview;
  const list = (label, weeks) => weeks.length ? h("li", {}, `${label}: ${weeks.length} (${weeks.map(readable).join(", ")})`) : null;
  return new Promise((resolve) => {
    const confirm = h("button", { type: "button", class: "md-button md-button--primary" }, action);
    const cancel = h("button", { type: "button", class: "md-button" }, "Cancel");
    const done = (answer) => { fill(box); resolve(answer); };
    confirm.addEventListener("click", () => done(true), { signal });
    cancel.addEventListener("click", () => done(false), { signal });
    const nothing = !added.length && !replaced.length;
    fill(box, h("div", { class: "guide-import-preview", role: "region", "aria-label": "Import preview" },
      intro ? h("p", {}, intro) : null,
      h("p", {}, h("strong", {}, nothing ? "This holds nothing new for this device." : "This import will:")),
      h("ul", {}, list("Add weeks", added), list("Replace weeks you already have", replaced),
        list("Leave your own weeks of the same dates as they are", kept), list("Leave unchanged", unchanged)),
      h("div", { class: "guide-actions" }, nothing ? null : confirm, cancel)));
    (nothing ? cancel : confirm).focus();
  });
}

/**
 * List what is kept aside: records inside the saved document that this version could not
 * read, and whole copies kept under backup keys. Each can be exported; a copy can be
 * restored (imported, with a preview); either is discarded only when the reader asks.
 */
export function renderKeptAside(box, { store, signal, today, onRestore, say }) {
  const records = store.state.setAside || [];
  const copies = store.backups();
  const others = Object.entries(OTHER_COPIES).flatMap(([key, what]) => backups(key).map((b) => ({ ...b, what })));
  if (!records.length && !copies.length && !others.length) return fill(box);
  const items = [];
  records.forEach((r, index) => {
    const label = typeof r.week?.week_start === "string" ? `A week of ${r.week.week_start.slice(0, 10)}` : "A saved record";
    items.push(h("li", {}, h("span", {}, `${label}: ${r.message}`),
      button("Export", () => download(`train-smart-kept-aside-${today}.json`, "application/json", `${JSON.stringify(r, null, 2)}\n`), signal),
      button("Discard", async (event) => {
        if (!window.confirm(`Discard ${label.toLowerCase()} for good? Export it first if you may need it.`)) return;
        event.target.disabled = true; // one tap, one record
        try {
          await store.discard(index);
          say("The record was discarded.");
        } catch (err) {
          event.target.disabled = false;
          say(err.message);
        }
      }, signal)));
  });
  for (const copy of copies) {
    items.push(h("li", {}, h("span", {}, `A copy of your saved weeks from ${copy.made.slice(0, 10)} (${Math.ceil(copy.size / 1024)} kB)`),
      button("Export", () => download(`train-smart-copy-${copy.made.slice(0, 10)}.json`, "application/json", store.backupText(copy.key) || ""), signal),
      button("Restore", () => onRestore(copy.key), signal),
      button("Discard", () => {
        if (!window.confirm(`Discard the copy of your saved weeks from ${copy.made.slice(0, 10)} for good? Export it first if you may need it.`)) return;
        store.dropBackup(copy.key);
        say("The copy was discarded.");
        renderKeptAside(box, { store, signal, today, onRestore, say });
      }, signal)));
  }
  for (const copy of others) {
    items.push(h("li", {}, h("span", {}, `A damaged copy of ${copy.what} from ${copy.made.slice(0, 10)} (${Math.ceil(copy.size / 1024)} kB)`),
      button("Export", () => download(`train-smart-kept-aside-${copy.made.slice(0, 10)}.txt`, "text/plain", readRaw(copy.key).raw || ""), signal),
      button("Discard", () => {
        if (!window.confirm(`Discard this copy of ${copy.what} for good?`)) return;
        removeKey(copy.key);
        say("The copy was discarded.");
        renderKeptAside(box, { store, signal, today, onRestore, say });
      }, signal)));
  }
  fill(box, h("h3", {}, "Kept aside"),
    h("p", {}, "These could not be read by this version of the page, so they were kept, untouched. Export them before you discard anything."),
    h("ul", { class: "guide-history-list" }, items));
}
