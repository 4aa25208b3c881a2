// What the model worker (ort-worker.js) hands onnxruntime to build its two
// sessions: each graph with its session options and external weights, made
// from verified downloads only.
//
// WHY apart from the worker's start-up: the encoder's float16 weights and the
// packed 4-bit vectors both become float32 initializers here, each with its
// own format checks; the start-up only decides when which session is built.

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
 * graph optimisation, its float16-stored weights widened to the float32
 * external initializers the graph names.
 */
export async function encoderInput(model) {
  const { manifest, downloads } = model;
  if (!manifest.encoder.preoptimized) return { graph: await downloads.encoder, options: sessionOptions() };
  const [graph, planes] = await Promise.all([downloads.encoder, downloads.encoder_weights]);
  const externalData = widenWeights(planes, manifest.encoder.external, manifest.encoder.weights_format);
  return { graph, options: sessionOptions({ graphOptimizationLevel: "disabled", externalData }) };
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
