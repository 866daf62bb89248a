// Backup: export the weeks (the engine writes the file), import a backup with a preview,
// the copies kept aside, the backup reminder, and the reader's choice of units.

import { EngineError } from "./engine.mjs";
import { fill } from "./dom.mjs";
import { download, readBackupFile, renderKeptAside, showPreview } from "./backup.mjs";
import { renderReminder } from "./keep-safe.mjs";

/** `ctx`: {store, today, settings(), save(patch), opened() -> a Promise, the saved weeks read, onUnits(units)}. */
export function mountBackupPanel(root, ctx, { signal }) {
  const status = root.querySelector("[data-backup-status]");
  const say = (text) => fill(status, text);

  async function exportAs(kind) {
    try {
      const file = await ctx.store.exportAs(kind);
      download(`train-smart-${kind === "csv" ? "sessions" : "backup"}-${ctx.today}.${kind}`, file.type, file.text);
      if (kind === "json") ctx.save({ lastBackup: new Date().toISOString() });
      say(kind === "json" ? `Backup of ${file.count ?? "your"} week(s) downloaded.` : `${file.count} session(s) exported as CSV (distances in km).`);
      reminder();
    } catch (err) {
      say(`The export failed (${err.message}). Nothing was changed.`);
    }
  }

  async function importBackup(backup) {
    try {
      const pending = await ctx.store.previewImport(backup);
      if (!await showPreview(root.querySelector("[data-import-preview]"), pending.preview, signal)) return say("Import cancelled. Nothing was changed.");
      await pending.confirm();
      const n = pending.preview.added.length + pending.preview.replaced.length;
      say(`Imported ${n} week${n === 1 ? "" : "s"}.`);
    } catch (err) {
      say(err instanceof EngineError
        ? `That backup cannot be imported: ${err.message}${err.path ? ` (at ${err.path})` : ""}. Nothing was changed.` : err.message);
    }
  }

  async function restore(key) {
    try {
      // Over an empty store the copy goes back as it was; otherwise it is imported, with a preview.
      if (await ctx.store.restoreCopy(key)) return say("The copy is back: your weeks are restored.");
    } catch (err) {
      return say(`That copy cannot be restored here (${err.message}). Export it and keep it. Nothing was changed.`);
    }
    let backup;
    try {
      backup = JSON.parse(ctx.store.backupText(key));
    } catch {
      return say("That copy is not readable as a backup; export it and keep it. Nothing was changed.");
    }
    return importBackup(backup);
  }

  function reminder() {
    renderReminder(root.querySelector("[data-backup-reminder]"), { weeks: ctx.store.state.weeks.length, settings: ctx.settings(),
      save: ctx.save, signal, onExport: () => exportAs("json") });
  }

  function keptAside() {
    renderKeptAside(root.querySelector("[data-kept-aside]"), { store: ctx.store, signal, today: ctx.today, onRestore: restore, say });
  }

  const on = (selector, type, fn) => root.querySelector(selector).addEventListener(type, fn, { signal });
  on("[data-action=export-json]", "click", () => exportAs("json"));
  on("[data-action=export-csv]", "click", () => exportAs("csv"));
  on("[data-action=import-file]", "change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    try {
      const backup = await readBackupFile(file);
      await ctx.opened();
      await importBackup(backup);
    } catch (err) {
      say(err.message);
    }
  });
  const units = root.querySelector("[data-units]");
  on("[data-units]", "change", () => ctx.onUnits(units.value));
  return { exportAs, reminder, keptAside, say, showUnits: (value) => { units.value = value; } };
}
