"""Reciprocal Rank Fusion (RRF).

Reference: G. V. Cormack, C. L. A. Clarke, S. Büttcher, "Reciprocal Rank Fusion
outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009
(https://plg.uwaterloo.ca/~gvcormac/cormacksigir09-rrf.pdf):

    RRF(d) = sum over arms a containing d of  w_a / (k + rank_a(d)),   k = 60

with ranks starting at 1 (the best item of each list). Only ranks matter, so
arms with incomparable score scales need no normalisation; the price is that a
clear winner and a near-tie look the same. Each list is ranked by its own
scores (descending, ties by doc index), whatever order it arrives in.
"""

from __future__ import annotations

RRF_K = 60


def fuse_rrf(
    lists: dict[str, list[tuple[int, float]]], weights: dict[str, float] | None = None, k: int = RRF_K
) -> list[tuple[int, float]]:
    """Fuse per-arm (doc, score) lists by reciprocal rank; (doc, score) best first."""
    weights = weights or {}
    totals: dict[int, float] = {}
    for arm in sorted(lists):
        weight = float(weights.get(arm, 1.0))
        ranked = sorted(lists[arm], key=lambda item: (-item[1], item[0]))
        for rank, (doc, _) in enumerate(ranked, start=1):
            totals[doc] = totals.get(doc, 0.0) + weight / (k + rank)
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))
