// Restore a built site's Pyodide snapshot in Node with a given standard-library
// zip, then drive every call the search worker makes into Python after a
// restore, through the worker's own modules (search-boot.js buildSearcher,
// search-queries.js), and report every module Python imported meanwhile.
//
// WHY: the site ships a trimmed python_stdlib.zip beside the snapshot
// (iconseek.site.stdlib_trim): any module imported after the restore that is
// not already in the snapshot's memory comes from that zip. An import that
// misses, even one a `try: import x / except ImportError` would hide, shows
// up here (tests/integration/test_stdlib_after_restore.py).
//
// usage: node drive_snapshot.mjs SITE_DIR STDLIB_ZIP [MODULE...]
// prints {"imports": [names], "failed": [names], "zip_opens": n, "queries": n, "tried": {MODULE: error}}
// "imports": every module imported after the restore; "failed": those that did not end up in
// sys.modules; MODULE...: imported after the drive, as controls, each with the name of the
// exception its import raised (null: imported).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, stdlibZip, ...controls] = process.argv.slice(2);
if (!siteDir || !stdlibZip) {
  console.error("usage: node drive_snapshot.mjs SITE_DIR STDLIB_ZIP");
  process.exit(2);
}
const web = (name) => import(pathToFileURL(path.join(siteDir, name)).href);
const { restoreSnapshotImage } = await web("snapshot-image.js");
const { buildSearcher, writeTokenizer } = await web("search-boot.js");
const { runSearch, tokenIds, warmFusion } = await web("search-queries.js");

const manifest = JSON.parse(fs.readFileSync(path.join(siteDir, "manifest.json"), "utf8"));
const assetBytes = (key) => new Uint8Array(fs.readFileSync(path.join(siteDir, manifest.assets[key].url)));
if (!manifest.assets.pyodide_snapshot || !manifest.pyodide.preloaded) throw new Error(`${siteDir} has no preloaded snapshot`);

// Restore, record, drive, report; an error is printed as its message and stack (not Node's
// dump of the minified line it came from) and the exit status is 1.
main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});

async function main() {
  const py = await restore(path.join(siteDir, manifest.pyodide.index_url), assetBytes("pyodide_snapshot"));
  // From here on every import is recorded: a finder first on sys.meta_path is asked for every
  // module not yet in sys.modules (import statements and importlib alike), and answers nothing;
  // an audit hook counts the opens of the zip (it cannot be removed: this process ends after the report).
  py.runPython(`
import sys
_zip = sys.path[[p.endswith(".zip") for p in sys.path].index(True)]
_report = {"imports": [], "zip_opens": 0}
class _Recorder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        _report["imports"].append(name)
        return None
sys.meta_path.insert(0, _Recorder)
def _audit(event, args):
    if event == "open" and args[0] == _zip:
        _report["zip_opens"] += 1
sys.addaudithook(_audit)
`);
  const { queries } = await drive(py);
  py.globals.set("_controls", JSON.stringify(controls));
  console.log(py.runPython(`
import importlib, json
_report["tried"] = {}
for _name in json.loads(_controls):
    try:
        importlib.import_module(_name)
        _report["tried"][_name] = None
    except Exception as _error:
        _report["tried"][_name] = type(_error).__name__
_report["failed"] = sorted({name for name in _report["imports"] if name not in sys.modules})
_report["imports"] = sorted(set(_report["imports"]))
_report["queries"] = ${queries}
json.dumps(_report)
`));
}

// Pyodide restored from `snapshot` (packed as shipped: snapshot-image.js) with `stdlibZip` as its standard library.
async function restore(indexDir, packed) {
  const { loadPyodide } = await import(pathToFileURL(path.join(indexDir, "pyodide.mjs")).href);
  const snapshot = restoreSnapshotImage(packed, manifest.pyodide.snapshot_format, assetBytes("pyodide_wasm"));
  // As search-boot.js does: grow the wasm memory to the snapshot's size before Pyodide copies it in.
  const bytes = snapshot.length - new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
  const { instantiate } = WebAssembly;
  WebAssembly.instantiate = (...args) => instantiate.apply(WebAssembly, args).then((result) => {
    const memory = result && result.instance && result.instance.exports.memory;
    if (memory instanceof WebAssembly.Memory && memory.buffer.byteLength < bytes) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    }
    return result;
  });
  try {
    return await loadPyodide({ indexURL: indexDir + path.sep, stdLibURL: path.resolve(stdlibZip), _loadSnapshot: snapshot,
                               stdout: () => {}, stderr: (line) => console.error("[python]", line) });
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

// The search worker's calls into Python after a restore (worker.js start-up, then queries of every kind).
async function drive(pyodide) {
  const meta = JSON.parse(new TextDecoder().decode(assetBytes("meta")));
  const arms = manifest.scorer.arms;
  const session = {
    manifest, meta, py: pyodide, base: pathToFileURL(siteDir + path.sep).href,
    state: { snapshot: true, semantic: false }, mark() {},
    download: async (key) => assetBytes(key),
    model: { encode: async (ids, library) => madeUpArms(ids, library) },
  };
  session.searcher = await buildSearcher(session);
  await writeTokenizer(session);
  session.searcher.load_tokenizer();
  tokenIds(session, "throw it away");
  await runSearch(session, { query: "calendar", k: 10, semantic: false });
  if (arms.length) warmFusion(session);
  while (!session.searcher.warm_up_slice(10)) { /* the worker yields between slices */ }
  session.state.semantic = arms.length > 0;
  const library = meta.libraries[0].slug;
  const queries = ["home", "calender", "magnifyng glas", "arr", "arrow le", "trash bin ", "", "   ", "🙂", "日本 домой café",
    "<b>home</b>", "x".repeat(5000), "users people group", "42", "a-b_c.d", "ÉCOLE", "throw it away"];
  let count = 0;
  for (const query of queries) {
    for (const semantic of [false, true]) {
      for (const [offset, lib] of [[0, null], [60, null], [0, library]]) {
        await runSearch(session, { query, k: 60, offset, library: lib, semantic });
        count += 1;
      }
    }
  }
  await expectError(() => runSearch(session, { query: "home", k: 10, library: "no-such-library", semantic: false }), /unknown library/);
  await expectError(() => runSearch(session, { query: "home", k: 10, library: "no-such-library", semantic: true }), /unknown library/);
  return { queries: count + 2 };
}

// Candidate lists the model worker would send (made up: only the Python side is under test).
function madeUpArms(ids, library) {
  const n = Math.min(manifest.scorer.candidates, manifest.count);
  const seed = ids.reduce((s, id) => (s * 31 + id) % 9973, 7) + (library ? 1 : 0);
  const arms = {};
  for (const arm of manifest.scorer.arms) {
    const indices = Int32Array.from({ length: n }, (_, i) => (seed + 7 * i) % manifest.count);
    const scores = Float32Array.from({ length: n }, (_, i) => 0.6 - i / (3 * n));
    if (library) scores[n - 1] = -1e4; // a library-filtered entry
    arms[arm] = { indices, scores };
  }
  return { arms, encodeMs: 0, scoreMs: 0 };
}

async function expectError(run, pattern) {
  try {
    await run();
  } catch (error) {
    if (pattern.test(String(error && error.message))) return;
    throw error;
  }
  throw new Error(`expected an error matching ${pattern}`);
}
