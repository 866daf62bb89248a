// The engine's Web Worker: hosts Pyodide and the guide_engine wheel, off the main thread.
//
// Protocol: guide/messages.mjs (one list of kinds, one shape each; anything else is
// refused loudly). Only JSON data crosses: the worker never runs Python text from the page.
//
// Boot: a cold start of Python takes about 3 s on a desktop core and 10 s or more on a
// phone. So the first cold boot on a device ends with a memory snapshot of the prepared
// engine (Pyodide's private `_makeSnapshot` option), kept in Cache Storage under this
// build's digest; later visits restore it instead (`_loadSnapshot`). The snapshot is made
// on the device rather than shipped from the build: it is 31 MB (6 MB gzipped), which
// would more than double the download, while making it here costs no network bytes. It
// is taken before the engine answers any request, so it never holds a reader's data. A
// snapshot that fails to restore, or whose engine does not answer as this build's
// engine, is deleted and the worker boots cold instead.

import { TO_WORKER, check, message } from "./guide/messages.mjs";
import { checkRestored, prepareEngine, takeSnapshot } from "./guide/snapshot.mjs";

const STEPS = 3;
const SNAPSHOT_CACHE = "guide-engine-snapshot";
let handleJson = null;
let runtime = null; // the started Pyodide, for loading the activity readers on demand
let booting = null;

function progress(step, text) {
  self.postMessage(message("progress", { step, steps: STEPS, text }));
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

async function startPython(loadPyodide, options) {
  const watch = watchForFatalWarnings();
  try {
    return await Promise.race([loadPyodide(options), watch.failed]);
  } finally {
    watch.restore();
  }
}

/** Cache Storage for snapshots, or null where the browser offers none (then: cold boots). */
async function snapshotStore(indexURL, build) {
  if (!build || typeof caches === "undefined") return null;
  try {
    const cache = await caches.open(SNAPSHOT_CACHE);
    // A cache key only, never fetched: one snapshot per build of the engine and runtime.
    const key = new URL(`engine-snapshot-${build}.bin`, indexURL).href;
    return { cache, key };
  } catch {
    return null;
  }
}

async function readSnapshot(store) {
  try {
    const hit = store && await store.cache.match(store.key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** Keep this build's snapshot and drop those of other builds. Failing (quota) is harmless. */
async function saveSnapshot(store, bytes) {
  try {
    for (const request of await store.cache.keys()) {
      if (request.url !== store.key) await store.cache.delete(request);
    }
    await store.cache.put(store.key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch (err) {
    console.info("guide: the engine snapshot was not stored", String(err));
  }
}

async function restore(loadPyodide, base, store, build) {
  const bytes = await readSnapshot(store);
  if (!bytes) return null;
  try {
    const pyodide = await startPython(loadPyodide, { ...base, _loadSnapshot: bytes });
    return checkRestored(pyodide, build);
  } catch (err) {
    console.info("guide: the engine snapshot could not be used; starting Python from scratch", String(err));
    await store.cache.delete(store.key).catch(() => {});
    return null;
  }
}

async function coldBoot(loadPyodide, base, store, build) {
  const pyodide = await startPython(loadPyodide, { ...base, packages: ["guide-engine"], _makeSnapshot: Boolean(store) });
  // loadPyodide only logs a package that failed to load (for example a wheel whose
  // sha256 does not match the lock file): check before trusting it.
  if (!pyodide.loadedPackages["guide-engine"]) throw new Error("the engine package did not load");
  progress(3, "Loading the engine");
  const engine = prepareEngine(pyodide); // the page compares its digest with its own build
  // A snapshot is filed under the page's build: keep one only of that build's engine.
  if (store && engine.digest === build) {
    let bytes = null;
    try {
      bytes = takeSnapshot(pyodide);
    } catch (err) {
      console.info("guide: no engine snapshot for this device", String(err));
    }
    if (bytes) saveSnapshot(store, bytes); // in the background: requests need not wait for it
  }
  return engine;
}

async function boot(indexURL, build) {
  const started = performance.now();
  // The lock file names the engine wheel and its sha256; ask for this build's copy so a
  // stale HTTP cache can never pair a new page with an old engine. (The build comes with
  // the boot message: a worker script served by the service worker has lost its ?v=.)
  const base = { indexURL, lockFileURL: new URL(`pyodide-lock.json?v=${build}`, indexURL).href };
  progress(1, "Downloading the Python runtime");
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const store = await snapshotStore(indexURL, build);
  progress(2, "Starting Python");
  let engine = await restore(loadPyodide, base, store, build);
  const how = engine ? "snapshot" : "cold";
  if (!engine) engine = await coldBoot(loadPyodide, base, store, build);
  handleJson = engine.api.handle_json;
  runtime = engine.pyodide;
  self.postMessage(message("ready", { engine: engine.api.ENGINE_VERSION, build: engine.digest, boot: how, ms: Math.round(performance.now() - started) }));
}

let readers = null;
function loadReaders(name) {
  if (!readers) readers = runtime.loadPackage(name).catch((err) => { readers = null; throw err; });
  return readers;
}

/**
 * Mount the reader's files read-only (WORKERFS reads a File in slices, so a 1 GB export is
 * never copied into memory), answer the engine's `activities` request on their paths, and
 * unmount. Files are named by their position: a file's own name never becomes a path.
 */
function readFiles(msg) {
  const FS = runtime.FS;
  const dir = `/import/${Number(msg.id)}`;
  FS.mkdirTree(dir);
  FS.mount(FS.filesystems.WORKERFS, { blobs: msg.files.map((file, i) => ({ name: String(i), data: file })) }, dir);
  try {
    const files = msg.files.map((file, i) => ({ name: String(file.name || `file ${i + 1}`).slice(0, 255), path: `${dir}/${i}` }));
    return handleJson(JSON.stringify({ v: 1, type: "activities", data: { files, tz: msg.tz } }));
  } finally {
    FS.unmount(dir);
    FS.rmdir(dir);
  }
}

self.onmessage = async (event) => {
  const msg = check(event.data, TO_WORKER); // throws on anything else: the page sees an error event
  if (msg.kind === "boot") {
    if (!booting) {
      booting = boot(msg.indexURL, typeof msg.build === "string" ? msg.build : "").catch((err) => {
        self.postMessage(message("failed", { message: String(err && err.message || err).slice(0, 300) }));
        throw err;
      });
    }
    return;
  }
  try {
    await booting;
    if (msg.kind === "readers") {
      // The activity readers load only when a reader imports files: never at boot, never in the snapshot.
      await loadReaders(String(msg.name));
      self.postMessage(message("response", { id: msg.id, body: "ok" }));
    } else if (msg.kind === "import") {
      await loadReaders(String(msg.name));
      self.postMessage(message("response", { id: msg.id, body: readFiles(msg) }));
    } else {
      self.postMessage(message("response", { id: msg.id, body: handleJson(String(msg.body)) }));
    }
  } catch (err) {
    self.postMessage(message("response", { id: msg.id, error: "The engine is not available." }));
  }
};
