// Download-and-verify for the worker.
//
// WHY: every large asset (Pyodide, onnxruntime-web, the model, the vectors, the
// index) is listed in manifest.json with its sha256 and size. The worker fetches
// each one as a stream (so a progress bar can move while bytes arrive), hashes the
// bytes with SubtleCrypto and refuses to use anything that does not match: a
// truncated download or a stale cached file must give a clear error, not a page
// that silently returns wrong results.
//
// Progress is counted against the manifest's (uncompressed) sizes, not the
// Content-Length header, because gzip-encoded responses report the compressed
// length while the stream yields decompressed bytes.

export class IntegrityError extends Error {
  constructor(url, expected, actual) {
    super(`Integrity check failed for ${url}: expected sha256 ${expected}, got ${actual}. ` +
          `The site build is inconsistent or the download was corrupted; reload, or rebuild the site.`);
    this.name = "IntegrityError";
    this.url = url;
  }
}

function toHex(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

export async function sha256Hex(bytes) {
  return toHex(await crypto.subtle.digest("SHA-256", bytes));
}

// Tracks bytes received across all downloads and reports at most every ~50 ms.
export class ProgressTracker {
  constructor(total, report) {
    this.total = total;
    this.loaded = 0;
    this.report = report;
    this.lastReport = 0;
  }
  add(n) {
    this.loaded += n;
    const now = performance.now();
    if (now - this.lastReport > 50 || this.loaded >= this.total) {
      this.lastReport = now;
      this.report(this.loaded, this.total);
    }
  }
}

// Fetch one manifest entry, stream it into a single buffer, verify its hash.
export async function fetchVerified(baseUrl, entry, tracker, priority = "auto") {
  const url = new URL(entry.url, baseUrl).href;
  const response = await fetch(url, { priority, credentials: "same-origin" });
  if (!response.ok) {
    throw new Error(`Download failed for ${entry.url}: HTTP ${response.status}`);
  }
  const expectedSize = entry.bytes;
  let bytes;
  if (response.body && typeof response.body.getReader === "function") {
    const reader = response.body.getReader();
    bytes = new Uint8Array(expectedSize);
    let offset = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.length > bytes.length) {
        // Larger than the manifest says: grow and let the hash check report it.
        const grown = new Uint8Array(Math.max(bytes.length * 2, offset + value.length));
        grown.set(bytes.subarray(0, offset));
        bytes = grown;
      }
      bytes.set(value, offset);
      offset += value.length;
      if (tracker) tracker.add(value.length);
    }
    bytes = offset === bytes.length ? bytes : bytes.slice(0, offset);
  } else {
    bytes = new Uint8Array(await response.arrayBuffer());
    if (tracker) tracker.add(bytes.length);
  }
  const actual = await sha256Hex(bytes);
  if (actual !== entry.sha256) throw new IntegrityError(entry.url, entry.sha256, actual);
  return bytes;
}
