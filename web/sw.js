// Service worker: offline copy, clean updates, and cross-origin isolation where
// the host cannot send headers.
//
// (a) One build at a time. This file is generated per build: BUILD and the
//     sha256 of every page file (APP_SHELL) are written in by the site build.
//     Installing fetches those files past the HTTP cache's freshness
//     (`no-cache`, then `reload`) and keeps them only if every hash matches and
//     manifest.json names this build; otherwise the install fails and the
//     browser tries again at a later visit. So a build's cache can never hold a
//     file of another build (a previous `app.js` kept by the HTTP cache, or a
//     half-finished deploy).
// (b) Cache first, for everything, navigations included: a page is served
//     whole from one build. When a new build is deployed, the next visit still
//     runs the old one while the browser installs the new service worker (it
//     checks sw.js on every navigation); once installed it takes over
//     (skipWaiting), the page shows "a new version is available — reload", and
//     the following load is entirely the new build. WHY not network-first for
//     the page: the new index.html would then start with the previous build's
//     scripts from the cache.
// (c) The previous build's cache is kept until the next update, and its
//     content-addressed files (data/<name>.<hash>.<ext>) are still served: a
//     page of that build that was starting when the new worker took over
//     finishes its start-up instead of failing on files the server no longer has.
// (d) The offline copy is filled after start-up: the workers store the
//     verified bytes they downloaded, then the page posts {type:"precache"} and
//     this worker adds what is missing, checked against manifest.json's sha256.
//     WHY not cache downloads as they pass during the first visit: teeing ~120 MB
//     into Cache Storage while Pyodide and onnxruntime start costs ~1 s of a
//     2-core machine's start-up (docs/DEPLOYMENT.md).
// (e) A request with `cache: "reload"` goes to the network and replaces the
//     cached copy: the workers ask for that after a cached file failed its
//     sha256 check (a damaged entry is evicted, never served forever).
// (f) Isolation: hosts such as GitHub Pages send no COOP/COEP headers, so
//     `crossOriginIsolated` is false and onnxruntime-web runs on one thread.
//     Responses served from here get the headers added; the page reloads once
//     after this worker first takes control, and is then isolated.
//
// Concurrent requests for the same URL share one download.

const BUILD = "__ICONSEEK_BUILD__";
const CACHE = `iconseek-${BUILD}`;
const PREFIX = "iconseek-";
const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};
const CONTENT_ADDRESSED = /\/data\/[^/]+\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;

// {page file name ("./" is index.html): sha256}, written by the site build.
const APP_SHELL = __ICONSEEK_APP_SHELL__;

const inflight = new Map(); // cache key -> Promise<Response | null> for the cached copy

self.addEventListener("install", (event) => {
  event.waitUntil(installBuild().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Keep this build's cache and the newest other one (see (c)); drop the rest.
    const others = (await caches.keys()).filter((key) => key.startsWith(PREFIX) && key !== CACHE);
    const previous = others[others.length - 1]; // caches.keys() lists caches in creation order
    for (const key of others) if (key !== previous) await caches.delete(key);
    // No clients.claim(): a page that started without this worker keeps
    // downloading straight from the network (claiming it mid-start would route
    // the rest of its start-up downloads through here); it is controlled from
    // its next load on. Pages an older worker controls switch by skipWaiting().
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

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// The network's copy of `url` if its bytes hash to `sha256`. Revalidated
// first (cheap 304s); a stale or odd HTTP cache entry gets one full reload.
async function fetchMatching(url, sha256) {
  let last = "";
  for (const mode of ["no-cache", "reload"]) {
    const response = await fetch(url, { cache: mode, credentials: "same-origin" });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const actual = await sha256Hex(await response.clone().arrayBuffer());
    if (actual === sha256) return response;
    last = actual;
  }
  throw new Error(`${url} does not belong to build ${BUILD} (sha256 ${last}, expected ${sha256}); a deploy may be in progress`);
}

// Install: this build's manifest and page files, every one checked, or nothing.
async function installBuild() {
  const scope = self.registration.scope;
  const manifestUrl = new URL("manifest.json", scope).href;
  const manifestResponse = await fetch(manifestUrl, { cache: "reload", credentials: "same-origin" });
  if (!manifestResponse.ok) throw new Error(`manifest.json: HTTP ${manifestResponse.status}`);
  const manifest = await manifestResponse.clone().json();
  if (manifest.build !== BUILD) throw new Error(`manifest.json is build ${manifest.build}, this service worker ${BUILD}`);
  const files = await Promise.all(Object.entries(APP_SHELL).map(async ([name, sha256]) => {
    const url = new URL(name, scope);
    return [cacheKey(url), await fetchMatching(url.href, sha256)];
  }));
  const cache = await caches.open(CACHE);
  for (const [key, response] of files) await cache.put(key, response);
  await cache.put(cacheKey(new URL(manifestUrl)), manifestResponse);
}

// Copy every asset of this build into the cache (those not there yet, fallback
// files aside), each checked against manifest.json. The requests prefer the HTTP cache, which
// holds what the page just downloaded.
async function precache() {
  const cache = await caches.open(CACHE);
  const scope = self.registration.scope;
  const manifestResponse = await cache.match(cacheKey(new URL("manifest.json", scope)));
  if (!manifestResponse) throw new Error("manifest.json is not in this build's cache");
  const manifest = await manifestResponse.json();
  let copied = 0;
  // Not the files only a plain Pyodide boot reads ("fallback"): the search worker stores them itself if it ran one.
  const entries = Object.values(manifest.assets).filter((entry) => !entry.fallback);
  for (const entry of entries) {
    const url = new URL(entry.url, scope);
    const key = cacheKey(url);
    if (await cache.match(key)) continue;
    let response = await fetch(url.href, { cache: "force-cache", credentials: "same-origin" });
    if (!response.ok) throw new Error(`${entry.url}: HTTP ${response.status}`);
    if ((await sha256Hex(await response.clone().arrayBuffer())) !== entry.sha256) {
      response = await fetchMatching(url.href, entry.sha256);
    }
    await cache.put(key, response);
    copied += 1;
  }
  return { files: Object.keys(APP_SHELL).length + 1 + entries.length, copied };
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

// The navigation's page: index.html of this build for the scope or any path in it.
function navigationKey(url) {
  const scope = new URL(self.registration.scope);
  const path = url.pathname.endsWith("/index.html") ? url.pathname.slice(0, -"index.html".length) : url.pathname;
  return path === scope.pathname ? cacheKey(scope) : null;
}

async function fromPreviousBuild(key) {
  if (!CONTENT_ADDRESSED.test(key)) return null;
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const hit = await (await caches.open(name)).match(key);
    if (hit) return hit;
  }
  return null;
}

async function respond(request, url) {
  const cache = await caches.open(CACHE);
  const key = request.mode === "navigate" ? navigationKey(url) || cacheKey(url) : cacheKey(url);
  const refresh = request.cache === "reload" || request.cache === "no-store";

  if (!refresh) {
    const cached = (await cache.match(key)) || (await fromPreviousBuild(key));
    // A fetch() gets the cached response itself, not a copy with the isolation
    // headers (a same-origin fetch needs none): only that one lets V8 keep the
    // compiled code of a wasm file beside its cache entry (docs/DEPLOYMENT.md).
    if (cached) return request.destination === "" ? cached : withIsolation(cached);
    if (inflight.has(key)) {
      const shared = await inflight.get(key);
      if (shared) return withIsolation(shared);
    }
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
