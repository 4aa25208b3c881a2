"""Typo tolerance with a symmetric deletion index (the SymSpell idea).

Two strings within edit distance d share a string obtained by deleting at most d
characters from each. So the index maps every "deletion variant" of every
vocabulary term to the terms it came from; a query token looks up its own
variants and gets a small candidate set, which :func:`osa_distance` then checks.
Cost per query token is the number of its variants (about len(token)^2 / 2 for
d = 2), independent of the vocabulary size — no scan of the vocabulary.

Allowed distance depends on the query token's length: 0 below 4 characters
(too many accidental neighbours), 1 from 4, 2 from 8. A term must be indexed
with as many deletions as any query that could reach it needs *on the term
side*. An alignment of query q (length L) and term t (length n) has i letters
only in q, j only in t and s substitutions/transpositions; the term side needs
j + s deletions, the query side i + s, and L - n = i - j. Two term-side
deletions (j + s = 2) use the whole budget of 2, so i = 0 and n >= L >= 8.
Hence terms of 8+ characters get 2 deletions, terms of 3+ get 1 — which
roughly halves the index compared with giving every 6+ character term 2.
"""

from __future__ import annotations

from .edit_distance import osa_distance

MIN_LEN_DISTANCE_1 = 4
MIN_LEN_DISTANCE_2 = 8


def allowed_distance(token: str) -> int:
    """Maximum edit distance tolerated for a query token of this length."""
    n = len(token)
    if n >= MIN_LEN_DISTANCE_2:
        return 2
    if n >= MIN_LEN_DISTANCE_1:
        return 1
    return 0


def _term_depth(term: str) -> int:
    """Deletions to index for a term (see the module docstring for why these bounds)."""
    n = len(term)
    if n >= MIN_LEN_DISTANCE_2:
        return 2
    if n >= MIN_LEN_DISTANCE_1 - 1:
        return 1
    return 0


def deletion_variants(word: str, depth: int) -> set[str]:
    """All strings obtained by deleting up to ``depth`` characters (``word`` included)."""
    variants = {word}
    frontier = {word}
    for _ in range(depth):
        next_frontier = set()
        for w in frontier:
            for i in range(len(w)):
                next_frontier.add(w[:i] + w[i + 1 :])
        next_frontier -= variants
        variants |= next_frontier
        frontier = next_frontier
    return variants


class DeletionIndex:
    """Maps deletion variants to vocabulary term ids; built once, queried often.

    Building is the costliest step of the lexical arm (about a quarter of a
    million variants for 10k terms), so it happens on first use or when the
    caller warms it, never while loading the index (:class:`DeletionIndexBuilder`
    builds it in slices). Terms and tokens that are not purely alphabetic
    (numbers such as "2" or "24") are not typo-corrected.
    """

    def __init__(self, vocabulary: list[str], table: dict | None = None) -> None:
        self._vocabulary = vocabulary
        if table is None:
            table = {}
            _add_terms(table, vocabulary, 0, len(vocabulary))
        # variant -> term id, or a list of term ids once a second term shares it
        # (most variants belong to one term; an int avoids a list per entry).
        self._table = table
        self._longest = max((len(t) for t in vocabulary), default=0)

    def lookup(self, token: str) -> list[tuple[str, int]]:
        """Vocabulary terms within the allowed distance of ``token``, with distances.

        Sorted by (distance, term) so callers get a deterministic order. The token
        itself (distance 0) is excluded: exact matches are handled elsewhere.
        """
        limit = allowed_distance(token)
        if limit == 0 or not token.isalpha() or len(token) > self._longest + limit:
            return []  # too short, a number, or too long to reach any term
        candidate_ids: set[int] = set()
        get = self._table.get
        for variant in deletion_variants(token, limit):
            bucket = get(variant)
            if bucket is None:
                continue
            if type(bucket) is int:
                candidate_ids.add(bucket)
            else:
                candidate_ids.update(bucket)
        found = []
        for term_id in candidate_ids:
            term = self._vocabulary[term_id]
            distance = osa_distance(token, term, limit)
            if 0 < distance <= limit:
                found.append((term, distance))
        found.sort(key=lambda item: (item[1], item[0]))
        return found

    def __len__(self) -> int:
        return len(self._table)


def _add_terms(table: dict, vocabulary: list[str], start: int, stop: int) -> None:
    """Index the deletion variants of ``vocabulary[start:stop]`` into ``table``."""
    get = table.get
    for term_id in range(start, min(stop, len(vocabulary))):
        term = vocabulary[term_id]
        depth = _term_depth(term)
        if depth == 0 or not term.isalpha():
            continue
        for variant in deletion_variants(term, depth):
            bucket = get(variant)
            if bucket is None:
                table[variant] = term_id
            elif type(bucket) is int:
                table[variant] = [bucket, term_id]
            else:
                bucket.append(term_id)


class DeletionIndexBuilder:
    """Builds a :class:`DeletionIndex` a slice of terms at a time.

    WHY: in the browser the typo index is built in an idle moment after
    start-up, on the worker thread that also answers queries; built in one
    call it held a query that arrived meanwhile for up to ~0.7 s. In slices,
    the worker checks for queries between them. Terms are added in vocabulary
    order, so the finished table is the one ``DeletionIndex(vocabulary)`` builds.
    """

    def __init__(self, vocabulary: list[str]) -> None:
        self._vocabulary = vocabulary
        self._table: dict = {}
        self._next = 0

    @property
    def done(self) -> bool:
        return self._next >= len(self._vocabulary)

    def step(self, terms: int) -> bool:
        """Index the next ``terms`` vocabulary terms; True once every term is in."""
        _add_terms(self._table, self._vocabulary, self._next, self._next + terms)
        self._next = min(len(self._vocabulary), self._next + terms)
        return self.done

    def finish(self) -> DeletionIndex:
        """Index whatever is left and return the index."""
        self.step(len(self._vocabulary))
        return DeletionIndex(self._vocabulary, self._table)
