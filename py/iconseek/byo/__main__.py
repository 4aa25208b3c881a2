"""``python -m iconseek.byo``: check a bring-your-own model + parquet before using it.

Loads the encoder, matches the parquet to the catalogue, prints what was
decided (graph, rules, output, pooling, dim) and the match counts, optionally
runs queries, and with ``--out`` writes the site/runtime files
(``OUT/model/`` with encoder.json, ``OUT/vectors/<arm>.f16`` + sidecar).
Exit status 1 with a one-line message naming the file on any BYO error.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from .. import defaults


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m iconseek.byo", description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="encoder directory in HF ONNX layout")
    parser.add_argument("--vectors", required=True, help="parquet with an id column and a vector column")
    parser.add_argument("--catalog", default=defaults.CATALOG_DIR,
                        help=f"catalogue dir or corpus.jsonl (default {defaults.CATALOG_DIR})")
    parser.add_argument("--model-file", help="force a graph, e.g. onnx/model.onnx")
    parser.add_argument("--output", help="force the graph output holding the vectors")
    parser.add_argument("--pooling", choices=["none", "mean", "cls", "eos"], help="force the pooling rule")
    parser.add_argument("--id-column")
    parser.add_argument("--vector-column")
    parser.add_argument("--library-column")
    parser.add_argument("--arm", default="t2i", help="arm name for the written vectors (default t2i)")
    parser.add_argument("--no-clip-padding", action="store_true",
                        help="do not pad CLIP texts to 77 when the graph's sequence axis is dynamic (faster)")
    parser.add_argument("--query", action="append", default=[], help="run a query (repeatable)")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--out", help="write OUT/model/ and OUT/vectors/ for the site and runtime")
    args = parser.parse_args(argv)

    from iconseek.byo.errors import BYOError
    from iconseek.byo.options import ByoReadOptions
    from iconseek.byo.scorer import ByoVectorScorer
    from iconseek.byo.vectors import read_catalog_ids
    from iconseek.core.jsonl import JsonlError

    read = ByoReadOptions(model_file=args.model_file, output=args.output, pooling=args.pooling,
                          id_column=args.id_column, vector_column=args.vector_column,
                          library_column=args.library_column, clip_padding=not args.no_clip_padding)
    try:
        ids = read_catalog_ids(args.catalog)
        if args.out:
            from iconseek.byo.bundle import write_bundle

            bundle = write_bundle(
                args.model, args.vectors, ids, model_out=f"{args.out}/model", vectors_out=f"{args.out}/vectors",
                arm=args.arm, **dataclasses.asdict(read),
            )
            encoder, aligned = bundle.encoder, bundle.vectors
        else:
            from iconseek.byo.vectors import align_to_catalog, read_parquet_vectors

            encoder = read.load_encoder(args.model)
            vectors = read_parquet_vectors(args.vectors, **read.columns())
            encoder.check_dim(vectors.dim, vectors.path)
            aligned = align_to_catalog(vectors, ids)
    except (BYOError, JsonlError) as exc:
        print(f"iconseek.byo: {exc}", file=sys.stderr)
        return 1

    print(encoder)
    print(f"inputs {list(encoder.input_names)} ({encoder.input_dtype}), tokenizer {encoder.tokenizer_kind}, "
          f"context {encoder.context_length}, pad_to {encoder.pad_to} with id {encoder.pad_id}")
    print(aligned.report.summary())
    if args.out:
        print(f"wrote {args.out}/model (encoder.json) and {args.out}/vectors/{args.arm}.f16")
    scorer = ByoVectorScorer(encoder, aligned)
    for query in args.query:
        print(f"\n{query!r}")
        for rank, (doc, score) in enumerate(scorer(query, args.k), 1):
            print(f"  {rank:2d}  {score:.4f}  {ids[doc]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
