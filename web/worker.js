// The search worker: hosts Pyodide (tokenizer, BM25, fusion — iconseek.core).
// The text encoder and the vector scoring run in the model worker
// (ort-worker.js), reached through a MessagePort the page hands over; the page
// itself never blocks on any of this, it only sends queries and renders.
// Every message is defined in protocol.js (PAGE with the page, MODEL with the model worker).
//
// Start-up is the latency that matters, so everything begins at once: every
// asset this worker needs is fetched in parallel (and verified by sha256) while
// Pyodide restores its memory snapshot, and the model worker loads the model
// meanwhile on another core. Lexical search is announced as soon as Python and
// the index are ready; semantic (and fused) search once the model worker says so.
//
// Modules: search-boot.js (Pyodide and the searcher), search-queries.js and
// search-hits.js (the queries), model-link.js (the port to the model worker).

import {
  errorMessage, OFFLINE_COPY_QUIET_MS, offlineCacheName, ProgressTracker, startVerified, storeForOffline, whenQuiet,
  withCompiledWasm, yieldToTasks,
} from "./assets.js";
import { ModelLink } from "./model-link.js";
import {
  errorReply, fatalMessage, PAGE, progressMessage, QUERY_TYPES, resultMessage, staleResult, stateMessage,
} from "./protocol.js";
import { bootPyodide, buildSearcher, writeTokenizer } from "./search-boot.js";
// Imported by search-boot.js; named here too so that it is fetched with this file's
// other imports, not one round trip later (tests/unit/test_page_preload.py).
import "./snapshot-image.js";
import { svgFile } from "./search-hits.js";
import { Browser } from "./browse.js";
import { runBrowse, runIcon, runSearch, runSimilar, SVGS_ATTACHED, tokenIds, warmFusion } from "./search-queries.js";

const IDLE_WARMUP_MS = 300;
// Start-up files keyword search does not need: fetched once the others are in.
const AFTER_KEYWORD_FILES = ["tokenizer"];
const WARM_UP_SLICE_MS = 10;
const QUIET_AFTER_READY_MS = 40; // a query the page sends on "lexical ready" arrives within this
const t0 = performance.now();

/** A promise with its resolve function beside it. */
function settable() {
  let settle;
  const promise = new Promise((resolve) => (settle = resolve));
  return { promise, settle };
}

// Everything this worker holds; the query modules receive it as their first argument.
const session = {
  base: new URL("./", self.location.href).href,
  manifest: null,
  py: null, // Pyodide instance
  searcher: null, // Python iconseek.site.browser.BrowserSearch proxy
  meta: null, // the catalogue metadata (ids, titles, tags, licences, libraries)
  browser: null, // web/browse.js Browser over meta: browsing without a query
  downloads: {}, // asset key -> Promise<Uint8Array>, verified
  wasmModule: null, // Promise of Pyodide's WebAssembly.Module, compiled from the verified download
  tracker: null, // start-up download progress, reported to the page
  deferred: new Set(), // asset keys only the plain-boot fallback reads (manifest "fallback"): fetched if it runs
  model: new ModelLink(),
  svgFiles: new Map(), // library -> Promise<Uint8Array>, verified; started on first use
  svgBundles: new Map(), // library -> Promise<Record<id, svg>>, parsed on first use
  rowOfId: null, // icon id -> metadata row, made on first use
  lexical: settable(), // settles when Python is usable or start-up failed: queued queries wait on it
  // What the page is told (STATE): what works yet, and how long each step took.
  state: {
    lexical: false,
    semantic: false,
    threads: 0,
    crossOriginIsolated: self.crossOriginIsolated === true,
    snapshot: false,
    build: null,
    timings: {},
    error: null,
  },
  mark(name) {
    this.state.timings[name] = Math.round(performance.now() - t0);
  },
  // The asset `key`'s verified bytes, starting its download if needed.
  download(key) {
    if (!this.downloads[key] && this.manifest.assets[key]) {
      const tracker = this.deferred.has(key) ? null : this.tracker;
      const wasm = key === "pyodide_wasm";
      const started = startVerified(this.base, this.manifest.assets[key], tracker,
        { wasm, offlineCache: offlineCacheName(this.manifest.build) });
      if (wasm) this.wasmModule = started.module;
      this.downloads[key] = started.bytes;
      this.downloads[key].catch(() => {}); // reported where awaited
    }
    return this.downloads[key];
  },
};

// The queries waiting and running, and when the last one was seen (for the idle warm-ups).
const requests = { queue: [], busy: false, lastActivity: performance.now() };

function publish() {
  postMessage(stateMessage({ ...session.state, timings: { ...session.state.timings } }));
}

// ---------------------------------------------------------------- start-up
// The phases below, in order; a failure in any is reported to the page (fail).
async function start() {
  await loadManifest();
  startDownloads();
  // Snapshot restore or plain boot, from verified bytes only; Pyodide's wasm
  // instantiated from the module compiled while it downloaded.
  await session.download("pyodide_wasm");
  session.py = await withCompiledWasm(await session.wasmModule, () => bootPyodide(session));
  await readyKeywordSearch();
  if (session.manifest.scorer.arms.length > 0) {
    await warmQueryPath();
    await wireModel();
  }
  await warmTypoIndex();
  await completeOfflineCopy();
}

// Start-up phase. The manifest names every asset with its sha256: nothing is fetched before it.
async function loadManifest() {
  const response = await fetch(new URL("manifest.json", session.base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
  session.manifest = await response.json();
  session.state.build = session.manifest.build;
  session.state.arms = session.manifest.engine.arms; // the lexical arm, then the semantic ones
  session.mark("manifest");
}

// Start-up phase. Every download start-up needs begins now, in parallel, Pyodide's own files first.
function startDownloads() {
  // The model worker fetches the model's files itself. The SVG bundles (~15 MB
  // unpacked) are only needed to draw results: they start after start-up, or
  // earlier for the libraries a query shows (search-hits.js), so they do not
  // compete for the CPU with Pyodide and onnxruntime starting.
  const { manifest } = session;
  const { boot_order: bootOrder } = manifest.pyodide;
  const svgPrefix = manifest.svg_asset_prefix;
  const keys = Object.keys(manifest.assets).filter((key) => !manifest.ort.assets.includes(key));
  const rank = (key) => (bootOrder.includes(key) ? bootOrder.indexOf(key) : bootOrder.length);
  // A snapshot with the searcher preloaded makes the wheel, the index and the
  // full standard library files of the plain boot only: fetched if it runs.
  keys.filter((key) => manifest.assets[key].fallback).forEach((key) => session.deferred.add(key));
  const startupKeys = keys
    .filter((key) => !key.startsWith(svgPrefix) && !session.deferred.has(key))
    .sort((a, b) => rank(a) - rank(b));
  const total = startupKeys.reduce((s, key) => s + manifest.assets[key].bytes, 0);
  session.tracker = new ProgressTracker(total, (loaded, all) => postMessage(progressMessage(loaded, all)));
  // What keyword search needs first; the tokenizer (search by meaning only) and
  // the model worker's big files after it (docs/DEPLOYMENT.md, "Start-up").
  const keywordKeys = startupKeys.filter((key) => !AFTER_KEYWORD_FILES.includes(key));
  keywordKeys.forEach((key) => session.download(key));
  Promise.allSettled(keywordKeys.map((key) => session.downloads[key])).then(() => {
    startupKeys.forEach((key) => session.download(key));
    session.model.filesIn();
  });
}

// Start-up phase. Keyword search is announced as soon as it works.
async function readyKeywordSearch() {
  const { manifest, state } = session;
  session.searcher = await buildSearcher(session);
  const meta = JSON.parse(new TextDecoder().decode(await session.downloads.meta));
  if (meta.count !== manifest.count) throw new Error(`metadata has ${meta.count} icons, the manifest ${manifest.count}; rebuild the site`);
  session.meta = meta;
  session.browser = new Browser(meta);
  state.libraries = meta.libraries.map((l) => ({ slug: l.slug, name: l.name, count: l.count }));
  state.categories = (meta.categories || []).map((c) => ({ name: c.name, count: c.count }));
  session.model.sendLibraryIndex(meta.libraries.map((l) => l.slug), Uint8Array.from(meta.library_index));
  state.lexical = true;
  session.mark("lexical_ready");
  session.lexical.settle();
  publish();
}

// Start-up phase. A query's first pass costs tens of ms more than later ones: paid while the model still loads.
async function warmQueryPath() {
  // Queries sent on "lexical ready" go before these warm-ups.
  requests.lastActivity = performance.now();
  await whenIdle(QUIET_AFTER_READY_MS);
  await writeTokenizer(session);
  session.searcher.load_tokenizer();
  session.mark("tokenizer_ready");
  if (session.model.info) return; // the model is ready: a real query would only wait behind this
  // The tokenizer, BM25, the proxies and JSON between JavaScript and Python, then fusion.
  tokenIds(session, "throw it away");
  await runSearch(session, { query: "calendar", k: 10, semantic: false });
  warmFusion(session);
  session.mark("query_path_warm");
}

// Start-up phase. Semantic search is announced once the model worker has both sessions.
async function wireModel() {
  const { state } = session;
  const info = await session.model.ready;
  state.threads = info.threads;
  state.crossOriginIsolated = state.crossOriginIsolated && info.crossOriginIsolated;
  Object.assign(state.timings, Object.fromEntries(Object.entries(info.timings).map(([k, v]) => [`model_${k}`, v])));
  state.semantic = true;
  session.mark("semantic_ready");
  publish();
}

// Start-up phase. The typo index is built in the first quiet moment, in slices a query can cut in between.
async function warmTypoIndex() {
  // The lexical arm builds its typo index lazily (up to a second of Python on a
  // busy machine). Doing it during start-up would take CPU from the model worker;
  // doing it inside the first typo query would stall that query. So it runs in
  // the first quiet moment after start-up (no query for IDLE_WARMUP_MS), in
  // slices: a query that arrives meanwhile waits for one slice, not the build.
  requests.lastActivity = performance.now();
  await whenIdle();
  while (!session.searcher.warm_up_slice(WARM_UP_SLICE_MS)) {
    await yieldToTasks();
    if (requests.busy || requests.queue.length) await whenIdle();
  }
  session.mark("lexical_warm");
  publish();
}

// Start-up phase. Offline use needs every asset this start-up can read: the rest is fetched when quiet, then both workers cache what they verified.
async function completeOfflineCopy() {
  // Fetched and verified, but not parsed: the SVG bundles no query has asked
  // for yet. The fallback's files are here only if it ran (docs/DEPLOYMENT.md).
  await whenIdle(OFFLINE_COPY_QUIET_MS);
  const { manifest, downloads } = session;
  const svgPrefix = manifest.svg_asset_prefix;
  const libraries = Object.keys(manifest.assets).filter((key) => key.startsWith(svgPrefix))
    .map((key) => key.slice(svgPrefix.length));
  for (const lib of libraries) downloads[`${svgPrefix}${lib}`] = svgFile(session, lib);
  await Promise.all(Object.values(downloads));
  session.mark("all_downloaded");
  // Both workers copy their verified bytes into the offline cache (no second
  // download); the page then has the service worker add the small rest.
  // A browser without Cache Storage here (private modes) only loses offline use.
  const own = storeForOffline(manifest, session.base, downloads, () => whenIdle(OFFLINE_COPY_QUIET_MS)).catch((error) => {
    console.warn("offline copy failed:", error && error.message);
    return 0;
  });
  const [stored, model] = await Promise.all([own, session.model.store(manifest.scorer.arms.length > 0)]);
  if (model.error) console.warn("offline copy of the model failed:", model.error);
  // The bytes were kept only for that copy (~50 MB: the snapshot, Pyodide's wasm,
  // the SVG bundles): Python and the parsed bundles hold what is used. A bundle
  // first needed later is read again from the offline copy (and checked again).
  session.downloads = {};
  session.svgFiles.clear();
  session.state.stored = stored + (model.count || 0);
  session.mark("all_stored");
  publish();
}

function fail(error) {
  const message = errorMessage(error);
  session.state.error = message;
  session.lexical.settle();
  postMessage(fatalMessage(message));
  publish();
}

// ---------------------------------------------------------------- queries
// Resolves once no query has been queued or running for quietMs.
function whenIdle(quietMs = IDLE_WARMUP_MS) {
  return whenQuiet(() => ({ busy: requests.busy || requests.queue.length > 0, last: requests.lastActivity }), quietMs);
}

const RUN = { [PAGE.SEARCH]: runSearch, [PAGE.SIMILAR]: runSimilar, [PAGE.ICON]: runIcon, [PAGE.BROWSE]: runBrowse };

// One query at a time, in arrival order; a droppable one already overtaken is answered stale.
async function pump() {
  if (requests.busy) return;
  requests.busy = true;
  try {
    while (requests.queue.length) {
      const request = requests.queue.shift();
      if (request.droppable && requests.queue.some((r) => r.droppable)) {
        postMessage(staleResult(request.id));
        continue;
      }
      try {
        if (!session.state.lexical) await session.lexical.promise;
        if (!session.state.lexical) throw new Error(`search is unavailable: ${session.state.error}`);
        const reply = await RUN[request.type](session, request);
        replyOnceSvgsAttached(request.id, reply);
      } catch (error) {
        postMessage(errorReply(request.id, errorMessage(error)));
      }
    }
  } finally {
    requests.busy = false;
    requests.lastActivity = performance.now();
  }
}

// WHY not in line: right after start-up the first replies wait for SVG bundles
// still downloading (on a slow link beside the model's files); the queries behind
// them need only Python and the model, so they run meanwhile (replies carry ids).
function replyOnceSvgsAttached(id, reply) {
  const attached = reply[SVGS_ATTACHED];
  delete reply[SVGS_ATTACHED];
  if (!attached) {
    postMessage(resultMessage(id, reply));
    return;
  }
  attached.then(() => postMessage(resultMessage(id, reply)), (error) => postMessage(errorReply(id, errorMessage(error))));
}

self.onmessage = (event) => {
  const message = event.data;
  if (!message) return;
  if (QUERY_TYPES.includes(message.type)) {
    requests.lastActivity = performance.now();
    requests.queue.push(message);
    pump();
  } else if (message.type === PAGE.INIT) {
    session.model.connect(message.port);
  }
};

publish();
start().catch(fail);
