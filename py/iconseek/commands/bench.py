"""`iconseek bench`: rerun the retrieval benchmark against peers and write the report."""

from __future__ import annotations

from pathlib import Path

from iconseek import defaults
from iconseek.bench import DEV_DIR, PLOT_PATH, REPORT_PATH, TUNED_PATH


def add_arguments(p) -> None:
    p.add_argument("--catalog", type=Path, default=Path(defaults.CATALOG_DIR), help="catalogue directory (corpus.jsonl)")
    p.add_argument("--dev", type=Path, default=DEV_DIR, help="BEIR dev benchmark directory (default: the checkout's bench/dev)")
    p.add_argument("--models", type=Path, default=Path(defaults.MODELS_DIR), help="models/ root (text encoder)")
    p.add_argument("--vectors", type=Path, default=Path(defaults.VECTORS_DIR), help="icon vectors (t2t, t2i)")
    p.add_argument("--systems", default="all",
                   help="comma-separated systems or groups: all, peers, iconseek, fuse, minisearch, orama, bm25s, "
                        "st-minilm, is-bm25, is-t2t, is-t2i, is-t2t-fp32, is-t2i-fp32, is-dbsf, is-rrf, "
                        "is-dbsf-fp32, is-rrf-fp32, is-dbsf-equal")
    p.add_argument("--out", type=Path, default=REPORT_PATH, help="markdown report to update (default: the checkout's docs/BENCHMARKS.md)")
    p.add_argument("--plot", type=Path, default=PLOT_PATH, help="PNG plot to write (default: the checkout's docs/img/benchmark.png)")
    p.add_argument("--tuned", type=Path, default=TUNED_PATH, help="tuned parameters, read or written with --tune (default: the checkout's bench/tuned.json)")
    p.add_argument("--tune", action="store_true", help="re-tune BM25 k1/b and fusion weights on the tune half first")
    p.add_argument("--cache", type=Path, default=Path(defaults.OUT_DIR) / "cache" / "bench", help="cache for peer runs and baseline embeddings")
    p.add_argument("--json", type=Path, default=Path(defaults.BENCH_RESULTS), help="machine-readable results")


def run(args) -> int:
    import sys

    from iconseek.bench.orchestrate import BenchOptions, expand_systems, run_benchmark

    try:
        systems = expand_systems([s.strip() for s in args.systems.split(",") if s.strip()])
        opts = BenchOptions(catalog=args.catalog, dev=args.dev, models=args.models, vectors=args.vectors,
                            systems=systems, out=args.out, plot=args.plot, tuned=args.tuned, tune=args.tune,
                            cache=args.cache, results_json=args.json)
        run_benchmark(opts)
    except (FileNotFoundError, ValueError, RuntimeError) as exc:
        print(f"iconseek bench: {exc}", file=sys.stderr)
        return 1
    return 0
