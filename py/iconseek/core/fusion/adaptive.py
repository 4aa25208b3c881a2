"""Query-adaptive arm weights: trust BM25 only for what it matched.

A fixed weight per arm treats every query alike. But BM25's list means
different things for different queries: when the best lexical hit contains
every word of the query ("send email", "arrow left", a corrected "downlaod"),
the words name an icon and the lexical list is strong evidence. When it
contains only some of them ("go back to the start *page*", "fire off the
*message*"), BM25 ranks icons that share one incidental word, and with equal
weights that word outvotes the meaning the semantic arms found.

The rule (coverage from :func:`iconseek.core.query.coverage`):

    weight(bm25) = base(bm25) · coverage ** exponent        (exponent 3)

so a query the best lexical hit covers fully keeps BM25 at full weight, two of
three words give it 0.30, one of two 0.125, one of three 0.04: the less of the
request the lexical match explains, the less it counts.

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
# Chosen on the pooled tune halves of bench/dev and bench/describe (189 queries, MRR@10);
# the grids are in docs/BENCHMARKS.md ("Query understanding and adaptive fusion").
DEFAULT_BASE = {"bm25": 1.0, "t2t": 1.5, "t2i": 1.0}
DEFAULT_EXPONENT = 3.0


@dataclass(frozen=True)
class AdaptiveWeights:
    """Per-query arm weights from the lexical coverage of the query."""

    base: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_BASE))
    exponent: float = DEFAULT_EXPONENT

    def for_query(self, arms, coverage: float) -> dict[str, float]:
        """Weights for ``arms`` (names) given the lexical ``coverage`` in [0, 1]."""
        weights = {arm: float(self.base.get(arm, 1.0)) for arm in arms}
        if LEXICAL in weights and len(weights) > 1:
            weights[LEXICAL] *= max(0.0, min(1.0, coverage)) ** self.exponent
        return weights

    def to_dict(self) -> dict:
        return {"base": dict(self.base), "exponent": self.exponent}

    @classmethod
    def from_dict(cls, data: dict) -> "AdaptiveWeights":
        return cls(base={k: float(v) for k, v in data["base"].items()}, exponent=float(data["exponent"]))
