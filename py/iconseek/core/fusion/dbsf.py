"""Distribution-Based Score Fusion (DBSF), as Qdrant defines it.

Reference: Qdrant, "Hybrid Queries — Distribution-Based Score Fusion" (available
since v1.11, https://qdrant.tech/documentation/concepts/hybrid-queries/) and its
implementation ``lib/segment/src/common/score_fusion.rs`` (``distr_norm``);
the idea is from M. Mazzeschi, "Distribution-based Score Fusion (DBSF), a new
approach to Vector Search Ranking" (2023).

For each arm's result list separately:

    mean = average of the list's scores
    std  = sample standard deviation (divide by n - 1)
    low, high = mean - 3 * std, mean + 3 * std
    normalised(s) = (s - low) / (high - low)

without clipping to [0, 1] (scores beyond 3 sigma may fall outside). A list with
a single item gives it 0.5; a list whose scores are all equal (high == low) gives
every item 0.5. The fused score of a document is the sum over arms of
``weight_arm * normalised score``; an arm whose list lacks the document adds 0.

Why DBSF here: BM25 scores are unbounded and cosines live in [-1, 1]; the per-list
z-like rescaling puts them on one scale without being dominated by one outlier
the way min-max is, and unlike RRF it keeps how *far apart* the scores are.
"""

from __future__ import annotations

import math


def normalise_distribution(scores: list[float]) -> list[float]:
    """DBSF normalisation of one list of scores (order preserved)."""
    n = len(scores)
    if n == 0:
        return []
    if n == 1:
        return [0.5]
    mean = math.fsum(scores) / n
    variance = math.fsum((s - mean) ** 2 for s in scores) / (n - 1)
    std = math.sqrt(variance)
    low = mean - 3.0 * std
    high = mean + 3.0 * std
    if high == low:
        return [0.5] * n
    span = high - low
    return [(s - low) / span for s in scores]


def fuse_dbsf(
    lists: dict[str, list[tuple[int, float]]], weights: dict[str, float] | None = None
) -> list[tuple[int, float]]:
    """Fuse per-arm (doc, score) lists; returns (doc, fused score) best first."""
    weights = weights or {}
    totals: dict[int, float] = {}
    for arm in sorted(lists):
        items = lists[arm]
        weight = float(weights.get(arm, 1.0))
        normalised = normalise_distribution([score for _, score in items])
        for (doc, _), value in zip(items, normalised):
            totals[doc] = totals.get(doc, 0.0) + weight * value
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))
