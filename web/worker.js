// The search worker: hosts Pyodide (tokenizer, BM25, fusion — iconseek.core).
// The text encoder and the vector scoring run in the model worker
// (ort-worker.js), reached through a MessagePort the page hands over; the page
// itself never blocks on any of this, it only sends queries and renders.
//
// Start-up is the latency that matters, so everything begins at once: every
// asset this worker needs is fetched in parallel (and verified by sha256) while
// Pyodide restores its memory snapshot, and the model worker loads the model
// meanwhile on another core. Lexical search is announced as soon as Python and
// the index are ready; semantic (and fused) search once the model worker says so.
//
// Protocol with the page (request ids; replies carry the same id):
//   page → worker  {type:"init", port} then {type:"search", id, query, k, library, droppable, withSvg, semantic}
//                  | {type:"similar", id, icon, k, library, withSvg}   (icons like icon id `icon`)
//                  | {type:"icon", id, icon}   (that one icon, with metadata and SVG)
//   worker → page  {type:"result", id, hits, timings, mode} | {type:"error", id, message}
//                  {type:"progress", loaded, total} | {type:"state", state} | {type:"fatal", message}
// A droppable request (typing in the box) that is overtaken by a newer droppable
// request before it starts is answered {type:"result", id, stale:true} and skipped.

import { errorMessage, expandZeroPages, fetchVerified, importVerified, ProgressTracker, storeForOffline, yieldToTasks } from "./assets.js";

const MAX_QUERY_CHARS = 256; // longer queries are cut: nothing useful lives past this
const MODEL_ASSETS = new Set(["ort_mjs", "ort_wasm_mjs", "ort_wasm", "encoder", "encoder_weights", "scorer", "vectors"]);
const PRELOADED_FILES = ["wheel", "lexical"]; // inside a preloaded snapshot already
// Where the index and tokenizer live in Pyodide's file system: the same paths the
// site build gives the preloaded searcher (assemble.py, PRELOAD_LEXICAL/_TOKENIZER).
const LEXICAL_PATH = "/iconseek/lexical.json";
const TOKENIZER_PATH = "/iconseek/tokenizer.json";
let download = null; // (asset key) -> Promise<Uint8Array>, starting the download if needed
const base = new URL("./", self.location.href).href;

const state = {
  lexical: false,
  semantic: false,
  threads: 0,
  crossOriginIsolated: self.crossOriginIsolated === true,
  snapshot: false,
  build: null,
  timings: {},
  error: null,
};
const t0 = performance.now();
function mark(name) {
  state.timings[name] = Math.round(performance.now() - t0);
}
function publish() {
  postMessage({ type: "state", state: { ...state, timings: { ...state.timings } } });
}

// Queued searches wait on this; it settles when Python is usable or start-up failed.
let resolveLexical;
const lexicalReady = new Promise((resolve) => (resolveLexical = resolve));

let manifest = null;
let py = null; // Pyodide instance
let searcher = null; // Python iconseek.site.browser.BrowserSearch proxy
let meta = null;
const svgFiles = new Map(); // library -> Promise<Uint8Array>, verified; started on first use
const svgBundles = new Map(); // library -> Promise<Record<id, svg>>, parsed on first use

function svgFile(library) {
  let file = svgFiles.get(library);
  if (!file) {
    const entry = manifest.assets[`svg:${library}`];
    file = entry ? fetchVerified(base, entry, null, "low") : Promise.resolve(null);
    file.catch(() => {}); // reported where awaited
    svgFiles.set(library, file);
  }
  return file;
}

function svgBundle(library) {
  let bundle = svgBundles.get(library);
  if (!bundle) {
    bundle = svgFile(library).then((bytes) => (bytes ? JSON.parse(new TextDecoder().decode(bytes)) : null));
    bundle.catch(() => {});
    svgBundles.set(library, bundle);
  }
  return bundle;
}

// ---------------------------------------------------------------- model worker link
let modelPort = null;
let modelReadyInfo = null;
let resolveModel;
const modelReady = new Promise((resolve) => (resolveModel = resolve));
const modelCalls = new Map();
let nextModelCall = 1;

function connectModel(port) {
  modelPort = port;
  port.onmessage = (event) => {
    const message = event.data;
    if (message.type === "ready") {
      modelReadyInfo = message;
      resolveModel(message);
      return;
    }
    if (message.type === "stored") {
      if (resolveModelStored) resolveModelStored(message);
      return;
    }
    const call = modelCalls.get(message.id);
    if (!call) return;
    modelCalls.delete(message.id);
    if (message.type === "error") call.reject(new Error(message.message));
    else call.resolve(message);
  };
}

let resolveModelStored = null;

// Ask the model worker to put its verified files into the offline cache.
function storeModelFiles() {
  if (!modelPort || manifest.scorer.arms.length === 0) return Promise.resolve({ count: 0 });
  return new Promise((resolve) => {
    resolveModelStored = resolve;
    modelPort.postMessage({ type: "store" });
  });
}

function callModel(message) {
  const id = nextModelCall++;
  return new Promise((resolve, reject) => {
    modelCalls.set(id, { resolve, reject });
    modelPort.postMessage({ ...message, id });
  });
}

function encodeAndScore(ids, library) {
  return callModel({ type: "encode", ids, library: library || null });
}

// ---------------------------------------------------------------- start-up
function fail(error) {
  const message = errorMessage(error);
  state.error = message;
  resolveLexical();
  postMessage({ type: "fatal", message });
  publish();
}

async function start() {
  const manifestResponse = await fetch(new URL("manifest.json", base), { cache: "no-cache" });
  if (!manifestResponse.ok) throw new Error(`manifest.json: HTTP ${manifestResponse.status}`);
  manifest = await manifestResponse.json();
  state.build = manifest.build;
  state.arms = ["bm25", ...manifest.scorer.arms];
  mark("manifest");

  // Every download start-up needs begins now, in parallel (the model worker
  // fetches the model's files itself). The SVG bundles (~15 MB unpacked) are
  // only needed to draw results: they start after start-up, or earlier for the
  // libraries a query shows (svgBundle), so they do not compete for the CPU
  // with Pyodide and onnxruntime starting.
  const keys = Object.keys(manifest.assets).filter((key) => !MODEL_ASSETS.has(key));
  // Pyodide's own files first (the boot waits on them), then what the index needs.
  const bootOrder = ["pyodide_mjs", "pyodide_asm_mjs", "pyodide_lock", "pyodide_wasm", "pyodide_snapshot", "pyodide_stdlib"];
  const rank = (key) => (bootOrder.includes(key) ? bootOrder.indexOf(key) : bootOrder.length);
  // A snapshot with the searcher preloaded makes the wheel and index files a
  // fallback (plain boot) and an offline copy: fetched later, or on demand.
  const later = new Set(manifest.pyodide.preloaded && manifest.assets.pyodide_snapshot ? PRELOADED_FILES : []);
  const startupKeys = keys.filter((key) => !key.startsWith("svg:") && !later.has(key)).sort((a, b) => rank(a) - rank(b));
  const total = startupKeys.reduce((s, key) => s + manifest.assets[key].bytes, 0);
  const tracker = new ProgressTracker(total, (loaded, all) => postMessage({ type: "progress", loaded, total: all }));
  const downloads = {};
  download = (key) => {
    if (!downloads[key] && manifest.assets[key]) {
      downloads[key] = fetchVerified(base, manifest.assets[key], later.has(key) ? null : tracker, "high");
      downloads[key].catch(() => {}); // reported where awaited
    }
    return downloads[key];
  };
  startupKeys.forEach(download);

  await bootPython(downloads);
  if (manifest.scorer.arms.length > 0) {
    // Keyword search works now: queries sent on "ready" go before the warm-ups.
    lastActivity = performance.now();
    await whenIdle(QUIET_AFTER_READY_MS);
    searcher.load_tokenizer();
    mark("tokenizer_ready");
    if (!modelReadyInfo) {
      // A query's first pass (tokenizer, BM25, the proxies and JSON between
      // JavaScript and Python) costs tens of ms more than later ones: pay it
      // now, while this worker would only wait for the model.
      tokenIds("throw it away");
      await runSearch({ query: "calendar", k: 10, semantic: false });
      warmFusion();
      mark("query_path_warm");
    }
    const info = await modelReady;
    state.threads = info.threads;
    state.crossOriginIsolated = state.crossOriginIsolated && info.crossOriginIsolated;
    Object.assign(state.timings, Object.fromEntries(Object.entries(info.timings).map(([k, v]) => [`model_${k}`, v])));
    state.semantic = true;
    mark("semantic_ready");
    publish();
  }
  // The lexical arm builds its typo index lazily (up to a second of Python on a
  // busy machine). Doing it during start-up would take CPU from the model worker;
  // doing it inside the first typo query would stall that query. So it runs in
  // the first quiet moment after start-up (no query for IDLE_WARMUP_MS), in
  // slices: a query that arrives meanwhile waits for one slice, not the build.
  lastActivity = performance.now();
  await whenIdle();
  while (!searcher.warm_up_slice(WARM_UP_SLICE_MS)) {
    await yieldToTasks();
    if (busy || queue.length) await whenIdle();
  }
  mark("lexical_warm");
  publish();
  // Offline use needs every asset downloaded (the page then has the service
  // worker cache them): in the first quiet moment, fetch (and verify, but not
  // parse) the SVG bundles no query has asked for yet, and wait for the rest.
  await whenIdle();
  const libraries = keys.filter((key) => key.startsWith("svg:")).map((key) => key.slice(4));
  for (const lib of libraries) downloads[`svg:${lib}`] = svgFile(lib);
  later.forEach(download);
  await Promise.all(Object.values(downloads));
  mark("all_downloaded");
  // Both workers copy their verified bytes into the offline cache (no second
  // download); the page then has the service worker add the small rest.
  // A browser without Cache Storage here (private modes) only loses offline use.
  const own = storeForOffline(manifest, base, downloads).catch((error) => {
    console.warn("offline copy failed:", error && error.message);
    return 0;
  });
  const [stored, model] = await Promise.all([own, storeModelFiles()]);
  if (model.error) console.warn("offline copy of the model failed:", model.error);
  state.stored = stored + (model.count || 0);
  mark("all_stored");
  publish();
}

// Bytes of wasm memory a Pyodide snapshot restores (its header says where they start).
function snapshotMemoryBytes(snapshot) {
  return snapshot.length - new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
}

// Pyodide's wasm memory starts at the size its binary declares (480 pages) and
// the snapshot is copied into it as is; a snapshot that holds the preloaded
// index is larger. While `load` runs, every wasm instance created in this
// worker has its exported memory grown to at least `bytes` before Pyodide sees
// it (only Pyodide instantiates wasm in this worker).
async function withWasmMemory(bytes, load) {
  const { instantiate, instantiateStreaming } = WebAssembly;
  const grow = (result) => {
    const memory = result && result.instance && result.instance.exports.memory;
    if (memory instanceof WebAssembly.Memory) {
      const missing = Math.ceil((bytes - memory.buffer.byteLength) / 65536);
      if (missing > 0) memory.grow(missing);
    }
    return result;
  };
  WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then(grow);
  WebAssembly.instantiateStreaming = (...args) => instantiateStreaming.apply(WebAssembly, args).then(grow);
  try {
    return await load();
  } finally {
    WebAssembly.instantiate = instantiate;
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}

// While `load` runs, Pyodide's own fetches of the URLs in `files` ({url: [Promise<bytes>,
// content type]}) are answered with those bytes, already checked against the
// manifest, instead of a second, unchecked download.
async function withVerifiedFiles(files, load) {
  const networkFetch = self.fetch;
  self.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), base).href;
    if (!(url in files)) return networkFetch.call(self, input, init);
    const [bytes, type] = files[url];
    return new Response(await bytes, { headers: { "Content-Type": type } });
  };
  try {
    return await load();
  } finally {
    self.fetch = networkFetch;
  }
}

async function bootPython(downloads) {
  // No Pyodide code runs before its bytes match manifest.json: both of its
  // modules are imported from the verified bytes, and its wasm and standard
  // library are handed to it from them (withVerifiedFiles).
  const pyodideUrl = new URL(manifest.pyodide.index_url, base).href;
  const [{ module: { loadPyodide } }, { module: emscripten }] = await Promise.all(
    [downloads.pyodide_mjs, downloads.pyodide_asm_mjs].map(async (bytes) => importVerified(await bytes)));
  mark("pyodide_imported");
  if (downloads.pyodide_snapshot) downloads.pyodide_snapshot.then(() => mark("snapshot_downloaded"), () => {});
  const lockText = downloads.pyodide_lock.then((b) => new TextDecoder().decode(b));
  const options = {
    indexURL: pyodideUrl,
    lockFileContents: lockText,
    packageBaseUrl: pyodideUrl,
    createPyodideModule: emscripten.default,
    stdout: () => {},
    stderr: (line) => console.warn("[python]", line),
  };
  // Awaited here so that a failed check is reported; inside Pyodide's loader it would only stall.
  await Promise.all([downloads.pyodide_wasm, downloads.pyodide_stdlib]);
  const verifiedFiles = {
    [new URL("pyodide.asm.wasm", pyodideUrl).href]: [downloads.pyodide_wasm, "application/wasm"],
    [new URL("python_stdlib.zip", pyodideUrl).href]: [downloads.pyodide_stdlib, "application/zip"],
  };
  let pyodide = null;
  if (downloads.pyodide_snapshot) {
    // Restoring a memory snapshot (made at build time, modules already imported)
    // skips interpreter start-up; a plain boot remains the fallback.
    try {
      const format = manifest.pyodide.snapshot_format;
      const snapshot = await downloads.pyodide_snapshot.then((bytes) => (format === "zero-pages-v1" ? expandZeroPages(bytes) : bytes));
      pyodide = await withVerifiedFiles(verifiedFiles, () => withWasmMemory(snapshotMemoryBytes(snapshot),
        () => loadPyodide({ ...options, _loadSnapshot: snapshot })));
      state.snapshot = true;
    } catch (error) {
      console.warn("Pyodide snapshot unusable, booting normally:", error && error.message);
    }
  }
  if (!pyodide) pyodide = await withVerifiedFiles(verifiedFiles, () => loadPyodide(options));
  mark("python_booted");
  py = pyodide;

  py.FS.mkdirTree("/iconseek");
  if (state.snapshot && manifest.pyodide.preloaded) {
    // The snapshot holds the searcher built at site-build time from this build's
    // index (covered by the snapshot's sha256).
    searcher = py.pyimport("iconseek.site.browser").preloaded();
    if (searcher.count !== manifest.count) throw new Error(`the Pyodide snapshot indexes ${searcher.count} icons, the manifest ${manifest.count}; rebuild the site`);
    state.preloaded = true;
  } else {
    const wheel = await download("wheel");
    const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    py.unpackArchive(wheel, "zip", { extractDir: sitePackages });
    mark("wheel_unpacked");
    py.FS.writeFile(LEXICAL_PATH, await download("lexical"));
    searcher = py.pyimport("iconseek.site.browser").BrowserSearch.callKwargs({
      lexical_path: LEXICAL_PATH,
      tokenizer_path: manifest.assets.tokenizer ? TOKENIZER_PATH : undefined,
      arms: py.toPy(manifest.scorer.arms),
      fusion: manifest.engine.fusion,
      weights_json: manifest.engine.weights ? JSON.stringify(manifest.engine.weights) : undefined,
      context_length: manifest.encoder.context_length ?? undefined,
    });
  }
  // Either searcher reads its tokenizer from this file when first needed.
  if (manifest.assets.tokenizer) py.FS.writeFile(TOKENIZER_PATH, await download("tokenizer"));

  meta = JSON.parse(new TextDecoder().decode(await downloads.meta));
  if (meta.count !== manifest.count) throw new Error(`metadata has ${meta.count} icons, the manifest ${manifest.count}; rebuild the site`);
  state.libraries = meta.libraries.map((l) => ({ slug: l.slug, name: l.name, count: l.count }));
  if (modelPort) {
    modelPort.postMessage({
      type: "library_index",
      libraries: meta.libraries.map((l) => l.slug),
      index: Uint8Array.from(meta.library_index),
    });
  }
  state.lexical = true;
  mark("lexical_ready");
  resolveLexical();
  publish();
}

// ---------------------------------------------------------------- search
function tokenIds(query) {
  const proxy = searcher.token_ids(query);
  const ids = proxy.toJs();
  proxy.destroy();
  return ids;
}

async function runSearch(request) {
  const started = performance.now();
  const query = String(request.query ?? "").slice(0, MAX_QUERY_CHARS);
  const k = Math.max(1, Math.min(200, request.k | 0 || 48));
  const library = request.library || null;
  const timings = { tokenize: 0, encode: 0, score: 0, fuse: 0 };
  const semantic = state.semantic && request.semantic !== false && query.trim() !== "";
  let arms = null;
  if (semantic) {
    const tTok = performance.now();
    const ids = tokenIds(query);
    timings.tokenize = performance.now() - tTok;
    const tModel = performance.now();
    const reply = await encodeAndScore(ids, library);
    arms = reply.arms;
    timings.encode = reply.encodeMs;
    timings.score = reply.scoreMs;
    timings.transfer = performance.now() - tModel - reply.encodeMs - reply.scoreMs;
  }
  const tFuse = performance.now();
  const parsed = JSON.parse(searchJson(query, k, library, arms));
  timings.fuse = performance.now() - tFuse;
  timings.total = performance.now() - started;
  const hits = parsed.hits;
  attachMetadata(hits);
  if (request.withSvg) await attachSvgs(hits);
  return { hits, timings, mode: semantic ? "hybrid" : "lexical", truncated: query.length < String(request.query ?? "").length };
}

// The engine's JSON for a query; `arms` ({arm: {indices, scores}}) or null for keyword only.
function searchJson(query, k, library, arms) {
  // undefined (not null) crosses into Python as None
  const args = [query, k, library ?? undefined];
  for (const arm of manifest.scorer.arms) {
    args.push(arms ? arms[arm].indices : undefined, arms ? arms[arm].scores : undefined);
  }
  return searcher.search_json(...args);
}

// The first hybrid query's fusion (typed arrays into Python, score
// normalisation, the fused ranking) took ~20 ms more than later ones; run it
// once on made-up candidate lists while this worker only waits for the model.
function warmFusion() {
  const n = Math.min(manifest.scorer.candidates, manifest.count);
  const made = {
    indices: Int32Array.from({ length: n }, (_, i) => i),
    scores: Float32Array.from({ length: n }, (_, i) => 0.5 - i / (4 * n)),
  };
  searchJson("calendar", 10, null, Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, made])));
}

function attachMetadata(hits) {
  for (const hit of hits) {
    const row = hit.doc_index;
    if (meta.ids[row] !== hit.id) throw new Error(`metadata and index disagree at row ${row}; rebuild the site`);
    hit.title = meta.titles[row];
    hit.name = hit.id.slice(hit.id.indexOf("/") + 1);
    hit.licence = meta.licences[meta.licence_index[row]];
    hit.tags = meta.tags ? meta.tags[row] : [];
  }
}

async function attachSvgs(hits) {
  const wanted = [...new Set(hits.map((h) => h.library))];
  const bundles = {};
  await Promise.all(wanted.map(async (lib) => {
    try {
      bundles[lib] = await svgBundle(lib);
    } catch (error) {
      bundles[lib] = null;
    }
  }));
  for (const hit of hits) {
    const bundle = bundles[hit.library];
    hit.svg = bundle ? bundle[hit.id] ?? null : null;
  }
}

// ---------------------------------------------------------------- similar icons
// Icons like one icon: the model worker returns candidates with their picture
// (t2i) and meaning (t2t) scores; the name signals and the weights are added
// here, as py/iconseek/similar/index.py does (weights from manifest.similar).
// Without a library, the icon's own library is left out.
const SIGNAL_OF_ARM = { t2i: "picture", t2t: "meaning" };
let rowOfId = null;

function nameWords(name) {
  return new Set(name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !/^[0-9]+$/.test(w)));
}

function nameKey(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

function iconRow(iconId) {
  if (!rowOfId) rowOfId = new Map(meta.ids.map((id, row) => [id, row]));
  const row = rowOfId.get(String(iconId));
  if (row === undefined) throw new Error(`unknown icon id ${JSON.stringify(String(iconId).slice(0, 80))}`);
  return row;
}

async function runSimilar(request) {
  const started = performance.now();
  if (!manifest.similar) {
    throw new Error("similar icons need the site's icon vectors in 4-bit storage (the default); this site was built without them");
  }
  const row = iconRow(request.icon);
  const k = Math.max(1, Math.min(100, request.k | 0 || 12));
  const slugs = meta.libraries.map((l) => l.slug);
  const library = request.library || null;
  if (library && !slugs.includes(library)) throw new Error(`unknown library ${JSON.stringify(String(library).slice(0, 40))}; libraries: ${slugs.join(", ")}`);
  await modelReady;
  const reply = await callModel({ type: "similar", index: row, library });
  const weights = manifest.similar.weights;
  const own = meta.ids[row].slice(meta.ids[row].indexOf("/") + 1);
  const ownWords = nameWords(own);
  const ownKey = nameKey(own);
  const ownLibrary = meta.library_index[row];
  const hits = [];
  for (let n = 0; n < reply.indices.length; n++) {
    const j = reply.indices[n];
    if (j === row || (!library && meta.library_index[j] === ownLibrary)) continue;
    const name = meta.ids[j].slice(meta.ids[j].indexOf("/") + 1);
    const words = nameWords(name);
    let shared = 0;
    for (const w of words) if (ownWords.has(w)) shared++;
    const union = ownWords.size + words.size - shared;
    const signals = {};
    for (const [arm, scores] of Object.entries(reply.arms)) signals[SIGNAL_OF_ARM[arm] || arm] = scores[n];
    signals.name = union > 0 ? shared / union : 0;
    signals.same_name = nameKey(name) === ownKey ? 1 : 0;
    let score = 0;
    for (const [signal, value] of Object.entries(signals)) score += (weights[signal] || 0) * value;
    hits.push({ id: meta.ids[j], score, arm_scores: signals, doc_index: j, library: slugs[meta.library_index[j]] });
  }
  hits.sort((a, b) => b.score - a.score);
  hits.length = Math.min(hits.length, k);
  hits.forEach((hit, i) => (hit.rank = i + 1));
  attachMetadata(hits);
  if (request.withSvg) await attachSvgs(hits);
  return { hits, timings: { score: reply.scoreMs, total: performance.now() - started }, mode: "similar" };
}

// One icon with its metadata and SVG (the detail view opened from a link).
async function runIcon(request) {
  const row = iconRow(request.icon);
  const hits = [{ id: meta.ids[row], score: null, rank: 1, arm_scores: {}, doc_index: row,
                  library: meta.libraries[meta.library_index[row]].slug }];
  attachMetadata(hits);
  await attachSvgs(hits);
  return { hits, timings: {}, mode: "icon" };
}

// ---------------------------------------------------------------- idle warm-up
const IDLE_WARMUP_MS = 300;
const WARM_UP_SLICE_MS = 10;
const QUIET_AFTER_READY_MS = 40; // a query the page sends on "lexical ready" arrives within this
let lastActivity = performance.now();

// Resolves once no query has been queued or running for quietMs.
function whenIdle(quietMs = IDLE_WARMUP_MS) {
  return new Promise((resolve) => {
    const check = () => {
      const quiet = performance.now() - lastActivity;
      if (!busy && !queue.length && quiet >= quietMs) resolve();
      else setTimeout(check, Math.max(10, quietMs - quiet));
    };
    check();
  });
}

// ---------------------------------------------------------------- queue
const queue = [];
let busy = false;

async function pump() {
  if (busy) return;
  busy = true;
  try {
    while (queue.length) {
      const request = queue.shift();
      if (request.droppable && queue.some((r) => r.droppable)) {
        postMessage({ type: "result", id: request.id, stale: true });
        continue;
      }
      try {
        if (!state.lexical) await lexicalReady;
        if (!state.lexical) throw new Error(`search is unavailable: ${state.error}`);
        const run = { similar: runSimilar, icon: runIcon }[request.type] || runSearch;
        const result = await run(request);
        postMessage({ type: "result", id: request.id, ...result });
      } catch (error) {
        postMessage({ type: "error", id: request.id, message: errorMessage(error) });
      }
    }
  } finally {
    busy = false;
    lastActivity = performance.now();
  }
}

self.onmessage = (event) => {
  const message = event.data;
  if (!message) return;
  if (message.type === "search" || message.type === "similar" || message.type === "icon") {
    lastActivity = performance.now();
    queue.push(message);
    pump();
  } else if (message.type === "init") {
    connectModel(message.port);
  } else if (message.type === "state") {
    publish();
  }
};

publish();
start().catch(fail);
