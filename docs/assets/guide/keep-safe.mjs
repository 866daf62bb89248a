// Keeping the weeks through the browser's housekeeping: ask for persistent storage,
// remind the reader to export a backup now and then, and on iPhones and iPads (where
// Safari may clear a site's storage after seven days without a visit, unless the site
// is on the home screen) say so and make the next step easy.

import { isoDate, readable } from "./dates.mjs";
import { fill, h } from "./dom.mjs";

const REMINDER_DAYS = 28;

/** True on iOS and iPadOS (every browser there is WebKit), outside a home-screen app. */
export function clearsAfterAWeek(nav = navigator, win = window) {
  const ios = /iPhone|iPad|iPod/.test(nav.userAgent) || (nav.platform === "MacIntel" && nav.maxTouchPoints > 1);
  const standalone = nav.standalone === true || (win.matchMedia && win.matchMedia("(display-mode: standalone)").matches);
  return ios && !standalone;
}

/** Ask once for storage the browser will not clear on its own. */
export async function askPersistence(settings, save) {
  if (settings.persistAsked || !navigator.storage || !navigator.storage.persist) return settings;
  let next = save({ persistAsked: true });
  try {
    next = save({ persisted: await navigator.storage.persist() });
  } catch {
    // not offered in this browser
  }
  return next;
}

/** The reminder line: what the browser promised, and a backup nudge when one is due. */
export function renderReminder(box, { weeks, settings, save, signal, onExport }) {
  const daysSince = (iso) => (Date.now() - new Date(iso).getTime()) / 86400000;
  const due = weeks >= 2 && (!settings.lastBackup || daysSince(settings.lastBackup) > REMINDER_DAYS)
    && (!settings.reminderDismissed || daysSince(settings.reminderDismissed) > 7);
  const parts = [];
  if (clearsAfterAWeek()) {
    const exportNow = h("button", { type: "button", class: "md-button md-button--primary", "data-action": "export-json-now" }, "Export a backup now");
    exportNow.addEventListener("click", onExport, { signal });
    parts.push(h("span", { "data-ios-note": true },
      "On an iPhone or iPad, Safari may clear this site's saved weeks after seven days without a visit. ",
      "Add the site to your Home Screen (Share, then Add to Home Screen) to keep them, or export a backup. "), exportNow);
  } else if (settings.persisted === true) {
    parts.push("This browser has agreed to keep your weeks. ");
  } else if (settings.persisted === false) {
    parts.push("This browser may clear your weeks if space runs low or the site goes unused for a while. ");
  }
  if (due) {
    const later = h("button", { type: "button", class: "md-button" }, "Remind me later");
    later.addEventListener("click", () => {
      const next = save({ reminderDismissed: new Date().toISOString() });
      renderReminder(box, { weeks, settings: next, save, signal, onExport });
    }, { signal });
    parts.push(settings.lastBackup ? `Your last backup was ${readable(isoDate(new Date(settings.lastBackup)))}. ` : "You have not exported a backup yet. ",
      "Export one now so a cleared browser cannot cost you your weeks. ", later);
  }
  fill(box, parts);
}
