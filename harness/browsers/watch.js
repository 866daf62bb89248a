// Injected by the smoke suite's test server as the first script of every HTML page
// (harness/browsers/server.py), so it runs before the page's own code in every engine,
// online or offline (the service worker caches the page with it). It records what a
// test must fail on, in sessionStorage so a reload keeps it:
//   uncaught errors, unhandled rejections, console.error calls by the page's code,
//   Content-Security-Policy violations (the CSP blocks every other host), and any
//   resource fetched from another origin (Resource Timing).
// And the moment the engine first reports ready, in ms since navigation start.
(() => {
  if (window.__smoke) return;
  const KEY = "smoke.problems";
  const local = [];
  const w = (window.__smoke = { problems: local, readyAt: null });
  const record = (kind, text) => {
    const row = `${kind}: ${String(text).slice(0, 500)} [${location.pathname}]`;
    try {
      const all = JSON.parse(sessionStorage.getItem(KEY) || "[]");
      all.push(row);
      sessionStorage.setItem(KEY, JSON.stringify(all));
    } catch {
      local.push(row); // storage blocked: keep it for this document
    }
  };
  window.addEventListener("error", (e) => {
    // A failed <script>/<link> load fires on the element (captured here) with no message.
    if (e.target && e.target !== window && e.target.tagName) return record("resource error", `${e.target.tagName} ${e.target.src || e.target.href || ""}`);
    record("page error", e.error && e.error.stack ? e.error.stack.split("\n")[0] : e.message);
  }, true);
  window.addEventListener("unhandledrejection", (e) => {
    const r = e.reason;
    record("unhandled rejection", r && r.message ? `${r.name}: ${r.message}` : String(r));
  });
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    record("console error", args.map((a) => (a && a.message ? `${a.name}: ${a.message}` : String(a))).join(" "));
    consoleError(...args);
  };
  document.addEventListener("securitypolicyviolation", (e) => record("CSP violation", `${e.violatedDirective} ${e.blockedURI}`));
  const foreign = (url) => !url.startsWith(location.origin + "/") && !/^(data|blob|about):/.test(url);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (foreign(e.name)) record("request to another host", e.name);
    }).observe({ type: "resource", buffered: true });
  } catch {
    /* no Resource Timing observer: the driver's request events still apply where it has them */
  }
  const ready = () => {
    if (w.readyAt === null && document.querySelector("[data-engine-status][data-state=ready]")) w.readyAt = performance.now();
  };
  new MutationObserver(ready).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
})();
