// Storage on the reader's device (localStorage), never losing what it cannot read.
//
//   readRaw(key)            -> {raw, problem}; problem "unavailable" where storage is blocked
//   writeRaw(key, text)     -> {ok, problem}; written, then read back and compared ("full", "unavailable", "verify")
//   readJSON(key)           -> {value, problem}; text that is not JSON is kept aside first
//   writeJSON(key, value)   -> as writeRaw
//   keepAside(key, raw)     -> {key} of a confirmed copy, or {problem}; one copy per content, at most MAX_BACKUPS
//   backups(prefix)         -> [{key, size, made}] newest first
//   removeKey(key)
//   localText(key), inMemory() -> {read(), write(text)}: one key's text, or this page's memory
//   withLock(name, task)    -> task run under a Web Lock, where the browser has them

export const MAX_BACKUPS = 5; // copies set aside per kind of data: bounded, and listed on the page

function store() {
  try {
    const s = window.localStorage;
    s.getItem("trainsmart.probe"); // throws where storage is blocked
    return s;
  } catch {
    return null;
  }
}

export function readRaw(key) {
  const s = store();
  if (!s) return { raw: null, problem: "unavailable" };
  return { raw: s.getItem(key), problem: null };
}

/** Write text and read it back: a write counts only once the same text is there. */
export function writeRaw(key, text) {
  const s = store();
  if (!s) return { ok: false, problem: "unavailable" };
  try {
    s.setItem(key, text);
  } catch (err) {
    const full = err && (err.name === "QuotaExceededError" || err.code === 22 || err.name === "NS_ERROR_DOM_QUOTA_REACHED");
    return { ok: false, problem: full ? "full" : "unavailable" };
  }
  return s.getItem(key) === text ? { ok: true, problem: null } : { ok: false, problem: "verify" };
}

export function writeJSON(key, value) {
  return writeRaw(key, JSON.stringify(value));
}

export function removeKey(key) {
  const s = store();
  if (s) s.removeItem(key);
}

/** One key's text, read and written (with the read-back check) as a unit. */
export function localText(key) {
  return { read: () => readRaw(key).raw, write: (text) => writeRaw(key, text) };
}

/** The same, in this page's memory only: where storage is blocked. */
export function inMemory() {
  let text = null;
  return { read: () => text, write: (next) => { text = next; return { ok: true }; } };
}

/** Web Locks keep two tabs from writing at once where the browser has them; the re-read
 * before each write covers the others. */
export function withLock(name, task) {
  return navigator.locks && navigator.locks.request ? navigator.locks.request(name, task) : task();
}

const BACKUP = ".backup-";

/** The copies kept aside for `key`, newest first. */
export function backups(key) {
  const s = store();
  if (!s) return [];
  const found = [];
  for (let i = 0; i < s.length; i += 1) {
    const name = s.key(i);
    if (name && name.startsWith(key + BACKUP)) found.push({ key: name, size: (s.getItem(name) || "").length, made: name.slice(key.length + BACKUP.length) });
  }
  return found.sort((a, b) => b.made.localeCompare(a.made));
}

/**
 * Keep the raw text aside under a backup key, and confirm it is there. The same text is
 * never copied twice (a page opened every day must not fill the storage with copies),
 * and no more than MAX_BACKUPS copies are made: the reader exports or discards them.
 */
export function keepAside(key, raw) {
  const s = store();
  if (!s) return { problem: "unavailable" };
  if (raw === null) return { problem: "nothing" };
  const existing = backups(key);
  const same = existing.find((b) => s.getItem(b.key) === raw);
  if (same) return { key: same.key };
  if (existing.length >= MAX_BACKUPS) return { problem: "limit" };
  const name = `${key}${BACKUP}${new Date().toISOString().replace(/[:.]/g, "-")}`;
  const written = writeRaw(name, raw);
  return written.ok ? { key: name } : { problem: written.problem };
}

/** Parse a key's JSON; text that does not parse is kept aside (and then removed), never fatal. */
export function readJSON(key) {
  const { raw, problem } = readRaw(key);
  if (problem || raw === null) return { value: null, problem };
  try {
    return { value: JSON.parse(raw), problem: null };
  } catch {
    const kept = keepAside(key, raw);
    if (kept.key) removeKey(key);
    return { value: null, problem: "corrupt", backupKey: kept.key };
  }
}
