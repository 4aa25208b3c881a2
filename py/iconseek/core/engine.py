"""The search engine: run the arms, fuse their lists, return explained hits.

Data flow (docs/ENGINE.md has the full picture)::

    query ─▶ cap length ─▶ arms (lexical BM25F on the query; semantic arms on the
    query with the lexical arm's typo corrections, via a scorer or scores
    precomputed in JavaScript) ─▶ library filter ─▶ per-query arm weights
    (lexical coverage, fusion/adaptive.py) ─▶ fusion (DBSF | RRF)
    ─▶ exact-name tier ─▶ top k Hits with per-arm scores

Exact-name tier: when the whole query spells an icon's name ("home",
"arrow-left", "Arrow Left"), the user is navigating, not describing; no fused
similarity should outrank that. Hits are ordered by (tier, fused score) where tier
is 2 for an exact name, 1 for an exact alias and 0 otherwise, so exact hits come
first and are ordered among themselves by the fused evidence of all arms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Protocol, Sequence

from .fusion import get_fusion, tiered_order
from .fusion.adaptive import AdaptiveWeights
from .query import Correction, WordCheck, coverage, meaning_text
from .relevance import FLOOR_RATIO, above_floor, understood

MAX_QUERY_CHARS = 256
DEFAULT_DEPTH = 100
# With a library filter, semantic arms over-fetch so enough candidates survive it.
LIBRARY_OVERFETCH = 8

Scorer = Callable[[str, int], "list[tuple[int, float]]"]

# What an arm is (its ``kind``): the engine gives the lexical arm the raw query and
# asks it for exact names; semantic arms get the meaning text.
LEXICAL_KIND = "lexical"
SEMANTIC_KIND = "semantic"


@dataclass(frozen=True)
class Hit:
    """One search result; ``arm_scores`` holds each arm's raw score (absent arm = not retrieved)."""

    id: str
    score: float
    rank: int
    arm_scores: dict[str, float] = field(default_factory=dict)
    doc_index: int = -1

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "score": self.score,
            "rank": self.rank,
            "arm_scores": dict(self.arm_scores),
            "doc_index": self.doc_index,
        }


class Arm(Protocol):
    """What the engine needs from a retrieval arm.

    A ``kind == LEXICAL_KIND`` arm also has ``search(text, n, library)`` returning
    ranked docs, exact-name tiers and its match count in one pass
    (:class:`iconseek.core.lexical.arm.LexicalResult`), ``exact_tiers``,
    ``correct``, ``query_groups`` and ``matches``.
    """

    kind: str
    active: bool

    def retrieve(self, query: str, n: int, library: str | None = None) -> list[tuple[int, float]]: ...


@dataclass(frozen=True)
class Page:
    """One page of what a person is shown (:meth:`Engine.search_page`)."""

    hits: list[Hit]
    total: int  # matches above the relevance floor, this page's and every other
    offset: int
    corrections: tuple[Correction, ...] = ()  # typo fixes the semantic arms read
    understood: bool = True  # False: no lexical match and no known word (no-match state)


@dataclass
class _ArmRun:
    """What one pass over the arms produced for one capped query."""

    lists: dict[str, list[tuple[int, float]]]
    tiers: dict[int, int]  # exact-name tiers, from the lexical arm
    lexical_scores: dict[int, float]  # every doc the lexical arm matched (before its top-n cut)
    semantic: bool  # whether any semantic arm contributed a list


class SemanticArm:
    """An arm whose (doc index, cosine) list comes from a pluggable scorer.

    It is given the query's *meaning text* (typos corrected, see
    :func:`iconseek.core.query.meaning_text`), not the raw query.

    In CPython the scorer wraps onnxruntime; in the browser the scorer may be
    absent (``None``) because JavaScript computes the scores with ORT-web and
    passes them to :meth:`Engine.search` as ``precomputed``.
    """

    kind = SEMANTIC_KIND

    def __init__(self, scorer: Scorer | None = None) -> None:
        self.scorer = scorer

    @property
    def active(self) -> bool:
        """False in browser mode: this arm's lists only ever arrive precomputed."""
        return self.scorer is not None

    def retrieve(self, query: str, n: int, library: str | None = None) -> list[tuple[int, float]]:
        if self.scorer is None:
            return []  # browser mode: results arrive precomputed
        return list(self.scorer(query, n))


@dataclass(frozen=True)
class DocRef:
    """The minimum the engine knows about a document."""

    id: str
    library: str


def cap_query(query: str, limit: int = MAX_QUERY_CHARS) -> str:
    """Bound the work a query can cause: truncate to ``limit`` characters."""
    if not isinstance(query, str):
        raise TypeError(f"query must be a string, not {type(query).__name__}")
    return query[:limit]


class Engine:
    """Hybrid search over a fixed document list (row i = doc index i everywhere).

    Arm weights: explicit ``weights`` are fixed for every query; without them the
    weights adapt to each query (``adaptive``, default :class:`AdaptiveWeights`).
    ``is_word`` tells an English word from a typo for the semantic arms' query
    text (the encoder's tokenizer, :func:`iconseek.core.query.tokenizer_word_check`);
    ``correct_typos=False`` gives them the raw query (for ablations).
    """

    def __init__(
        self,
        docs: Sequence,
        arms: Mapping[str, Arm],
        fusion: str = "dbsf",
        weights: Mapping[str, float] | None = None,
        depth: int = DEFAULT_DEPTH,
        max_query_chars: int = MAX_QUERY_CHARS,
        adaptive: AdaptiveWeights | None = None,
        is_word: WordCheck | None = None,
        correct_typos: bool = True,
        floor_ratio: float = FLOOR_RATIO,
    ) -> None:
        if not arms:
            raise ValueError("an engine needs at least one arm")
        self.docs = [d if isinstance(d, DocRef) else DocRef(d.id, d.library) for d in docs]
        self.arms = dict(arms)
        self.fusion_name = fusion
        self._fuse = get_fusion(fusion)
        self.weights = {name: 1.0 for name in self.arms}
        if weights:
            unknown = set(weights) - set(self.arms)
            if unknown:
                raise ValueError(f"weights given for unknown arms: {sorted(unknown)}")
            self.weights.update({k: float(v) for k, v in weights.items()})
        self.adaptive = None if weights else (adaptive or AdaptiveWeights())
        self.is_word = is_word
        self.correct_typos = correct_typos
        self.floor_ratio = floor_ratio  # search_page's relevance floor (core/relevance.py)
        lexical = [name for name, arm in self.arms.items() if arm.kind == LEXICAL_KIND]
        self.lexical_name = lexical[0] if lexical else None
        self.depth = depth
        self.max_query_chars = max_query_chars
        self._last_meaning: tuple[tuple, tuple[str, tuple[Correction, ...]]] | None = None

    # ---- construction helpers -------------------------------------------------

    @classmethod
    def from_catalog(
        cls,
        catalog_dir: str,
        index_path: str | None = None,
        semantic: Mapping[str, Scorer | None] | None = None,
        **kwargs,
    ) -> "Engine":
        """Lexical engine over ``catalog_dir/corpus.jsonl`` (+ optional semantic scorers).

        ``index_path`` loads a prebuilt index (``iconseek index build``); without it
        the index is built in memory from the corpus.
        """
        from .catalog_view import load_corpus
        from .lexical.arm import LexicalArm
        from .lexical.indexer import build_index
        from .lexical.storage import load_index

        docs = load_corpus(catalog_dir)
        if index_path:
            index = load_index(index_path)
            if index.ids != [d.id for d in docs]:
                raise ValueError(f"{index_path}: index was built for a different corpus than {catalog_dir}")
        else:
            index = build_index(docs)
        arms: dict[str, Arm] = {"bm25": LexicalArm(index)}
        for name, scorer in (semantic or {}).items():
            arms[name] = SemanticArm(scorer)
        return cls(docs, arms, **kwargs)

    @classmethod
    def from_index(cls, index, semantic: Mapping[str, Scorer | None] | None = None, **kwargs) -> "Engine":
        """Engine from a loaded lexical index alone (what the browser has)."""
        from .lexical.arm import LexicalArm

        docs = [DocRef(doc_id, index.library_of(i)) for i, doc_id in enumerate(index.ids)]
        arms: dict[str, Arm] = {"bm25": LexicalArm(index)}
        for name, scorer in (semantic or {}).items():
            arms[name] = SemanticArm(scorer)
        return cls(docs, arms, **kwargs)

    # ---- search ----------------------------------------------------------------
    # One way through: the public methods below cap the query once and hand the
    # capped text on; the private ones never cap again.

    def _clean_list(self, arm: str, items: Iterable) -> list[tuple[int, float]]:
        """Validate (doc, score) pairs; keep each doc's best score once."""
        n_docs = len(self.docs)
        best: dict[int, float] = {}
        for item in items:
            doc, score = int(item[0]), float(item[1])
            if not 0 <= doc < n_docs:
                raise ValueError(f"arm {arm!r}: doc index {doc} outside 0..{n_docs - 1}")
            if math.isnan(score):
                continue
            if doc not in best or score > best[doc]:
                best[doc] = score
        return sorted(best.items(), key=lambda item: (-item[1], item[0]))

    def _run_arms(self, text: str, library: str | None, precomputed: Mapping | None, depth: int) -> _ArmRun:
        """Every arm's list for the capped ``text``; the lexical arm's exact tiers and match count."""
        precomputed = precomputed or {}
        unknown = set(precomputed) - set(self.arms)
        if unknown:
            raise ValueError(f"precomputed scores for unknown arms: {sorted(unknown)}")
        run = _ArmRun(lists={}, tiers={}, lexical_scores={}, semantic=False)
        blank = not text.strip()
        semantic_text = None
        for name, arm in self.arms.items():
            lexical = arm.kind == LEXICAL_KIND
            if name in precomputed:
                raw = precomputed[name]
            elif blank or not arm.active:
                raw = []
            elif lexical:
                found = arm.search(text, depth, library)  # filtered by library once, in the arm
                raw, run.tiers, run.lexical_scores = found.ranked, found.tiers, found.scores
            else:
                if semantic_text is None:
                    semantic_text = self._meaning_text(text)[0]
                n = depth if library is None else min(len(self.docs), depth * LIBRARY_OVERFETCH)
                raw = arm.retrieve(semantic_text, n, library)
            items = self._clean_list(name, raw)
            if lexical:
                if name in precomputed:  # lists recorded earlier (benchmarks): tiers are still the arm's
                    run.tiers = {} if blank else arm.exact_tiers(text, library)
                    run.lexical_scores = dict(items)
            else:
                if library is not None:  # the semantic arms' one library filter
                    items = [(d, s) for d, s in items if self.docs[d].library == library]
                items = items[:depth]
                run.semantic = run.semantic or bool(items)
            run.lists[name] = items
        return run

    def arm_lists(
        self, query: str, library: str | None = None, precomputed: Mapping | None = None
    ) -> dict[str, list[tuple[int, float]]]:
        """Each arm's (doc, score) list for ``query``, library-filtered, best first."""
        return self._run_arms(cap_query(query, self.max_query_chars), library, precomputed, self.depth).lists

    def meaning_text(self, query: str) -> tuple[str, tuple[Correction, ...]]:
        """The text the semantic arms encode: ``query`` with the lexical arm's typo fixes."""
        return self._meaning_text(cap_query(query, self.max_query_chars))

    def _meaning_text(self, text: str) -> tuple[str, tuple[Correction, ...]]:
        # One query asks twice (the browser's token ids, then the page's corrections).
        key = (text, self.is_word, self.correct_typos)
        if self._last_meaning is not None and self._last_meaning[0] == key:
            return self._last_meaning[1]
        if self.lexical_name is None or not self.correct_typos:
            result: tuple[str, tuple[Correction, ...]] = (text, ())
        else:
            result = meaning_text(text, self.arms[self.lexical_name].correct, self.is_word)
        self._last_meaning = (key, result)
        return result

    def lexical_coverage(self, query: str, lists: Mapping[str, list[tuple[int, float]]]) -> float:
        """Share of the (capped) query's words that the best lexical hit matched (1.0 without a lexical arm)."""
        return self._coverage(cap_query(query, self.max_query_chars), lists)

    def _coverage(self, text: str, lists: Mapping[str, list[tuple[int, float]]]) -> float:
        if self.lexical_name is None:
            return 1.0
        ranked = lists.get(self.lexical_name) or []
        if not ranked:
            return 0.0
        arm = self.arms[self.lexical_name]
        top = ranked[0][0]
        return coverage(arm.query_groups(text), lambda group: arm.matches(group, top))

    def weights_for(self, query: str, lists: Mapping[str, list[tuple[int, float]]]) -> dict[str, float]:
        """The arm weights for this query: fixed, or adapted to its lexical coverage."""
        return self._weights(cap_query(query, self.max_query_chars), lists)

    def _weights(self, text: str, lists: Mapping[str, list[tuple[int, float]]]) -> dict[str, float]:
        if self.adaptive is None:
            return self.weights
        return self.adaptive.for_query(self.arms, self._coverage(text, lists))

    def exact_tiers(self, query: str, library: str | None = None) -> dict[int, int]:
        """Docs whose name (2) or alias (1) is the whole query, from the lexical arm."""
        if self.lexical_name is None:
            return {}
        return self.arms[self.lexical_name].exact_tiers(cap_query(query, self.max_query_chars), library)

    def _ranked(self, text: str, run: _ArmRun) -> list[tuple[int, float]]:
        """All fused candidates, exact-name tiers first, then by fused score."""
        return tiered_order(self._fuse(run.lists, self._weights(text, run.lists)), run.tiers)

    def _hits(self, order: Sequence[tuple[int, float]], run: _ArmRun, first_rank: int) -> list[Hit]:
        per_arm = {name: dict(items) for name, items in run.lists.items()}
        hits = []
        for rank, (doc, score) in enumerate(order, start=first_rank):
            arm_scores = {name: scores[doc] for name, scores in per_arm.items() if doc in scores}
            hits.append(Hit(self.docs[doc].id, score, rank, arm_scores, doc))
        return hits

    def search(
        self, query: str, k: int = 10, library: str | None = None, precomputed: Mapping | None = None
    ) -> list[Hit]:
        """Top ``k`` hits for ``query`` (the ranking; see the module docstring for the pipeline).

        Every candidate is ranked, however weak: evaluation measures the ranking.
        What a person is shown — the matches above the relevance floor, a page at
        a time — is :meth:`search_page`.
        """
        if k <= 0:
            return []
        text = cap_query(query, self.max_query_chars)
        run = self._run_arms(text, library, precomputed, self.depth)
        return self._hits(self._ranked(text, run)[:k], run, 1)

    def search_page(
        self,
        query: str,
        k: int = 10,
        library: str | None = None,
        precomputed: Mapping | None = None,
        offset: int = 0,
    ) -> Page:
        """Hits ``offset`` .. ``offset + k`` of the matches, in one order that paging never changes.

        The order is :meth:`search`'s ranking (same candidates, same fusion)
        cut at the relevance floor, then the icons that hold every query word
        but lie deeper than the lexical candidates, by lexical score (fused
        score 0: they were not fused). ``total`` counts both (core/relevance.py).
        A query that is not understood (no lexical match, no known word) has no match.
        """
        if k < 0 or offset < 0:
            raise ValueError(f"k and offset must be >= 0, not {k} and {offset}")
        text = cap_query(query, self.max_query_chars)
        run = self._run_arms(text, library, precomputed, self.depth)
        corrections = self._meaning_text(text)[1] if run.semantic else ()
        if not understood(text, bool(run.lexical_scores), run.semantic, self.is_word):
            return Page([], 0, offset, corrections, understood=False)
        complete = self.arms[self.lexical_name].complete_matches(text, library) if run.lexical_scores else set()
        ranked = self._ranked(text, run)
        matches = above_floor(ranked, complete | set(run.tiers), self.floor_ratio)
        deeper = complete - {d for d, _ in ranked}
        hits = self._hits(matches[offset : offset + k], run, offset + 1)
        wanted = offset + k - len(matches)  # how far this page reaches into the deeper ones
        if deeper and wanted > 0:
            scores = run.lexical_scores  # already scored by this query's lexical pass
            order = sorted(deeper, key=lambda d: (-scores.get(d, 0.0), d))
            start = max(0, offset - len(matches))
            for rank, doc in enumerate(order[start:wanted], start=len(matches) + start + 1):
                hits.append(Hit(self.docs[doc].id, 0.0, rank, {self.lexical_name: scores.get(doc, 0.0)}, doc))
        return Page(hits, len(matches) + len(deeper), offset, corrections, understood=True)
