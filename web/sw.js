// Service worker: offline cache + cross-origin isolation where the host cannot
// send headers.
//
// (a) Offline: every same-origin GET is answered from a cache named after the
//     build hash; the first visit fills it (the page waits for this worker to
//     take control before it starts the search worker, so the search worker's
//     downloads pass through here). Entry points (the page, manifest.json) go
//     to the network first so a new build is noticed; everything else is
//     cache-first. A new build ships a new sw.js (the hash below changes), which
//     deletes the previous caches when it activates.
// (b) Isolation: hosts such as GitHub Pages send no COOP/COEP headers, so
//     `crossOriginIsolated` is false and onnxruntime-web runs on one thread.
//     Responses served from here get the headers added; the page reloads once
//     after this worker first takes control, and is then isolated.
//
// Concurrent requests for the same URL (the search worker verifying a file
// while Pyodide loads it) share one download.

const BUILD = "__ICONSEEK_BUILD__";
const CACHE = `iconseek-${BUILD}`;
const NETWORK_FIRST = new Set(["", "index.html", "manifest.json"]);
const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const inflight = new Map(); // url -> Promise<Response | null> for the cached copy

// The page's own files were loaded before this worker existed, so they are
// fetched once more here; everything else is cached as the search worker loads it.
const APP_SHELL = __ICONSEEK_APP_SHELL__;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(APP_SHELL.map((name) => new URL(name, self.registration.scope).href))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("iconseek-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "build") {
    event.source.postMessage({ type: "build", build: BUILD });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.headers.has("range")) return;
  event.respondWith(respond(request, url));
});

function withIsolation(response) {
  if (!response || response.status === 0 || response.type === "opaque") return response;
  const headers = new Headers(response.headers);
  let changed = false;
  for (const [name, value] of Object.entries(ISOLATION)) {
    if (!headers.has(name)) {
      headers.set(name, value);
      changed = true;
    }
  }
  if (!changed) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function cacheKey(url) {
  return url.origin + url.pathname; // query strings never select different content here
}

async function respond(request, url) {
  const cache = await caches.open(CACHE);
  const key = cacheKey(url);
  const name = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  const networkFirst = request.mode === "navigate" || NETWORK_FIRST.has(name);

  if (networkFirst) {
    try {
      const response = await fetch(request, { cache: "no-cache" });
      if (response.ok) await cache.put(key, response.clone());
      return withIsolation(response);
    } catch (error) {
      const cached = (await cache.match(key)) || (request.mode === "navigate" && (await cache.match(new URL("./", self.registration.scope).href)));
      if (cached) return withIsolation(cached);
      throw error;
    }
  }

  const cached = await cache.match(key);
  if (cached) return withIsolation(cached);
  if (inflight.has(key)) {
    const shared = await inflight.get(key);
    if (shared) return withIsolation(shared);
  }
  let settle;
  inflight.set(key, new Promise((resolve) => (settle = resolve)));
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    settle(null);
    inflight.delete(key);
    throw error;
  }
  if (!response.ok) {
    settle(null);
    inflight.delete(key);
    return withIsolation(response);
  }
  cache.put(key, response.clone())
    .then(() => cache.match(key))
    .then(settle, () => settle(null))
    .finally(() => inflight.delete(key));
  return withIsolation(response);
}
