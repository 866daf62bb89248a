// Tiny DOM helpers. Data is always set as text (textContent), never parsed as HTML.

/** h("p", {class: "x"}, "text", child) -> an element; attributes via setAttribute. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An SVG element (same rules as h). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A page button that calls `onClick` until `signal` aborts (`primary`: the main action). */
export function button(label, onClick, signal, primary = false) {
  const b = h("button", { type: "button", class: `md-button${primary ? " md-button--primary" : ""}` }, label);
  b.addEventListener("click", onClick, { signal });
  return b;
}

/** Replace an element's children. */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
}

/** Show the engine's status in a [data-engine-status] block; returns an unsubscribe. */
export function mountEngineStatus(root, watchEngine, retry, signal) {
  const box = root.querySelector("[data-engine-status]");
  if (!box) return () => {};
  const text = box.querySelector("[data-engine-text]");
  const bar = box.querySelector("[data-engine-progress]");
  const button = box.querySelector("[data-action=retry]");
  button.addEventListener("click", retry, { signal });
  return watchEngine((s) => {
    box.dataset.state = s.state;
    if (s.build) box.dataset.engineBuild = s.build; // the loaded engine's digest (tests compare it with the page's)
    if (s.boot) box.dataset.engineBoot = s.boot; // "snapshot" or "cold": how the worker started Python
    button.hidden = s.state !== "failed" && s.state !== "paused";
    button.textContent = s.state === "paused" ? "Load the results engine" : "Try again";
    bar.hidden = s.state !== "loading";
    bar.max = s.steps;
    bar.value = s.step;
    if (s.state === "loading") text.textContent = `Loading the engine (${s.step} of ${s.steps}: ${s.text || "starting"})… carry on meanwhile.`;
    else if (s.state === "ready") text.textContent = "Engine ready: everything is computed on this device.";
    else if (s.state === "failed") text.textContent = s.mismatch ? s.text : `${s.text} Your answers are kept. Check your connection and try again.`;
    else if (s.state === "paused") text.textContent = `${s.text} Your answers are kept meanwhile.`;
  });
}
