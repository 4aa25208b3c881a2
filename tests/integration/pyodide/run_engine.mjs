// Run iconseek's query engine inside Pyodide (Node) and print results as JSON.
//
// Usage: node run_engine.mjs JOB.json
//   JOB = {"core_dir": ".../py/iconseek/core", "index": ".../lexical-index.json",
//          "queries": [{"q": "home", "k": 10, "library": null, "precomputed": {...}}],
//          "semantic_arms": ["t2i"], "fusion": "dbsf", "repeat": 1, "warm_fuzzy": false}
// Prints {"load_ms", "index_load_ms", "results": [[hit, ...], ...], "query_ms": [...]}.
// The core package is copied file by file into the Pyodide file system, exactly
// as the browser worker does, so this exercises the same code the site runs.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
const require = createRequire(import.meta.url);
const pyodideDir = job.pyodide_dir || dirname(require.resolve("pyodide/package.json", { paths: [process.cwd()] }));
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "__pycache__") yield* walk(path);
    } else if (name.endsWith(".py")) yield path;
  }
}

let t0 = performance.now();
const py = await loadPyodide({ indexURL: pyodideDir + "/" });
const loadMs = performance.now() - t0;

const root = "/lib/iconseek";
py.FS.mkdirTree(root + "/core");
py.FS.writeFile(root + "/__init__.py", "");
for (const file of walk(job.core_dir)) {
  const target = join(root, "core", relative(job.core_dir, file));
  py.FS.mkdirTree(dirname(target));
  py.FS.writeFile(target, readFileSync(file));
}
py.FS.writeFile("/index.json", readFileSync(job.index));
py.globals.set("job_json", JSON.stringify(job));

const out = py.runPython(`
import json, sys, time
sys.path.insert(0, "/lib")
from iconseek.core.engine import Engine
from iconseek.core.lexical.storage import loads_index

job = json.loads(job_json)
with open("/index.json", "rb") as handle:
    raw = handle.read()
start = time.perf_counter()
index = loads_index(raw, source="/index.json")
index_load_ms = (time.perf_counter() - start) * 1000
engine = Engine.from_index(index, semantic={arm: None for arm in job.get("semantic_arms", [])},
                           fusion=job.get("fusion", "dbsf"))
warm_ms = None
if job.get("warm_fuzzy"):
    start = time.perf_counter()
    index.deletion_index()
    warm_ms = (time.perf_counter() - start) * 1000
results, query_ms = [], []
for _ in range(job.get("repeat", 1)):
    results = []
    for item in job["queries"]:
        start = time.perf_counter()
        hits = engine.search(item["q"], k=item.get("k", 10), library=item.get("library"),
                             precomputed=item.get("precomputed"))
        query_ms.append((time.perf_counter() - start) * 1000)
        results.append([h.to_dict() for h in hits])
json.dumps({"index_load_ms": index_load_ms, "warm_fuzzy_ms": warm_ms, "results": results,
            "query_ms": query_ms, "python": sys.version})
`);
const result = JSON.parse(out);
result.load_ms = loadMs;
process.stdout.write(JSON.stringify(result));
