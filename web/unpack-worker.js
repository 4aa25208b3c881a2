// Helper worker of the model worker: unpacks the packed 4-bit icon vectors
// into the scoring graph's float32 matrices, off the model worker's thread
// (see startUnpackHelper in model-session.js for why). Its messages are
// protocol.js's UNPACK: one request, one reply.

import { errorMessage, int4Scales } from "./assets.js";
import { UNPACK, unpackedReply, unpackError } from "./protocol.js";

// Packed 4-bit icon vectors (scoring_graph.pack_int4) -> [[arm, Float32Array d*N]]:
// row r of bytes holds rows 2r (low nibble) and 2r+1 (high nibble) as level + 8;
// value = (nibble - 8) * scale[column]. d is the arm's stored dimensions: fewer
// than the query's when the build projected its vectors (vector_projection.py).
function unpackVectors(bytes, scorer) {
  const { count } = scorer;
  const out = [];
  for (const arm of scorer.arms) {
    const info = scorer.vectors.arms[arm];
    if (!info) throw new Error(`vectors file has no ${arm} arm; rebuild the site`);
    const dim = info.dims || scorer.dim;
    const rows = Math.ceil(dim / 2);
    if (info.offset + info.bytes > bytes.length || info.scale_offset + 4 * count > bytes.length) {
      throw new Error("vectors file is shorter than manifest.json says; rebuild the site");
    }
    const scale = int4Scales(bytes, info, count);
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

self.onmessage = (event) => {
  try {
    if (!event.data || event.data.type !== UNPACK.UNPACK) throw new Error(`unpack worker: unexpected message ${event.data && event.data.type}`);
    const matrices = unpackVectors(event.data.packed, event.data.scorer);
    self.postMessage(unpackedReply(matrices), matrices.map(([, matrix]) => matrix.buffer));
  } catch (error) {
    self.postMessage(unpackError(errorMessage(error)));
  }
};
