// The engine's Web Worker: hosts Pyodide and the guide_engine wheel, off the main thread.
//
// Protocol (one shape per message; anything else is refused loudly):
//   page -> worker  {kind: "boot", indexURL}            once, first
//   page -> worker  {kind: "request", id, body}         body: a JSON request text
//   worker -> page  {kind: "progress", step, steps, text}
//   worker -> page  {kind: "ready", engine, build, ms}   build: the loaded engine's source digest
//   worker -> page  {kind: "failed", message}
//   worker -> page  {kind: "response", id, body}        body: the JSON response text
// Only JSON data crosses: the worker never runs Python text that came from the page.

const STEPS = 3;
let handleJson = null;
let booting = null;

function progress(step, text) {
  self.postMessage({ kind: "progress", step, steps: STEPS, text });
}

// Pyodide reports a failed wasm download or compilation only with console.warn and then
// waits forever; watch for it so the page can offer a retry instead of spinning.
function watchForFatalWarnings() {
  let reject;
  const failed = new Promise((_, r) => { reject = r; });
  const original = console.warn;
  console.warn = (...args) => {
    original.apply(console, args);
    const text = args.map(String).join(" ");
    if (/instantiation failed|Failed to fetch|NetworkError/i.test(text)) reject(new Error("the Python runtime could not be downloaded"));
  };
  return { failed, restore: () => { console.warn = original; } };
}

async function boot(indexURL) {
  const started = performance.now();
  progress(1, "Downloading the Python runtime");
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  progress(2, "Starting Python");
  const watch = watchForFatalWarnings();
  let pyodide;
  try {
    // The lock file names the engine wheel and its sha256; ask for this build's copy so a
    // stale HTTP cache can never pair a new page with an old engine.
    const build = new URL(self.location.href).searchParams.get("v") || "";
    const lockFileURL = new URL(`pyodide-lock.json?v=${build}`, indexURL).href;
    pyodide = await Promise.race([loadPyodide({ indexURL, lockFileURL, packages: ["guide-engine"] }), watch.failed]);
  } finally {
    watch.restore();
  }
  // loadPyodide only logs a package that failed to load (for example a wheel whose
  // sha256 does not match the lock file): check before trusting it.
  if (!pyodide.loadedPackages["guide-engine"]) throw new Error("the engine package did not load");
  progress(3, "Loading the engine");
  const api = pyodide.pyimport("guide_engine.api");
  handleJson = api.handle_json;
  const engine = api.ENGINE_VERSION;
  const build = api.source_digest().slice(0, 16);
  self.postMessage({ kind: "ready", engine, build, ms: Math.round(performance.now() - started) });
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.kind === "boot") {
    if (!booting) {
      booting = boot(msg.indexURL).catch((err) => {
        self.postMessage({ kind: "failed", message: String(err && err.message || err).slice(0, 300) });
        throw err;
      });
    }
    return;
  }
  if (msg.kind === "request") {
    try {
      await booting;
      self.postMessage({ kind: "response", id: msg.id, body: handleJson(String(msg.body)) });
    } catch (err) {
      self.postMessage({ kind: "response", id: msg.id, error: "The engine is not available." });
    }
    return;
  }
  throw new Error(`engine-worker: unknown message kind ${JSON.stringify(msg.kind)}`);
};
