"""``iconseek site build`` as a list of stages, each a small function of one SiteBuild.

WHY stages: the build does about ten separate things (copy the page and the
runtimes, package Python, convert the catalogue, the vectors and the encoder,
snapshot Pyodide, licences, service worker, compression, manifest). As one
function they shared fourteen local variables; as stages each says what it
makes, reads only what earlier stages left in the SiteBuild, and can be read
(and changed) alone. The order matters where a stage reads another's output:
the snapshot preloads the lexical index, the service worker hashes every file
before it, compression and the manifest come after all files exist.
"""

from __future__ import annotations

from .catalogue import catalogue_data
from .compress import compress
from .encoder import encoder
from .publish import publish, write_manifest
from .python import snapshot, wheel
from .shell import headers_file, licences, service_worker
from .static import page, runtimes
from .vectors import scoring

STAGES = (
    page,  # web/ files, index.html's CSP
    runtimes,  # Pyodide and onnxruntime-web from node_modules
    wheel,  # the browser's Python
    catalogue_data,  # icon metadata, BM25 index, SVG bundles
    scoring,  # the scoring graph and packed vectors
    encoder,  # the query encoder, slimmed and fused, its tokenizer
    snapshot,  # Pyodide memory snapshot with the searcher preloaded
    licences,  # LICENSES.md, licences.html
    headers_file,  # _headers
    service_worker,  # build hash, sw.js
    compress,  # asset entries, .gz/.br/.zst siblings
    write_manifest,  # manifest.json
    publish,  # the finished folder in place of the old one
)
