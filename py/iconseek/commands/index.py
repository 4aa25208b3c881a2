"""``iconseek index build CATALOG_DIR --out FILE``: precompute the lexical index."""

from __future__ import annotations

import os
import sys
import time

from .options import parse_weights


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="index_command", metavar="ACTION", required=True)
    build = sub.add_parser("build", help="build the BM25F index from CATALOG_DIR/corpus.jsonl")
    build.add_argument("catalog_dir", metavar="CATALOG_DIR")
    build.add_argument("--out", help="output file (.json or .json.gz); default CATALOG_DIR/lexical-index.json")
    build.add_argument("--k1", type=float, default=None, help="BM25 k1 (default 1.2)")
    build.add_argument("-b", type=float, default=None, help="BM25 b (default 0.9)")
    build.add_argument(
        "--weights",
        help="field weights, e.g. name=1.5,aliases=1.5,tags=1,categories=0.5 (given fields override the defaults)",
    )
    build.add_argument("--no-plural-folding", action="store_true", help="index words as written")


def run(args) -> int:
    from ..core.lexical.analysis import Analyzer
    from ..core.lexical.bm25 import DEFAULT_B, DEFAULT_K1, DEFAULT_WEIGHTS, BM25Params
    from ..core.lexical.indexer import build_index
    from ..core.lexical.storage import save_index
    from ..engine_factory import INDEX_FILE, CatalogMissing, require_catalog
    from ..core.catalog_view import load_corpus

    try:
        require_catalog(args.catalog_dir)
        weights = dict(DEFAULT_WEIGHTS)
        if args.weights:
            weights.update(parse_weights(args.weights, key="field"))
        fields = tuple(weights)
        k1 = DEFAULT_K1 if args.k1 is None else args.k1
        b = DEFAULT_B if args.b is None else args.b
        params = BM25Params(k1=k1, b=b, fields=fields, weights=weights)
        start = time.perf_counter()
        docs = load_corpus(args.catalog_dir)
        index = build_index(docs, params, Analyzer(fold_plurals=not args.no_plural_folding))
        out = args.out or os.path.join(args.catalog_dir, INDEX_FILE)
        save_index(index, out)
    except (CatalogMissing, ValueError, OSError) as exc:
        print(f"iconseek index: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    print(
        f"indexed {len(docs)} icons, {len(index.vocabulary)} terms -> {out} "
        f"({os.path.getsize(out) / 1e6:.2f} MB, {seconds:.2f} s)"
    )
    return 0
