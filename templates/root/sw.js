/* Rentai's service worker: keeps the portal a member opened, and its notices, readable offline
   (on a train, in a basement meeting room).

   It lives at the site's top because a worker only looks after the pages below its own folder,
   and a portal (p/…) links notice pages (n/…) outside its folder.
   - Pages and layers' indexes: always from the network first, so that a member who is online
     reads the latest; the saved copy only when the network fails, and the page is told so
     (rentai.js then says it is a saved copy).
   - Assets (style, script, icons): the saved copy at once, refreshed in the background.
   - Feeds, calendars and attachments are never kept: they are for other programs, or large.
   - When a portal asks (see rentai.js), it saves the portal, its all/ page, the indexes of the
     layers it reads and the pages of its current notices, each again only when the notice's version in the index changed, so
     that they open offline without having been opened before and stay current.
   Nothing is sent anywhere: the copies stay in this browser. */

"use strict";

const SCOPE = new URL(self.registration.scope);
/* One cache per site (two Rentai sites may share a host) and per version of this file. */
const PREFIX = "rentai:" + SCOPE.pathname + ":";
const CACHE = PREFIX + "2";
const VERSION_HEADER = "X-Rentai-Version";

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("Range")) return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if ((request.headers.get("Accept") || "").includes("text/event-stream")) return;
  if (url.pathname.startsWith(SCOPE.pathname + "assets/")) {
    event.respondWith(savedFirst(event, request));
  } else if (request.mode === "navigate" || isLayerIndex(url)) {
    event.respondWith(networkFirst(event, request));
  }
});

/* A layer's index (l/…/index.json): the list that portals and all/ pages merge. */
function isLayerIndex(url) {
  return url.pathname.startsWith(SCOPE.pathname + "l/") && url.pathname.endsWith("/index.json");
}

/* A portal asks to keep some addresses, each with the version it should have (or none: any
   saved copy will do; or `fresh`: asked for again each time, the saved copy kept if the network
   fails), and hears back on the port it sent when that is done. */
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep") return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all((data.keep || []).map(async (item) => {
      try {
        const saved = await cache.match(item.url);
        if (saved && !item.fresh && (!item.version || saved.headers.get(VERSION_HEADER) === item.version)) return;
        const response = await fetch(item.url, { cache: "no-cache" });
        if (response.status === 404 || response.status === 410) {
          await cache.delete(item.url);   // withdrawn, or no longer for this member
        } else if (isKept(response)) {
          await cache.put(item.url, await storable(response, item.version));
        }
      } catch (error) {
        // Offline: what is saved stays as it was.
      }
    }));
    // Saved means saved: every required copy is in the cache now (none is when the host forbids
    // keeping them, with Cache-Control: no-store).
    const required = data.required || [];
    const found = await Promise.all(required.map((url) => cache.match(url)));
    const saved = found.every(Boolean);
    if (event.ports[0]) event.ports[0].postMessage({ type: "kept", saved });
  })());
});

async function networkFirst(event, request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (isKept(response)) {
      event.waitUntil(storable(response.clone()).then((copy) => cache.put(request.url, copy)));
    } else if (response.status === 404 || response.status === 410) {
      event.waitUntil(cache.delete(request.url));
    }
    return response;
  } catch (error) {
    const saved = await savedCopy(cache, request.url);
    if (!saved) throw error;
    if (request.mode === "navigate") event.waitUntil(tellSaved(event.resultingClientId || event.clientId));
    return saved;
  }
}

async function savedFirst(event, request) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request);
  const fromNetwork = fetch(request).then(async (response) => {
    if (isKept(response)) await cache.put(request, await storable(response.clone()));
    return response;
  });
  if (saved) {
    event.waitUntil(fromNetwork.catch(() => null));
    return saved;
  }
  return fromNetwork;
}

/* Only whole, successful answers of this site that may be stored. */
function isKept(response) {
  return response.ok && response.status === 200 && response.type === "basic"
    && !/no-store/i.test(response.headers.get("Cache-Control") || "");
}

/* A copy that can answer a navigation: a browser refuses a redirected answer there (some hosts
   redirect …/index.html to …/), so the body is put in a fresh response, with its version. */
async function storable(response, version) {
  if (!response.redirected && !version) return response;
  const headers = new Headers(response.headers);
  if (version) headers.set(VERSION_HEADER, version);
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

/* The page shown from the saved copy is told so once it can listen (messages wait for it). */
async function tellSaved(clientId) {
  for (let attempt = 0; attempt < 20 && clientId; attempt += 1) {
    const client = await self.clients.get(clientId);
    if (client) {
      client.postMessage({ type: "saved-copy" });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/* A folder and its index.html are the same page: links say `…/index.html`, a home-screen icon
   opens `…/`. */
async function savedCopy(cache, address) {
  const url = new URL(address);
  url.hash = "";
  url.search = "";
  const saved = await cache.match(url.href);
  if (saved) return saved;
  if (url.pathname.endsWith("/")) {
    url.pathname += "index.html";
  } else if (url.pathname.endsWith("/index.html")) {
    url.pathname = url.pathname.slice(0, -"index.html".length);
  } else {
    return undefined;
  }
  return cache.match(url.href);
}
