// The model worker's two queries, on the sessions ort-worker.js built: a
// query's text -> each arm's top candidates (encodeAndScore), and one icon's
// vectors -> icons like it (similarTo). Each takes the worker's `model` state
// (ort-worker.js) as its first argument.

import { int4Scales } from "./assets.js";

// The scoring graph's additive bias per icon: 0, or -1e4 for icons outside `library`.
function biasFor(model, library) {
  const key = library || "";
  let bias = model.biasCache.get(key);
  if (!bias) {
    const n = model.manifest.scorer.count;
    bias = new Float32Array(n);
    if (library) {
      if (!model.libraryIndex) throw new Error("library filter requested before the catalogue metadata arrived");
      const wanted = model.librarySlugs.indexOf(library);
      for (let i = 0; i < n; i++) if (model.libraryIndex[i] !== wanted) bias[i] = -1e4;
    }
    model.biasCache.set(key, bias);
  }
  return bias;
}

// Feed the graph the way CPython does (docs/BYO_MODEL.md, "encoder.json"):
// pad to a fixed length when the model needs it, zeros for token types,
// 0..n-1 for positions, then pool and L2-normalise the output.
function encoderFeeds(model, ids) {
  const spec = model.manifest.encoder;
  const real = ids.length;
  const width = spec.pad_to ? Math.max(spec.pad_to, real) : real;
  const int64 = (spec.input_dtype || "int64") === "int64";
  const make = (fill) => {
    const data = int64 ? new BigInt64Array(width) : new Int32Array(width);
    for (let i = 0; i < width; i++) data[i] = int64 ? BigInt(fill(i)) : fill(i);
    return new model.ort.Tensor(int64 ? "int64" : "int32", data, [1, width]);
  };
  const feeds = {};
  for (const name of model.encoder.inputNames) {
    if (name === "input_ids") feeds[name] = make((i) => (i < real ? ids[i] : spec.pad_id));
    else if (name === "attention_mask") feeds[name] = make((i) => (i < real ? 1 : 0));
    else if (name === "token_type_ids") feeds[name] = make(() => 0);
    else if (name === "position_ids") feeds[name] = make((i) => i);
    else throw new Error(`encoder input ${name} is not supported`);
  }
  return { feeds, real, width };
}

function pooled(spec, output, ids, real) {
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

// One scorer run: `queries` ({arm: Float32Array}) against every icon, top k per arm.
function runScorer(model, queries, library, k) {
  const { ort, manifest } = model;
  return model.scorer.run({
    ...Object.fromEntries(manifest.scorer.arms.map((arm) => [`${arm}_query`,
      new ort.Tensor("float32", queries[arm], [1, queries[arm].length])])),
    bias: new ort.Tensor("float32", biasFor(model, library), [1, manifest.scorer.count]),
    k: new ort.Tensor("int64", BigInt64Array.of(BigInt(k)), [1]),
  });
}

/** A query's token ids -> {arms: {arm: {indices, scores}}, encodeMs, scoreMs}. */
export async function encodeAndScore(model, ids, library) {
  const { manifest } = model;
  const { feeds, real } = encoderFeeds(model, ids);
  const tEncode = performance.now();
  const encoded = await model.encoder.run(feeds);
  const vector = pooled(manifest.encoder, encoded[manifest.encoder.output], ids, real);
  const tScore = performance.now();
  const k = Math.min(manifest.scorer.candidates, manifest.scorer.count);
  // one query, every arm
  const scored = await runScorer(model, Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, vector])), library, k);
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
// A projected arm (vector_projection.py) stores d < D dimensions and its [D, d]
// projection P: the icon's stored vector y scores candidates directly, and the
// scorer, which takes D-dimensional queries, is fed P y (it computes P^T P y = y).
function vectorView(model, arm) {
  const info = model.manifest.scorer.vectors.arms[arm];
  const { count, dim: queryDim } = model.manifest.scorer;
  const packed = model.packedVectors;
  const dim = info.dims || queryDim;
  const at = packed.byteOffset + info.projection_offset;
  const projection = "projection_offset" in info ? new Float32Array(packed.buffer.slice(at, at + 4 * queryDim * dim)) : null;
  return { packed, offset: info.offset, scale: int4Scales(packed, info, count), count, dim, queryDim, projection };
}

// The scorer's D-dimensional query for an icon's stored vector: P y, or y itself.
function liftVector(view, vector) {
  if (!view.projection) return vector;
  const out = new Float32Array(view.queryDim);
  for (let i = 0; i < view.queryDim; i++) {
    let sum = 0;
    for (let j = 0; j < view.dim; j++) sum += view.projection[i * view.dim + j] * vector[j];
    out[i] = sum;
  }
  return out;
}

function iconVector(view, icon) {
  const out = new Float32Array(view.dim);
  const s = view.scale[icon];
  for (let r = 0; 2 * r < view.dim; r++) {
    const b = view.packed[view.offset + r * view.count + icon];
    out[2 * r] = ((b & 15) - 8) * s;
    if (2 * r + 1 < view.dim) out[2 * r + 1] = ((b >> 4) - 8) * s;
  }
  return out;
}

function iconDot(view, query, icon) {
  let sum = 0;
  for (let r = 0; 2 * r < view.dim; r++) {
    const b = view.packed[view.offset + r * view.count + icon];
    sum += query[2 * r] * ((b & 15) - 8);
    if (2 * r + 1 < view.dim) sum += query[2 * r + 1] * ((b >> 4) - 8);
  }
  return sum * view.scale[icon];
}

/** Icon number `icon` -> {indices, arms: {arm: Float32Array}, scoreMs}: candidates with every arm's score. */
export async function similarTo(model, icon, library) {
  const { manifest } = model;
  if (!model.packedVectors) throw new Error("similar icons need the packed icon vectors (int4 storage); rebuild the site with them");
  if (!(icon >= 0 && icon < manifest.scorer.count)) throw new Error(`no icon number ${icon}`);
  const started = performance.now();
  const k = Math.min(manifest.scorer.candidates, manifest.scorer.count);
  model.vectorViews ||= Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, vectorView(model, arm)]));
  const views = model.vectorViews;
  const queries = Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, iconVector(views[arm], icon)]));
  const lifted = Object.fromEntries(manifest.scorer.arms.map((arm) => [arm, liftVector(views[arm], queries[arm])]));
  const candidates = new Set();
  const scored = await runScorer(model, lifted, library, k);
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
