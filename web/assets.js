// Download-and-verify for the worker.
//
// WHY: every large asset (Pyodide, onnxruntime-web, the model, the vectors, the
// index) is listed in manifest.json with its sha256 and size. The worker fetches
// each one as a stream (so a progress bar can move while bytes arrive), hashes the
// bytes with SubtleCrypto and refuses to use anything that does not match: a
// truncated download or a stale cached file must give a clear error, not a page
// that silently returns wrong results.
//
// Progress is counted against the manifest's (uncompressed) sizes, not the
// Content-Length header, because gzip-encoded responses report the compressed
// length while the stream yields decompressed bytes.

export class IntegrityError extends Error {
  constructor(url, expected, actual, detail) {
    super(`Integrity check failed for ${url}: expected sha256 ${expected}, got ${actual}. ${detail}`);
    this.name = "IntegrityError";
    this.url = url;
  }
}

function toHex(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

export async function sha256Hex(bytes) {
  return toHex(await crypto.subtle.digest("SHA-256", bytes));
}

// Tracks bytes received across all downloads and reports at most every ~50 ms.
export class ProgressTracker {
  constructor(total, report) {
    this.total = total;
    this.loaded = 0;
    this.report = report;
    this.lastReport = 0;
  }
  add(n) {
    this.loaded += n;
    const now = performance.now();
    if (now - this.lastReport > 50 || this.loaded >= this.total) {
      this.lastReport = now;
      this.report(this.loaded, this.total);
    }
  }
}

// The Cache Storage cache that holds build `build`'s offline copy (sw.js's CACHE).
export function offlineCacheName(build) {
  return `iconseek-${build}`;
}

// Fetch one manifest entry, stream it into a single buffer, verify its hash.
// `offlineCache` (offlineCacheName of this build) is read first, directly: on
// a repeat visit every file is there, and reading it here instead of through
// the service worker's fetch handler halves the time the ~100 MB take
// (docs/DEPLOYMENT.md, "Offline and updates"). The copy is checked all the same.
//
// A copy that fails the check may come from this browser's offline cache (a
// damaged entry) or its HTTP cache: it is evicted and the file fetched once
// more from the network (`cache: "reload"`, which the service worker passes
// through). Only if the server's own copy is wrong too is that an inconsistent
// build; if the network is unreachable the message says so instead of "reload".
//
// `turn` (a Promise, optional) holds back a download that has to come from the
// network until it resolves; a file in the offline copy is read at once. The
// model worker's big files wait for the search worker's start-up files this way
// (docs/DEPLOYMENT.md, "Start-up"): on a slow link they would share its bandwidth.
export async function fetchVerified(baseUrl, entry, tracker, priority = "auto", offlineCache = null, turn = null) {
  return (await fetchChecked(baseUrl, entry, tracker, { priority, offlineCache, turn })).bytes;
}

/**
 * A wasm manifest entry's verified bytes and a WebAssembly.Module of them.
 * WHY streamed: compiled with WebAssembly.compileStreaming from the Response
 * being hashed (a clone of it), V8 keys its code cache by that Response's URL
 * and, from Cache Storage, reuses the machine code of an earlier visit instead
 * of compiling each function again on its first call (docs/DEPLOYMENT.md).
 * Compiling runs none of the code; the module is handed out only once the
 * bytes matched, so nothing unverified is ever instantiated.
 */
export async function fetchVerifiedWasm(baseUrl, entry, tracker, priority = "auto", offlineCache = null, turn = null) {
  const { bytes, compiled } = await fetchChecked(baseUrl, entry, tracker, { priority, offlineCache, turn, compile: true });
  const module = (await compiled) || (await WebAssembly.compile(bytes));
  return { bytes, module };
}

// An asset's download started: {bytes: Promise<Uint8Array>, module: Promise<WebAssembly.Module> | null}.
// A wasm asset (`wasm`) is compiled as it streams in (fetchVerifiedWasm) and its
// bytes are kept for the offline copy; any other is fetchVerified.
export function startVerified(baseUrl, entry, tracker, { wasm = false, offlineCache = null, turn = null } = {}) {
  if (!wasm) return { bytes: fetchVerified(baseUrl, entry, tracker, "high", offlineCache, turn), module: null };
  const both = fetchVerifiedWasm(baseUrl, entry, tracker, "high", offlineCache, turn);
  return { bytes: both.then((w) => w.bytes), module: both.then((w) => w.module) };
}

// fetchVerified's work: {bytes, compiled} of the first copy that matched (see above).
async function fetchChecked(baseUrl, entry, tracker, { priority, offlineCache, turn = null, compile = false }) {
  const url = new URL(entry.url, baseUrl).href;
  const first = await download(url, entry, tracker, { priority, credentials: "same-origin" }, offlineCache, compile, turn);
  if (first.sha256 === entry.sha256) return first;
  if (tracker) tracker.add(-first.bytes.length);
  await evictCached(url);
  let second;
  try {
    second = await download(url, entry, tracker, { priority, credentials: "same-origin", cache: "reload" }, null, compile);
  } catch (error) {
    if (error instanceof TypeError) { // the network is unreachable
      throw new IntegrityError(entry.url, entry.sha256, first.sha256,
        "The copy stored in this browser was damaged and has been removed; it cannot be downloaded again while " +
        "offline. Connect to the network and reload.");
    }
    throw error;
  }
  if (second.sha256 !== entry.sha256) {
    throw new IntegrityError(entry.url, entry.sha256, second.sha256,
      "The server's copy does not match manifest.json: the site build is inconsistent; rebuild or redeploy the site.");
  }
  return second;
}

// Remove `url` from every iconseek cache of the service worker.
async function evictCached(url) {
  if (typeof caches === "undefined") return;
  for (const name of await caches.keys()) {
    if (name.startsWith("iconseek-")) await (await caches.open(name)).delete(url);
  }
}

// The offline copy of `url` in cache `name`, or undefined. caches.match with a
// cacheName creates no cache (caches.open would, on a first visit).
async function offlineCopy(url, name) {
  if (!name || typeof caches === "undefined") return undefined;
  try {
    return await caches.match(url, { cacheName: name });
  } catch {
    return undefined; // Cache Storage refused (private modes): the network has it
  }
}

// {bytes, sha256, compiled}: `compiled` (when `compile`) is a Promise of the
// WebAssembly.Module streamed from the same response, or of null if that
// failed (a wrong content type: the caller compiles the bytes instead).
async function download(url, entry, tracker, init, offlineCache = null, compile = false, turn = null) {
  // Wasm goes through the service worker even from the offline copy: only a
  // fetched response carries the handle V8's code cache is read and written by.
  const stored = await offlineCopy(url, offlineCache);
  if (!stored && turn) await turn; // a network download waits its turn
  const response = (!compile && stored) || (await fetch(url, init));
  if (!response.ok) {
    throw new Error(`Download failed for ${entry.url}: HTTP ${response.status}`);
  }
  const compiled = compile ? WebAssembly.compileStreaming(response.clone()).catch(() => null) : null;
  const expectedSize = entry.bytes;
  let bytes;
  if (response.body && typeof response.body.getReader === "function") {
    const reader = response.body.getReader();
    bytes = new Uint8Array(expectedSize);
    let offset = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.length > bytes.length) {
        // Larger than the manifest says: grow and let the hash check report it.
        const grown = new Uint8Array(Math.max(bytes.length * 2, offset + value.length));
        grown.set(bytes.subarray(0, offset));
        bytes = grown;
      }
      bytes.set(value, offset);
      offset += value.length;
      if (tracker) tracker.add(value.length);
    }
    bytes = offset === bytes.length ? bytes : bytes.slice(0, offset);
  } else {
    bytes = new Uint8Array(await response.arrayBuffer());
    if (tracker) tracker.add(bytes.length);
  }
  return { bytes, sha256: await sha256Hex(bytes), compiled };
}

// Import an ES module from bytes already checked against manifest.json, so the
// code that runs is exactly the code that was verified (a plain import() would
// fetch the file once more, unchecked). The blob URL is returned for modules
// that locate themselves by import.meta.url (onnxruntime's thread workers).
export async function importVerified(bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  return { module: await import(url), url };
}

/**
 * Runs `run`, a library's start-up that instantiates its own wasm from bytes
 * (Pyodide, onnxruntime: neither accepts a compiled module), with the first
 * WebAssembly.instantiate or instantiateStreaming call in this worker answered
 * by an instance of `module` (fetchVerifiedWasm) instead: the code cached for
 * it is used, and nothing is compiled twice. Only that library instantiates
 * wasm in this worker while `run` runs.
 */
export async function withCompiledWasm(module, run) {
  const { instantiate, instantiateStreaming } = WebAssembly;
  let used = false;
  const fromModule = (original) => (source, imports) => {
    if (used || source instanceof WebAssembly.Module) return original.call(WebAssembly, source, imports);
    used = true;
    return instantiate.call(WebAssembly, module, imports).then((instance) => ({ module, instance }));
  };
  WebAssembly.instantiate = fromModule(instantiate);
  WebAssembly.instantiateStreaming = fromModule(instantiateStreaming);
  try {
    return await run();
  } finally {
    WebAssembly.instantiate = instantiate;
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}

// Inverse of iconseek.site.zero_pages.pack: the Pyodide snapshot ships without
// its all-zero 4 KiB pages (half of it); one zeroed allocation brings them back.
export function expandZeroPages(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (bytes.length < 16 || magic !== "IZP1") throw new Error("snapshot: not a zero-page-elided image");
  const total = view.getUint32(4, true);
  const pageSize = view.getUint32(8, true);
  const runs = view.getUint32(12, true);
  let offset = 16 + 8 * runs;
  if (pageSize === 0 || offset > bytes.length) throw new Error("snapshot: truncated header");
  const out = new Uint8Array(total);
  for (let i = 0; i < runs; i++) {
    const start = view.getUint32(16 + 8 * i, true) * pageSize;
    const end = Math.min(total, start + view.getUint32(20 + 8 * i, true) * pageSize);
    if (start > end || offset + (end - start) > bytes.length) throw new Error("snapshot: truncated or inconsistent runs");
    out.set(bytes.subarray(offset, offset + (end - start)), start);
    offset += end - start;
  }
  if (offset !== bytes.length) throw new Error("snapshot: trailing bytes");
  return out;
}

const CONTENT_TYPES = {
  js: "text/javascript", mjs: "text/javascript", wasm: "application/wasm", json: "application/json",
  zip: "application/zip", whl: "application/zip", svg: "image/svg+xml", md: "text/markdown; charset=utf-8",
};

// Put verified downloads into the service worker's cache for this build, so
// the offline copy is made from bytes already here instead of a second
// download (a browser's memory cache does not keep files this large).
// `downloads` is {asset key: Promise<Uint8Array>} (keys of manifest.assets);
// returns how many files were stored.
// `beforeEach` (optional) is awaited before each write: the workers pass a wait
// for a quiet moment (OFFLINE_COPY_QUIET_MS), so that writing ~100 MB does not
// slow the first queries.
export async function storeForOffline(manifest, baseUrl, downloads, beforeEach = null) {
  if (typeof caches === "undefined") return 0;
  const cache = await caches.open(offlineCacheName(manifest.build));
  let stored = 0;
  for (const [key, pending] of Object.entries(downloads)) {
    const bytes = await pending;
    const url = new URL(manifest.assets[key].url, baseUrl).href;
    const path = new URL(url).pathname;
    if (await cache.match(url)) continue;
    if (beforeEach) await beforeEach();
    const extension = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
    const type = CONTENT_TYPES[extension] || "application/octet-stream";
    await cache.put(url, new Response(bytes, { headers: { "Content-Type": type, "Content-Length": String(bytes.length) } }));
    stored += 1;
  }
  return stored;
}

// Per-icon float32 scales of one arm in the packed 4-bit vectors file
// (scoring_graph.pack_int4; `info` is manifest.scorer.vectors.arms[arm]).
export function int4Scales(bytes, info, count) {
  const start = bytes.byteOffset + info.scale_offset;
  return new Float32Array(bytes.buffer.slice(start, start + 4 * count));
}

// How long both workers wait without a query before the offline copy's work
// (SVG downloads, ~100 MB written to Cache Storage) and before each file written.
// WHY this long: right after start-up a person is typing their first queries,
// and on two cores that work made them 2-5x slower; pauses between words are shorter.
export const OFFLINE_COPY_QUIET_MS = 2000;

// Resolves once `activity()` ({busy, last}: work waiting or running, and
// performance.now() of the last request) has shown no work for `quietMs`.
export function whenQuiet(activity, quietMs) {
  return new Promise((resolve) => {
    const check = () => {
      const { busy, last } = activity();
      const quiet = performance.now() - last;
      if (!busy && quiet >= quietMs) resolve();
      else setTimeout(check, Math.max(10, quietMs - quiet));
    };
    check();
  });
}

// Free the memory behind `view` now, even where a library we handed it to keeps
// a reference (Pyodide keeps its load options, the snapshot image among them;
// onnxruntime keeps env.wasm.wasmBinary): transferring the ArrayBuffer detaches
// it, and the copy that takes over its memory is dropped at once. Call only once
// nothing will read the bytes again.
export function releaseBytes(view) {
  if (!view || !view.buffer || view.buffer.byteLength === 0) return;
  try {
    structuredClone(view.buffer, { transfer: [view.buffer] });
  } catch {
    // not transferable (a SharedArrayBuffer, or a wasm memory): the garbage collector has it
  }
}

// The text of a thrown value, for messages between workers and the page.
export function errorMessage(error) {
  return error && error.message ? error.message : String(error);
}

// Resolves after the tasks already queued (messages, fetch callbacks) have run:
// long work done in slices with this in between keeps a worker responsive.
// A MessageChannel round trip: setTimeout(0) is clamped to 4 ms once nested, and
// scheduler.yield() would resume ahead of the very tasks this is meant to let run.
export function yieldToTasks() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}
