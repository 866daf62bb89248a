// Pyodide memory snapshots of the prepared engine, shared by the engine worker and the
// Node parity runner (tests/pyodide_runner.mjs imports the site's copy of this file).
//
// `_makeSnapshot` / `_loadSnapshot` are private Pyodide options, marked unstable: every
// use here is checked, and the worker falls back to a cold boot when one fails.

/** The engine module of a started Python, with every route imported and its content loaded. */
export function prepareEngine(pyodide) {
  const api = pyodide.pyimport("guide_engine.api");
  return { api, digest: api.prepare().slice(0, 16), pyodide };
}

/**
 * The memory of a Python started with `_makeSnapshot: true`, engine prepared, as bytes
 * for `_loadSnapshot`. Take it before the engine answers any request, so it holds no
 * reader's data.
 */
export function takeSnapshot(pyodide) {
  // Pyodide's snapshot check expects no package on record (its own snapshots are taken
  // before any is loaded). The engine is imported and prepared by now, so hide the
  // record while the snapshot is taken, then put it back.
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  try {
    return pyodide.makeMemorySnapshot();
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
}

/**
 * Check a Python restored from a snapshot: it must hold this build's engine and answer.
 * Returns the prepared engine; throws when the snapshot is not fit to use.
 */
export function checkRestored(pyodide, build) {
  const engine = prepareEngine(pyodide);
  if (build && engine.digest !== build) throw new Error(`the snapshot holds engine ${engine.digest}, not ${build}`);
  const answer = JSON.parse(engine.api.handle_json('{"type": "ping"}'));
  if (answer.type !== "result") throw new Error("the restored engine did not answer");
  return engine;
}
