// Train Smart service worker: the site works offline after the first visit, and a new
// deployment replaces the old cache as a whole. The build hook writes site/sw.js as
// `const PRECACHE = {...};` (data, from guide_site/offline.py) followed by this file.
//
// PRECACHE = {version, files: [{url, hash, lazy, on_use?}]}: every file of the build. Pages,
// styles and scripts are cached at install; the Python runtime and the engine wheel
// ("lazy") only once a tool page has used them, so article readers never download Python.
// The activity readers' wheels ("lazy" and "on_use") are cached only when first fetched,
// when a reader imports files: then importing works offline, and nobody else pays for them.
// Files whose hash did not change are copied from the previous cache instead of re-fetched.
// A new version waits until the page asks it to take over (after the reader agrees to
// reload), so a page of one build never runs with the engine of another.

/* global PRECACHE */
const PREFIX = "trainsmart-";
const CACHE = `${PREFIX}${PRECACHE.version}`;
const MANIFEST_KEY = "__precache.json";
const scope = self.registration.scope;
const files = new Map(PRECACHE.files.map((f) => [new URL(f.url, scope).href, f]));

async function previousCaches() {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const cache = await caches.open(name);
    const manifest = await cache.match(new URL(MANIFEST_KEY, scope).href);
    if (!manifest) continue;
    const data = await manifest.json();
    found.push({ cache, hashes: new Map(data.files.map((f) => [new URL(f.url, scope).href, f.hash])) });
  }
  return found;
}

/** The first 16 hex digits of a body's sha256, as guide_site/offline.py lists them. */
async function digest(buffer) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

/** A response fit to keep: a plain 200 (never a redirect or an error) whose body is the build's file. */
async function verified(response, file) {
  if (!response || !response.ok || response.status !== 200 || response.redirected || response.type === "opaque") return null;
  return (await digest(await response.clone().arrayBuffer())) === file.hash ? response : null;
}

async function reuse(old, url, hash) {
  for (const o of old) {
    if (o.hashes.get(url) !== hash) continue;
    const hit = await o.cache.match(url);
    if (hit) return hit;
  }
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const old = await previousCaches();
    await Promise.all([...files].map(async ([url, f]) => {
      const kept = await reuse(old, url, f.hash);
      if (kept) return cache.put(url, kept);
      if (f.lazy) return undefined;
      // A file that does not match the manifest (an error, a redirect, a host that changed it)
      // is never kept: the page asks the network for it while online, and nothing stale is served.
      const response = await verified(await fetch(url, { cache: "no-cache" }).catch(() => null), f);
      return response ? cache.put(url, response) : undefined;
    }));
    await cache.put(new URL(MANIFEST_KEY, scope).href, new Response(JSON.stringify(PRECACHE)));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function cacheKey(url) {
  const u = new URL(url);
  u.search = "";
  u.hash = "";
  if (u.pathname.endsWith("/index.html")) u.pathname = u.pathname.slice(0, -"index.html".length);
  return u.href;
}

// Android's share sheet sends activity files here (the manifest's share_target): they are
// kept in the inbox cache, which no new version deletes, and the checklist's import reads
// them from there and empties it once they are in its preview. Nothing leaves the device.
const INBOX = "inbox.trainsmart-shared-files"; // not under PREFIX: "activate" must keep it
const INBOX_FOLDER = "__shared-files/";

async function receiveShare(request) {
  const to = new URL(request.url);
  to.hash = "backup";
  try {
    const files = (await request.formData()).getAll("activities").filter((f) => typeof f !== "string");
    const inbox = await caches.open(INBOX);
    const stamp = Date.now();
    await Promise.all(files.map((file, i) => inbox.put(new URL(`${INBOX_FOLDER}${stamp}-${i}`, scope).href,
      new Response(file, { headers: { "content-type": file.type || "application/octet-stream", "x-file-name": encodeURIComponent(file.name) } }))));
    to.search = `?shared-files=${files.length}`;
  } catch {
    to.search = "?shared-files=failed"; // storage full, or a form this handler cannot read
  }
  return Response.redirect(to.href, 303);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method === "POST" && request.url.startsWith(scope) && new URL(request.url).searchParams.get("share-target") === "activities") {
    event.respondWith(receiveShare(request));
    return;
  }
  if (request.method !== "GET" || !request.url.startsWith(scope)) return;
  const key = cacheKey(request.url);
  if (!files.has(key)) return; // not part of this build: the network decides
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    if (hit) return hit;
    // Revalidate with the server: an HTTP-cached copy from an older build must not slip in.
    const response = await fetch(request.url, { cache: "no-cache" }); // (a navigate-mode Request cannot take options)
    if (await verified(response, files.get(key))) await cache.put(key, response.clone());
    return response;
  })());
});

self.addEventListener("message", (event) => {
  const msg = event.data || {};
  if (msg.kind === "activate-now") {
    self.skipWaiting();
  } else if (msg.kind === "cache-engine") {
    // A tool page has booted the engine: keep the runtime and the wheel for offline use
    // (not the readers' wheels: the fetch handler keeps those once the page has used them).
    event.waitUntil((async () => {
      const cache = await caches.open(CACHE);
      for (const [url, f] of files) {
        if (!f.lazy || f.on_use || await cache.match(url)) continue;
        const response = await verified(await fetch(url, { cache: "no-cache" }), f);
        if (response) await cache.put(url, response);
      }
      event.source && event.source.postMessage({ kind: "engine-cached", version: PRECACHE.version });
    })());
  }
});
