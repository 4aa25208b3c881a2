// The model worker: onnxruntime-web with the text encoder and the scoring graph.
//
// WHY a worker of its own (next to the Python worker): Pyodide's start-up runs
// synchronously for seconds, and on a shared thread onnxruntime could not even
// begin compiling its wasm or building sessions until Python finished. Apart,
// both start at once on separate cores, and a query's encoder run does not
// wait behind Python either.
//
// Messages:
//   page → this     {type:"init", port}            MessagePort to the Python worker
//   this → page     {type:"progress", loaded, total} | {type:"state", ...} | {type:"fatal", message}
//   this → python   {type:"ready", threads, crossOriginIsolated, timings}   (over the port, once)
//   python → this   {type:"library_index", libraries, index}     (over the port, once)
//                   {type:"encode", id, ids, library, k}
//   this → python   {type:"encoded", id, arms:{arm:{indices, scores}}, encodeMs, scoreMs} | {type:"error", id, message}
//   python → this   {type:"similar", id, index, library}    (icons like icon number `index`)
//   this → python   {type:"similar", id, indices, arms:{arm: Float32Array}, scoreMs}
//   python → this   {type:"store"}   (start-up is over: put the model's files in the offline cache)
//   this → python   {type:"stored", count} | {type:"stored", error}

import { errorMessage, fetchVerified, importVerified, int4Scales, ProgressTracker, storeForOffline } from "./assets.js";

const base = new URL("./", self.location.href).href;
// A 68-byte ONNX graph (y = Identity(x), opset 17): creating a session from it
// starts onnxruntime (wasm instance, thread pool) before the real graphs have
// arrived. Made with onnx.helper.make_graph/make_model, ir_version 8.
const STARTER_GRAPH = Uint8Array.from(
  atob("CAg6OgoQCgF4EgF5IghJZGVudGl0eRIEaW5pdFoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEBE="),
  (c) => c.charCodeAt(0),
);
const t0 = performance.now();
const timings = {};
const mark = (name) => (timings[name] = Math.round(performance.now() - t0));

let ort = null;
let encoder = null;
let scorer = null;
let manifest = null;
let libraryIndex = null; // Uint8Array: library number per icon
let librarySlugs = [];
const biasCache = new Map();
let ready = null; // Promise that settles when both sessions exist
let downloaded = null; // {key: Promise<Uint8Array>}, kept until stored for offline use
let packedVectors = null; // the packed 4-bit icon vectors (8.8 MB), kept for similar()
let vectorViews = null; // {arm: {offset, scale, count, dim}} over packedVectors, made on first use

function post(message) {
  self.postMessage(message);
}

async function start() {
  const response = await fetch(new URL("manifest.json", base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
  manifest = await response.json();
  if (manifest.scorer.arms.length === 0) return new Promise(() => {}); // keyword-only site: no model
  const keys = ["ort_mjs", "ort_wasm_mjs", "ort_wasm", "encoder", "encoder_weights", "scorer", "vectors"]
    .filter((k) => manifest.assets[k]);
  const total = keys.reduce((s, k) => s + manifest.assets[k].bytes, 0);
  const tracker = new ProgressTracker(total, (loaded, all) => post({ type: "progress", loaded, total: all }));
  const downloads = {};
  downloaded = downloads;
  for (const key of keys) {
    downloads[key] = fetchVerified(base, manifest.assets[key], tracker, "high");
    downloads[key].catch(() => {});
  }
  const unpacker = manifest.scorer.vectors ? startUnpackHelper() : null;
  mark("manifest");
  // onnxruntime runs only from bytes that matched manifest.json: its module is
  // imported from them, its wasm loader module handed over as a blob URL of
  // them (its thread workers start from that URL too) and the wasm as bytes.
  ({ module: ort } = await importVerified(await downloads.ort_mjs));
  mark("ort_imported");
  downloads.encoder.then(() => mark("encoder_downloaded"), () => {});
  const isolated = self.crossOriginIsolated === true;
  const cores = self.navigator.hardwareConcurrency || 1;
  ort.env.wasm.numThreads = isolated ? Math.max(1, Math.min(4, cores)) : 1;
  const [wasm, wasmModule] = await Promise.all([downloads.ort_wasm, downloads.ort_wasm_mjs]);
  ort.env.wasm.wasmPaths = { mjs: URL.createObjectURL(new Blob([wasmModule], { type: "text/javascript" })) };
  ort.env.wasm.wasmBinary = wasm;
  mark("ort_wasm_downloaded");
  // Start onnxruntime now: its start-up waits on a wasm instance and a thread
  // pool, and meanwhile the helper worker unpacks the vectors as they arrive.
  const started = ort.InferenceSession.create(STARTER_GRAPH, { graphOptimizationLevel: "disabled" }).then(
    (session) => { mark("ort_started"); return session.release(); },
    () => {}, // the real session creation below reports any failure
  );
  const options = { executionProviders: ["wasm"], graphOptimizationLevel: "all" };
  // Sessions are created in the order their bytes arrive: the scoring graph
  // (smaller) usually lands first, and building it then overlaps the encoder's
  // download instead of waiting behind the encoder's session.
  // The scoring graph's vectors, when shipped packed (int4), become its
  // external float32 initializers (unpacked by the helper), so the session
  // has nothing to fold.
  const scorerReady = Promise.all([downloads.scorer, downloads.vectors]).then(async ([graph, packed]) => {
    mark("scorer_downloaded");
    if (!manifest.scorer.vectors) return { graph, options };
    const externalData = (await unpacker.unpack(packed, manifest.scorer)).map(([arm, matrix]) => (
      { path: `${arm}.f32`, data: new Uint8Array(matrix.buffer) }));
    mark("vectors_unpacked");
    packedVectors = packed;
    // No pre-packing of the [D, N] matrices: it would copy both once more at
    // session creation, and a [1, D] x [D, N] product runs as fast without it
    // (docs/DEPLOYMENT.md).
    // Nothing left to optimise either: MatMul, Add and TopK on float32 inputs.
    return { graph, options: { ...options, graphOptimizationLevel: "disabled", externalData,
                               extra: { session: { disable_prepacking: "1" } } } };
  });
  // A build-time optimised encoder (py/iconseek/site/encoder_preopt.py) is
  // loaded without onnxruntime's own graph optimisation, its float16-stored
  // weights widened to the float32 external initializers the graph names.
  const encoderReady = manifest.encoder.preoptimized
    ? Promise.all([downloads.encoder, downloads.encoder_weights]).then(([graph, planes]) => ({
      graph,
      options: { ...options, graphOptimizationLevel: "disabled", externalData: widenWeights(planes, manifest.encoder.external, manifest.encoder.weights_format) },
    }))
    : downloads.encoder.then((graph) => ({ graph, options }));
  const inputs = { encoder: encoderReady, scorer: scorerReady };
  await started;
  const first = await Promise.race([inputs.encoder.then(() => "encoder"), inputs.scorer.then(() => "scorer")]);
  for (const which of first === "scorer" ? ["scorer", "encoder"] : ["encoder", "scorer"]) {
    const { graph, options: sessionOptions } = await inputs[which];
    const session = await ort.InferenceSession.create(graph, sessionOptions);
    if (which === "encoder") encoder = session;
    else scorer = session;
    mark(`${which}_ready`);
  }
  const threads = typeof SharedArrayBuffer === "undefined" ? 1 : ort.env.wasm.numThreads;
  const info = { threads, crossOriginIsolated: isolated, timings: { ...timings } };
  post({ type: "state", ...info });
  return info;
}

// The encoder's float16 side file -> onnxruntime externalData [{path, data}].
// The file holds N float16 values as byte planes: N low bytes, then N high
// bytes (encoder_preopt.py, FORMAT "fp16-byte-planes": it compresses better).
function widenWeights(planes, external, format) {
  if (external.length === 0) return [];
  if (format !== "fp16-byte-planes") throw new Error(`encoder weights format ${format} is not supported; rebuild the site`);
  const total = planes.length / 2;
  if (!Number.isInteger(total)) throw new Error("encoder weights file is not two byte planes; rebuild the site");
  return external.map(({ path, start, count }) => {
    if (start + count > total) {
      throw new Error(`encoder weights file does not hold ${path} as manifest.json says; rebuild the site`);
    }
    const bits = new Uint16Array(count);
    for (let i = 0; i < count; i++) bits[i] = planes[start + i] | (planes[total + start + i] << 8);
    return { path, data: new Uint8Array(halfToFloat(bits).buffer) };
  });
}

// float16 bits -> float32. Float16Array (Chromium 135+, Firefox 129+, Safari
// 18.2+) converts natively; otherwise a 65,536-entry table does it.
let halfTable = null;
function halfToFloat(bits) {
  if (typeof Float16Array === "function") return new Float32Array(new Float16Array(bits.buffer));
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const exponent = (h >> 10) & 31;
      const fraction = h & 1023;
      halfTable[h] = exponent === 0 ? sign * fraction * 2 ** -24
        : exponent === 31 ? (fraction ? NaN : sign * Infinity)
          : sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
    }
  }
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfTable[bits[i]];
  return out;
}

// Packed 4-bit vectors -> float32 matrices, in a helper worker (unpack-worker.js).
// WHY: the unpack is ~100-150 ms of JavaScript; on this thread it either held
// back onnxruntime's start-up or, in slices, waited behind it. The helper runs
// it beside both, and the matrices come back transferred, not copied.
// The helper is started before the vectors arrive: a worker takes tens of ms to start.
function startUnpackHelper() {
  const helper = new Worker(new URL("unpack-worker.js", import.meta.url), { type: "module" });
  const result = new Promise((resolve, reject) => {
    helper.onmessage = (event) => {
      helper.terminate();
      if (event.data.error) reject(new Error(event.data.error));
      else resolve(event.data.matrices);
    };
    helper.onerror = (event) => {
      helper.terminate();
      reject(new Error(`unpack worker failed: ${event.message || "could not start"}`));
    };
  });
  return {
    unpack(packed, scorer) {
      const copy = packed.slice(); // the original stays for the offline copy
      helper.postMessage({ packed: copy, scorer }, [copy.buffer]);
      return result;
    },
  };
}

function biasFor(library) {
  const key = library || "";
  let bias = biasCache.get(key);
  if (!bias) {
    const n = manifest.scorer.count;
    bias = new Float32Array(n);
    if (library) {
      if (!libraryIndex) throw new Error("library filter requested before the catalogue metadata arrived");
      const wanted = librarySlugs.indexOf(library);
      for (let i = 0; i < n; i++) if (libraryIndex[i] !== wanted) bias[i] = -1e4;
    }
    biasCache.set(key, bias);
  }
  return bias;
}

// Feed the graph the way CPython does (docs/BYO_MODEL.md, "encoder.json"):
// pad to a fixed length when the model needs it, zeros for token types,
// 0..n-1 for positions, then pool and L2-normalise the output.
function encoderFeeds(ids) {
  const spec = manifest.encoder;
  const real = ids.length;
  const width = spec.pad_to ? Math.max(spec.pad_to, real) : real;
  const int64 = (spec.input_dtype || "int64") === "int64";
  const make = (fill) => {
    const data = int64 ? new BigInt64Array(width) : new Int32Array(width);
    for (let i = 0; i < width; i++) data[i] = int64 ? BigInt(fill(i)) : fill(i);
    return new ort.Tensor(int64 ? "int64" : "int32", data, [1, width]);
  };
  const feeds = {};
  for (const name of encoder.inputNames) {
    if (name === "input_ids") feeds[name] = make((i) => (i < real ? ids[i] : spec.pad_id));
    else if (name === "attention_mask") feeds[name] = make((i) => (i < real ? 1 : 0));
    else if (name === "token_type_ids") feeds[name] = make(() => 0);
    else if (name === "position_ids") feeds[name] = make((i) => i);
    else throw new Error(`encoder input ${name} is not supported`);
  }
  return { feeds, real, width };
}

function pooled(output, ids, real) {
  const spec = manifest.encoder;
  const dims = output.dims;
  const data = output.data;
  let vector;
  if (spec.pooling === "none" || !spec.pooling) {
    vector = Float32Array.from(data.subarray(0, dims[dims.length - 1]));
  } else {
    const hidden = dims[2];
    let rows;
    if (spec.pooling === "mean") rows = [...Array(real).keys()];
    else if (spec.pooling === "cls") rows = [0];
    else if (spec.pooling === "eos") {
      const at = ids.indexOf(spec.eos_id);
      rows = [at >= 0 ? at : real - 1];
    } else throw new Error(`pooling ${spec.pooling} is not supported`);
    vector = new Float32Array(hidden);
    for (const row of rows) for (let j = 0; j < hidden; j++) vector[j] += data[row * hidden + j];
    for (let j = 0; j < hidden; j++) vector[j] /= rows.length;
  }
  if (spec.normalize !== false) {
    let norm = 0;
    for (let j = 0; j < vector.length; j++) norm += vector[j] * vector[j];
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < vector.length; j++) vector[j] /= norm;
  }
  return vector;
}

async function encodeAndScore(ids, library) {
  const { feeds, real } = encoderFeeds(ids);
  const tEncode = performance.now();
  const encoded = await encoder.run(feeds);
  const vector = pooled(encoded[manifest.encoder.output], ids, real);
  const tScore = performance.now();
  const k = Math.min(manifest.scorer.candidates, manifest.scorer.count);
  const query = new ort.Tensor("float32", vector, [1, vector.length]);
  const scored = await scorer.run({
    ...Object.fromEntries(manifest.scorer.arms.map((arm) => [`${arm}_query`, query])), // one query, every arm
    bias: new ort.Tensor("float32", biasFor(library), [1, manifest.scorer.count]),
    k: new ort.Tensor("int64", BigInt64Array.of(BigInt(k)), [1]),
  });
  const tDone = performance.now();
  const arms = {};
  for (const arm of manifest.scorer.arms) {
    const raw = scored[`${arm}_indices`].data;
    const indices = new Int32Array(raw.length);
    for (let i = 0; i < raw.length; i++) indices[i] = Number(raw[i]);
    arms[arm] = { indices, scores: Float32Array.from(scored[`${arm}_scores`].data) };
  }
  return { arms, encodeMs: tScore - tEncode, scoreMs: tDone - tScore };
}

// ---------------------------------------------------------------- similar icons
// An icon's own vectors are the query: one scorer run, each arm fed the icon's
// vector of that arm (picture vector -> picture arm, meaning vector -> meaning
// arm), gives each arm's top candidates; every candidate then gets its exact score on
// every arm from the packed 4-bit levels (the same levels the scorer uses), so
// the search worker can combine them as py/iconseek/similar/index.py does.
// Layout (scoring_graph.pack_int4): byte row r holds dimensions 2r (low nibble)
// and 2r+1 (high nibble) of every icon, as level + 8; value = level * scale[icon].
function vectorView(arm) {
  const info = manifest.scorer.vectors.arms[arm];
  const { count, dim } = manifest.scorer;
  return { offset: info.offset, scale: int4Scales(packedVectors, info, count), count, dim };
}

function iconVector(view, icon) {
  const out = new Float32Array(view.dim);
  const s = view.scale[icon];
  for (let r = 0; 2 * r < view.dim; r++) {
    const b = packedVectors[view.offset + r * view.count + icon];
    out[2 * r] = ((b & 15) - 8) * s;
    if (2 * r + 1 < view.dim) out[2 * r + 1] = ((b >> 4) - 8) * s;
  }
  return out;
}

function iconDot(view, query, icon) {
  let sum = 0;
  for (let r = 0; 2 * r < view.dim; r++) {
    const b = packedVectors[view.offset + r * view.count + icon];
    sum += query[2 * r] * ((b & 15) - 8);
    if (2 * r + 1 < view.dim) sum += query[2 * r + 1] * ((b >> 4) - 8);
  }
  return sum * view.scale[icon];
}

async function similarTo(icon, library) {
  if (!packedVectors) throw new Error("similar icons need the packed icon vectors (int4 storage); rebuild the site with them");
  if (!(icon >= 0 && icon < manifest.scorer.count)) throw new Error(`no icon number ${icon}`);
  const started = performance.now();
  const k = Math.min(manifest.scorer.candidates, manifest.scorer.count);
  vectorViews ||= Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, vectorView(arm)]));
  const views = vectorViews;
  const queries = Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, iconVector(views[arm], icon)]));
  const candidates = new Set();
  const scored = await scorer.run({
    ...Object.fromEntries(manifest.scorer.arms.map((arm) => [`${arm}_query`,
      new ort.Tensor("float32", queries[arm], [1, views[arm].dim])])),
    bias: new ort.Tensor("float32", biasFor(library), [1, manifest.scorer.count]),
    k: new ort.Tensor("int64", BigInt64Array.of(BigInt(k)), [1]),
  });
  for (const arm of manifest.scorer.arms) {
    const raw = scored[`${arm}_indices`].data;
    const scores = scored[`${arm}_scores`].data;
    for (let i = 0; i < raw.length; i++) if (scores[i] > -1000) candidates.add(Number(raw[i]));
  }
  const indices = Int32Array.from(candidates);
  const arms = {};
  for (const arm of manifest.scorer.arms) {
    arms[arm] = new Float32Array(indices.length);
    for (let n = 0; n < indices.length; n++) arms[arm][n] = iconDot(views[arm], queries[arm], indices[n]);
  }
  return { indices, arms, scoreMs: performance.now() - started };
}

async function storeDownloads() {
  await ready;
  if (!downloaded) return 0;
  const count = await storeForOffline(manifest, base, downloaded);
  downloaded = null; // the sessions hold their own copies
  return count;
}

// The first inference costs many times a later one (V8 compiles each kernel
// on its first call; buffers are allocated): 150-250 ms on a cold start here.
// The sessions are usually ready before the search worker has loaded its
// tokenizer, so this worker pays that cost itself, right away, with a
// throw-away query, unless a real query is already waiting (it then pays it).
// It runs once, at the head of the request chain, so a query is "already
// waiting" exactly when one has been queued behind it.
let queuedQueries = 0;
async function warmUpUnlessQueried() {
  if (queuedQueries > 0) return;
  await encodeAndScore(manifest.encoder.warmup_ids, null).catch(() => {});
  mark("warm");
}

function serve(port) {
  ready.then((info) => port.postMessage({ type: "ready", ...info }), () => {});
  // Runs one request at a time, in arrival order (the Python worker already drops stale ones).
  let chain = ready.then(warmUpUnlessQueried, () => {});
  port.onmessage = (event) => {
    const message = event.data;
    if (message.type === "library_index") {
      libraryIndex = message.index;
      librarySlugs = message.libraries;
      biasCache.clear();
      return;
    }
    if (message.type === "store") {
      storeDownloads().then(
        (count) => port.postMessage({ type: "stored", count }),
        (error) => port.postMessage({ type: "stored", error: errorMessage(error) }),
      );
      return;
    }
    if (message.type === "similar") {
      chain = chain.then(async () => {
        try {
          await ready;
          const result = await similarTo(message.index, message.library);
          port.postMessage({ type: "similar", id: message.id, ...result },
                           [result.indices.buffer, ...Object.values(result.arms).map((a) => a.buffer)]);
        } catch (error) {
          port.postMessage({ type: "error", id: message.id, message: errorMessage(error) });
        }
      });
      return;
    }
    if (message.type !== "encode") return;
    queuedQueries++;
    chain = chain.then(async () => {
      try {
        await ready;
        const result = await encodeAndScore(message.ids, message.library);
        const transfer = Object.values(result.arms).flatMap((a) => [a.indices.buffer, a.scores.buffer]);
        port.postMessage({ type: "encoded", id: message.id, ...result }, transfer);
      } catch (error) {
        port.postMessage({ type: "error", id: message.id, message: errorMessage(error) });
      } finally {
        queuedQueries--;
      }
    });
  };
}

self.onmessage = (event) => {
  if (event.data && event.data.type === "init") serve(event.data.port);
};

ready = start();
ready.catch((error) => post({ type: "fatal", message: errorMessage(error) }));
