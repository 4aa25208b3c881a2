"""``iconseek embed``: icon vectors for a catalogue (onnxruntime only, no torch).

Writes ``OUT/<arm>.f16`` (float16, transposed [D, N]), ``OUT/<arm>.json`` and
``OUT/<arm>.parquet`` for the arms ``t2i`` (image tower) and ``t2t`` (text tower
over icon metadata). Layout: docs/CONTRACTS.md, "Vectors".
"""

from __future__ import annotations

import argparse
import sys

from .. import defaults


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalog", default=defaults.CATALOG_DIR, help="catalogue directory")
    p.add_argument("--out", default=defaults.VECTORS_DIR, help="output directory")
    p.add_argument("--model-dir", default=defaults.MODELS_DIR, help="models root (minilm-l6-int8/, icon-tower/)")
    p.add_argument("--arms", nargs="+", default=["t2i", "t2t"], choices=["t2i", "t2t"])
    p.add_argument("--threads", type=int, default=2, help="onnxruntime intra-op threads")
    p.add_argument("--no-parquet", action="store_true", help="skip the parquet copies")


def run(args: argparse.Namespace) -> int:
    from iconseek.models.embedding import embed_catalog
    from iconseek.models.errors import ModelFileError

    try:
        embed_catalog(args.catalog, args.out, args.model_dir, tuple(args.arms), args.threads,
                      parquet=not args.no_parquet, log=lambda m: print(m, flush=True))
    except (ModelFileError, FileNotFoundError, ValueError) as exc:
        print(f"iconseek embed: {exc}", file=sys.stderr)
        return 1
    return 0
