// Build-time facts written by overrides/main.html as JSON, and the site's root URL.
// The root comes from this module's own URL (assets/guide/config.mjs), so it stays
// right whichever page instant navigation has moved to.

export const siteRoot = new URL("../../", import.meta.url);

function readConfig() {
  const node = document.getElementById("guide-config");
  try {
    return JSON.parse(node ? node.textContent : "{}");
  } catch {
    return {};
  }
}

export const config = readConfig();

/** An engine link such as "guide/easy-runs/#talk-test" as a URL on this site. */
export function siteUrl(path) {
  return new URL(path, siteRoot).href;
}
