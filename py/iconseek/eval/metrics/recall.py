"""Recall at k.

Definition (as trec_eval's ``recall_k`` and ranx's ``recall``): the fraction of
a query's relevant documents (judgement > 0) found in the top k.
"""

from __future__ import annotations

from typing import Mapping, Sequence


def recall_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int) -> float:
    relevant = {doc_id for doc_id, grade in relevance.items() if grade > 0}
    if not relevant:
        return 0.0
    found = sum(1 for doc_id in dict.fromkeys(ranked[:k]) if doc_id in relevant)
    return found / len(relevant)
