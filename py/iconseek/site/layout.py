"""The built site's file names and the asset keys the page, the workers and the manifest agree on.

WHY one module: these names were spelled in the site build, in manifest.json
and again as constants in web/worker.js and web/ort-worker.js. The build
writes them into manifest.json (manifest.py) so the browser can read them
from there instead of keeping its own copy.
"""

from __future__ import annotations

from .licences_page import PAGE as LICENCES_PAGE

# The page's own files, copied from web/ as they are (index.html gets its CSP filled in).
WEB_FILES = ("index.html", "app.js", "client.js", "isolation.js", "ui.js", "detail.js", "worker.js", "ort-worker.js",
             "unpack-worker.js", "assets.js", "formats.js", "customise.js", "library-names.js",
             "protocol.js", "model-link.js", "search-boot.js", "search-queries.js", "search-hits.js",
             "model-session.js", "model-scoring.js", "results.js", "browse.js", "snapshot-image.js",
             "style.css", "favicon.svg")
SERVICE_WORKER = "sw.js"
MANIFEST = "manifest.json"
LICENCES = "LICENSES.md"
# Pages written by the build (not copied from web/): listed, cached offline and revalidated like web/ files.
GENERATED_PAGES = (LICENCES, LICENCES_PAGE)
# The page's files in the order manifest "app" lists them (the service worker's app shell).
APP_FILES = (*WEB_FILES, SERVICE_WORKER, *GENERATED_PAGES)

# Asset key -> file, as shipped by the npm packages (copied under pyodide/ and ort/).
PYODIDE_FILES = {
    "pyodide_mjs": "pyodide.mjs",
    "pyodide_asm_mjs": "pyodide.asm.mjs",
    "pyodide_wasm": "pyodide.asm.wasm",
    "pyodide_stdlib": "python_stdlib.zip",
    "pyodide_lock": "pyodide-lock.json",
}
ORT_FILES = {
    "ort_mjs": "ort.wasm.min.mjs",
    "ort_wasm_mjs": "ort-wasm-simd-threaded.mjs",
    "ort_wasm": "ort-wasm-simd-threaded.wasm",
}
PYODIDE_DIR = "pyodide"
ORT_DIR = "ort"
DATA_DIR = "data"  # content-hashed files (manifest.hashed_name)

# Pyodide's own assets in the order its boot waits on them (the search worker fetches them first).
PYODIDE_BOOT_ORDER = ("pyodide_mjs", "pyodide_asm_mjs", "pyodide_lock", "pyodide_wasm", "pyodide_snapshot",
                      "pyodide_stdlib")
# Assets the model worker (ort-worker.js) fetches itself; the search worker leaves them alone.
MODEL_ASSETS = ("ort_mjs", "ort_wasm_mjs", "ort_wasm", "encoder", "encoder_weights", "scorer", "vectors")
# Only a plain boot (the fallback when a preloaded snapshot cannot be restored) needs them: our
# wheel and the index are inside the snapshot, and after a restore Python reads only the trimmed
# standard library (stdlib_trim.py). Their manifest entries say "fallback": true; the first visit
# and the offline copy leave them out, and the worker fetches them when the fallback runs.
FALLBACK_ASSETS = ("wheel", "lexical", "pyodide_stdlib_full")
STDLIB_FULL = "pyodide_stdlib_full"  # Pyodide's own python_stdlib.zip, when "pyodide_stdlib" is the trimmed one
SVG_ASSET_PREFIX = "svg:"  # + library slug: that library's SVG bundle

# Where the worker (and the snapshot's preload) put files in Pyodide's file system: asset key -> path.
PYODIDE_PATHS = {"lexical": "/iconseek/lexical.json", "tokenizer": "/iconseek/tokenizer.json"}
