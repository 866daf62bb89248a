// The engine worker's protocol: one list of message kinds, one shape each, one id.
// The page and the worker both build and check messages here; an unknown kind or a
// message of the wrong shape is refused loudly instead of being passed over.
//
//   page -> worker  boot      {indexURL, build}       once, first; build: the page's engine digest
//   page -> worker  request   {id, body}              body: a JSON request text, without an id
//   page -> worker  readers   {id, name}              load the activity readers' package (pyodide.loadPackage)
//   page -> worker  import    {id, files, tz, name}   read activity files (File objects, never copied: mounted
//                                                     read-only with WORKERFS) with the readers' package `name`
//   worker -> page  progress  {step, steps, text}
//   worker -> page  ready     {engine, build, ms, boot}  build: the loaded engine's digest; boot: "snapshot" or "cold"
//   worker -> page  failed    {message}
//   worker -> page  response  {id, body | error}      body: the JSON response text; error: the worker's own failure
// Only data crosses: the worker never runs Python text that came from the page.

const SHAPES = {
  boot: ["indexURL", "build"],
  request: ["id", "body"],
  readers: ["id", "name"],
  import: ["id", "files", "tz", "name"],
  progress: ["step", "steps", "text"],
  ready: ["engine", "build", "ms", "boot"],
  failed: ["message"],
  response: ["id"],
};

export const TO_WORKER = ["boot", "request", "readers", "import"];
export const TO_PAGE = ["progress", "ready", "failed", "response"];

export class ProtocolError extends Error {}

/** A message of `kind` with exactly its fields (a response also carries body or error). */
export function message(kind, fields = {}) {
  const shape = SHAPES[kind];
  if (!shape) throw new ProtocolError(`engine protocol: unknown message kind ${JSON.stringify(kind)}`);
  for (const name of shape) {
    if (!(name in fields)) throw new ProtocolError(`engine protocol: ${kind} lacks ${name}`);
  }
  return { kind, ...fields };
}

/** Check a received message against the kinds one side may receive; throws on anything else. */
export function check(msg, allowed) {
  const kind = msg && typeof msg === "object" ? msg.kind : undefined;
  if (!allowed.includes(kind)) throw new ProtocolError(`engine protocol: unexpected message kind ${JSON.stringify(kind)}`);
  for (const name of SHAPES[kind]) {
    if (!(name in msg)) throw new ProtocolError(`engine protocol: ${kind} lacks ${name}`);
  }
  if (kind === "response" && !("body" in msg) && !("error" in msg)) throw new ProtocolError("engine protocol: response lacks body or error");
  return msg;
}
