"""Fusion-side levers measured against the shipped fusion, on the tune halves.

    PYTHONPATH=py .venv/bin/python bench/bench_fusion_levers.py [--half tune] [--json FILE]

The shipped engine (bm25 + t2t + t2i, typo-corrected meaning text, adaptive
weights, DBSF) runs once per query with deep arm lists (300 candidates each); every
lever below re-fuses those same lists, so the lines differ only in the lever:

  depth L/S      the lexical arm's list cut to L candidates and each semantic arm's
                 to S before fusion (shipped: 100 / 100). Depth decides which icons
                 can be fused at all and the statistics DBSF normalises with.
  rrf            reciprocal rank fusion (Cormack et al., SIGIR 2009) with the same
                 adaptive weights, instead of DBSF.
  neighbours a/t score regularisation over the candidate set (Diaz, "Regularizing
                 ad hoc retrieval scores", CIKM 2005; cluster hypothesis): each
                 candidate gains ``a`` x the best fused score among candidates of
                 *other* libraries that look and mean alike (picture cosine +
                 meaning cosine > ``t``). An icon that several libraries agree on
                 rises; a lone icon that shares one incidental word does not.
  semantic g/h   the semantic arms' weights adapted to the lexical coverage c as
                 BM25's already is: t2i x (1 + g(1 - c)), t2t x (1 + h(1 - c)) — when the
                 lexical match is incidental, should the pictures or the meaning lead?

Each line prints MRR@10 per set and the pooled mean. Choices are made on the tune
halves (``--half holdout`` exists to report a chosen line, once).
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
from iconseek.core.fusion import get_fusion, tiered_order  # noqa: E402
from iconseek.engine_factory import build_engine  # noqa: E402
from iconseek.eval.beir import load_qrels, load_queries  # noqa: E402
from iconseek.eval.metrics import mrr_at_k  # noqa: E402
from iconseek.models.vectors import read_arm_vectors  # noqa: E402

ARMS = ["bm25", "t2t", "t2i"]
DEEP = 300
SHIPPED_DEPTH = 100


def recorded_runs(engine, sets: dict, half: str) -> list[dict]:
    """One deep pass of the shipped arms per judged query of ``half``."""
    engine.depth = DEEP
    rows = []
    for name, (queries, qrels, split) in sets.items():
        for query in queries:
            if query.id in split[half] and qrels.get(query.id):
                lists = engine.arm_lists(query.text)
                rows.append({"set": name, "text": query.text, "qrels": qrels[query.id], "lists": lists,
                             "tiers": engine.exact_tiers(query.text)})
    return rows


def ranked(engine, row: dict, fusion: str = "dbsf", lexical_depth: int = SHIPPED_DEPTH,
           semantic_depth: int = SHIPPED_DEPTH, rerank=None, semantic_gain=(0.0, 0.0)) -> list[str]:
    """The top 10 ids the engine's ranking gives with the lever applied (tiers first, as shipped)."""
    lists = {arm: items[: lexical_depth if arm == "bm25" else semantic_depth] for arm, items in row["lists"].items()}
    coverage = engine.lexical_coverage(row["text"], lists)
    weights = engine.adaptive.for_query(engine.arms, coverage)  # the shipped weights for this query
    weights["t2i"] *= 1.0 + semantic_gain[0] * (1.0 - coverage)
    weights["t2t"] *= 1.0 + semantic_gain[1] * (1.0 - coverage)
    fused = dict(get_fusion(fusion)(lists, weights))
    if rerank is not None:
        fused = rerank(fused)
    return [engine.docs[doc].id for doc, _ in tiered_order(fused.items(), row["tiers"])[:10]]


def neighbour_support(vectors, libraries, weight: float, threshold: float):
    """A re-scorer adding ``weight`` x the best score of look-and-mean-alike candidates from other libraries."""
    import numpy as np

    def rerank(fused: dict) -> dict:
        if len(fused) < 2:
            return fused
        docs = list(fused)
        index = np.array(docs)
        scores = np.array([fused[d] for d in docs])
        span = scores.max() - scores.min() or 1.0
        norm = (scores - scores.min()) / span
        similar = sum(v[:, index].T @ v[:, index] for v in vectors)
        alike = (similar > threshold) & (libraries[index][:, None] != libraries[index][None, :])
        support = np.where(alike, norm[None, :], 0.0).max(axis=1)
        return {d: float(n + weight * s) for d, n, s in zip(docs, norm, support)}

    return rerank


def main(argv=None) -> int:
    import numpy as np

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=["dev", "describe"])
    ap.add_argument("--half", choices=["tune", "holdout"], default="tune")
    ap.add_argument("--catalog", default=str(ROOT / "out" / "catalog"))
    ap.add_argument("--models", default=str(ROOT / "models"))
    ap.add_argument("--vectors", default=str(ROOT / "out" / "vectors"))
    ap.add_argument("--json", help="write every figure here")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    sets = {}
    for name in args.sets:
        beir = ROOT / "bench" / name
        split = load_split(beir / "split.json")
        sets[name] = (load_queries(str(beir)), load_qrels(str(beir), "test"),
                      {"tune": set(split["tune"]), "holdout": set(split["test"])})
    engine = build_engine(args.catalog, ARMS, args.models, args.vectors)
    rows = recorded_runs(engine, sets, args.half)
    ids = [d.id for d in engine.docs]
    vectors = [read_arm_vectors(args.vectors, arm, ids=ids)[0] for arm in ("t2t", "t2i")]
    for v in vectors:
        v /= np.linalg.norm(v, axis=0, keepdims=True) + 1e-12
    libraries = np.array([d.library for d in engine.docs])

    levers = [("shipped (dbsf, depth 100/100)", {})]
    levers += [(f"depth {lex}/{sem}", {"lexical_depth": lex, "semantic_depth": sem})
               for lex in (20, 50, 100, 300) for sem in (20, 50, 100, 200, 300) if (lex, sem) != (100, 100)]
    levers.append(("rrf", {"fusion": "rrf"}))
    levers += [(f"neighbours {w}/{t}", {"rerank": neighbour_support(vectors, libraries, w, t)})
               for t in (1.0, 1.2, 1.4) for w in (0.1, 0.25, 0.5)]
    levers += [(f"semantic {g}/{h}", {"semantic_gain": (g, h)})
               for g in (-0.5, 0.0, 0.5, 1.0, 2.0) for h in (-0.5, 0.0, 0.5, 1.0) if (g, h) != (0.0, 0.0)]
    report = {}
    for label, options in levers:
        per_set: dict[str, list[float]] = {}
        for row in rows:
            per_set.setdefault(row["set"], []).append(mrr_at_k(ranked(engine, row, **options), row["qrels"], 10))
        pooled = [v for values in per_set.values() for v in values]
        figures = {name: sum(v) / len(v) for name, v in per_set.items()}
        figures["pooled"] = sum(pooled) / len(pooled)
        report[label] = figures
        cells = "  ".join(f"{name}={value:.3f}" for name, value in figures.items())
        print(f"{label:32s} {args.half:8s} MRR@10 {cells}", flush=True)
    print(f"({time.perf_counter() - started:.0f} s; {len(rows)} queries)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
