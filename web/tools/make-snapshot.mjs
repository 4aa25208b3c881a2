// Build-time: boot Pyodide in Node, import iconseek's browser modules, and save
// a memory snapshot that the worker restores instead of booting Python.
//
// WHY: a plain Pyodide boot spends seconds initialising the interpreter and
// importing modules; restoring a snapshot of that state takes a fraction of it.
// With --preload SPEC.json it also builds the site's searcher (lexical index,
// tokenizer, warm caches; iconseek.site.browser.preload) before the snapshot is
// taken. SPEC.json: {"files": {"<path in Pyodide>": "<path on disk>"}, "config":
// {BrowserSearch keyword arguments}}. The data is then verified as part of the
// snapshot's own sha256 in the browser.
//
// usage: node make-snapshot.mjs PYODIDE_DIR WHEEL OUT_FILE [--preload SPEC.json] MODULE...
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, outPath, ...rest] = process.argv.slice(2);
let preloadSpec = null;
if (rest[0] === "--preload") {
  preloadSpec = JSON.parse(fs.readFileSync(rest[1], "utf8"));
  rest.splice(0, 2);
}
const modules = rest;
if (!pyodideDir || !wheelPath || !outPath) {
  console.error("usage: node make-snapshot.mjs PYODIDE_DIR WHEEL OUT_FILE MODULE...");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep, _makeSnapshot: true, stdout: () => {} });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
py.unpackArchive(new Uint8Array(fs.readFileSync(wheelPath)), "zip", { extractDir: sitePackages });
py.runPython(modules.map((m) => `import ${m}`).join("\n"));
if (preloadSpec) {
  for (const [inside, onDisk] of Object.entries(preloadSpec.files)) {
    py.FS.mkdirTree(path.posix.dirname(inside));
    py.FS.writeFile(inside, new Uint8Array(fs.readFileSync(onDisk)));
  }
  // The configuration crosses as a Python string literal (JSON is one), not as a
  // JavaScript object: the snapshot must not hold references into JavaScript.
  const literal = JSON.stringify(JSON.stringify(preloadSpec.config));
  py.runPython(`import iconseek.site.browser\niconseek.site.browser.preload(${literal})`);
}
// The site ships a trimmed standard-library zip for the restore (iconseek.site.stdlib_trim), not
// the full one booted here: zipimport must not keep the full zip's table of contents (offsets
// into a file the browser will not have). Dropped, it is read again from the shipped zip when
// a module is first imported after the restore.
// (Only the zip's finder: importlib.invalidate_caches() would also import importlib.metadata.)
py.runPython(`
import sys
for entry, finder in sys.path_importer_cache.items():
    if entry.endswith(".zip") and finder is not None:
        finder.invalidate_caches()
`);
const snapshot = py.makeMemorySnapshot();
fs.writeFileSync(outPath, snapshot);
console.log(JSON.stringify({ bytes: snapshot.length, modules, preloaded: Boolean(preloadSpec) }));
