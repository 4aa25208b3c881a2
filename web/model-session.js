// What the model worker (ort-worker.js) hands onnxruntime to build its two
// sessions: each graph with its session options and external weights, made
// from verified downloads only.
//
// WHY apart from the worker's start-up: the encoder's side-file weights (float16
// or grid codes) and the packed 4-bit vectors all become float32 initializers
// here, each with its own format checks; the start-up only decides when which
// session is built.

import { unpackRequest, UNPACK } from "./protocol.js";

// A 68-byte ONNX graph (y = Identity(x), opset 17): creating a session from it
// starts onnxruntime (wasm instance, thread pool) before the real graphs have
// arrived. Made with onnx.helper.make_graph/make_model, ir_version 8.
export const STARTER_GRAPH = Uint8Array.from(
  atob("CAg6OgoQCgF4EgF5IghJZGVudGl0eRIEaW5pdFoPCgF4EgoKCAgBEgQKAggBYg8KAXkSCgoICAESBAoCCAFCBAoAEBE="),
  (c) => c.charCodeAt(0),
);

// A fresh object for each session: onnxruntime writes into the options it is given.
const sessionOptions = (overrides = {}) => ({ executionProviders: ["wasm"], graphOptimizationLevel: "all", ...overrides });

/**
 * The scoring graph and its options, once its bytes (and the vectors) arrived.
 * The vectors, when shipped packed (int4), become its external float32
 * initializers, unpacked by `unpacker` (startUnpackHelper), so the session
 * has nothing to fold; the packed bytes stay on `model` for similar icons.
 */
export async function scorerInput(model, unpacker) {
  const [graph, packed] = await Promise.all([model.downloads.scorer, model.downloads.vectors]);
  model.mark("scorer_downloaded");
  const { manifest } = model;
  if (!manifest.scorer.vectors) return { graph, options: sessionOptions() };
  const externalData = (await unpacker.unpack(packed, manifest.scorer)).map(([arm, matrix]) => (
    { path: `${arm}.f32`, data: new Uint8Array(matrix.buffer) }));
  externalData.push(...projections(packed, manifest.scorer));
  model.mark("vectors_unpacked");
  model.packedVectors = packed;
  // No pre-packing of the [D, N] matrices: it would copy both once more at
  // session creation, and a [1, D] x [D, N] product runs as fast without it
  // (docs/DEPLOYMENT.md).
  // Nothing left to optimise either: MatMul, Add and TopK on float32 inputs.
  return { graph, options: sessionOptions({ graphOptimizationLevel: "disabled", externalData,
                                            extra: { session: { disable_prepacking: "1" } } }) };
}

// Each projected arm's float32 [D, d] query projection (scoring_graph.pack_vectors
// stores it after the arm's levels): views into the packed bytes, which the session copies.
function projections(packed, scorer) {
  return Object.entries(scorer.vectors.arms).filter(([, info]) => "projection_offset" in info).map(([arm, info]) => {
    const length = 4 * scorer.dim * info.dims;
    if (info.projection_offset + length > packed.length) throw new Error("vectors file is shorter than manifest.json says; rebuild the site");
    return { path: `${arm}.proj`, data: packed.subarray(info.projection_offset, info.projection_offset + length) };
  });
}

/**
 * The encoder graph and its options. A build-time optimised encoder
 * (py/iconseek/site/encoder_preopt.py) is loaded without onnxruntime's own
 * graph optimisation, its side-file weights (float16, or codes on a grid)
 * rebuilt as the float32 external initializers the graph names.
 */
export async function encoderInput(model) {
  const { manifest, downloads } = model;
  if (!manifest.encoder.preoptimized) return { graph: await downloads.encoder, options: sessionOptions() };
  const [graph, weights] = await Promise.all([downloads.encoder, downloads.encoder_weights]);
  const externalData = encoderExternalData(weights, manifest.encoder);
  return { graph, options: sessionOptions({ graphOptimizationLevel: "disabled", externalData }) };
}

/**
 * The encoder's side file -> onnxruntime externalData [{path, data}]. The file
 * is one section per tensor (encoder_preopt.py, FORMAT "sections-v1"); each
 * manifest entry names its section's bytes and format. Exported for
 * tests/unit/test_encoder_weights_js.py, which holds it to the Python twin
 * (encoder_preopt.widen) byte for byte.
 */
export function encoderExternalData(weights, { external, weights_format: format }) {
  if (external.length === 0) return [];
  if (format !== "sections-v1") throw new Error(`encoder weights format ${format} is not supported; rebuild the site`);
  return external.map((entry) => {
    const { path, offset, length } = entry;
    if (!(Number.isInteger(offset) && Number.isInteger(length) && offset >= 0 && length >= 0
          && offset + length <= weights.length)) {
      throw new Error(`encoder weights file does not hold ${path} as manifest.json says; rebuild the site`);
    }
    const section = weights.subarray(offset, offset + length);
    let values;
    if (entry.format === "fp16-byte-planes") values = halfPlanes(section, entry);
    else if (entry.format === "block-grid") values = gridValues(section, entry);
    else throw new Error(`encoder weights: ${path} has format ${entry.format}, not supported; rebuild the site`);
    return { path, data: new Uint8Array(values.buffer) };
  });
}

// N float16 values as byte planes: N low bytes, then N high bytes (they compress better).
function halfPlanes(section, { path, count }) {
  if (!Number.isInteger(count) || section.length !== 2 * count) {
    throw new Error(`encoder weights: ${path} holds ${section.length} bytes, not two byte planes of ${count} float16 values; rebuild the site`);
  }
  const bits = new Uint16Array(count);
  for (let i = 0; i < count; i++) bits[i] = section[i] | (section[count + i] << 8);
  return halfToFloat(bits);
}

// A weight [K, N] on the grid of encoder_lowbit.py: K*N codes, ceil(K/block)*N
// multipliers (a byte each), N float32 scales (little-endian); value = scale[n] *
// (m[j, n] * (code - 2**(bits-1))), j = k / block. scale * m is exact in a
// double (24 + 8 bits) and so is its product with code - h, so the Float32Array
// store rounds once, as numpy's float32 product in encoder_lowbit.expand does.
function gridValues(section, { path, shape, bits, block }) {
  const [rows, cols] = Array.isArray(shape) && shape.length === 2 ? shape : [0, 0];
  if (!(rows > 0 && cols > 0 && Number.isInteger(rows) && Number.isInteger(cols) && block >= 1 && bits >= 2 && bits <= 8)) {
    throw new Error(`encoder weights: ${path} has shape ${JSON.stringify(shape)}, block ${block}, ${bits} bits: not a grid; rebuild the site`);
  }
  const blocks = Math.ceil(rows / block);
  const codes = rows * cols;
  const needed = codes + blocks * cols + 4 * cols;
  if (section.length !== needed) {
    throw new Error(`encoder weights: ${path} holds ${section.length} bytes, but a [${rows}, ${cols}] grid in blocks of ${block} takes ${needed}; rebuild the site`);
  }
  const scales = new DataView(section.buffer, section.byteOffset + codes + blocks * cols, 4 * cols);
  const steps = new Float64Array(blocks * cols); // scale[n] * m[j, n]
  for (let j = 0; j < blocks; j++) {
    for (let n = 0; n < cols; n++) steps[j * cols + n] = scales.getFloat32(4 * n, true) * section[codes + j * cols + n];
  }
  const half = 2 ** (bits - 1);
  const out = new Float32Array(codes);
  for (let k = 0; k < rows; k++) {
    const row = k * cols;
    const step = Math.floor(k / block) * cols;
    for (let n = 0; n < cols; n++) out[row + n] = steps[step + n] * (section[row + n] - half);
  }
  return out;
}

// float16 bits -> float32. Float16Array (Chromium 135+, Firefox 129+, Safari
// 18.2+) converts natively; otherwise a 65,536-entry table does it.
let halfTable = null; // made on first use, only where Float16Array is missing
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

/**
 * Packed 4-bit vectors -> float32 matrices, in a helper worker (unpack-worker.js).
 * WHY: the unpack is ~100-150 ms of JavaScript; on the model worker's thread it
 * either held back onnxruntime's start-up or, in slices, waited behind it. The
 * helper runs it beside both, and the matrices come back transferred, not copied.
 * The helper is started before the vectors arrive: a worker takes tens of ms to start.
 */
export function startUnpackHelper() {
  const helper = new Worker(new URL("unpack-worker.js", import.meta.url), { type: "module" });
  const result = new Promise((resolve, reject) => {
    helper.onmessage = (event) => {
      helper.terminate();
      if (event.data.type === UNPACK.UNPACKED) resolve(event.data.matrices);
      else reject(new Error(event.data.message));
    };
    helper.onerror = (event) => {
      helper.terminate();
      reject(new Error(`unpack worker failed: ${event.message || "could not start"}`));
    };
  });
  return {
    unpack(packed, scorer) {
      const copy = packed.slice(); // the original stays for the offline copy
      helper.postMessage(unpackRequest(copy, scorer), [copy.buffer]);
      return result;
    },
  };
}
