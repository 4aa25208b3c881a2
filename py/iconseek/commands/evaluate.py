"""``iconseek eval BEIR_DIR``: MRR@10, nDCG@10, Recall@10/@50 on a BEIR folder.

The corpus is the built catalogue (``--catalog``), else ``BEIR_DIR/corpus.jsonl``
when the folder has one, else ``out/catalog``. Results are printed overall and
per query ``category`` / ``difficulty`` when the queries carry those fields, and
the ranked lists can be written as a TREC run file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from .. import defaults

GROUP_FIELDS = ("category", "difficulty")
METRIC_COLUMNS = ("MRR@10", "nDCG@10", "R@10", "R@50")


def add_arguments(parser) -> None:
    parser.add_argument("beir_dir", metavar="BEIR_DIR", help="folder with queries.jsonl and qrels/test.tsv")
    parser.add_argument("--catalog", help="catalogue directory (default: BEIR_DIR if it has corpus.jsonl, else "
                        f"{defaults.CATALOG_DIR})")
    parser.add_argument("--split", default="test", help="qrels split (default test)")
    parser.add_argument("--run-out", help="write the ranked lists to this TREC run file")
    parser.add_argument("--arms", nargs="+", default=None,
                        help="arms: bm25 t2t t2i (default: what `iconseek search` and the site ship — bm25 plus "
                             "the semantic arms whose model and vectors exist, query-adaptive weights)")
    parser.add_argument("--fusion", default="dbsf", choices=["dbsf", "rrf"])
    parser.add_argument("--k", type=int, default=100, help="hits retrieved per query (default 100, >= 50)")
    parser.add_argument("--tag", default=None, help="run tag (default: arms joined by '+')")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--models", default=defaults.MODELS_DIR)
    parser.add_argument("--vectors", default=defaults.VECTORS_DIR)


def choose_catalog(beir_dir: str, catalog: str | None) -> str:
    if catalog:
        return catalog
    if os.path.isfile(os.path.join(beir_dir, "corpus.jsonl")):
        return beir_dir
    return defaults.CATALOG_DIR


def scores_for(ranked_ids, judgements) -> dict[str, float]:
    from ..eval.metrics import mrr_at_k, ndcg_at_k, recall_at_k

    return {
        "MRR@10": mrr_at_k(ranked_ids, judgements, 10),
        "nDCG@10": ndcg_at_k(ranked_ids, judgements, 10),
        "R@10": recall_at_k(ranked_ids, judgements, 10),
        "R@50": recall_at_k(ranked_ids, judgements, 50),
    }


def evaluate(engine, queries, qrels, k: int = 100):
    """Run every judged query; returns (run, per-query scores, per-query metadata)."""
    run: dict[str, list[tuple[str, float]]] = {}
    per_query: dict[str, dict[str, float]] = {}
    meta: dict[str, dict] = {}
    for query in queries:
        judgements = qrels.get(query.id)
        if not judgements or not any(g > 0 for g in judgements.values()):
            continue
        hits = engine.search(query.text, k=k)
        run[query.id] = [(h.id, h.score) for h in hits]
        per_query[query.id] = scores_for([h.id for h in hits], judgements)
        meta[query.id] = query.metadata
    return run, per_query, meta


def summarise(per_query: dict, meta: dict) -> dict:
    """{"overall": {...}, "category": {value: {...}}, "difficulty": {...}} with n per group."""

    def mean(qids):
        return {m: sum(per_query[q][m] for q in qids) / len(qids) for m in METRIC_COLUMNS} | {"n": len(qids)}

    summary = {"overall": mean(list(per_query)) if per_query else {"n": 0}}
    for field in GROUP_FIELDS:
        groups: dict[str, list[str]] = {}
        for qid in per_query:
            value = meta[qid].get(field)
            if value is not None:
                groups.setdefault(str(value), []).append(qid)
        if groups:
            summary[field] = {value: mean(qids) for value, qids in sorted(groups.items())}
    return summary


def format_summary(summary: dict) -> str:
    header = f"{'':24s} {'n':>5s} " + " ".join(f"{c:>8s}" for c in METRIC_COLUMNS)
    lines = [header]

    def row(label, values):
        return f"{label:24s} {values['n']:5d} " + " ".join(f"{values[c]:8.4f}" for c in METRIC_COLUMNS)

    if summary["overall"]["n"]:
        lines.append(row("overall", summary["overall"]))
    for field in GROUP_FIELDS:
        for value, values in summary.get(field, {}).items():
            lines.append(row(f"{field}={value}", values))
    return "\n".join(lines)


def run(args) -> int:
    from ..eval.beir import load_qrels, load_queries
    from ..eval.trec import write_run
    from ..engine_factory import CatalogMissing
    from .search import shipped_engine

    if args.k < 50:
        print("iconseek eval: --k must be at least 50 (Recall@50 is reported)", file=sys.stderr)
        return 2
    catalog = choose_catalog(args.beir_dir, args.catalog)
    try:
        queries = load_queries(args.beir_dir)
        qrels = load_qrels(args.beir_dir, args.split)
        engine = shipped_engine(argparse.Namespace(**{**vars(args), "catalog": catalog}), "eval")
        args.arms = list(engine.arms)
    except (CatalogMissing, ValueError, RuntimeError, OSError) as exc:
        print(f"iconseek eval: {exc}", file=sys.stderr)
        return 1
    known = {d.id for d in engine.docs}
    unknown = {d for j in qrels.values() for d in j if d not in known}
    if unknown:
        print(f"warning: {len(unknown)} judged doc ids are not in {catalog} (e.g. {sorted(unknown)[0]})", file=sys.stderr)
    start = time.perf_counter()
    run_lists, per_query, meta = evaluate(engine, queries, qrels, args.k)
    seconds = time.perf_counter() - start
    summary = summarise(per_query, meta)
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print(f"arms={'+'.join(args.arms)} fusion={args.fusion} catalog={catalog} queries={len(per_query)}")
        print(format_summary(summary))
        print(f"({seconds / max(1, len(per_query)) * 1000:.2f} ms per query)")
    if args.run_out:
        write_run(args.run_out, run_lists, args.tag or "+".join(args.arms))
        print(f"run written to {args.run_out}", file=sys.stderr)
    return 0
