// Sharing from the weekly checklist ([data-share-panel], overrides/partials/guide/share-panel.html):
// pick weeks (the newest four by default), make a link that carries them in its fragment
// (share-link.mjs: nothing is uploaded), send it with the system's share menu where the
// browser has one (navigator.share) or copy it, show it as a QR code, download it as a file
// when it is too long for a link, and print a one-page weekly report.
//
//   mountShare(panel, {store, signal})   store: openWeekStore's object (week-store.mjs)

import { download } from "./backup.mjs";
import { readable } from "./dates.mjs";
import { fill, h } from "./dom.mjs";
import { qrSvg } from "./qr.mjs";
import { showReport } from "./share-report.mjs";
import { MAX_LINK_CHARS, MAX_SHARE_BYTES, makeLink } from "./share-link.mjs";
import { readLabels } from "./week-details.mjs";

const DEFAULT_WEEKS = 4; // about a month: what a coach looks at
const LISTED = 52; // the newest weeks offered; a year is plenty to choose from
export const NO_SHARE_MENU = "This browser has no share menu";

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function mountShare(panel, { store, signal }) {
  if (!panel) return;
  const $ = (selector) => panel.querySelector(selector);
  const picker = $("[data-share-weeks]");
  const result = $("[data-share-result]");
  const status = $("[data-share-status]");
  const labels = readLabels(panel);
  const say = (text) => { status.textContent = text; };
  let listed = null; // the weeks the picker shows, to redraw only when they change
  let ticked = null; // the reader's choice; null: the default, the newest weeks

  function button(label, onClick, primary = false) {
    const b = h("button", { type: "button", class: `md-button${primary ? " md-button--primary" : ""}` }, label);
    b.addEventListener("click", onClick, { signal });
    return b;
  }

  function drawPicker(weeks) {
    const key = weeks.map((w) => w.week_start).join();
    if (key === listed) return;
    listed = key;
    const recent = weeks.slice(-LISTED).reverse();
    const chosen = ticked || new Set(recent.slice(0, DEFAULT_WEEKS).map((w) => w.week_start));
    const legend = picker.querySelector("legend");
    fill(picker, legend, recent.length ? h("div", { class: "guide-options guide-share-list" }, recent.map((w) => h("label", { class: "guide-option" },
      h("input", { type: "checkbox", name: "share_week", value: w.week_start, checked: chosen.has(w.week_start) }),
      h("span", {}, `Week of ${readable(w.week_start)}`))))
      : h("p", {}, "No weeks saved yet: save a week above, then share it here."));
  }

  function chosenWeeks() {
    return [...picker.querySelectorAll("input[name=share_week]:checked")].map((box) => box.value).sort();
  }

  /** Send the link: the system's share menu where there is one, else the clipboard, else select it. */
  async function send(link, field) {
    if (typeof navigator.share === "function") {
      try {
        await navigator.share({ title: "My training weeks", text: "My weeks from Train Smart. The link opens them on your own device:", url: link });
        return say("Shared.");
      } catch (err) {
        if (err && err.name === "AbortError") return say("Sharing cancelled; the link is still here.");
        return copy(link, field, "The share menu did not open");
      }
    }
    return copy(link, field, NO_SHARE_MENU);
  }

  async function copy(link, field, why) {
    try {
      await navigator.clipboard.writeText(link);
      say(`${why}, so the link was copied instead: paste it into a message to your coach.`);
    } catch {
      field.focus();
      field.select();
      say(`${why}, and it did not let this page copy, so the link is selected above: copy it yourself (long-press it, then Copy).`);
    }
  }

  /** A share too long for a link goes as a file: through the share menu where files can be shared. */
  function offerFile(share, summary) {
    const name = `train-smart-share-${share.weeks[share.weeks.length - 1]}.json`;
    const file = typeof File === "function" ? new File([share.text], name, { type: "application/json" }) : null;
    const canShareFile = Boolean(file && navigator.canShare && navigator.canShare({ files: [file] }));
    return h("div", { class: "guide-actions" },
      button("Download as a file", () => { download(name, "application/json", share.text); say(`${summary} downloaded as ${name}. Send the file to your coach; it opens on the “Shared weeks” page.`); }),
      canShareFile ? button("Share the file…", () => navigator.share({ files: [file], title: "My training weeks" }).then(
        () => say(`${summary} shared as a file.`),
        (err) => say(err && err.name === "AbortError" ? "Sharing cancelled; you can still download the file."
          : "The share menu could not take the file here: use “Download as a file” and send it yourself."))) : null);
  }

  async function createLink() {
    const weeks = chosenWeeks();
    if (!weeks.length) return say("Tick at least one week to share.");
    say("Making the link…");
    let share, link;
    try {
      share = await store.share(weeks);
      link = await makeLink(share.text, share.check);
    } catch (err) {
      fill(result);
      return say(`No link was made: ${err.message}`);
    }
    const summary = plural(share.weeks.length, "week");
    if (link.length > MAX_LINK_CHARS || share.text.length > MAX_SHARE_BYTES) {
      fill(result, h("p", { "data-share-too-long": "" }, `These ${summary} make a link of ${link.length.toLocaleString("en")} characters, longer than `
        + `the ${MAX_LINK_CHARS.toLocaleString("en")} a link can safely carry. Send them as a file instead, or share fewer weeks.`),
      offerFile(share, summary));
      return say(`Too long for a link: ${summary}.`);
    }
    const field = h("input", { type: "text", class: "guide-share-url", readonly: true, value: link, "aria-label": "The share link", "data-share-url": "" });
    const qrBox = h("figure", { class: "guide-qr-box", "data-share-qr": "" });
    fill(result,
      h("p", {}, `A link to ${summary} (${link.length.toLocaleString("en")} characters). The weeks are inside the link itself, `
        + "so anyone who has it can read them: send it to your coach only."),
      field,
      h("div", { class: "guide-actions" },
        button(typeof navigator.share === "function" ? "Share the link…" : "Copy the link", () => send(link, field), true),
        button("Download as a file", () => { download(`train-smart-share-${share.weeks[share.weeks.length - 1]}.json`, "application/json", share.text); say(`${summary} downloaded as a file.`); })),
      qrBox);
    say(`Link ready: ${summary}.`);
    try {
      const code = await qrSvg(link, `QR code of the share link to ${summary}`);
      fill(qrBox, code || h("p", {}, "This link is too long for a QR code: send the link instead."),
        code ? h("figcaption", {}, "Show this to your coach: their phone's camera opens the link.") : null);
    } catch {
      fill(qrBox, h("p", {}, "The QR code could not be drawn here; send the link instead."));
    }
  }

  async function printReport() {
    const weeks = chosenWeeks();
    const start = weeks.length ? weeks[weeks.length - 1] : store.state.weeks.at(-1)?.week_start;
    const week = store.state.weeks.find((w) => w.week_start === start);
    if (!week) return say("Save a week first: the report shows a saved week.");
    try {
      const review = await store.review(week);
      showReport($("[data-share-report]"), { week: review.week, review, labels, signal });
      say(`The report of the week of ${readable(start)} is below. If no print dialogue opened, use “Print or save as PDF”.`);
    } catch (err) {
      say(`The report could not be made: ${err.message}`);
    }
  }

  picker.addEventListener("change", () => { ticked = new Set(chosenWeeks()); }, { signal });
  $("[data-action=share-link]").addEventListener("click", createLink, { signal });
  $("[data-action=share-report]").addEventListener("click", printReport, { signal });
  const stop = store.watch((state) => drawPicker(state.weeks));
  signal.addEventListener("abort", stop, { once: true });
}
