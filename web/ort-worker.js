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
//   python → this   {type:"store"}   (start-up is over: put the model's files in the offline cache)
//   this → python   {type:"stored", count} | {type:"stored", error}

import { fetchVerified, ProgressTracker, storeForOffline } from "./assets.js";

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

function post(message) {
  self.postMessage(message);
}

async function start() {
  const response = await fetch(new URL("manifest.json", base), { cache: "no-cache" });
  if (!response.ok) throw new Error(`manifest.json: HTTP ${response.status}`);
  manifest = await response.json();
  if (manifest.scorer.arms.length === 0) return new Promise(() => {}); // keyword-only site: no model
  const keys = ["ort_mjs", "ort_wasm_mjs", "ort_wasm", "encoder", "scorer", "vectors"].filter((k) => manifest.assets[k]);
  const total = keys.reduce((s, k) => s + manifest.assets[k].bytes, 0);
  const tracker = new ProgressTracker(total, (loaded, all) => post({ type: "progress", loaded, total: all }));
  const downloads = {};
  downloaded = downloads;
  for (const key of keys) {
    downloads[key] = fetchVerified(base, manifest.assets[key], tracker, "high");
    downloads[key].catch(() => {});
  }
  mark("manifest");
  ort = await import(new URL(manifest.ort.module, base).href);
  mark("ort_imported");
  downloads.encoder.then(() => mark("encoder_downloaded"), () => {});
  await downloads.ort_mjs;
  const isolated = self.crossOriginIsolated === true;
  const cores = self.navigator.hardwareConcurrency || 1;
  ort.env.wasm.numThreads = isolated ? Math.max(1, Math.min(4, cores)) : 1;
  ort.env.wasm.wasmPaths = { mjs: new URL(manifest.ort.wasm_module, base).href };
  const [wasm] = await Promise.all([downloads.ort_wasm, downloads.ort_wasm_mjs]);
  ort.env.wasm.wasmBinary = wasm;
  mark("ort_wasm_downloaded");
  // Start onnxruntime now: its start-up waits on a wasm instance and a thread
  // pool, and meanwhile this thread unpacks the vectors as they arrive.
  const started = ort.InferenceSession.create(STARTER_GRAPH).then(
    (session) => { mark("ort_started"); return session.release(); },
    () => {}, // the real session creation below reports any failure
  );
  const options = { executionProviders: ["wasm"], graphOptimizationLevel: "all" };
  // Sessions are created in the order their bytes arrive: the scoring graph
  // (smaller) usually lands first, and building it then overlaps the encoder's
  // download instead of waiting behind the encoder's session.
  // The scoring graph's vectors, when shipped packed (int4), become its
  // external float32 initializers here, so the session has nothing to fold.
  const scorerReady = Promise.all([downloads.scorer, downloads.vectors]).then(([graph, packed]) => {
    mark("scorer_downloaded");
    if (!manifest.scorer.vectors) return { graph, options };
    const externalData = unpackVectors(packed, manifest.scorer).map(([arm, matrix]) => (
      { path: `${arm}.f32`, data: new Uint8Array(matrix.buffer) }));
    mark("vectors_unpacked");
    // No pre-packing of the [D, N] matrices: it would copy both once more at
    // session creation, and a [1, D] x [D, N] product runs as fast without it
    // (docs/DEPLOYMENT.md).
    return { graph, options: { ...options, externalData, extra: { session: { disable_prepacking: "1" } } } };
  });
  const inputs = {
    encoder: downloads.encoder.then((graph) => ({ graph, options })),
    scorer: scorerReady,
  };
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
  // No throw-away run here: the first inference pays for kernel set-up and
  // memory growth, and a user who typed while the model loaded should not wait
  // for a warm-up before their own query. The search worker sends the
  // warm-up (manifest.encoder.warmup_ids) in its first idle moment instead.
  const info = { threads, crossOriginIsolated: isolated, timings: { ...timings } };
  post({ type: "state", ...info });
  return info;
}

// Packed 4-bit icon vectors (scoring_graph.pack_int4) -> [[arm, Float32Array D*N]]:
// row r of bytes holds rows 2r (low nibble) and 2r+1 (high nibble) as level + 8;
// value = (nibble - 8) * scale[column].
function unpackVectors(bytes, scorer) {
  const { dim, count } = scorer;
  const rows = Math.ceil(dim / 2);
  const out = [];
  for (const arm of scorer.arms) {
    const info = scorer.vectors.arms[arm];
    if (!info) throw new Error(`vectors file has no ${arm} arm; rebuild the site`);
    if (info.offset + info.bytes > bytes.length || info.scale_offset + 4 * count > bytes.length) {
      throw new Error("vectors file is shorter than manifest.json says; rebuild the site");
    }
    const scale = new Float32Array(bytes.buffer.slice(bytes.byteOffset + info.scale_offset,
                                                      bytes.byteOffset + info.scale_offset + 4 * count));
    const matrix = new Float32Array(dim * count);
    for (let r = 0; r < rows; r++) {
      const source = info.offset + r * count;
      const low = 2 * r * count;
      const high = low + count;
      const hasHigh = 2 * r + 1 < dim;
      for (let j = 0; j < count; j++) {
        const b = bytes[source + j];
        matrix[low + j] = ((b & 15) - 8) * scale[j];
        if (hasHigh) matrix[high + j] = ((b >> 4) - 8) * scale[j];
      }
    }
    out.push([arm, matrix]);
  }
  return out;
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
  const scored = await scorer.run({
    query: new ort.Tensor("float32", vector, [1, vector.length]),
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

async function storeDownloads() {
  await ready;
  if (!downloaded) return 0;
  const count = await storeForOffline(manifest, base, downloaded);
  downloaded = null; // the sessions hold their own copies
  return count;
}

function serve(port) {
  ready.then((info) => port.postMessage({ type: "ready", ...info }), () => {});
  // Runs one request at a time, in arrival order (the Python worker already drops stale ones).
  let chain = Promise.resolve();
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
        (error) => port.postMessage({ type: "stored", error: error && error.message ? error.message : String(error) }),
      );
      return;
    }
    if (message.type !== "encode") return;
    chain = chain.then(async () => {
      try {
        await ready;
        const result = await encodeAndScore(message.ids, message.library);
        const transfer = Object.values(result.arms).flatMap((a) => [a.indices.buffer, a.scores.buffer]);
        port.postMessage({ type: "encoded", id: message.id, ...result }, transfer);
      } catch (error) {
        port.postMessage({ type: "error", id: message.id, message: error && error.message ? error.message : String(error) });
      }
    });
  };
}

self.onmessage = (event) => {
  if (event.data && event.data.type === "init") serve(event.data.port);
};

ready = start();
ready.catch((error) => post({ type: "fatal", message: error && error.message ? error.message : String(error) }));
