// Median µs per short icon query for iconseek's stdlib tokenizers inside Pyodide (Node).
//   node bench/bench_tokenizers_pyodide.mjs
import { loadPyodide } from "../node_modules/pyodide/pyodide.mjs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const py = await loadPyodide({ indexURL: path.join(repo, "node_modules/pyodide/") });
py.FS.mkdirTree("/repo");
py.FS.mount(py.FS.filesystems.NODEFS, { root: repo }, "/repo");
py.runPython(`
import sys, unicodedata
sys.path.insert(0, "/repo/py")
sys.path.insert(0, "/repo/bench")
print("Pyodide Python", sys.version.split()[0], "Unicode", unicodedata.unidata_version)
import bench_tokenizers_stdlib as bench
fx = "/repo/tests/fixtures/tokenizers/"
bench.main(["--minilm", fx + "minilm_tokenizer.json.gz", "--clip", fx + "clip_tokenizer.json.gz"])
`);
