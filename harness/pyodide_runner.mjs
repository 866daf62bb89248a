#!/usr/bin/env node
/**
 * Run guide_engine requests in the Pyodide runtime that the built site ships.
 *
 *   node harness/pyodide_runner.mjs SITE_PYODIDE_DIR < requests.json
 *   node harness/pyodide_runner.mjs SITE_PYODIDE_DIR --snapshot < requests.json
 *   node harness/pyodide_runner.mjs SITE_PYODIDE_DIR --tamper=KIND
 *   node harness/pyodide_runner.mjs SITE_PYODIDE_DIR [--snapshot] --readers --mount=DIR < requests.json
 *
 * SITE_PYODIDE_DIR is the site's `pyodide/<version>/` folder. The loader is
 * imported from that folder, not from node_modules, so a run proves the files
 * the site serves work: the loader, the runtime, the standard library, the lock
 * file and the engine wheel it names (loaded by name, as the page does).
 *
 * Default mode: stdin holds a JSON list of requests. Each is passed to
 * `guide_engine.api.handle_json` as its exact source text (see
 * splitJsonArray), and stdout gets one JSON object:
 *
 *   {"runtime": {"python", "python_version", "platform", "pyodide", "engine", ...},
 *    "wheel": {"file_name", "sha256", "lock_sha256", "match"},
 *    "timings_ms": {"boot", "requests", "per_request": [ms, ...]},
 *    "responses": [...parsed...], "response_texts": [...as Python wrote them...]}
 *
 * Pyodide checks a package's sha256 only in the browser (fetch's `integrity`);
 * under Node it reads the file and never looks at the lock's sha256. So this
 * runner compares the wheel with the lock itself before booting, and refuses a
 * mismatch, as the browser would. (Checked in Chromium: with a wrong sha256 in
 * the lock, fetch fails with "SRI's integrity checks failed" and the package is
 * not loaded.)
 *
 * --snapshot answers the requests as a repeat visit's worker does: it boots Pyodide
 * with the engine, prepares it and takes a memory snapshot, then restores a second
 * Python from that snapshot and answers there. The snapshot code is the site's own
 * (`assets/guide/snapshot.mjs`, beside the Pyodide folder). The output gains
 * "snapshot": {"bytes", "restore_ms", "engine_files_present"}; the restored Python
 * has its memory but not the files the wheel installed, so the last is false.
 *
 * --readers loads the activity-file readers after the boot (or after the snapshot
 * restore) with `pyodide.loadPackage("guide-engine-readers")`, by name from the
 * folder's lock file, as the page does when a reader imports files. The output gains
 * "readers": {"loaded", "load_ms", "before": modules already imported before loading,
 * "after": the same after the requests}. --mount=DIR copies every file under DIR
 * into Pyodide's file system at the same absolute path, so an `activities` request
 * names the same paths in CPython and in Pyodide.
 *
 * --tamper=KIND copies SITE_PYODIDE_DIR to a temporary folder, alters it, and
 * reports as JSON what the runner's check and Pyodide itself make of it
 * (Pyodide is booted without the runner's check). KIND is one of:
 *   lock-sha256  one hex digit of the wheel's sha256 in pyodide-lock.json
 *   wheel-data   one byte inside the compressed data of the package's largest file
 *   wheel-header one byte of a file's modification time in the wheel's zip header
 *
 * Exit status: 0 on success, 1 with a message on stderr on any failure.
 */

import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PACKAGE = "guide-engine";
const READERS = "guide-engine-readers";
// Modules the readers bring; none may be imported before the reader imports files.
const READER_MODULES = ["fitdecode", "gpxpy", "xml", "csv"];
const TAMPER_KINDS = ["lock-sha256", "wheel-data", "wheel-header"];

class RunnerError extends Error {}

function parseArgs(argv) {
  const positional = argv.filter((a) => !a.startsWith("--"));
  const flags = argv.filter((a) => a.startsWith("--"));
  if (positional.length !== 1) {
    throw new RunnerError("usage: node harness/pyodide_runner.mjs SITE_PYODIDE_DIR [--snapshot | --tamper=KIND] < requests.json");
  }
  let tamper = null;
  let snapshot = false;
  let readers = false;
  let mount = null;
  for (const flag of flags) {
    if (flag === "--snapshot") {
      snapshot = true;
      continue;
    }
    if (flag === "--readers") {
      readers = true;
      continue;
    }
    const mm = /^--mount=(.+)$/.exec(flag);
    if (mm) {
      mount = path.resolve(mm[1]);
      continue;
    }
    const m = /^--tamper=(.+)$/.exec(flag);
    if (!m) throw new RunnerError(`unknown option ${flag}`);
    if (!TAMPER_KINDS.includes(m[1])) {
      throw new RunnerError(`unknown tamper kind ${m[1]}: use one of ${TAMPER_KINDS.join(", ")}`);
    }
    tamper = m[1];
  }
  const dir = path.resolve(positional[0]);
  for (const name of ["pyodide.mjs", "pyodide-lock.json"]) {
    if (!fs.existsSync(path.join(dir, name))) {
      throw new RunnerError(`${path.join(dir, name)} is missing: is the site built (make build)?`);
    }
  }
  if (snapshot && tamper) throw new RunnerError("--snapshot and --tamper do not go together");
  return { dir, tamper, snapshot, readers, mount };
}

/** The engine's entry in the folder's pyodide-lock.json. */
function lockEntry(dir) {
  const lock = JSON.parse(fs.readFileSync(path.join(dir, "pyodide-lock.json"), "utf8"));
  const entry = lock.packages?.[PACKAGE];
  if (!entry) throw new RunnerError(`${PACKAGE} is not registered in ${dir}/pyodide-lock.json`);
  if (entry.file_name.includes("://") || path.isAbsolute(entry.file_name)) {
    throw new RunnerError(`${PACKAGE} has file_name ${entry.file_name}; the site must ship it beside the lock`);
  }
  return entry;
}

/** Hash the wheel the lock names, as the browser's fetch integrity check would. */
function checkWheel(dir, name = PACKAGE) {
  const entry = name === PACKAGE ? lockEntry(dir) : JSON.parse(fs.readFileSync(path.join(dir, "pyodide-lock.json"), "utf8")).packages?.[name];
  if (!entry) throw new RunnerError(`${name} is not registered in ${dir}/pyodide-lock.json`);
  const file = path.join(dir, entry.file_name);
  // A missing file matters twice: under Node, Pyodide would fall back to its CDN.
  if (!fs.existsSync(file)) throw new RunnerError(`the lock names ${entry.file_name}, which is not in ${dir}`);
  const sha256 = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  return { file_name: entry.file_name, sha256, lock_sha256: entry.sha256, match: sha256 === entry.sha256.toLowerCase() };
}

/**
 * The exact source text of each element of a JSON array.
 *
 * JSON.parse + JSON.stringify would change what Python sees: 1.0 becomes 1 and
 * 2**53 + 1 becomes 2**53, and the engine treats those differently. `text` must
 * already be known to be a valid JSON array.
 */
function splitJsonArray(text) {
  const parts = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === "[" || c === "{") {
      if (depth++ === 0) start = i + 1;
    } else if (c === "]" || c === "}") {
      if (--depth === 0) {
        const last = text.slice(start, i).trim();
        if (last) parts.push(last);
      }
    } else if (c === "," && depth === 1) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return parts;
}

function readRequests() {
  const text = fs.readFileSync(0, "utf8");
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new RunnerError(`stdin is not valid JSON: ${err.message}`);
  }
  if (!Array.isArray(parsed)) throw new RunnerError("stdin must be a JSON list of requests");
  const texts = splitJsonArray(text);
  if (texts.length !== parsed.length) throw new RunnerError("internal: could not split the request list");
  return texts;
}

/** Boot the folder's own Pyodide with the engine loaded by name; collect what it prints. */
async function boot(dir, extra = {}) {
  const { loadPyodide } = await import(pathToFileURL(path.join(dir, "pyodide.mjs")).href);
  const log = [];
  const started = performance.now();
  const pyodide = await loadPyodide({
    indexURL: dir + path.sep,
    packages: [PACKAGE],
    // Keep stdout for our JSON: Pyodide's messages go to the log, and to stderr below.
    stdout: (line) => log.push(line),
    stderr: (line) => log.push(line),
    ...extra,
  });
  return { pyodide, log, bootMs: performance.now() - started };
}

/** A cold boot that snapshots the prepared engine, then a Python restored from it. */
async function bootFromSnapshot(dir) {
  const snapshotModule = path.join(dir, "..", "..", "assets", "guide", "snapshot.mjs");
  if (!fs.existsSync(snapshotModule)) throw new RunnerError(`${snapshotModule} is missing: is the site built?`);
  const { prepareEngine, takeSnapshot, checkRestored } = await import(pathToFileURL(snapshotModule).href);
  const cold = await boot(dir, { _makeSnapshot: true });
  if (!(PACKAGE in cold.pyodide.loadedPackages)) throw new RunnerError(`Pyodide did not load ${PACKAGE}:\n${cold.log.join("\n")}`);
  const { digest } = prepareEngine(cold.pyodide);
  const bytes = takeSnapshot(cold.pyodide);
  const restored = await boot(dir, { packages: [], _loadSnapshot: bytes });
  checkRestored(restored.pyodide, digest);
  const files = restored.pyodide.runPython("import os, guide_engine; os.path.exists(guide_engine.__file__)");
  return { ...restored, log: [...cold.log, ...restored.log],
           snapshot: { bytes: bytes.length, restore_ms: Math.round(restored.bootMs), engine_files_present: files } };
}

// After a snapshot restore the wheel's files (dist-info included) are not on the file
// system, so "distribution" is then null.
const RUNTIME_PY = `
import importlib.metadata, json, sys
import guide_engine
try:
    distribution = importlib.metadata.version("guide-engine")
except importlib.metadata.PackageNotFoundError:
    distribution = None
json.dumps({
    "python": sys.version,
    "python_version": list(sys.version_info[:3]),
    "implementation": sys.implementation.name,
    "platform": sys.platform,
    "engine": guide_engine.ENGINE_VERSION,
    "engine_file": guide_engine.__file__,
    "distribution": distribution,
})
`;

/** Every package the readers' lock entry needs, itself included. */
function readerPackages(dir) {
  const packages = JSON.parse(fs.readFileSync(path.join(dir, "pyodide-lock.json"), "utf8")).packages;
  const seen = new Set();
  const todo = [READERS];
  while (todo.length) {
    const name = todo.pop();
    if (seen.has(name)) continue;
    if (!packages[name]) throw new RunnerError(`${name} is not registered in ${dir}/pyodide-lock.json`);
    seen.add(name);
    todo.push(...(packages[name].depends || []));
  }
  return [...seen].sort();
}

function importedReaderModules(pyodide) {
  return JSON.parse(pyodide.runPython(
    `import json, sys\njson.dumps(sorted(m for m in ${JSON.stringify(READER_MODULES)} if m in sys.modules))`));
}

/** Copy every file under `root` into Pyodide's file system at the same absolute path. */
function mountFiles(pyodide, root) {
  let count = 0;
  const walk = (folder) => {
    for (const item of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, item.name);
      if (item.isDirectory()) walk(full);
      else if (item.isFile()) {
        pyodide.FS.mkdirTree(folder);
        pyodide.FS.writeFile(full, fs.readFileSync(full));
        count++;
      }
    }
  };
  walk(root);
  return count;
}

async function run(dir, fromSnapshot, withReaders, mount) {
  const requests = readRequests();
  const names = withReaders ? [PACKAGE, ...readerPackages(dir)] : [PACKAGE];
  const wheels = names.map((name) => checkWheel(dir, name));
  const wheel = wheels[0];
  for (const w of wheels) {
    if (!w.match) {
      throw new RunnerError(
        `sha256 mismatch for ${w.file_name}: pyodide-lock.json says ${w.lock_sha256}, ` +
          `the file is ${w.sha256}. A browser would refuse it; rebuild the site (make build).`,
      );
    }
  }
  const { pyodide, log, bootMs, snapshot } = fromSnapshot ? await bootFromSnapshot(dir) : await boot(dir);
  let readers = null;
  if (withReaders) {
    const before = importedReaderModules(pyodide);
    const started = performance.now();
    await pyodide.loadPackage(READERS, { messageCallback: (m) => log.push(m), errorCallback: (m) => log.push(m) });
    const loaded = names.slice(1).filter((name) => name in pyodide.loadedPackages);
    if (loaded.length !== names.length - 1) throw new RunnerError(`loadPackage(${READERS}) did not load every reader:\n${log.join("\n")}`);
    readers = { loaded, load_ms: Math.round(performance.now() - started), before };
  }
  const mounted = mount ? mountFiles(pyodide, mount) : 0;
  if (!fromSnapshot && !(PACKAGE in pyodide.loadedPackages)) {
    // loadPyodide resolves even when a package fails to install: it only logs.
    throw new RunnerError(`Pyodide did not load ${PACKAGE}:\n${log.join("\n")}`);
  }
  const runtime = { ...JSON.parse(pyodide.runPython(RUNTIME_PY)), pyodide: pyodide.version };
  const handleJson = pyodide.pyimport("guide_engine.api").handle_json;
  const started = performance.now();
  const requestMs = [];
  const texts = requests.map((request, i) => {
    const t = performance.now();
    try {
      return handleJson(request);
    } catch (err) {
      // handle_json never raises in Python, so this is the runtime failing (for
      // example a fatal "Maximum call stack size exceeded"); Pyodide is unusable after it.
      throw new RunnerError(`request ${i} (${request.slice(0, 120)}) broke Pyodide: ${err.message}`);
    } finally {
      requestMs.push(Math.round((performance.now() - t) * 10) / 10);
    }
  });
  const requestsMs = performance.now() - started;
  handleJson.destroy();
  if (readers) readers.after = importedReaderModules(pyodide);
  const responses = texts.map((text, i) => {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new RunnerError(`response ${i} is not JSON (${err.message}): ${text.slice(0, 200)}`);
    }
  });
  if (log.length) process.stderr.write(log.join("\n") + "\n");
  return {
    runtime,
    wheel,
    timings_ms: { boot: Math.round(bootMs), requests: Math.round(requestsMs), per_request: requestMs },
    ...(snapshot ? { snapshot } : {}),
    ...(readers ? { readers } : {}),
    ...(mount ? { mounted } : {}),
    responses,
    response_texts: texts,
  };
}

/**
 * Where the data of the largest deflated member of the package itself starts, and its
 * size. The .dist-info files are left out: METADATA carries the README, which grows
 * with the project, and damage there is a different failure from damaged engine data.
 */
function largestMember(zip) {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new RunnerError("the wheel is not a zip file");
  let at = zip.readUInt32LE(eocd + 16);
  let best = null;
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    if (method === 8 && !name.includes(".dist-info/") && (!best || size > best.size)) best = { name, local, size };
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  if (!best) throw new RunnerError("the wheel has no compressed member");
  best.data = best.local + 30 + zip.readUInt16LE(best.local + 26) + zip.readUInt16LE(best.local + 28);
  return best;
}

function applyTamper(dir, kind) {
  const entry = lockEntry(dir);
  if (kind === "lock-sha256") {
    const lockFile = path.join(dir, "pyodide-lock.json");
    const lock = JSON.parse(fs.readFileSync(lockFile, "utf8"));
    const old = lock.packages[PACKAGE].sha256;
    lock.packages[PACKAGE].sha256 = (old[0] === "0" ? "1" : "0") + old.slice(1);
    fs.writeFileSync(lockFile, JSON.stringify(lock));
    return `changed the first hex digit of ${PACKAGE}'s sha256 in pyodide-lock.json`;
  }
  const wheelFile = path.join(dir, entry.file_name);
  const zip = fs.readFileSync(wheelFile);
  const member = largestMember(zip);
  // wheel-data: the middle of a deflate stream; wheel-header: the low byte of the
  // local header's modification time, which no decompressor or CRC looks at.
  const offset = kind === "wheel-data" ? member.data + Math.floor(member.size / 2) : member.local + 10;
  zip[offset] ^= 0x01;
  fs.writeFileSync(wheelFile, zip);
  return `flipped one bit of byte ${offset} of ${entry.file_name} (${kind === "wheel-data" ? "compressed data" : "modification time"} of ${member.name})`;
}

// One request that needs only api.py and one that reads data/quiz.json, each summarised
// as "result" or its error code.
const ENGINE_PROBE_PY = `
import json, guide_engine
def outcome(request):
    response = guide_engine.handle(request)
    return response["type"] if response["type"] == "result" else response["error"]["code"]
json.dumps({
    "ping": outcome({"type": "ping"}),
    "quiz": outcome({"type": "quiz", "data": {"answers": {}}}),
})
`;

async function tamper(dir, kind) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "pyodide-tamper-"));
  try {
    fs.cpSync(dir, copy, { recursive: true });
    const change = applyTamper(copy, kind);
    const wheel = checkWheel(copy);
    const { pyodide, log } = await boot(copy);
    // What a page that trusts loadPyodide would get: can it import the engine, and answer?
    let engine = null;
    let importError = null;
    try {
      engine = JSON.parse(pyodide.runPython(ENGINE_PROBE_PY));
    } catch (err) {
      importError = err.message.trim().split("\n").at(-1);
    }
    return {
      kind,
      change,
      wheel,
      runner_refuses: !wheel.match,
      pyodide: {
        loaded: PACKAGE in pyodide.loadedPackages,
        log,
        engine,
        import_error: importError,
      },
    };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

async function main() {
  const { dir, tamper: kind, snapshot, readers, mount } = parseArgs(process.argv.slice(2));
  const result = kind ? await tamper(dir, kind) : await run(dir, snapshot, readers, mount);
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((err) => {
  const message = err instanceof RunnerError ? err.message : err.stack || String(err);
  process.stderr.write(`pyodide_runner: ${message}\n`);
  process.exitCode = 1;
});
