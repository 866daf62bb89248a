// Registers the service worker (site/sw.js, written by overrides/hooks/offline.py) once
// the page has loaded, asks it to keep the engine for offline use once a tool has
// booted it, and offers a reload when a new deployment is waiting.

import { siteRoot } from "./config.mjs";
import { h } from "./dom.mjs";
import { watchEngine } from "./engine.mjs";

let registration = null;

function offerUpdate(waiting) {
  if (document.querySelector("[data-guide-update]")) return;
  const button = h("button", { type: "button", class: "md-button md-button--primary" }, "Reload now");
  const bar = h("div", { class: "guide-update", role: "status", "data-guide-update": true },
    h("span", {}, "A new version of this guide is ready. "), button);
  button.addEventListener("click", () => {
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
    waiting.postMessage({ kind: "activate-now" });
  });
  document.body.append(bar);
}

function watchForUpdates(reg) {
  if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting);
  reg.addEventListener("updatefound", () => {
    const incoming = reg.installing;
    incoming.addEventListener("statechange", () => {
      if (incoming.state === "installed" && navigator.serviceWorker.controller) offerUpdate(incoming);
    });
  });
}

export function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  const start = async () => {
    try {
      registration = await navigator.serviceWorker.register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname });
      watchForUpdates(registration);
    } catch (err) {
      console.warn("guide: offline support is not available", err);
    }
  };
  if (document.readyState === "complete") start();
  else window.addEventListener("load", start, { once: true });
  // Once the engine has booted on a tool page, keep the runtime and the wheel for offline use.
  watchEngine(async (s) => {
    if (s.state !== "ready") return;
    const reg = await navigator.serviceWorker.ready;
    if (reg.active) reg.active.postMessage({ kind: "cache-engine" });
  });
}
