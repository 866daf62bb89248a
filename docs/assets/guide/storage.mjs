// Storage on the reader's device (localStorage), never overwriting what it cannot read.
//
//   readJSON(key)        -> {value, problem}; unreadable data is moved aside to a backup key
//   writeJSON(key, value) -> {ok, problem}; problem is "full" or "unavailable"
//   removeKey(key)

function store() {
  try {
    const s = window.localStorage;
    s.getItem("trainsmart.probe"); // throws where storage is blocked
    return s;
  } catch {
    return null;
  }
}

/** Keep the raw text aside under a backup key so nothing is ever silently lost. */
export function keepAside(key, raw) {
  const s = store();
  if (!s || raw === null) return null;
  const backupKey = `${key}.backup-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  try {
    s.setItem(backupKey, raw);
    return backupKey;
  } catch {
    return null;
  }
}

export function readRaw(key) {
  const s = store();
  if (!s) return { raw: null, problem: "unavailable" };
  return { raw: s.getItem(key), problem: null };
}

export function readJSON(key) {
  const { raw, problem } = readRaw(key);
  if (problem || raw === null) return { value: null, problem };
  try {
    return { value: JSON.parse(raw), problem: null };
  } catch {
    const backupKey = keepAside(key, raw);
    store().removeItem(key);
    return { value: null, problem: "corrupt", backupKey };
  }
}

export function writeJSON(key, value) {
  const s = store();
  if (!s) return { ok: false, problem: "unavailable" };
  try {
    s.setItem(key, JSON.stringify(value));
    return { ok: true, problem: null };
  } catch (err) {
    const full = err && (err.name === "QuotaExceededError" || err.code === 22);
    return { ok: false, problem: full ? "full" : "unavailable" };
  }
}

export function removeKey(key) {
  const s = store();
  if (s) s.removeItem(key);
}
