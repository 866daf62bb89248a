// Front-end entry point (loaded once through extra_javascript as an ES module).
//
// Material's instant navigation swaps pages without reloading, so widgets are
// mounted from its `document$` observable: each page change aborts the previous
// page's widgets (one AbortController) and mounts the new page's
// [data-guide-component] elements. The engine worker lives for the whole visit.

import { mountChecklist } from "./guide/checklist.mjs";
import { registerServiceWorker } from "./guide/offline.mjs";
import { mountQuiz } from "./guide/quiz.mjs";
import { mountShared } from "./guide/shared.mjs";

// The tools are imported up front (about 8 kB compressed, and precached by the service
// worker for every visit anyway): a dynamic import would let Material's deferred bundle
// run first, and a returning reader would wait for it to see their history.
const COMPONENTS = { quiz: mountQuiz, checklist: mountChecklist, shared: mountShared };

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
    const mount = COMPONENTS[el.dataset.guideComponent];
    if (!mount) throw new Error(`guide: unknown component ${el.dataset.guideComponent}`);
    Promise.resolve(mount(el, { signal })).catch((err) => console.error("guide: could not start", err));
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
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
