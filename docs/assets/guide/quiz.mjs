// The self-check quiz: answers are saved on the device as they change, sent to the
// engine as JSON, and the result is rendered with DOM APIs. Mounted per page.

import { config, siteUrl } from "./config.mjs";
import { fill, h, mountEngineStatus } from "./dom.mjs";
import { EngineError, pageLoaded, request, retryEngine, scheduleEngine, watchEngine } from "./engine.mjs";
import { readJSON, removeKey, writeJSON } from "./storage.mjs";

const KEY = "trainsmart.quiz";
const VERSION = 1;

function readAnswers(form) {
  const answers = {};
  for (const fieldset of form.querySelectorAll("[data-question]")) {
    const id = fieldset.dataset.question;
    const checked = [...fieldset.querySelectorAll("input:checked")].map((i) => i.value);
    if (fieldset.dataset.kind === "multi") {
      if (checked.length) answers[id] = checked;
    } else if (checked.length) {
      answers[id] = checked[0];
    }
  }
  return answers;
}

function writeAnswers(form, answers) {
  for (const input of form.querySelectorAll("[data-question] input")) {
    const value = answers[input.name];
    input.checked = Array.isArray(value) ? value.includes(input.value) : value === input.value;
  }
}

/** "None of these" and the other boxes of a multi question exclude each other. */
function keepExclusive(input) {
  if (input.type !== "checkbox" || !input.checked) return;
  const others = input.closest("[data-question]").querySelectorAll("input[type=checkbox]");
  for (const other of others) {
    if (other === input) continue;
    if (input.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) other.checked = false;
  }
}

function link(item) {
  return h("a", { href: siteUrl(item.link) }, item.link_text || "Read more");
}

function renderResult(body, result, { stale }) {
  const parts = [];
  if (stale) parts.push(h("p", { class: "guide-stale" }, "Your result from last time; updating it now…"));
  for (const alert of result.alerts) {
    parts.push(h("div", { class: `admonition danger guide-alert guide-alert--${alert.id}`, role: "alert" },
      h("p", { class: "admonition-title" }, alert.title),
      h("p", {}, alert.text),
      h("p", {}, "Because you said: ", alert.because.join("; "), ". ",
        h("a", { href: siteUrl(alert.link) }, "When to stop and get help"))));
  }
  if (result.verdict) {
    parts.push(h("div", { class: "guide-verdict", "data-verdict": result.verdict.id },
      h("p", { class: "guide-verdict__title" }, result.verdict.title,
        result.score === null ? null : h("span", { class: "guide-verdict__score" }, ` ${result.score}/100`)),
      h("p", {}, result.verdict.summary),
      result.warning_signs && result.warning_signs.length && !result.alerts.length
        ? h("p", { class: "guide-signs" }, `Warning signs in your answers: ${result.warning_signs.map((s) => s.label.toLowerCase()).join("; ")}.`)
        : null,
      result.complete ? null : h("p", { class: "guide-provisional" },
        `Preview: ${result.answered} of ${result.total} questions answered. `,
        h("a", { href: `#q-${result.unanswered[0]}` }, "Next unanswered question"))));
  }
  if (result.fixes.length) {
    parts.push(h("h3", {}, result.stop_running ? "When you are cleared to run: fix these first" : "Fix these first"));
    parts.push(h("ol", { class: "guide-fixes" }, result.fixes.map((fix) =>
      h("li", { "data-fix": fix.area },
        h("strong", {}, fix.title), fix.score === null ? ": " : ` (${fix.score}/100): `, fix.reason,
        h("p", {}, fix.advice, " ", link(fix))))));
  } else if (result.verdict && !result.alerts.length) {
    parts.push(h("p", {}, "No area stands out as a leak. Keep reviewing your weeks."));
  }
  const answered = result.areas.filter((a) => a.answered ?? a.score !== null);
  if (answered.length) {
    parts.push(h("h3", {}, result.alerts.length ? "By area, for later" : "By area"));
    parts.push(h("ul", { class: "guide-areas" }, answered.map((a) => h("li", { "data-area": a.id },
      h("p", { class: "guide-area__head" },
        h("a", { href: siteUrl(a.link) }, a.title),
        a.score === null ? null : h("span", { class: "guide-area__score" }, `${a.score}/100`),
        a.score === null ? null : h("meter", { min: 0, max: 100, low: 50, high: 75, optimum: 100, value: a.score, "aria-hidden": "true" })),
      h("p", { class: "guide-area__why" }, a.reason)))));
  }
  fill(body, parts);
}

/** A plain-text summary for sharing or copying. */
function summary(result) {
  const lines = ["Am I training hard but not smart? My self-check result:"];
  for (const a of result.alerts) lines.push(`! ${a.title}`);
  if (result.verdict) lines.push(result.score === null ? result.verdict.title : `${result.verdict.title} (${result.score}/100)`);
  result.fixes.forEach((f, i) => lines.push(`${i + 1}. ${f.title}: ${f.advice}`));
  lines.push(result.disclaimer);
  return lines.join("\n");
}

export function mountQuiz(form, { signal }) {
  const body = form.querySelector("[data-result-body]");
  const empty = form.querySelector("[data-result-empty]");
  const bar = form.querySelector("[data-quiz-progress]");
  const barText = form.querySelector("[data-quiz-progress-text]");
  const nextButton = form.querySelector("[data-action=next-unanswered]");
  const shareButton = form.querySelector("[data-action=share]");
  const actionStatus = form.querySelector("[data-action-status]");
  const total = form.querySelectorAll("[data-question]").length;
  let latest = null;
  let sequence = 0;
  let undo = null;

  const stopStatus = mountEngineStatus(form, watchEngine, retryEngine, signal);
  signal.addEventListener("abort", stopStatus);

  function showProgress(answers) {
    const n = Object.keys(answers).length;
    bar.value = n;
    barText.textContent = n === total ? `All ${total} questions answered` : `${n} of ${total} answered`;
    nextButton.textContent = n === total ? "See your result" : "Next unanswered";
    for (const fs of form.querySelectorAll("[data-question]")) {
      fs.classList.toggle("guide-q--answered", fs.dataset.question in answers);
    }
  }

  async function update({ save = true } = {}) {
    const answers = readAnswers(form);
    showProgress(answers);
    if (save) {
      const saved = writeJSON(KEY, { v: VERSION, answers, result: latest, build: config.build });
      if (!saved.ok) actionStatus.textContent = "Your answers could not be saved on this device (storage is full or blocked); they are kept while this page is open.";
    }
    const mine = ++sequence; // any answer still on its way from the engine is now out of date
    if (!Object.keys(answers).length) {
      latest = null;
      empty.hidden = false;
      fill(body);
      shareButton.disabled = true;
      return;
    }
    try {
      const result = await request("quiz", { answers });
      if (mine !== sequence || signal.aborted) return;
      latest = result;
      empty.hidden = true;
      shareButton.disabled = false;
      renderResult(body, result, { stale: false });
      writeJSON(KEY, { v: VERSION, answers, result, build: config.build });
    } catch (err) {
      if (mine !== sequence || signal.aborted) return;
      if (err instanceof EngineError && err.code !== "unavailable") {
        fill(body, h("p", { class: "guide-error", role: "alert" }, `Some answers could not be read (${err.message}). Please answer that question again.`));
      }
      // "unavailable": the status block already says so and offers a retry.
    }
  }

  // Resume: saved answers, and the last result at once (before the engine is ready).
  const saved = readJSON(KEY);
  if (saved.problem === "corrupt") actionStatus.textContent = "Saved answers on this device could not be read; they were kept aside and the quiz starts fresh.";
  if (saved.value && saved.value.v === VERSION && saved.value.answers && typeof saved.value.answers === "object") {
    writeAnswers(form, { ...saved.value.answers, ...readAnswers(form) }); // ticked before this script ran: newer
    if (saved.value.result && saved.value.result.alerts) {
      try {
        latest = saved.value.result;
        empty.hidden = true;
        renderResult(body, latest, { stale: true });
      } catch {
        latest = null;
      }
    }
  }
  showProgress(readAnswers(form));

  form.addEventListener("change", (event) => {
    keepExclusive(event.target);
    undo = null;
    update();
  }, { signal });
  form.addEventListener("submit", (event) => event.preventDefault(), { signal });

  form.querySelector("[data-action=reset]").addEventListener("click", () => {
    const previous = readAnswers(form);
    if (!Object.keys(previous).length) return;
    undo = previous;
    removeKey(KEY);
    writeAnswers(form, {});
    update({ save: false });
    const undoButton = h("button", { type: "button", class: "md-button" }, "Undo");
    undoButton.addEventListener("click", () => {
      if (!undo) return;
      writeAnswers(form, undo);
      undo = null;
      fill(actionStatus, "Your answers are back.");
      update();
    }, { signal });
    fill(actionStatus, "Answers cleared. ", undoButton);
    form.querySelector("[data-question]").scrollIntoView({ block: "start" });
  }, { signal });

  shareButton.addEventListener("click", async () => {
    if (!latest) return;
    const text = summary(latest);
    try {
      if (navigator.share) {
        await navigator.share({ title: "My training self-check", text });
        actionStatus.textContent = "Shared.";
      } else {
        await navigator.clipboard.writeText(text);
        actionStatus.textContent = "Result copied to the clipboard.";
      }
    } catch (err) {
      if (err && err.name === "AbortError") return;
      actionStatus.textContent = "Could not share or copy here; select the result text and copy it instead.";
    }
  }, { signal });

  form.querySelector("[data-action=print]").addEventListener("click", () => window.print(), { signal });
  // One tap to the first question still unanswered (or to the result once all are answered).
  nextButton.addEventListener("click", () => {
    const answers = readAnswers(form);
    const next = [...form.querySelectorAll("[data-question]")].find((fs) => !(fs.dataset.question in answers));
    const target = next || form.querySelector("[data-quiz-result]");
    target.scrollIntoView({ block: "start" }); // below the sticky bars (scroll-margin-top in guide.css)
    (next ? next.querySelector("input") : target).focus({ preventScroll: true });
  }, { signal });

  scheduleEngine();
  // A returning reader already sees the saved result; refresh it once the page has loaded.
  if (Object.keys(readAnswers(form)).length) pageLoaded().then(() => signal.aborted || update({ save: false }));
}
