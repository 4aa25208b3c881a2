// The search worker's Python: Pyodide booted (or its memory snapshot restored)
// from verified bytes only, and the searcher built in it.
//
// WHY the care: no Pyodide code runs before its bytes match manifest.json.
// Both of its modules are imported from the verified bytes (importVerified),
// and its wasm and standard library are handed to it from them
// (withVerifiedFiles) instead of a second, unchecked download.

import { importVerified, releaseBytes } from "./assets.js";
import { restoreSnapshotImage } from "./snapshot-image.js";

/**
 * Boot Pyodide for `session` (worker.js): restore the snapshot when there is
 * one, boot plainly otherwise or when it fails. Returns the Pyodide instance.
 */
export async function bootPyodide(session) {
  const { manifest, downloads } = session;
  const pyodideUrl = new URL(manifest.pyodide.index_url, session.base).href;
  const [{ module: { loadPyodide } }, { module: emscripten }] = await Promise.all(
    [downloads.pyodide_mjs, downloads.pyodide_asm_mjs].map(async (bytes) => importVerified(await bytes)));
  session.mark("pyodide_imported");
  if (downloads.pyodide_snapshot) downloads.pyodide_snapshot.then(() => session.mark("snapshot_downloaded"), () => {});
  const options = {
    indexURL: pyodideUrl,
    lockFileContents: downloads.pyodide_lock.then((b) => new TextDecoder().decode(b)),
    packageBaseUrl: pyodideUrl,
    createPyodideModule: emscripten.default,
    stdout: () => {},
    stderr: (line) => console.warn("[python]", line),
  };
  // Awaited here so that a failed check is reported; inside Pyodide's loader it would only stall.
  await Promise.all([downloads.pyodide_wasm, downloads.pyodide_stdlib]);
  // The standard library a load reads: after a snapshot restore the trimmed zip
  // (pyodide_stdlib); a plain boot needs Pyodide's full one, fetched only then
  // (pyodide_stdlib_full, a fallback asset, when the build trimmed the other).
  const load = async (extra, stdlibKey, around = (run) => run()) => {
    const stdLibURL = new URL(manifest.assets[stdlibKey].url, session.base).href;
    const verifiedFiles = {
      [new URL(manifest.assets.pyodide_wasm.url, session.base).href]: [downloads.pyodide_wasm, "application/wasm"],
      [stdLibURL]: [await session.download(stdlibKey), "application/zip"],
    };
    return withVerifiedFiles(session.base, verifiedFiles, () => around(() => loadPyodide({ ...options, stdLibURL, ...extra })));
  };
  let pyodide = null;
  if (downloads.pyodide_snapshot) {
    // Restoring a memory snapshot (made at build time, modules already imported)
    // skips interpreter start-up; a plain boot remains the fallback.
    try {
      const format = manifest.pyodide.snapshot_format;
      const [packed, wasm] = await Promise.all([downloads.pyodide_snapshot, downloads.pyodide_wasm]);
      const snapshot = restoreSnapshotImage(packed, format, wasm);
      pyodide = await load({ _loadSnapshot: snapshot }, "pyodide_stdlib", (run) => withWasmMemory(snapshotMemoryBytes(snapshot), run));
      // Now in the wasm memory; Pyodide's options would keep these ~38 MB alive
      // (the shipped bytes themselves wait for the offline copy).
      if (snapshot !== packed) releaseBytes(snapshot);
      session.state.snapshot = true;
    } catch (error) {
      console.warn("Pyodide snapshot unusable, booting normally:", error && error.message);
      // A snapshot that could not be downloaded is no file for the offline copy to wait on.
      if (await downloads.pyodide_snapshot.then(() => false, () => true)) delete downloads.pyodide_snapshot;
    }
  }
  if (!pyodide) pyodide = await load({}, manifest.assets.pyodide_stdlib_full ? "pyodide_stdlib_full" : "pyodide_stdlib");
  session.mark("python_booted");
  return pyodide;
}

/**
 * The Python searcher (iconseek.site.browser.BrowserSearch) for `session`:
 * the one a preloaded snapshot holds, or one built from the wheel and index.
 * Either reads its tokenizer from manifest.pyodide.paths.tokenizer (writeTokenizer) when first needed.
 */
export async function buildSearcher(session) {
  const { manifest, py } = session;
  const { paths } = manifest.pyodide; // asset key -> where it goes in Pyodide's file system
  py.FS.mkdirTree(paths.lexical.slice(0, paths.lexical.lastIndexOf("/")));
  let searcher;
  if (session.state.snapshot && manifest.pyodide.preloaded) {
    // The snapshot holds the searcher built at site-build time from this build's
    // index (covered by the snapshot's sha256).
    searcher = py.pyimport("iconseek.site.browser").preloaded();
    if (searcher.count !== manifest.count) throw new Error(`the Pyodide snapshot indexes ${searcher.count} icons, the manifest ${manifest.count}; rebuild the site`);
    session.state.preloaded = true;
  } else {
    const wheel = await session.download("wheel");
    const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    py.unpackArchive(wheel, "zip", { extractDir: sitePackages });
    session.mark("wheel_unpacked");
    py.FS.writeFile(paths.lexical, await session.download("lexical"));
    // The keyword arguments the build preloaded the snapshot's searcher with.
    searcher = py.pyimport("iconseek.site.browser").BrowserSearch.callKwargs(searcherKwargs(py, manifest.pyodide.searcher));
  }
  return searcher;
}

/**
 * Put tokenizer.json where the searcher reads it (manifest.pyodide.paths.tokenizer).
 * WHY apart from buildSearcher: only search by meaning needs it, so keyword search
 * is announced without waiting for it (worker.js downloads it after the keyword files).
 */
export async function writeTokenizer(session) {
  const { manifest, py } = session;
  if (manifest.assets.tokenizer) py.FS.writeFile(manifest.pyodide.paths.tokenizer, await session.download("tokenizer"));
}

// manifest.pyodide.searcher as Python keyword arguments: a list becomes a Python
// list, a null is left out (BrowserSearch's default, None).
function searcherKwargs(py, config) {
  const kwargs = {};
  for (const [name, value] of Object.entries(config)) {
    if (value !== null) kwargs[name] = Array.isArray(value) ? py.toPy(value) : value;
  }
  return kwargs;
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
async function withVerifiedFiles(base, files, load) {
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
