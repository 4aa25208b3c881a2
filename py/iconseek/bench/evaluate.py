"""Score a run: MRR@10, nDCG@10, Recall@10/@50 overall and per difficulty band, plus latency.

The metric definitions are iconseek's own (``iconseek.eval.metrics``, one module
per metric with its citation); this module only slices queries and aggregates.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from iconseek.bench.dataset import DevQuery
from iconseek.bench.runners.base import RunResult
from iconseek.eval.metrics import mrr_at_k, ndcg_at_k, per_query, recall_at_k

METRICS = {
    "mrr@10": (mrr_at_k, 10),
    "ndcg@10": (ndcg_at_k, 10),
    "recall@10": (recall_at_k, 10),
    "recall@50": (recall_at_k, 50),
}
from .qrels import DIFFICULTIES as BANDS  # per-band figures for every query set


@dataclass
class Scores:
    """Mean metrics over a set of queries (``n`` of them)."""

    n: int
    values: dict[str, float]


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[rank - 1]


def score_queries(ranked: dict[str, list[str]], qrels: dict[str, dict[str, int]], query_ids: Sequence[str]) -> Scores:
    sub_qrels = {qid: qrels[qid] for qid in query_ids if qid in qrels}
    values = {}
    for name, (metric, k) in METRICS.items():
        per = per_query(metric, ranked, sub_qrels, k)
        values[name] = sum(per.values()) / len(per) if per else math.nan
    return Scores(len(sub_qrels), values)


def summarise(result: RunResult, qrels: dict[str, dict[str, int]], queries: Sequence[DevQuery]) -> dict:
    """Metrics overall and per band, and latency (median, p95) over ``queries``."""
    ranked = result.ranked_ids()
    ids = [q.id for q in queries]
    out = {"overall": score_queries(ranked, qrels, ids), "bands": {}}
    for band in BANDS:
        band_ids = [q.id for q in queries if q.difficulty == band]
        if band_ids:
            out["bands"][band] = score_queries(ranked, qrels, band_ids)
    lat = [result.latency_ms[q] for q in ids if q in result.latency_ms]
    out["latency"] = {"median": statistics.median(lat) if lat else math.nan, "p95": percentile(lat, 95)}
    return out


def ndcg10(ranked: dict[str, list[str]], qrels: dict[str, dict[str, int]], query_ids: Sequence[str]) -> float:
    """The tuning objective: mean nDCG@10 over ``query_ids``."""
    return score_queries(ranked, qrels, query_ids).values["ndcg@10"]
