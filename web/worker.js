// The search worker: hosts Pyodide (tokenizer, BM25, fusion — iconseek.core) and
// onnxruntime-web (text encoder + vector scoring graph). The page never blocks on
// any of this; it only sends queries and renders what comes back.
//
// Start-up is the latency that matters, so everything begins at once:
//   * every asset in manifest.json is fetched in parallel (and verified by sha256),
//   * Pyodide boots while the model downloads,
//   * the ORT sessions are created as soon as their bytes are verified.
// Lexical search is announced as soon as Python and the index are ready; semantic
// (and fused) search once the encoder and scoring graph are ready too.
//
// Protocol (request ids, replies carry the same id):
//   page → worker  {type:"search", id, query, k, library, droppable, withSvg}
//   worker → page  {type:"result", id, hits, timings, mode} | {type:"error", id, message}
//                  {type:"progress", loaded, total} | {type:"state", state} | {type:"fatal", message}
// A droppable request (typing in the box) that is overtaken by a newer droppable
// request before it starts is answered {type:"result", id, stale:true} and skipped.

import { fetchVerified, ProgressTracker } from "./assets.js";

const MAX_QUERY_CHARS = 256; // longer queries are cut: nothing useful lives past this
const base = new URL("./", self.location.href).href;

const state = {
  lexical: false,
  semantic: false,
  threads: 1,
  crossOriginIsolated: self.crossOriginIsolated === true,
  build: null,
  timings: {},
  error: null,
};
const t0 = performance.now();
// Queued searches wait on this; it settles when Python is usable or start-up failed.
let resolveLexical;
const lexicalReady = new Promise((resolve) => (resolveLexical = resolve));
function mark(name) {
  state.timings[name] = Math.round(performance.now() - t0);
}
function publish() {
  postMessage({ type: "state", state: { ...state, timings: { ...state.timings } } });
}

let manifest = null;
let py = null; // Pyodide instance
let searcher = null; // Python iconseek.site.browser.BrowserSearch proxy
let ort = null;
let encoder = null;
let scorer = null;
let biasCache = new Map(); // library filter -> Float32Array bias over the corpus
const svgBundles = new Map(); // library -> Promise<Record<id, svg>>
let meta = null;

// ---------------------------------------------------------------- start-up
function fail(error) {
  const message = error && error.message ? error.message : String(error);
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
  const assets = manifest.assets;

  // Every download starts now, in parallel; progress covers all of them.
  const total = Object.values(assets).reduce((s, a) => s + a.bytes, 0);
  const tracker = new ProgressTracker(total, (loaded, all) =>
    postMessage({ type: "progress", loaded, total: all }));
  const downloads = {};
  for (const [key, entry] of Object.entries(assets)) {
    const priority = key.startsWith("svg:") ? "low" : "high";
    downloads[key] = fetchVerified(base, entry, tracker, priority);
    downloads[key].catch(() => {}); // reported where awaited
  }
  for (const key of Object.keys(assets)) {
    if (key.startsWith("svg:")) {
      const library = key.slice(4);
      svgBundles.set(library, downloads[key].then((bytes) => JSON.parse(new TextDecoder().decode(bytes))));
      svgBundles.get(library).catch(() => {});
    }
  }

  const python = bootPython(downloads);
  const hasSemantic = manifest.scorer.arms.length > 0;
  const onnx = hasSemantic ? bootOrt(downloads) : Promise.resolve();
  await python; // lexical ready
  searcher.warm_up(); // builds lazily-made lexical tables (typo index) before the first typo
  mark("lexical_warm");
  if (hasSemantic) {
    searcher.load_tokenizer();
    mark("tokenizer_ready");
    await onnx; // encoder + scorer ready
    // One throw-away run: the first inference pays for kernel set-up and memory growth.
    await semanticCandidates(tokenIds("warm up"), null);
    mark("semantic_warm");
    state.semantic = true;
    mark("semantic_ready");
    publish();
  }
  // Offline use needs every asset in the cache: wait for the rest quietly.
  await Promise.all(Object.values(downloads));
  mark("all_downloaded");
  publish();
}

async function bootPython(downloads) {
  // Pyodide fetches its own wasm/stdlib from indexURL; our parallel verified
  // download of the same URLs shares the request through the service worker and
  // makes a tampered or stale copy fail loudly.
  const pyodideUrl = new URL(manifest.pyodide.index_url, base).href;
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideUrl).href);
  const lockText = downloads.pyodide_lock.then((b) => new TextDecoder().decode(b));
  const pyodide = await loadPyodide({
    indexURL: pyodideUrl,
    lockFileContents: lockText,
    packageBaseUrl: pyodideUrl,
    stdout: () => {},
    stderr: (line) => console.warn("[python]", line),
  });
  await Promise.all([downloads.pyodide_wasm, downloads.pyodide_stdlib, downloads.pyodide_asm_mjs]);
  mark("python_booted");
  py = pyodide;

  const wheel = await downloads.wheel;
  const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
  py.unpackArchive(wheel, "zip", { extractDir: sitePackages });

  py.FS.mkdirTree("/iconseek");
  const [metaBytes, indexBytes] = await Promise.all([downloads.meta, downloads.lexical]);
  py.FS.writeFile("/iconseek/meta.json", metaBytes);
  py.FS.writeFile("/iconseek/lexical.json", indexBytes);
  meta = JSON.parse(new TextDecoder().decode(metaBytes));
  state.libraries = meta.libraries.map((l) => ({ slug: l.slug, name: l.name, count: l.count }));
  if (downloads.tokenizer) py.FS.writeFile("/iconseek/tokenizer.json", await downloads.tokenizer);
  const module = py.pyimport("iconseek.site.browser");
  searcher = module.BrowserSearch.callKwargs({
    meta_path: "/iconseek/meta.json",
    lexical_path: "/iconseek/lexical.json",
    tokenizer_path: downloads.tokenizer ? "/iconseek/tokenizer.json" : null,
    arms: py.toPy(manifest.scorer.arms),
    fusion: manifest.engine.fusion,
    weights_json: manifest.engine.weights ? JSON.stringify(manifest.engine.weights) : null,
  });
  state.lexical = true;
  mark("lexical_ready");
  resolveLexical();
  publish();
}

async function bootOrt(downloads) {
  ort = await import(new URL(manifest.ort.module, base).href);
  const cores = self.navigator.hardwareConcurrency || 1;
  ort.env.wasm.numThreads = state.crossOriginIsolated ? Math.max(1, Math.min(4, cores)) : 1;
  ort.env.wasm.simd = true;
  ort.env.wasm.wasmPaths = { mjs: new URL(manifest.ort.wasm_module, base).href };
  ort.env.wasm.wasmBinary = await downloads.ort_wasm;
  await downloads.ort_wasm_mjs;
  const options = { executionProviders: ["wasm"], graphOptimizationLevel: "all" };
  const [encoderBytes, scorerBytes] = await Promise.all([downloads.encoder, downloads.scorer]);
  encoder = await ort.InferenceSession.create(encoderBytes, options);
  mark("encoder_ready");
  scorer = await ort.InferenceSession.create(scorerBytes, options);
  mark("scorer_ready");
  state.threads = ort.env.wasm.numThreads;
  if (typeof SharedArrayBuffer === "undefined") state.threads = 1;
}

// ---------------------------------------------------------------- search
function biasFor(library) {
  const key = library || "";
  let bias = biasCache.get(key);
  if (!bias) {
    const n = manifest.scorer.count;
    bias = new Float32Array(n);
    if (library) {
      const libs = meta.library_index;
      const wanted = meta.libraries.findIndex((l) => l.slug === library);
      for (let i = 0; i < n; i++) if (libs[i] !== wanted) bias[i] = -1e4;
    }
    biasCache.set(key, bias);
  }
  return bias;
}

function tokenIds(query) {
  const proxy = searcher.token_ids(query);
  const ids = proxy.toJs();
  proxy.destroy();
  return ids;
}

async function semanticCandidates(ids, library) {
  const len = ids.length;
  const inputIds = new BigInt64Array(len);
  const mask = new BigInt64Array(len);
  for (let i = 0; i < len; i++) {
    inputIds[i] = BigInt(ids[i]);
    mask[i] = 1n;
  }
  const feeds = {};
  for (const name of encoder.inputNames) {
    if (name === "input_ids") feeds[name] = new ort.Tensor("int64", inputIds, [1, len]);
    else if (name === "attention_mask") feeds[name] = new ort.Tensor("int64", mask, [1, len]);
    else if (name === "token_type_ids") feeds[name] = new ort.Tensor("int64", new BigInt64Array(len), [1, len]);
    else throw new Error(`encoder input ${name} is not supported`);
  }
  const tEncode = performance.now();
  const encoded = await encoder.run(feeds);
  const embedding = encoded[manifest.encoder.output];
  const tScore = performance.now();
  const k = Math.min(manifest.scorer.candidates, manifest.scorer.count);
  const scored = await scorer.run({
    query: new ort.Tensor("float32", embedding.data, [1, embedding.data.length]),
    bias: new ort.Tensor("float32", biasFor(library), [1, manifest.scorer.count]),
    k: new ort.Tensor("int64", BigInt64Array.of(BigInt(k)), [1]),
  });
  const tDone = performance.now();
  const precomputed = {};
  for (const arm of manifest.scorer.arms) {
    const indices = scored[`${arm}_indices`].data;
    const scores = scored[`${arm}_scores`].data;
    const idx = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) idx[i] = Number(indices[i]);
    precomputed[arm] = { indices: idx, scores: Float32Array.from(scores) };
  }
  return { precomputed, encodeMs: tScore - tEncode, scoreMs: tDone - tScore };
}

async function runSearch(request) {
  const started = performance.now();
  const query = String(request.query ?? "").slice(0, MAX_QUERY_CHARS);
  const k = Math.max(1, Math.min(200, request.k | 0 || 48));
  const library = request.library || null;
  const timings = { tokenize: 0, encode: 0, score: 0, fuse: 0 };
  let precomputed = null;
  const semantic = state.semantic && request.semantic !== false;
  if (semantic) {
    const tTok = performance.now();
    const ids = tokenIds(query);
    timings.tokenize = performance.now() - tTok;
    const result = await semanticCandidates(ids, library);
    precomputed = result.precomputed;
    timings.encode = result.encodeMs;
    timings.score = result.scoreMs;
  }
  const tFuse = performance.now();
  // undefined (not null) crosses into Python as None
  const args = [query, k, library ?? undefined];
  for (const arm of manifest.scorer.arms) {
    args.push(precomputed ? precomputed[arm].indices : undefined, precomputed ? precomputed[arm].scores : undefined);
  }
  const json = searcher.search_json(...args);
  const parsed = JSON.parse(json);
  timings.fuse = performance.now() - tFuse;
  timings.total = performance.now() - started;
  const hits = parsed.hits;
  if (request.withSvg) await attachDisplay(hits);
  return { hits, timings, mode: semantic ? "hybrid" : "lexical", truncated: query.length < String(request.query ?? "").length };
}

async function attachDisplay(hits) {
  const wanted = new Set(hits.map((h) => h.library));
  const bundles = {};
  await Promise.all([...wanted].map(async (lib) => {
    const bundle = svgBundles.get(lib);
    try {
      bundles[lib] = bundle ? await bundle : null;
    } catch (e) {
      bundles[lib] = null;
    }
  }));
  for (const hit of hits) {
    const bundle = bundles[hit.library];
    hit.svg = bundle ? bundle[hit.id] ?? null : null;
  }
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
        const result = await runSearch(request);
        postMessage({ type: "result", id: request.id, ...result });
      } catch (error) {
        postMessage({ type: "error", id: request.id, message: error && error.message ? error.message : String(error) });
      }
    }
  } finally {
    busy = false;
  }
}

self.onmessage = (event) => {
  const message = event.data;
  if (message && message.type === "search") {
    queue.push(message);
    pump();
  } else if (message && message.type === "state") {
    publish();
  }
};

publish();
start().catch(fail);
