"""iconseek: semantic icon search that runs entirely in the browser.

The package has two halves with one hard rule between them:

* ``iconseek.core`` is the query-time path (tokenizers, BM25, fusion, engine,
  metrics). It imports **only the standard library**, so the very same files run
  in CPython and inside Pyodide in a Web Worker.
* Everything else (``catalog``, ``models``, ``site``, ``bench``) is build-time
  code. It may use numpy, pyarrow, onnxruntime, resvg-py or torch, always through
  lazy imports, and is never imported by the browser path.
"""

__version__ = "0.1.0"
