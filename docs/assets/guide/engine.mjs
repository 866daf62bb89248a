// The page's side of the engine: one module Web Worker per visit, shared by every
// tool page and kept across Material's instant navigation.
//
//   scheduleEngine()        start it once the page has loaded; with Save-Data on, wait for the reader
//   startEngine()           start the worker now if it is not running (idempotent)
//   request(type, data)     a Promise of the response's data; rejects with EngineError
//   watchEngine(listener)   called now and on every status change; returns an unsubscribe
//   retryEngine()           throw away a failed worker and start again

import { config, siteRoot } from "./config.mjs";
import { TO_PAGE, check, message } from "./messages.mjs";

export class EngineError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.path = error.path || "";
  }
}

const ANSWER_WITHIN_MS = 10000; // a ready engine answers in well under a second, even on a slow phone
// Reading activity files is the exception: a Strava export of hundreds of files takes a
// minute or more on a phone (the first time also loads the readers).
const READ_FILES_WITHIN_MS = 15 * 60 * 1000;
const MAX_RESTARTS = 2;

let worker = null;
let nextId = 1;
let restarts = 0;
let readyAt = 0;
let watchdog = null;
const pending = new Map();
const listeners = new Set();
let status = { state: "idle", step: 0, steps: 3, text: "" };

function setStatus(next) {
  status = { ...status, ...next };
  for (const listener of listeners) listener(status);
}

export function engineStatus() {
  return status;
}

export function watchEngine(listener) {
  listeners.add(listener);
  listener(status);
  return () => listeners.delete(listener);
}

function failAll(message) {
  for (const { reject } of pending.values()) reject(new EngineError({ code: "unavailable", message }));
  pending.clear();
}

function onMessage(event) {
  let msg;
  try {
    msg = check(event.data, TO_PAGE);
  } catch (err) {
    console.error(String(err)); // a worker of another build, or a bug: never guess
    return;
  }
  switch (msg.kind) {
    case "progress":
      setStatus({ state: "loading", step: msg.step, steps: msg.steps, text: msg.text });
      break;
    case "ready":
      if (config.build && msg.build !== config.build) {
        // A page of one build must never talk to the engine of another (for example a
        // cached page after a new deployment): ask for a reload instead.
        fail("The site has been updated since this page was loaded. Reload the page to use the new version.");
        setStatus({ mismatch: true });
        break;
      }
      readyAt = performance.now();
      rememberStarted();
      setStatus({ state: "ready", step: status.steps, text: "", engine: msg.engine, build: msg.build, bootMs: msg.ms, boot: msg.boot });
      break;
    case "failed":
      fail(`The engine could not start (${msg.message}).`);
      break;
    case "response": {
      const entry = pending.get(msg.id);
      if (!entry) return;
      pending.delete(msg.id);
      if ("error" in msg) return entry.reject(new EngineError({ code: "unavailable", message: msg.error }));
      if (entry.raw) return entry.resolve(msg.body);
      const response = JSON.parse(msg.body);
      if (response.type === "result") entry.resolve(response.data);
      else entry.reject(new EngineError(response.error));
      break;
    }
  }
}

function fail(message) {
  if (worker) worker.terminate();
  worker = null;
  setStatus({ state: "failed", text: message });
  failAll(message);
}

/** A worker that died (an error, or silence): start a new one and resend what was waiting. */
function crashed(message) {
  if (restarts >= MAX_RESTARTS) return fail(message);
  restarts += 1;
  if (worker) worker.terminate();
  worker = null;
  startEngine();
  for (const entry of pending.values()) {
    entry.sentAt = performance.now();
    worker.postMessage(entry.message);
  }
}

// A worker that closes itself fires no error event: notice it by its silence.
function checkAnswers() {
  if (status.state !== "ready" || !pending.size) return;
  const now = performance.now();
  for (const entry of pending.values()) {
    if (now - Math.max(entry.sentAt, readyAt) > entry.within) return crashed("The engine stopped responding.");
  }
}

export function startEngine() {
  if (worker) return;
  const url = new URL(`${config.worker}?v=${config.build}`, siteRoot);
  worker = new Worker(url, { type: "module", name: "guide-engine" });
  worker.onmessage = onMessage;
  worker.onerror = (event) => {
    event.preventDefault();
    if (status.state === "ready") crashed("The engine stopped unexpectedly.");
    else fail("The engine could not start.");
  };
  if (!watchdog) watchdog = setInterval(checkAnswers, 2000);
  setStatus({ state: "loading", step: 0, text: "Preparing the engine" });
  worker.postMessage(message("boot", { indexURL: new URL(config.pyodide, siteRoot).href, build: config.build || "" }));
  for (const resume of waitingForStart.splice(0)) resume();
}

export function retryEngine() {
  if (worker) fail("Restarting the engine.");
  restarts = 0;
  startEngine();
}

function saveData() {
  return Boolean(navigator.connection && navigator.connection.saveData);
}

/** Resolves once the page has finished loading (the engine then no longer competes with it). */
export function pageLoaded() {
  if (document.readyState === "complete") return Promise.resolve();
  return new Promise((resolve) => window.addEventListener("load", () => resolve(), { once: true }));
}

// Set once this build's engine has started on this device: its runtime is then in the
// service worker's cache and its memory snapshot in Cache Storage.
const STARTED_KEY = "trainsmart.engine.started";

function startedBefore() {
  try {
    return localStorage.getItem(STARTED_KEY) === config.build;
  } catch {
    return false;
  }
}

function rememberStarted() {
  try {
    localStorage.setItem(STARTED_KEY, config.build);
  } catch {
    // storage full or blocked: the next visit waits for the load event, as a first one does
  }
}

/**
 * Start the engine when it will not compete with the page's own loading: after the
 * load event on a first visit (Python is 4-5 MB to download). When this build's engine
 * already started on this device there is nothing to download, so start at once.
 */
export function scheduleEngine() {
  if (worker || status.state === "paused") return;
  if (startedBefore()) return startEngine();
  if (saveData()) {
    setStatus({ state: "paused", text: "Data saver is on, so the results engine (about 5 MB, once) waits for you." });
    return;
  }
  pageLoaded().then(() => startEngine());
}

const waitingForStart = [];

function send(build) {
  if (!worker && status.state === "paused") {
    // Save-Data: never download Python without the reader's go-ahead.
    return new Promise((resolve) => waitingForStart.push(resolve)).then(() => send(build));
  }
  startEngine();
  const id = nextId++;
  const msg = build(id);
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, message: msg, raw: msg.kind !== "request", sentAt: performance.now(),
      within: msg.kind === "request" ? ANSWER_WITHIN_MS : READ_FILES_WITHIN_MS });
    worker.postMessage(msg);
  });
}

/** One engine request; resolves with the result's data, rejects with EngineError. The id travels once, outside the body. */
export function request(type, data) {
  const body = JSON.stringify({ v: 1, type, data });
  return send((id) => message("request", { id, body }));
}

/** Read activity files in the engine (the readers load on first use); resolves with the `activities` result. */
export function readActivities(files, tz) {
  return send((id) => message("import", { id, files, tz, name: config.readers })).then((body) => {
    const response = JSON.parse(body);
    if (response.type === "result") return response.data;
    throw new EngineError(response.error);
  });
}

/** Load the activity readers into the engine (only when the reader imports files). */
export function loadReaders() {
  return send((id) => message("readers", { id, name: config.readers }));
}
