// Service worker: offline cache + cross-origin isolation where the host cannot
// send headers.
//
// (a) Offline: every same-origin GET is answered from a cache named after the
//     build hash. Entry points (the page, manifest.json) go to the network
//     first so a new build is noticed; everything else is cache-first. A new
//     build ships a new sw.js (the hash below changes), which deletes the
//     previous caches when it activates.
//     The first visit fills the cache *after* start-up: the page posts
//     {type:"precache"} once search works, and this worker copies every file in
//     manifest.json from the HTTP cache (`cache: "force-cache"`, so normally no
//     second download) into the cache. WHY not cache the downloads as they pass
//     through: teeing ~120 MB of start-up downloads into Cache Storage while
//     Pyodide and onnxruntime start cost ~1 s of a 2-core machine's start-up
//     (docs/DEPLOYMENT.md). When this worker already controls the page (the
//     isolation fallback below, or a repeat visit) responses are still cached
//     as they pass.
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
    // No clients.claim(): a page that started without this worker keeps
    // downloading straight from the network (claiming it mid-start would route
    // the rest of its start-up downloads through here); it is controlled from
    // its next load on. Pages this worker already controls switch to a new
    // build's worker by skipWaiting() alone.
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "build") {
    event.source.postMessage({ type: "build", build: BUILD });
  } else if (event.data && event.data.type === "precache" && event.ports[0]) {
    const port = event.ports[0];
    event.waitUntil(
      precache().then(
        (report) => port.postMessage({ ok: true, ...report }),
        (error) => port.postMessage({ ok: false, message: error && error.message ? error.message : String(error) }),
      ),
    );
  }
});

// Copy every file of this build into the cache (those not there yet). The
// requests prefer the HTTP cache, which holds what the page just downloaded.
async function precache() {
  const cache = await caches.open(CACHE);
  const scope = self.registration.scope;
  const manifestResponse = await fetch(new URL("manifest.json", scope).href, { cache: "no-cache" });
  if (!manifestResponse.ok) throw new Error(`manifest.json: HTTP ${manifestResponse.status}`);
  const manifest = await manifestResponse.clone().json();
  if (manifest.build !== BUILD) throw new Error(`manifest.json is build ${manifest.build}, this service worker ${BUILD}`);
  await cache.put(cacheKey(new URL("manifest.json", scope)), manifestResponse);
  const names = new Set([...APP_SHELL, ...(manifest.app || []), ...Object.values(manifest.assets).map((a) => a.url)]);
  let copied = 0;
  for (const name of names) {
    const url = new URL(name, scope);
    const key = cacheKey(url);
    if (await cache.match(key)) continue;
    const response = await fetch(url.href, { cache: "force-cache", credentials: "same-origin" });
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    await cache.put(key, response);
    copied += 1;
  }
  return { files: names.size, copied };
}

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
