"""First stage: find and check every input before the output folder is touched.

WHY first: a missing npm package, vectors of another catalogue or a model
without a tokenizer should fail in a second with the file named, not after
minutes of compression with a half-written folder to clean up.
"""

from __future__ import annotations

from ..bundle import read_corpus
from .encoder import encoder_config
from ..options import SiteOptions
from .context import SiteInputs, require
from .vectors import load_vectors


def check_inputs(opts: SiteOptions) -> SiteInputs:
    """The npm runtimes, the catalogue, the vectors and (for semantic arms) the encoder, checked."""
    pyodide_dir = require(opts.node_modules / "pyodide", "Pyodide core", "Run `npm ci` in the repository root.")
    ort_dir = require(opts.node_modules / "onnxruntime-web" / "dist", "onnxruntime-web", "Run `npm ci`.")
    catalog = read_corpus(opts.catalog)
    ids = [r["_id"] for r in catalog.records]

    arms_vectors = {}
    if opts.vectors is not None:
        require(opts.vectors, "icon vectors", "Compute them with `iconseek embed`, or pass --lexical-only.")
        arms_vectors = load_vectors(opts.vectors, ids)
        if not arms_vectors:
            raise FileNotFoundError(f"{opts.vectors} has no t2i/t2t vectors (<arm>.f16 + <arm>.json); "
                                    "run `iconseek embed` or pass --lexical-only")
    if not arms_vectors:
        return SiteInputs(pyodide_dir, ort_dir, catalog, arms_vectors)
    if opts.model is None:
        raise ValueError("semantic arms need the text encoder: pass --model")
    encoder_path, tokenizer_path, encoder_spec = encoder_config(opts.model)
    return SiteInputs(pyodide_dir, ort_dir, catalog, arms_vectors, encoder_path, tokenizer_path, encoder_spec)
