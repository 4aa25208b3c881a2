"""Mean Reciprocal Rank at k.

Definition (Voorhees, "The TREC-8 Question Answering Track Report", TREC 1999):
the reciprocal of the rank of the first relevant document within the top k,
0 if none; averaged over queries. Graded judgements count as relevant when > 0.
"""

from __future__ import annotations

from typing import Mapping, Sequence


def mrr_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int) -> float:
    for rank, doc_id in enumerate(ranked[:k], start=1):
        if relevance.get(doc_id, 0) > 0:
            return 1.0 / rank
    return 0.0
