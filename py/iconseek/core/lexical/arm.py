"""The lexical arm: query text -> weighted term groups -> BM25F scores.

Expansion policy (each query token becomes one group of alternatives):

* the token itself, weight 1, if it is in the vocabulary;
* for the *last* token only, when the query does not end in whitespace (the user
  may still be typing it): vocabulary terms that extend it, weight
  ``prefix_weight``;
* if the token found nothing above: vocabulary terms within the typo distance
  (1 edit from 4 characters, 2 from 8), weight ``fuzzy_weight ** distance``.

Typo correction only fires for tokens the vocabulary does not know. A known
word is far more likely intended than a neighbour ("home" should not pull in
"hole"), and it keeps exact queries exact and fast.
"""

from __future__ import annotations

from .analysis import name_key, split_words
from .bm25 import LexicalIndex, top_n
from .prefix import expand_prefix

MAX_QUERY_TOKENS = 32


class LexicalArm:
    """BM25F retrieval with prefix and typo expansion; also answers exact-name lookups."""

    def __init__(
        self,
        index: LexicalIndex,
        *,
        prefix: bool = True,
        fuzzy: bool = True,
        prefix_weight: float = 0.5,
        fuzzy_weight: float = 0.6,
        max_expansions: int = 50,
    ) -> None:
        self.index = index
        self.prefix = prefix
        self.fuzzy = fuzzy
        self.prefix_weight = prefix_weight
        self.fuzzy_weight = fuzzy_weight
        self.max_expansions = max_expansions

    def query_groups(self, query: str) -> list[list[tuple[str, float]]]:
        """Analyse ``query`` into groups of (term, weight) alternatives, one per token."""
        words = split_words(query)[:MAX_QUERY_TOKENS]
        if not words:
            return []
        typing_last = self.prefix and not query[-1:].isspace()
        analyzer = self.index.analyzer
        term_ids = self.index.term_ids
        groups = []
        for position, word in enumerate(words):
            term = analyzer.term(word)
            group: list[tuple[str, float]] = []
            if term in term_ids:
                group.append((term, 1.0))
            if typing_last and position == len(words) - 1:
                for completion in expand_prefix(self.index.vocabulary, word, self.max_expansions):
                    if completion != term:
                        group.append((completion, self.prefix_weight))
            if not group and self.fuzzy:
                for candidate, distance in self.index.deletion_index().lookup(term)[: self.max_expansions]:
                    group.append((candidate, self.fuzzy_weight**distance))
            if group:
                groups.append(group)
        return groups

    def scores(self, query: str) -> dict[int, float]:
        """All matching documents with their lexical score."""
        return self.index.score_groups(self.query_groups(query))

    def retrieve(self, query: str, n: int, library: str | None = None) -> list[tuple[int, float]]:
        """Top ``n`` (doc index, score), plus every exact-name match even beyond ``n``.

        Exact matches are always returned so that the engine's exact-name tier can
        place them first even when many longer names share the words.
        """
        scores = self.scores(query)
        if library is not None:
            scores = {d: s for d, s in scores.items() if self.index.library_of(d) == library}
        best = top_n(scores, n)
        included = {d for d, _ in best}
        extra = [d for d in self.exact_tiers(query, library) if d not in included and d in scores]
        best.extend((d, scores[d]) for d in sorted(extra))
        return best

    def exact_tiers(self, query: str, library: str | None = None) -> dict[int, int]:
        """Documents whose name (tier 2) or an alias (tier 1) equals the query as a whole."""
        key = name_key(query)
        if not key:
            return {}
        tiers: dict[int, int] = {}
        for doc in self.index.exact_aliases.get(key, ()):
            tiers[doc] = 1
        for doc in self.index.exact_names.get(key, ()):
            tiers[doc] = 2
        if library is not None:
            tiers = {d: t for d, t in tiers.items() if self.index.library_of(d) == library}
        return tiers
