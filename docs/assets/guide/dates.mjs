// Local calendar dates as "YYYY-MM-DD" strings (the format the engine reads).

export const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

export function isoDate(d) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function parseIso(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

export function addDays(iso, n) {
  const d = parseIso(iso);
  d.setDate(d.getDate() + n);
  return isoDate(d);
}

/** The first day of the week holding `day` (a Date), for weeks starting on `startDay`. */
export function weekStartFor(day, startDay) {
  const weekday = (day.getDay() + 6) % 7; // Monday = 0
  const offset = (weekday - WEEKDAYS.indexOf(startDay) + 7) % 7;
  const d = new Date(day.getFullYear(), day.getMonth(), day.getDate() - offset);
  return isoDate(d);
}

// Dates in the page's language (English), day first: "16 Nov 2026". Intl would follow
// the browser's locale inside English sentences, and building its first formatter
// costs about 60 ms of main thread on a slow phone (Chromium CPU profile, 4x throttling).
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function readable(iso, { year = true } = {}) {
  const d = parseIso(iso);
  return d ? `${d.getDate()} ${MONTHS[d.getMonth()]}${year ? ` ${d.getFullYear()}` : ""}` : iso;
}
