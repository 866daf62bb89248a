// The weekly tool's sections as tabs, each with its own address (#this-week, #log, ...).
// CSS already shows the section the address names before this runs (:target); this keeps
// the tabs' state, answers the back button, and moves focus for keyboard and screen readers.

/** The id an address's fragment names ("" for one that is not valid percent-encoding). */
function idOf(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return "";
  }
}

export function mountTabs(root, { signal, onShow }) {
  const tabs = [...root.querySelectorAll("[data-tab]")];
  const panels = new Map([...root.querySelectorAll("[data-panel]")].map((p) => [p.dataset.panel, p]));
  const fallback = root.querySelector("[data-panel][data-default]").dataset.panel;
  const container = root.querySelector("[data-panels]");

  function current() {
    const id = idOf(location.hash);
    return panels.has(id) ? id : fallback;
  }

  function show(id, { focus = false } = {}) {
    container.dataset.active = id;
    for (const tab of tabs) {
      const on = tab.dataset.tab === id;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
    }
    for (const [name, panel] of panels) panel.hidden = name !== id;
    if (focus) panels.get(id).focus({ preventScroll: true });
    onShow(id);
  }

  /** Go to a section as a link would: a new history entry, so the back button returns (moving
   * along the tabs with the arrow keys replaces it, so Back does not walk through each one). */
  function go(id, { focus = true, replace = false } = {}) {
    if (current() !== id || location.hash !== `#${id}`) history[replace ? "replaceState" : "pushState"](null, "", `#${id}`);
    show(id, { focus });
    // The section opens at its top, however far down the last one was read (the tab bar is
    // sticky, so scrolling it into view would not move the page).
    const below = root.querySelector("[data-tool-tabs]").getBoundingClientRect().bottom;
    if (panels.get(id).getBoundingClientRect().top < below) panels.get(id).scrollIntoView({ block: "start" });
  }

  /** The section a link inside the tool points at, or null (Material may rewrite hrefs as full URLs). */
  function target(link) {
    const url = new URL(link.href, location.href);
    const id = idOf(url.hash);
    return url.origin === location.origin && url.pathname === location.pathname && panels.has(id) ? id : null;
  }

  root.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    const id = link && target(link);
    if (!id) return;
    // The tool owns its sections: neither the browser nor Material's instant navigation
    // (which would fetch and swap the whole page, remounting the tool) follows the link.
    event.preventDefault();
    event.stopPropagation();
    go(id, { focus: !link.matches("[data-tab]") });
  }, { signal });
  root.querySelector("[data-tool-tabs]").addEventListener("keydown", (event) => {
    const at = tabs.indexOf(document.activeElement);
    if (at < 0 || !["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    const next = event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1
      : (at + (event.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length;
    go(tabs[next].dataset.tab, { focus: false, replace: true });
    tabs[next].focus();
  }, { signal });
  // Moves within this page (Back and forward between sections, a link to a heading here) are the
  // page's: Material's instant navigation must not hear them (its listeners come after these
  // capturing ones), or it fetches the page again and swaps it in, remounting the tool and
  // dropping rows typed in the Plan form (helper-9, helper-10). Leaving the page is the theme's.
  const path = location.pathname;
  window.addEventListener("popstate", (event) => {
    if (location.pathname !== path) return;
    event.stopImmediatePropagation();
    show(current());
  }, { signal, capture: true });
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || target(link)) return; // the tool's own sections: the handler above
    const url = new URL(link.href, location.href);
    // A place on this very page (a search result's "?h=" is another address): the browser goes there.
    if (url.origin === location.origin && url.pathname === path && url.search === location.search && url.hash) event.stopPropagation();
  }, { signal, capture: true });
  window.addEventListener("hashchange", () => show(current()), { signal });
  show(current());
  return { go, current };
}
