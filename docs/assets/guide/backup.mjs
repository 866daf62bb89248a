// Export (JSON backup, sessions as CSV) and import with a preview. The engine
// validates an import whole before anything is saved; the page saves only on confirm.

import { config } from "./config.mjs";
import { fill, h } from "./dom.mjs";

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024; // refused before parsing

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportJson(store, today) {
  const doc = { ...store, exported_by: `Train Smart engine ${config.engine || ""}`.trim() };
  download(`train-smart-backup-${today}.json`, "application/json", `${JSON.stringify(doc, null, 2)}\n`);
}

const CSV_COLUMNS = ["week_start", "date", "kind", "intent", "minutes", "effort", "load", "distance_km", "pain", "pain_flags", "note"];

/** One CSV cell: quoted, and never starting with a formula character (=, +, -, @). */
export function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function sessionsCsv(store) {
  const lines = [CSV_COLUMNS.join(",")];
  for (const w of store.weeks) {
    for (const s of w.sessions || []) {
      const row = { ...s, week_start: w.week_start, load: s.effort * s.minutes, pain_flags: (s.pain_flags || []).join(" ") };
      lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(","));
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}

export function exportCsv(store, today) {
  download(`train-smart-sessions-${today}.csv`, "text/csv", sessionsCsv(store));
}

/** Read a chosen file as JSON; throws Error with a reader-facing message. */
export async function readBackupFile(file) {
  if (!file) throw new Error("No file was chosen.");
  if (file.size > MAX_IMPORT_BYTES) {
    throw new Error(`That file is ${(file.size / 1048576).toFixed(1)} MB; a backup is at most ${MAX_IMPORT_BYTES / 1048576} MB. Nothing was changed.`);
  }
  const text = await file.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error("That file is not a readable backup (it is not valid JSON, or it was cut short). Nothing was changed.");
  }
}

/** Show what an import would do, with Confirm and Cancel; resolves true on confirm. */
export function showPreview(box, preview, signal) {
  const { added, replaced, unchanged } = preview;
  const list = (label, weeks) => weeks.length ? h("li", {}, `${label}: ${weeks.length} (${weeks.join(", ")})`) : null;
  return new Promise((resolve) => {
    const confirm = h("button", { type: "button", class: "md-button md-button--primary" }, "Import these weeks");
    const cancel = h("button", { type: "button", class: "md-button" }, "Cancel");
    const done = (answer) => { fill(box); resolve(answer); };
    confirm.addEventListener("click", () => done(true), { signal });
    cancel.addEventListener("click", () => done(false), { signal });
    const nothing = !added.length && !replaced.length;
    fill(box, h("div", { class: "guide-import-preview", role: "region", "aria-label": "Import preview" },
      h("p", {}, h("strong", {}, nothing ? "This backup holds nothing new." : "This import will:")),
      h("ul", {}, list("Add weeks", added), list("Replace weeks you already have", replaced), list("Leave unchanged", unchanged)),
      h("div", { class: "guide-actions" }, nothing ? null : confirm, cancel)));
    (nothing ? cancel : confirm).focus();
  });
}
