// Front-end entry point (loaded once through extra_javascript as an ES module).
//
// Material's instant navigation swaps pages without reloading, so widgets are
// mounted from its `document$` observable: each page change aborts the previous
// page's widgets (one AbortController) and mounts the new page's
// [data-guide-component] elements. The engine worker lives for the whole visit.

import { registerServiceWorker } from "./guide/offline.mjs";
import { mountQuiz } from "./guide/quiz.mjs";

const COMPONENTS = {
  quiz: mountQuiz,
  checklist: (el, ctx) => import("./guide/checklist.mjs").then((m) => m.mountChecklist(el, ctx)),
};

let controller = null;

function mountPage() {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  for (const el of document.querySelectorAll("[data-guide-component]")) {
    const mount = COMPONENTS[el.dataset.guideComponent];
    if (!mount) throw new Error(`guide: unknown component ${el.dataset.guideComponent}`);
    Promise.resolve(mount(el, { signal })).catch((err) => console.error("guide: could not start", err));
  }
}

registerServiceWorker();
if (window.document$) window.document$.subscribe(mountPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountPage);
else mountPage();
