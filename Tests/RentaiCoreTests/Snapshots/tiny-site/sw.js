/* Rentai's service worker: keeps the portal a member opened, and its notices, readable offline
   (on a train, in a basement meeting room).

   It lives at the site's top because a worker only looks after the pages below its own folder,
   and a portal (p/…) links notice pages (n/…) outside its folder.
   - Pages, feeds and search indexes: the network first, so that a member who is online always
     reads the latest; the saved copy only when the network fails or takes too long.
   - Assets (style, script, icons): the saved copy at once, refreshed in the background.
   - When a portal asks (see rentai.js), it saves the portal, its search index and the pages of
     its current notices, so that they open offline without having been opened before.
   Nothing is sent anywhere: the copies stay in this browser. */

"use strict";

const CACHE = "rentai-1";
const SCOPE = new URL(self.registration.scope);
/* Give up on a slow network after this long when a saved copy exists. */
const PATIENCE_MS = 4000;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("rentai-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  // `rentai serve`'s own live-reload stream and status are never kept.
  if (url.pathname.includes("/_rentai/")) return;
  if ((request.headers.get("Accept") || "").includes("text/event-stream")) return;
  const isAsset = url.pathname.startsWith(SCOPE.pathname + "assets/");
  event.respondWith(isAsset ? savedFirst(event, request) : networkFirst(request));
});

/* A portal asks to keep `refresh` (fetched again now) and `keep` (fetched only if not saved yet),
   and hears back on the port it sent when that is done. */
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep") return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const save = async (address, always) => {
      try {
        if (!always && await cache.match(address)) return;
        const response = await fetch(address, { cache: "no-cache" });
        if (response.ok) await cache.put(address, response);
      } catch (error) {
        // Offline or gone: what is saved stays as it was.
      }
    };
    await Promise.all((data.refresh || []).map((address) => save(address, true)));
    await Promise.all((data.keep || []).map((address) => save(address, false)));
    if (event.ports[0]) event.ports[0].postMessage({ type: "kept" });
  })());
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") cache.put(request, response.clone());
    return response;
  });
  const saved = await savedCopy(cache, request.url);
  if (!saved) return fromNetwork;
  fromNetwork.catch(() => null); // a failure after the saved copy was served is no error
  const slow = new Promise((resolve) => setTimeout(() => resolve(null), PATIENCE_MS));
  try {
    return (await Promise.race([fromNetwork, slow])) || saved;
  } catch (error) {
    return saved;
  }
}

async function savedFirst(event, request) {
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request, { ignoreSearch: true });
  const fromNetwork = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") cache.put(request, response.clone());
    return response;
  });
  if (saved) {
    event.waitUntil(fromNetwork.catch(() => null));
    return saved;
  }
  return fromNetwork;
}

/* A folder and its index.html are the same page: links say `…/index.html`, a home-screen icon
   opens `…/`. */
async function savedCopy(cache, address) {
  const url = new URL(address);
  url.hash = "";
  const saved = await cache.match(url.href, { ignoreSearch: true });
  if (saved) return saved;
  if (url.pathname.endsWith("/")) {
    url.pathname += "index.html";
  } else if (url.pathname.endsWith("/index.html")) {
    url.pathname = url.pathname.slice(0, -"index.html".length);
  } else {
    return undefined;
  }
  return cache.match(url.href, { ignoreSearch: true });
}
