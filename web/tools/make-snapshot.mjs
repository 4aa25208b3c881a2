// Build-time: boot Pyodide in Node, import iconseek's browser modules, and save
// a memory snapshot that the worker restores instead of booting Python.
//
// WHY: a plain Pyodide boot spends seconds initialising the interpreter and
// importing modules; restoring a snapshot of that state takes a fraction of it.
// The snapshot holds imports only — no catalogue data — so it stays small and
// the index is still loaded (and verified) at run time.
//
// usage: node make-snapshot.mjs PYODIDE_DIR WHEEL OUT_FILE MODULE...
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, outPath, ...modules] = process.argv.slice(2);
if (!pyodideDir || !wheelPath || !outPath) {
  console.error("usage: node make-snapshot.mjs PYODIDE_DIR WHEEL OUT_FILE MODULE...");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL: pyodideDir + path.sep, _makeSnapshot: true, stdout: () => {} });
const sitePackages = py.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
py.unpackArchive(new Uint8Array(fs.readFileSync(wheelPath)), "zip", { extractDir: sitePackages });
py.runPython(modules.map((m) => `import ${m}`).join("\n"));
const snapshot = py.makeMemorySnapshot();
fs.writeFileSync(outPath, snapshot);
console.log(JSON.stringify({ bytes: snapshot.length, modules }));
