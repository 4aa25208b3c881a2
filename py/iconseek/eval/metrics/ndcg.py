"""Normalised Discounted Cumulative Gain at k, trec_eval style.

Definition (Järvelin & Kekäläinen, "Cumulated gain-based evaluation of IR
techniques", ACM TOIS 20(4), 2002), with the gains and discount trec_eval's
``ndcg_cut`` uses (and ranx's ``ndcg``):

    DCG@k  = sum_{i=1..k} gain(d_i) / log2(i + 1)
    nDCG@k = DCG@k / IDCG@k

where gain is the graded judgement itself (linear, not 2^rel - 1) and IDCG@k is
the DCG of the ideal ordering of all judged-relevant documents. ``binary=True``
uses gain 1 for every relevant document.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence


def _gain(grade: int, binary: bool) -> float:
    if grade <= 0:
        return 0.0
    return 1.0 if binary else float(grade)


def ndcg_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int, binary: bool = False) -> float:
    dcg = 0.0
    for i, doc_id in enumerate(ranked[:k], start=1):
        gain = _gain(relevance.get(doc_id, 0), binary)
        if gain:
            dcg += gain / math.log2(i + 1)
    ideal = sorted((_gain(g, binary) for g in relevance.values() if g > 0), reverse=True)[:k]
    idcg = sum(gain / math.log2(i + 1) for i, gain in enumerate(ideal, start=1))
    return dcg / idcg if idcg > 0 else 0.0


def binary_ndcg_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int) -> float:
    return ndcg_at_k(ranked, relevance, k, binary=True)
