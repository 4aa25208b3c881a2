"""``iconseek site build``: assemble the static search site (see docs/DEPLOYMENT.md)."""

from __future__ import annotations

import argparse
import sys

from .. import defaults
from .options import parse_weights

TUNED_EXAMPLE = defaults.TUNED_FILE


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="site_command", metavar="ACTION", required=True)
    build = sub.add_parser("build", help=f"assemble {defaults.SITE_DIR} from the catalogue, vectors and model")
    build.add_argument("--out", default=defaults.SITE_DIR, help="output folder (default: %(default)s; replaced)")
    build.add_argument("--catalog", default=defaults.CATALOG_DIR, help="catalogue folder (default: %(default)s)")
    build.add_argument("--vectors", default=defaults.VECTORS_DIR,
                       help="icon vectors: a folder of <arm>.f16 (default: %(default)s), or a .parquet file of "
                            "your own vectors (bring your own model, docs/BYO_MODEL.md)")
    build.add_argument("--model", default=None,
                       help="query encoder folder (HF layout; with encoder.json for your own models; default: "
                            f"{defaults.QUERY_MODEL_DIR} when present, else {defaults.TEXT_MODEL_DIR})")
    build.add_argument("--lexical-only", action="store_true", help="ship keyword search only (no model, no vectors)")
    build.add_argument("--vector-storage", choices=("fp16", "int8", "int4"), default=None,
                       help="how icon vectors are shipped (default: int4, packed 4-bit levels the browser "
                            "unpacks, for iconseek's own vectors; fp16 for a .parquet of your own, so the "
                            "browser ranks exactly as CPython; int8: levels folded inside the scoring graph)")
    build.add_argument("--vector-bits", type=int, default=4,
                       help="quantization levels of int8 (2..8) or int4 (2..4) storage (default: 4; see "
                            "scoring_graph.py, docs/DEPLOYMENT.md)")
    build.add_argument("--vector-energy", type=float, default=None, metavar="SHARE",
                       help="project each arm's vectors to the fewest dimensions (multiples of 32) holding this "
                            "share of their squared length, the query projected the same way in the scoring "
                            "graph; 1 keeps every dimension (default: 0.995 for iconseek's own vectors, 1 for "
                            "a .parquet of your own; docs/DEPLOYMENT.md)")
    build.add_argument("--candidates", type=int, default=100, help="semantic candidates per arm (default: 100)")
    build.add_argument("--fusion", default="dbsf", help="fusion method for the browser engine (default: dbsf)")
    build.add_argument("--weights", help="arm weights, e.g. bm25=1,t2i=1,t2t=1 (overrides --tuned)")
    build.add_argument("--tuned", metavar="FILE",
                       help=f"fusion weights and BM25 k1/b from `iconseek bench --tune` (e.g. {TUNED_EXAMPLE}); "
                            "default: the engine's defaults, as `iconseek search` uses")
    build.add_argument("--no-gzip", action="store_true", help="do not write .gz (nor .br, .zst) siblings")
    build.add_argument("--no-zstd", action="store_true", help="do not write .zst siblings (needs zstandard)")
    build.add_argument("--zstd-level", type=int, default=19, help="zstd level 1..22 (default 19)")
    build.add_argument("--no-brotli", action="store_true", help="do not write .br siblings (needs node)")
    build.add_argument("--brotli-quality", type=int, default=9, help="brotli quality 1..11 (default 9; 11 is "
                       "~5 %% smaller and minutes slower)")
    build.add_argument("--no-slim-encoder", action="store_true",
                       help="ship the encoder graph byte for byte (default: its big float32 weights as float16, "
                            "checked to cosine >= 0.9999 at build time)")
    build.add_argument("--no-shrink-encoder", action="store_true",
                       help="ship the encoder's token-embedding table as it is (default, except with a brought "
                            "parquet of vectors: its values on a coarser grid that zstd sends in fewer bytes, "
                            "checked at build time)")
    build.add_argument("--no-encoder-preopt", action="store_true",
                       help="let the browser optimise the encoder graph itself (default: fused at build time "
                            "and checked against the unfused graph, so the browser's session skips it)")
    build.add_argument("--no-grid-encoder", action="store_true",
                       help="ship the encoder's float MatMul weights as float16 (default, except with a brought "
                            "parquet of vectors: on a 6-bit grid sent as codes, 1.8 MB less zstd for the bundled "
                            "model, checked at build time; needs the build-time fusion)")
    build.add_argument("--no-snapshot", action="store_true",
                       help="skip the Pyodide memory snapshot (the worker then boots Python from scratch)")


def default_query_model() -> str:
    """The query tower when it was trained (iconseek tune-query), else the text tower."""
    from iconseek.models.runtime import resolve_query_model_dir

    return str(resolve_query_model_dir(defaults.MODELS_DIR))


def default_vector_storage(vectors: str) -> str:
    """int4 (4-bit levels, packed) for our own vectors: measured no loss on the dev
    benchmark, 6 MB less to download than fp16 and no folding at session creation.
    A bring-your-own parquet gets fp16: CLIP-style text-to-image cosines are
    tightly packed and coarse levels reorder them."""
    return "fp16" if str(vectors).endswith(".parquet") else "int4"


def default_vector_energy(vectors: str, asked: float | None) -> float | None:
    """The projection share for ``--vector-energy``: None (no projection) for 1 or
    more; by default 0.995 for iconseek's own vectors (measured, docs/DEPLOYMENT.md)
    and none for a brought parquet, whose quality under projection nobody measured."""
    if asked is None:
        asked = 1.0 if str(vectors).endswith(".parquet") else 0.995
    if asked <= 0:
        raise ValueError(f"--vector-energy must be above 0, not {asked}")
    return None if asked >= 1 else asked


def default_lossy_encoder_step(vectors: str, refused: bool) -> bool:
    """Whether a lossy encoder step runs: the token table on a coarser grid (encoder_shrink.py)
    and the float MatMul weights on a 6-bit grid (encoder_grid.py) were measured on iconseek's own
    text tower (docs/DEPLOYMENT.md), not on a model brought with a parquet of vectors, whose
    rankings under them nobody measured (a tiny CLIP's reorder entirely)."""
    return not refused and not str(vectors).endswith(".parquet")


def _parse_weights(text: str | None) -> dict | None:
    if not text:
        return None
    return parse_weights(text, key="arm")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from iconseek.site.assemble import SiteOptions, build_site, read_tuned

    try:
        weights, bm25 = None, None
        if args.tuned:
            tuned = Path(args.tuned)
            weights, bm25 = read_tuned(tuned, args.fusion)
            print(f"tuned parameters from {tuned}: weights {weights}, bm25 {bm25}")
        if args.weights:
            weights = _parse_weights(args.weights)
        options = SiteOptions(
            out=Path(args.out),
            catalog=Path(args.catalog),
            vectors=None if args.lexical_only else Path(args.vectors),
            model=None if args.lexical_only else Path(args.model or default_query_model()),
            vector_storage=args.vector_storage or default_vector_storage(args.vectors),
            vector_bits=args.vector_bits,
            vector_energy=default_vector_energy(args.vectors, args.vector_energy),
            candidates=args.candidates,
            fusion=args.fusion,
            weights=weights,
            bm25=bm25,
            gzip=not args.no_gzip,
            brotli=not args.no_brotli,
            brotli_quality=args.brotli_quality,
            zstd=not args.no_zstd,
            zstd_level=args.zstd_level,
            snapshot=not args.no_snapshot,
            slim_encoder=not args.no_slim_encoder,
            shrink_encoder=default_lossy_encoder_step(args.vectors, args.no_shrink_encoder),
            preoptimize_encoder=not args.no_encoder_preopt,
            grid_encoder=default_lossy_encoder_step(args.vectors, args.no_grid_encoder),
        )
        if not args.lexical_only and str(args.vectors).lower().endswith(".parquet"):
            # Bring-your-own: the adapter turns (model dir, parquet) into an encoder.json
            # model folder and <arm>.f16 vectors, then runs this same build.
            from iconseek.byo.site import build_site_with_byo

            report, bundle = build_site_with_byo(options, args.model or default_query_model(), args.vectors)
            print(bundle.vectors.report.summary())
        else:
            report = build_site(options)
    except (FileNotFoundError, FileExistsError, ValueError, RuntimeError) as exc:
        print(f"iconseek site build: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    print(f"serve it with:  iconseek serve {args.out}")
    return 0
