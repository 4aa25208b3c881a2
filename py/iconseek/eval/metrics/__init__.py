"""Ranking metrics, one module per metric, each with its definition and citation.

Every per-query function takes ``ranked`` (doc ids, best first, as the system
returned them) and ``relevance`` (doc id -> graded judgement; <= 0 means not
relevant) and a cut-off ``k``. :func:`mean_metric` averages over the judged
queries, counting a query the run did not answer as 0 — as trec_eval does with
``-c`` and as ranx does.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from .mrr import mrr_at_k
from .ndcg import ndcg_at_k
from .recall import recall_at_k

PerQuery = Callable[[Sequence[str], Mapping[str, int], int], float]


def per_query(
    metric: PerQuery, run: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]], k: int
) -> dict[str, float]:
    """Metric value for every judged query that has at least one relevant doc."""
    values = {}
    for qid, judgements in qrels.items():
        if not any(grade > 0 for grade in judgements.values()):
            continue
        values[qid] = metric(run.get(qid, ()), judgements, k)
    return values


def mean_metric(
    metric: PerQuery, run: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]], k: int
) -> float:
    values = per_query(metric, run, qrels, k)
    return sum(values.values()) / len(values) if values else 0.0


__all__ = ["mrr_at_k", "ndcg_at_k", "recall_at_k", "per_query", "mean_metric"]
