"""Score fusion: combine ranked lists from several retrieval arms into one.

One module per method, each citing its definition. Every method has the same
signature::

    fuse(lists: dict[str, list[tuple[int, float]]], weights: dict[str, float] | None)
        -> list[tuple[int, float]]   # (doc index, fused score), best first

Ties are broken by doc index (ascending) so results are reproducible across
CPython and Pyodide.
"""

from __future__ import annotations

from .dbsf import fuse_dbsf
from .rrf import fuse_rrf

FUSION_METHODS = {"dbsf": fuse_dbsf, "rrf": fuse_rrf}


def get_fusion(name: str):
    try:
        return FUSION_METHODS[name]
    except KeyError:
        raise ValueError(f"unknown fusion {name!r}; choose from {sorted(FUSION_METHODS)}") from None


def rank_fused(totals: dict[int, float]) -> list[tuple[int, float]]:
    """Sort (doc, score) best first, ties by doc index."""
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def tiered_order(fused, tiers: dict[int, int]) -> list[tuple[int, float]]:
    """The engine's ranking: every fused (doc, score) and every exact-name doc (score 0 if
    not fused), higher tier first (2 name, 1 alias, 0 none), then as :func:`rank_fused`."""
    totals = dict(fused)
    for doc in tiers:
        totals.setdefault(doc, 0.0)
    return sorted(totals.items(), key=lambda item: (-tiers.get(item[0], 0), -item[1], item[0]))
