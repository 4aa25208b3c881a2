"""Quality ablation of the shipped search: what each query-time lever adds, per band.

    PYTHONPATH=py .venv/bin/python bench/bench_quality.py [--sets dev describe] [--json FILE]

Runs the real engine (iconseek.core.engine) over out/catalog, models/ and
out/vectors for each configuration below, on both halves of each BEIR query set
(bench/<set>/split.json: tune = where choices were made, test = holdout, the
figure to report). Lines, cumulative:

  fixed      bm25 + t2t + t2i, DBSF, equal weights, raw query (the default before
             query understanding)
  +correct   the semantic arms encode the query with the lexical arm's typo fixes
  +adaptive  query-adaptive weights (core/fusion/adaptive.py): bm25 weighted by the
             cube of its best hit's coverage of the query; t2t 1.5, t2i 1
  +query tower  queries encoded by models/minilm-l6-query-int8 (iconseek tune-query)
             instead of the frozen text tower (the shipped default, when present)

Every line before "+query tower" encodes queries with the frozen text tower.

Single arms are printed for the "no band below the best single arm" check, and
after them "oracle (best arm)": for each query the best of the three single arms'
reciprocal ranks (nDCG@10 of that same arm). No fusion that picks one arm's list
per query can beat it; how far the shipped fusion sits below it says how much is
left to gain by fusing better rather than by better arms.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "py"))

from iconseek.bench.split import load_split  # noqa: E402
from iconseek.eval.beir import load_qrels, load_queries  # noqa: E402
from iconseek.eval.metrics import mrr_at_k, ndcg_at_k  # noqa: E402
from iconseek.engine_factory import build_engine  # noqa: E402

ARMS = ["bm25", "t2t", "t2i"]
SINGLE_ARMS = ("bm25 only", "t2t only", "t2i only")


def configurations(catalog: str, models: str, vectors: str):
    """(label, engine) pairs; one encoder load per engine is cheap next to the runs."""
    from iconseek.defaults import QUERY_MODEL_DIRNAME, TEXT_MODEL_DIRNAME
    from iconseek.models.runtime import resolve_query_model_dir

    frozen = str(Path(models) / TEXT_MODEL_DIRNAME)

    def engine(arms, model=frozen, **options):
        built = build_engine(catalog, arms, model, vectors, weights=options.pop("weights", None))
        for key, value in options.items():
            setattr(built, key, value)
        return built

    equal = {a: 1.0 for a in ARMS}
    yield "bm25 only", engine(["bm25"])
    yield "t2t only", engine(["t2t"])
    yield "t2i only", engine(["t2i"])
    yield "fixed", engine(ARMS, weights=equal, correct_typos=False)
    yield "+correct", engine(ARMS, weights=equal)
    yield "+adaptive", engine(ARMS)
    if resolve_query_model_dir(models).name == QUERY_MODEL_DIRNAME:
        yield "t2t only (query tower)", engine(["t2t"], model=models)
        yield "t2i only (query tower)", engine(["t2i"], model=models)
        yield "+query tower (shipped)", engine(ARMS, model=models)


def halves(beir_dir: Path) -> dict[str, set[str]]:
    split = load_split(beir_dir / "split.json")
    return {"tune": set(split["tune"]), "holdout": set(split["test"])}


def per_query(engine, queries, qrels, ids: set[str]) -> dict[str, tuple[float, float]]:
    """query id -> (MRR@10, nDCG@10) over the judged queries of one half."""
    pairs = {}
    for query in queries:
        if query.id not in ids or not qrels.get(query.id):
            continue
        ranked = [h.id for h in engine.search(query.text, k=10)]
        pairs[query.id] = (mrr_at_k(ranked, qrels[query.id], 10), ndcg_at_k(ranked, qrels[query.id], 10))
    return pairs


def best_of(runs: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Per query, the single arm with the best reciprocal rank (ties: the better nDCG)."""
    return {qid: max(run[qid] for run in runs) for qid in runs[0]}


def by_band(pairs: dict[str, tuple[float, float]], queries) -> dict[str, dict[str, float]]:
    bands: dict[str, list[tuple[float, float]]] = {}
    for query in queries:
        if query.id in pairs:
            for band in ("all", query.metadata.get("difficulty", "?")):
                bands.setdefault(band, []).append(pairs[query.id])
    return {b: {"mrr@10": sum(p[0] for p in v) / len(v), "ndcg@10": sum(p[1] for p in v) / len(v), "n": len(v)}
            for b, v in bands.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=["dev", "describe"])
    ap.add_argument("--catalog", default=str(ROOT / "out" / "catalog"))
    ap.add_argument("--models", default=str(ROOT / "models"))
    ap.add_argument("--vectors", default=str(ROOT / "out" / "vectors"))
    ap.add_argument("--json", help="write every figure here")
    args = ap.parse_args(argv)
    report = {}
    started = time.perf_counter()
    sets = {name: (load_queries(str(ROOT / "bench" / name)), load_qrels(str(ROOT / "bench" / name), "test"),
                   halves(ROOT / "bench" / name)) for name in args.sets}
    singles: dict[tuple[str, str], list] = {}

    def show(label, name, half, pairs, queries):
        bands = by_band(pairs, queries)
        report.setdefault(label, {}).setdefault(name, {})[half] = bands
        cells = "  ".join(f"{b}={v['mrr@10']:.3f}" for b, v in sorted(bands.items()))
        print(f"{label:22s} {name:9s} {half:8s} MRR@10 {cells}  (nDCG@10 all={bands['all']['ndcg@10']:.3f})",
              flush=True)

    for label, engine in configurations(args.catalog, args.models, args.vectors):
        for name, (queries, qrels, split) in sets.items():
            for half, ids in split.items():
                pairs = per_query(engine, queries, qrels, ids)
                show(label, name, half, pairs, queries)
                if label in SINGLE_ARMS:
                    singles.setdefault((name, half), []).append(pairs)
                    if len(singles[(name, half)]) == len(SINGLE_ARMS):
                        show("oracle (best arm)", name, half, best_of(singles[(name, half)]), queries)
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
