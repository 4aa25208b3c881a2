"""The lexical arm: query text -> weighted term groups -> BM25F scores.

Expansion policy (each query token becomes one group of alternatives):

* the token itself, weight 1, if it is in the vocabulary;
* for the *last* token only, when the query does not end in whitespace (the user
  may still be typing it): vocabulary terms that extend it, weight
  ``prefix_weight``;
* if the token found nothing above: the vocabulary terms at the smallest typo
  distance (1 edit from 4 characters, 2 from 8), weight
  ``fuzzy_weight ** distance * df(term) / max df(candidates)``.

The document-frequency factor is the noisy-channel prior of spelling correction
(as in SymSpell's choice of the most frequent closest term): "seting" is one edit
from both "setting" and "seating", and the common word is the likelier intent;
without it the rarer term would win on idf alone.

Typo correction fires for tokens the vocabulary does not know, and for known
but very rare ones (icon metadata has its own misspellings: "calender"), where
only much more frequent neighbours join. A common known word is far more likely
intended than a neighbour ("home" should not pull in "hole"), and skipping it
keeps exact queries exact and fast.
"""

from __future__ import annotations

from dataclasses import dataclass

from .analysis import drop_stopwords, name_key, split_words
from .bm25 import LexicalIndex, top_n
from .prefix import expand_prefix

MAX_QUERY_TOKENS = 32
# A known token this rare (in <= RARE_DF icons) may itself be a misspelling found in
# the metadata ("calender"); neighbours RARE_RATIO times more frequent join it.
RARE_DF = 2
RARE_RATIO = 10


@dataclass(frozen=True)
class LexicalResult:
    """One query's lexical answer, computed in one pass (:meth:`LexicalArm.search`)."""

    ranked: list[tuple[int, float]]  # top n (doc, score), plus exact-name matches beyond n
    tiers: dict[int, int]  # doc -> 2 exact name, 1 exact alias
    scores: dict[int, float]  # every doc that matched a query word, before the top-n cut


class LexicalArm:
    """BM25F retrieval with prefix and typo expansion; also answers exact-name lookups."""

    kind = "lexical"  # iconseek.core.engine.LEXICAL_KIND
    active = True

    def __init__(
        self,
        index: LexicalIndex,
        *,
        prefix: bool = True,
        fuzzy: bool = True,
        prefix_weight: float = 0.3,
        fuzzy_weight: float = 0.6,
        max_expansions: int = 50,
    ) -> None:
        self.index = index
        self.prefix = prefix
        self.fuzzy = fuzzy
        self.prefix_weight = prefix_weight
        self.fuzzy_weight = fuzzy_weight
        self.max_expansions = max_expansions
        # The engine asks for one query's groups twice (retrieval, then coverage).
        self._last_groups: tuple[str, list] | None = None

    def query_groups(self, query: str) -> list[list[tuple[str, float]]]:
        """Analyse ``query`` into groups of (term, weight) alternatives, one per token."""
        if self._last_groups is not None and self._last_groups[0] == query:
            return self._last_groups[1]
        groups = self._analyse(query)
        self._last_groups = (query, groups)
        return groups

    def _analyse(self, query: str) -> list[list[tuple[str, float]]]:
        all_words = drop_stopwords(split_words(query))
        words = all_words[:MAX_QUERY_TOKENS]
        if not words:
            return []
        # Only the real last word can be half-typed, and only without trailing whitespace.
        typing_last = self.prefix and len(all_words) == len(words) and not query[-1:].isspace()
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
            if self.fuzzy and (not group or self._is_rare(term)):
                group = group + self._typo_group(term, self._df(term))
            if group:
                groups.append(group)
        return groups

    def _df(self, term: str) -> int:
        term_id = self.index.term_ids.get(term)
        return 0 if term_id is None else self.index.df(term_id)

    def _is_rare(self, term: str) -> bool:
        return 0 < self._df(term) <= RARE_DF

    def _typo_group(self, term: str, term_df: int = 0) -> list[tuple[str, float]]:
        candidates = self.index.deletion_index().lookup(term)
        term_ids = self.index.term_ids
        if term_df:
            # A known but rare token: only far more common neighbours are plausible fixes.
            candidates = [(c, d) for c, d in candidates if self.index.df(term_ids[c]) >= RARE_RATIO * term_df]
        if not candidates:
            return []
        closest = candidates[0][1]
        nearest = [c for c, d in candidates if d == closest][: self.max_expansions]
        dfs = [self.index.df(term_ids[c]) for c in nearest]
        top = max(dfs)
        base = self.fuzzy_weight**closest
        return [(c, base * df / top) for c, df in zip(nearest, dfs)]

    def correct(self, word: str) -> str | None:
        """The best typo correction of one query word, or None when none applies.

        The same rule as :meth:`query_groups` (unknown or very rare words only),
        choosing the highest-weighted candidate: closest first, then most frequent.
        """
        if not self.fuzzy:
            return None
        term = self.index.analyzer.term(word)
        term_df = self._df(term)
        if term_df and not self._is_rare(term):
            return None
        candidates = self._typo_group(term, term_df)
        if not candidates:
            return None
        return max(candidates, key=lambda c: c[1])[0]

    def matches(self, group: list[tuple[str, float]], doc: int) -> bool:
        """Whether ``doc`` contains any alternative of one query word group."""
        term_ids = self.index.term_ids
        return any(term in term_ids and doc in self.index.impacts(term_ids[term]) for term, _ in group)

    def warm(self) -> None:
        """Build the typo index now (e.g. while the browser is idle) instead of on first use."""
        if self.fuzzy:
            self.index.deletion_index()

    def warm_slice(self, terms: int) -> bool:
        """Add ``terms`` vocabulary terms to the typo index; True once nothing is left to build."""
        return not self.fuzzy or self.index.build_deletion_index_slice(terms)

    def scores(self, query: str) -> dict[int, float]:
        """All matching documents with their lexical score."""
        return self.index.score_groups(self.query_groups(query))

    def search(self, query: str, n: int, library: str | None = None) -> LexicalResult:
        """Top ``n`` (doc, score), every exact-name match even beyond ``n``, and the match count.

        The library filter is applied here once, to the candidate set, so the
        scores, the tiers and the count all see the same documents. Exact
        matches are always returned so that the engine's exact-name tier can
        place them first even when many longer names share the words.
        """
        scores = self._in_library(self.scores(query), library)
        tiers = self._in_library(self._all_tiers(query), library)
        best = top_n(scores, n)
        included = {d for d, _ in best}
        extra = [d for d in tiers if d not in included and d in scores]
        best.extend((d, scores[d]) for d in sorted(extra))
        return LexicalResult(best, tiers, scores)

    def complete_matches(self, query: str, library: str | None = None) -> set[int]:
        """Documents that match every word of ``query`` (each group by one of its alternatives).

        These contain what was asked for, so they count as matches however the
        fusion ranks them (core/relevance.py); a document matching one word of
        several is only a candidate.
        """
        docs: set[int] | None = None
        for group in self.query_groups(query):
            matched: set[int] = set()
            for term, _ in group:
                term_id = self.index.term_ids.get(term)
                if term_id is not None:
                    matched.update(self.index.impacts(term_id).keys())
            docs = matched if docs is None else docs & matched
            if not docs:
                return set()
        return set(self._in_library(dict.fromkeys(docs or ()), library))

    def retrieve(self, query: str, n: int, library: str | None = None) -> list[tuple[int, float]]:
        """The ranked part of :meth:`search` (what the engine's Arm protocol asks)."""
        return self.search(query, n, library).ranked

    def exact_tiers(self, query: str, library: str | None = None) -> dict[int, int]:
        """Documents whose name (tier 2) or an alias (tier 1) equals the query as a whole."""
        return self._in_library(self._all_tiers(query), library)

    def _in_library(self, by_doc: dict, library: str | None) -> dict:
        """The library filter: the one place a lexical candidate is dropped for its library."""
        if library is None:
            return by_doc
        library_of = self.index.library_of
        return {doc: value for doc, value in by_doc.items() if library_of(doc) == library}

    def _all_tiers(self, query: str) -> dict[int, int]:
        key = name_key(query)
        if not key:
            return {}
        tiers: dict[int, int] = {}
        for doc in self.index.exact_aliases.get(key, ()):
            tiers[doc] = 1
        for doc in self.index.exact_names.get(key, ()):
            tiers[doc] = 2
        return tiers
