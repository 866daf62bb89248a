// Kilometres or miles, as the reader chooses (stored data is always in km).

export const KM_PER_MILE = 1.609344;

/** The default for a reader who has not chosen: miles where the language's region counts in miles. */
export function defaultUnits(language = navigator.language || "") {
  return /^en-(US|LR)$|^my\b/i.test(language) ? "mi" : "km";
}

/** A distance typed in `units`, in km for storage (two decimals, as the engine keeps it). */
export function toKm(value, units) {
  if (value === "" || value === null || value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) return value; // bad text stays, so the engine can name the field
  return units === "mi" ? Math.round(n * KM_PER_MILE * 100) / 100 : n;
}

/** A stored km distance as a field value in `units`. */
export function fromKm(km, units) {
  if (km === null || km === undefined || km === "") return "";
  return units === "mi" ? String(Math.round((km / KM_PER_MILE) * 100) / 100) : String(km);
}

/** Show a stored km distance in a field, in `units`, and remember the km it came from. */
export function showDistance(field, km, units) {
  field.value = fromKm(km, units);
  field.dataset.km = field.value === "" ? "" : String(km);
}

/** A distance field's km: the km it was shown from while it still shows that number (6.21 mi
    shown for 10 km is 10 km, not 9.99), else what is typed, converted. */
export function readDistance(field, units) {
  const km = field.dataset.km ? Number(field.dataset.km) : NaN;
  const same = field.value.trim() !== "" && Number(field.value) === Number(fromKm(km, units)); // "6.210" is 6.21 too
  return Number.isFinite(km) && same ? km : toKm(field.value, units);
}

/** "8 km" or "5 mi": for reading, one decimal in miles. */
export function distanceText(km, units) {
  if (km === null || km === undefined) return "–";
  return units === "mi" ? `${Math.round((km / KM_PER_MILE) * 10) / 10} mi` : `${Math.round(km * 100) / 100} km`;
}

/** Every distance field's label names the unit. */
export function labelDistances(root, units) {
  for (const label of root.querySelectorAll("[data-distance-label]")) {
    label.textContent = label.textContent.replace(/\((km|mi)(, optional)?\)/, (_, _u, optional) => `(${units}${optional || ""})`);
  }
}
