"""Query-adaptive arm weights: trust BM25 only for what it matched.

A fixed weight per arm treats every query alike. But BM25's list means
different things for different queries: when the best lexical hit contains
every word of the query ("send email", "arrow left", a corrected "downlaod"),
the words name an icon and the lexical list is strong evidence. When it
contains only some of them ("go back to the start *page*", "fire off the
*message*"), BM25 ranks icons that share one incidental word, and with equal
weights that word outvotes the meaning the semantic arms found.

The rule (coverage from :func:`iconseek.core.query.coverage`):

    weight(bm25) = base(bm25)            if coverage == 1
                 = partial_lexical       otherwise (0 = leave it to meaning)

The semantic arms keep their base weights; the exact-name tier still puts an
icon whose name is the whole query first. This is query-dependent fusion in the
sense of pre-retrieval/post-retrieval query performance prediction used to
weight rankers per query (Kurland et al., "Query-performance prediction and
cluster ranking", 2012; Wu & Crestani, "Data fusion with estimated weights",
CIKM 2002), with the simplest predictor that fits short icon queries: did the
lexical arm see the whole query?

The values were chosen on the tune halves of bench/dev and bench/describe (docs/BENCHMARKS.md,
"Query-adaptive fusion").
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEXICAL = "bm25"
# Chosen on the pooled tune halves of bench/dev and bench/describe (189 queries, MRR@10):
# partial_lexical in {0, 0.25, 0.5} x t2i in {0.5, 1} x t2t in {1, 1.5}; docs/BENCHMARKS.md.
DEFAULT_BASE = {"bm25": 1.0, "t2t": 1.5, "t2i": 1.0}
DEFAULT_PARTIAL_LEXICAL = 0.0


@dataclass(frozen=True)
class AdaptiveWeights:
    """Per-query arm weights from the lexical coverage of the query."""

    base: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BASE))
    partial_lexical: float = DEFAULT_PARTIAL_LEXICAL

    def for_query(self, arms, coverage: float) -> dict[str, float]:
        """Weights for ``arms`` (names) given the lexical ``coverage`` in [0, 1]."""
        weights = {arm: float(self.base.get(arm, 1.0)) for arm in arms}
        if LEXICAL in weights and coverage < 1.0 and len(weights) > 1:
            weights[LEXICAL] = float(self.partial_lexical)
        return weights

    def to_dict(self) -> dict:
        return {"base": dict(self.base), "partial_lexical": self.partial_lexical}

    @classmethod
    def from_dict(cls, data: dict) -> "AdaptiveWeights":
        return cls(base={k: float(v) for k, v in data["base"].items()}, partial_lexical=float(data["partial_lexical"]))
