// Front-end entry point (loaded once through extra_javascript as an ES module).
//
// Material's instant navigation swaps pages without reloading, so widgets are
// mounted from its `document$` observable: each page change aborts the previous
// page's widgets (one AbortController) and mounts the new page's
// [data-guide-component] elements. The engine worker lives for the whole visit.

import { registerServiceWorker } from "./guide/offline.mjs";

// Each tool is its own module graph, loaded only where a page holds it: the quiz page does
// not fetch the weekly tool's twenty modules, nor an article any tool. A tool page loads
// its own entry just before this module (assets/guide/<tool>-page.mjs, written in by the
// post-build step, guide_site/pages.py, with a modulepreload link per module of its graph).
// The entry imports this module and its tool, and hands the tool over with provide(), so
// the tool mounts before the theme's deferred bundle runs: a dynamic import would resolve
// after it, and a returning reader would see their history about 0.4 s later (measured on
// half a core). Should the entry fail to load, this module runs alone and imports the tool
// below, as after an instant navigation to another tool's page.
// The component's name is its module's: data-guide-component="quiz" is assets/guide/quiz.mjs.
const provided = {};

/** A page's entry hands over the tool it imported up front (see above). */
export function provide(name, mount) {
  provided[name] = mount;
}

const COMPONENTS = {
  quiz: () => import("./guide/quiz.mjs").then((m) => m.mountQuiz),
  checklist: () => import("./guide/checklist.mjs").then((m) => m.mountChecklist),
  shared: () => import("./guide/shared.mjs").then((m) => m.mountShared),
};

/** Mount a tool; then its forms may be sent. Until then their submit buttons are disabled in
    the page (data-needs-script): a form sent before its script runs would reload the page,
    taking what the reader typed into the address instead of saving it. */
function run(el, mount, signal) {
  const started = Promise.resolve(mount(el, { signal })); // a tool wires its forms before returning
  for (const button of el.querySelectorAll("[data-needs-script]")) button.disabled = false;
  return started;
}

let controller = null;
let mounted = [];

function mountPage() {
  const elements = [...document.querySelectorAll("[data-guide-component]")];
  // Material's document$ also reports the page this module already mounted at start.
  if (controller && elements.length === mounted.length && elements.every((el, i) => el === mounted[i])) return;
  if (controller) controller.abort();
  controller = new AbortController();
  mounted = elements;
  const { signal } = controller;
  for (const el of elements) {
    const name = el.dataset.guideComponent;
    if (!COMPONENTS[name]) throw new Error(`guide: unknown component ${name}`);
    if (provided[name]) {
      run(el, provided[name], signal).catch((err) => console.error("guide: could not start", err));
      continue;
    }
    // A page left before its tool loaded mounts nothing.
    COMPONENTS[name]().then((mount) => (signal.aborted ? null : run(el, mount, signal))).catch((err) => {
      console.error("guide: could not start", err);
      // Offline before the site was kept for offline use, say: the tool says so, not nothing.
      const text = el.querySelector("[data-engine-text]");
      if (text && !signal.aborted) text.textContent = "This tool could not load. Check your connection, then reload the page.";
    });
  }
}

// Material's bundle is deferred after this module (overrides/main.html): mount what this
// page holds now, and follow instant navigation through document$ once the bundle has run.
function start() {
  mountPage();
  if (window.document$) window.document$.subscribe(mountPage);
  else document.addEventListener("DOMContentLoaded", () => window.document$?.subscribe(mountPage), { once: true });
}

registerServiceWorker();
// After the whole module graph has run (a microtask): a page's entry has provided its tool by then.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else queueMicrotask(start);
