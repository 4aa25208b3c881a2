// The model worker: onnxruntime-web with the text encoder and the scoring graph.
//
// WHY a worker of its own (next to the Python worker): Pyodide's start-up runs
// synchronously for seconds, and on a shared thread onnxruntime could not even
// begin compiling its wasm or building sessions until Python finished. Apart,
// both start at once on separate cores, and a query's encoder run does not
// wait behind Python either.
//
// Messages (protocol.js): from the page INIT (the port to the search worker);
// to the page PROGRESS and FATAL; with the search worker, over the port, MODEL.
// Modules: model-session.js (what each session is built from), model-scoring.js
// (the queries run on them).

import {
  errorMessage, importVerified, OFFLINE_COPY_QUIET_MS, offlineCacheName, ProgressTracker, releaseBytes, startVerified,
  storeForOffline, whenQuiet, withCompiledWasm,
} from "./assets.js";
import { encodeAndScore, similarTo } from "./model-scoring.js";
import { encoderInput, scorerInput, startUnpackHelper, STARTER_GRAPH } from "./model-session.js";
import {
  encodedReply, fatalMessage, MODEL, modelErrorReply, PAGE, progressMessage, readyMessage, similarScoredReply, storedReply,
} from "./protocol.js";

const t0 = performance.now();

// Everything this worker holds; model-scoring.js and model-session.js receive it as their first argument.
const model = {
  base: new URL("./", self.location.href).href,
  manifest: null,
  ort: null, // the onnxruntime-web module
  encoder: null, // InferenceSession: token ids -> query vector
  scorer: null, // InferenceSession: query vector(s) -> each arm's top candidates
  downloads: null, // {key: Promise<Uint8Array>}, kept until stored for offline use
  wasmModule: null, // Promise of onnxruntime's WebAssembly.Module, compiled from the verified download
  libraryIndex: null, // Uint8Array: library number per icon (from the search worker)
  librarySlugs: [],
  biasCache: new Map(), // library slug ("" for none) -> the scorer's bias input
  packedVectors: null, // the packed 4-bit icon vectors (8.8 MB), kept for similar()
  vectorViews: null, // {arm: {offset, scale, count, dim}} over packedVectors, made on first use
  queuedQueries: 0, // ENCODE requests waiting or running (see warmUpUnlessQueried)
  lastQueryAt: 0, // performance.now() of the last ENCODE request (the offline copy waits for a pause)
  ready: null, // Promise of {threads, crossOriginIsolated, timings} once both sessions exist
  searchFilesIn: null, // Promise: the search worker's start-up downloads settled (see startDownloads)
  timings: {},
  mark(name) {
    this.timings[name] = Math.round(performance.now() - t0);
  },
};

// ---------------------------------------------------------------- start-up
// The phases below, in order; the outcome is what READY tells the search worker.
async function start() {
  if (!(await loadManifest())) return new Promise(() => {}); // keyword-only site: no model
  const unpacker = startDownloads();
  const isolated = await startRuntime();
  // Start onnxruntime now: its start-up waits on a wasm instance and a thread
  // pool, and meanwhile the helper worker unpacks the vectors as they arrive.
  // Its wasm is instantiated from the module compiled during the download.
  const wasmModule = await model.wasmModule;
  const started = withCompiledWasm(wasmModule,
    () => model.ort.InferenceSession.create(STARTER_GRAPH, { graphOptimizationLevel: "disabled" })).then(
    (session) => { model.mark("ort_started"); return session.release(); },
    () => {}, // the real session creation below reports any failure
  );
  await createSessions({ encoder: encoderInput(model), scorer: scorerInput(model, unpacker) }, started);
  const threads = typeof SharedArrayBuffer === "undefined" ? 1 : model.ort.env.wasm.numThreads;
  return { threads, crossOriginIsolated: isolated, timings: { ...model.timings } };
}

// Start-up phase. The manifest says whether there is a model at all, and names its files with their sha256.
async function loadManifest() {
  const response = await fetch(new URL("manifest.json", model.base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
  model.manifest = await response.json();
  return model.manifest.scorer.arms.length > 0;
}

// The model's files that wait for the search worker's start-up downloads when
// they come from the network. WHY: keyword search needs only Pyodide and its
// snapshot (~8 MB); on a 50 Mbit/s link these ~20 MB downloading beside them took
// most of the bandwidth and delayed keyword results by seconds. The small files
// (onnxruntime's loaders, the scoring graph) start at once; files in the offline
// copy are read at once. A search worker that never reports does not stall the
// model: after WAIT_FOR_SEARCH_FILES_MS the downloads start anyway.
const WAITS_FOR_SEARCH_FILES = new Set(["ort_wasm", "encoder", "encoder_weights", "vectors"]);
const WAIT_FOR_SEARCH_FILES_MS = 8000;
let searchFilesIn;
model.searchFilesIn = new Promise((resolve) => {
  searchFilesIn = resolve;
  setTimeout(resolve, WAIT_FOR_SEARCH_FILES_MS);
}).then(() => model.mark("search_files_in"));

// Start-up phase. The unpack helper starts before the vectors land.
function startDownloads() {
  const { manifest } = model;
  const keys = manifest.ort.assets.filter((k) => manifest.assets[k]); // the model files this site has
  const total = keys.reduce((s, k) => s + manifest.assets[k].bytes, 0);
  const tracker = new ProgressTracker(total, (loaded, all) => self.postMessage(progressMessage(loaded, all)));
  model.downloads = {};
  const offlineCache = offlineCacheName(manifest.build);
  for (const key of keys) {
    const turn = WAITS_FOR_SEARCH_FILES.has(key) ? model.searchFilesIn : null;
    const wasm = key === "ort_wasm";
    const started = startVerified(model.base, manifest.assets[key], tracker, { wasm, offlineCache, turn });
    if (wasm) model.wasmModule = started.module;
    model.downloads[key] = started.bytes;
    model.downloads[key].catch(() => {});
  }
  const unpacker = manifest.scorer.vectors ? startUnpackHelper() : null;
  model.mark("manifest");
  return unpacker;
}

// Start-up phase. onnxruntime runs only from bytes that matched manifest.json; returns crossOriginIsolated.
async function startRuntime() {
  // Its module is imported from them, its wasm loader module handed over as a
  // blob URL of them (its thread workers start from that URL too) and the wasm as bytes.
  const { downloads } = model;
  const { module: ort } = await importVerified(await downloads.ort_mjs);
  model.ort = ort;
  model.mark("ort_imported");
  downloads.encoder.then(() => model.mark("encoder_downloaded"), () => {});
  const isolated = self.crossOriginIsolated === true;
  const cores = self.navigator.hardwareConcurrency || 1;
  ort.env.wasm.numThreads = isolated ? Math.max(1, Math.min(4, cores)) : 1;
  const [wasm, wasmModule] = await Promise.all([downloads.ort_wasm, downloads.ort_wasm_mjs]);
  ort.env.wasm.wasmPaths = { mjs: URL.createObjectURL(new Blob([wasmModule], { type: "text/javascript" })) };
  ort.env.wasm.wasmBinary = wasm;
  model.mark("ort_wasm_downloaded");
  return isolated;
}

// Start-up phase. The encoder's session first, then the scorer's.
// WHY this order and not the order the bytes arrive: onnxruntime's wasm memory
// only grows. Building the encoder copies its 21 MB graph into that memory,
// parses it and frees the copy; built first, that freed space then takes part of
// the scorer's 50 MB of vectors. Built the other way round (the scorer's bytes
// land first on a slow link), the model worker measured 133.8 instead of
// 109.5 MB. The scorer's session takes ~50 ms, so waiting for the encoder's
// bytes costs hybrid search about that much on a slow link and nothing on a fast one.
async function createSessions(inputs, started) {
  await started;
  for (const which of ["encoder", "scorer"]) {
    const { graph, options } = await inputs[which];
    model[which] = await model.ort.InferenceSession.create(graph, options);
    model.mark(`${which}_ready`);
  }
}

// The first inference costs many times a later one (V8 compiles each kernel
// on its first call; buffers are allocated): 150-250 ms on a cold start here.
// The sessions are usually ready before the search worker has loaded its
// tokenizer, so this worker pays that cost itself, right away, with a
// throw-away query, unless a real query is already waiting (it then pays it).
// It runs once, at the head of the request chain, so a query is "already
// waiting" exactly when one has been queued behind it.
async function warmUpUnlessQueried() {
  if (model.queuedQueries > 0) return;
  await encodeAndScore(model, model.manifest.encoder.warmup_ids, null).catch(() => {});
  model.mark("warm");
}

async function storeDownloads() {
  await model.ready;
  if (!model.downloads) return 0;
  // Each write waits for a pause in this worker's encode requests.
  const noQuery = () => ({ busy: model.queuedQueries > 0, last: model.lastQueryAt });
  const count = await storeForOffline(model.manifest, model.base, model.downloads,
    () => whenQuiet(noQuery, OFFLINE_COPY_QUIET_MS));
  model.downloads = null; // the sessions hold their own copies
  // onnxruntime keeps its wasm bytes (14 MB) in env.wasm.wasmBinary, though it runs
  // from the module compiled during the download and its threads exist by now.
  releaseBytes(model.ort.env.wasm.wasmBinary);
  model.ort.env.wasm.wasmBinary = undefined;
  return count;
}

// ---------------------------------------------------------------- the search worker's requests
function serve(port) {
  model.ready.then((info) => port.postMessage(readyMessage(info)), () => {});
  // Runs one request at a time, in arrival order (the Python worker already drops stale ones).
  let chain = model.ready.then(warmUpUnlessQueried, () => {});
  const enqueue = (id, run, reply, transferOf, done = () => {}) => {
    chain = chain.then(async () => {
      try {
        await model.ready;
        const result = await run();
        port.postMessage(reply(id, result), transferOf(result));
      } catch (error) {
        port.postMessage(modelErrorReply(id, errorMessage(error)));
      } finally {
        done();
      }
    });
  };
  const handlers = {
    [MODEL.LIBRARY_INDEX]: (message) => {
      model.libraryIndex = message.index;
      model.librarySlugs = message.libraries;
      model.biasCache.clear();
    },
    [MODEL.FILES_IN]: () => searchFilesIn(),
    [MODEL.STORE]: () => storeDownloads().then(
      (count) => port.postMessage(storedReply({ count })),
      (error) => port.postMessage(storedReply({ error: errorMessage(error) })),
    ),
    [MODEL.SIMILAR]: (message) => enqueue(message.id, () => similarTo(model, message.index, message.library),
      similarScoredReply, (result) => [result.indices.buffer, ...Object.values(result.arms).map((a) => a.buffer)]),
    [MODEL.ENCODE]: (message) => {
      model.queuedQueries++;
      model.lastQueryAt = performance.now();
      enqueue(message.id, () => encodeAndScore(model, message.ids, message.library), encodedReply,
        (result) => Object.values(result.arms).flatMap((a) => [a.indices.buffer, a.scores.buffer]),
        () => model.queuedQueries--);
    },
  };
  port.onmessage = (event) => {
    const handle = handlers[event.data && event.data.type];
    if (handle) handle(event.data);
  };
}

self.onmessage = (event) => {
  if (event.data && event.data.type === PAGE.INIT) serve(event.data.port);
};

model.ready = start();
model.ready.catch((error) => self.postMessage(fatalMessage(errorMessage(error))));
