"""A multi-field BM25 index (BM25F) with Lucene's idf, built once and scored fast.

Scoring (Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple
weighted fields", CIKM 2004; idf as in Lucene's BM25Similarity, see Kamphuis et
al., "Which BM25 Do You Mean?", ECIR 2020):

    tf~(t, d) = sum_f  w_f * tf_f(t, d) / (1 - b + b * len_f(d) / avglen_f)
    score(q, d) = sum_{t in q}  idf(t) * tf~(t, d) / (k1 + tf~(t, d))
    idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

Why BM25F rather than a sum of per-field BM25 scores: a term repeated in the
name and in the tags should count as *stronger evidence of one term*, saturating
once, not as two independent matches; and the field weight then acts like a
term-frequency multiplier, which is easy to reason about. With one field of
weight 1 this is exactly Lucene's BM25 (checked against bm25s in a test).

Everything a query needs is a pure function of (term, doc), so each term's
"impact" idf * tf~/(k1 + tf~) is computed once, when its posting list is first
decoded, and cached; a query is then a handful of dictionary additions.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

from .analysis import Analyzer

DEFAULT_FIELDS = ("name", "aliases", "tags", "categories")
# Tuned on the dev benchmark's "tune" split (bench/dev/split.json; see docs/ENGINE.md):
# an icon's own words (name, aliases) count slightly more than its tags, broad
# categories less. Heavier name weights (3-5) *lost* MRR: names carry modifiers
# ("-2", "-off", "-fill") while tags carry the meaning people type.
DEFAULT_WEIGHTS = {"name": 1.5, "aliases": 1.5, "tags": 1.0, "categories": 0.5}
DEFAULT_K1 = 1.2
DEFAULT_B = 0.9


@dataclass(frozen=True)
class BM25Params:
    """BM25F parameters; ``weights`` maps field name -> multiplier of its tf."""

    k1: float = DEFAULT_K1
    b: float = DEFAULT_B
    fields: tuple[str, ...] = DEFAULT_FIELDS
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def field_weights(self) -> list[float]:
        return [float(self.weights.get(name, 1.0)) for name in self.fields]


def lucene_idf(n_docs: int, df: int) -> float:
    """Lucene's idf: always positive, unlike Robertson-Sparck Jones' original."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def _to_base36(n: int) -> str:
    if n == 0:
        return "0"
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out))


class LexicalIndex:
    """Posting lists with per-field term frequencies, plus exact-name tables.

    Postings are kept in their compact encoded form (one string per term:
    base-36 doc-id gaps and packed per-field tfs) and decoded on first use. That
    keeps loading cheap — parse a JSON file, no per-posting work — which matters
    in Pyodide where a Python loop costs several times what it does in CPython.
    """

    FORMAT = "iconseek-lexical"
    VERSION = 1

    def __init__(
        self,
        *,
        ids: list[str],
        params: BM25Params,
        analyzer: Analyzer,
        lengths: list[list[int]],
        vocabulary: list[str],
        postings: list[str],
        tf_base: int,
        exact_names: dict[str, list[int]],
        exact_aliases: dict[str, list[int]],
    ) -> None:
        if len(vocabulary) != len(postings):
            raise ValueError("vocabulary and postings differ in length")
        if len(lengths) != len(params.fields) or any(len(col) != len(ids) for col in lengths):
            raise ValueError("field lengths do not match fields x documents")
        self.ids = ids
        self.params = params
        self.analyzer = analyzer
        self.lengths = lengths
        self.vocabulary = vocabulary  # sorted: prefix expansion bisects it
        self.term_ids = {term: i for i, term in enumerate(vocabulary)}
        self._encoded = postings
        self._decoded: dict[int, dict[int, float]] = {}
        self._code_fields: dict[str, tuple[tuple[int, float], ...]] = {}
        self.tf_base = tf_base
        self.exact_names = exact_names
        self.exact_aliases = exact_aliases
        n = len(ids)
        self.n_docs = n
        self.avg_lengths = [(sum(col) / n) if n else 0.0 for col in lengths]
        self._norms: list[list[float]] | None = None
        self._libraries: list[str] | None = None
        self._deletion_index = None
        self._deletion_builder = None

    # ---- construction -------------------------------------------------------------

    @classmethod
    def from_field_terms(
        cls,
        ids: list[str],
        field_terms: list[list[list[str]]],
        *,
        params: BM25Params,
        analyzer: Analyzer,
        name_keys: list[list[str]] | None = None,
        alias_keys: list[list[str]] | None = None,
    ) -> "LexicalIndex":
        """Build from already-analysed terms: ``field_terms[doc][field] -> [term, ...]``."""
        n_fields = len(params.fields)
        lengths = [[0] * len(ids) for _ in range(n_fields)]
        counts: dict[str, dict[int, list[int]]] = {}
        max_tf = 1
        for doc, per_field in enumerate(field_terms):
            if len(per_field) != n_fields:
                raise ValueError(f"document {ids[doc]!r}: expected {n_fields} fields, got {len(per_field)}")
            for f, terms in enumerate(per_field):
                lengths[f][doc] = len(terms)
                for term in terms:
                    by_doc = counts.setdefault(term, {})
                    tfs = by_doc.get(doc)
                    if tfs is None:
                        tfs = by_doc[doc] = [0] * n_fields
                    tfs[f] += 1
                    if tfs[f] > max_tf:
                        max_tf = tfs[f]
        base = max_tf + 1
        vocabulary = sorted(counts)
        postings = []
        for term in vocabulary:
            parts = []
            previous = 0
            for doc in sorted(counts[term]):
                code = 0
                for tf in reversed(counts[term][doc]):
                    code = code * base + tf
                parts.append(_to_base36(doc - previous))
                parts.append(_to_base36(code))
                previous = doc
            postings.append(" ".join(parts))
        return cls(
            ids=list(ids),
            params=params,
            analyzer=analyzer,
            lengths=lengths,
            vocabulary=vocabulary,
            postings=postings,
            tf_base=base,
            exact_names=_key_table(name_keys or []),
            exact_aliases=_key_table(alias_keys or []),
        )

    # ---- scoring ---------------------------------------------------------------

    def _field_norms(self) -> list[list[float]]:
        """1 / (1 - b + b * len_f(d) / avglen_f) per field and document, computed once."""
        if self._norms is None:
            b = self.params.b
            norms = []
            for col, avg in zip(self.lengths, self.avg_lengths):
                if avg > 0:
                    # With b = 1 an empty field has denominator 0; it has no terms, so
                    # its norm is never used — 0.0 just avoids the division.
                    norms.append([_inverse(1.0 - b + b * length / avg) for length in col])
                else:
                    norms.append([1.0] * len(col))
            self._norms = norms
        return self._norms

    def df(self, term_id: int) -> int:
        """Number of documents containing the term (from the encoding, no decoding)."""
        return (self._encoded[term_id].count(" ") + 1) // 2

    def impacts(self, term_id: int) -> dict[int, float]:
        """doc -> idf * tf~ / (k1 + tf~) for one term; decoded and cached on first use."""
        cached = self._decoded.get(term_id)
        if cached is not None:
            return cached
        tokens = self._encoded[term_id].split(" ")
        norms = self._field_norms()
        k1 = self.params.k1
        idf = lucene_idf(self.n_docs, len(tokens) // 2)
        code_fields = self._code_fields
        result: dict[int, float] = {}
        doc = 0
        for i in range(0, len(tokens), 2):
            doc += int(tokens[i], 36)
            code = tokens[i + 1]
            fields = code_fields.get(code)
            if fields is None:
                fields = code_fields[code] = self._unpack(code)
            tf_weighted = 0.0
            for f, weighted_tf in fields:
                tf_weighted += weighted_tf * norms[f][doc]
            result[doc] = idf * tf_weighted / (k1 + tf_weighted)
        self._decoded[term_id] = result
        return result

    def _unpack(self, code: str) -> tuple[tuple[int, float], ...]:
        """A packed tf code -> ((field, weight * tf), ...) for the fields that have the term.

        Only a few dozen distinct codes occur (tfs are small), so this is cached.
        """
        value = int(code, 36)
        weights = self.params.field_weights()
        fields = []
        for f in range(len(weights)):
            value, tf = divmod(value, self.tf_base)
            if tf:
                fields.append((f, weights[f] * tf))
        return tuple(fields)

    def score_groups(self, groups: list[list[tuple[str, float]]]) -> dict[int, float]:
        """Sum over query groups of the best weighted impact among each group's terms.

        A group is one query token with its alternatives (itself, prefix
        completions, typo corrections) and their weights. Taking the maximum inside
        a group (a disjunction-max) lets a token contribute once however many
        completions a document matches; summing across groups is plain BM25.
        """
        totals: dict[int, float] = {}
        for group in groups:
            if len(group) == 1:
                term, weight = group[0]
                term_id = self.term_ids.get(term)
                if term_id is None:
                    continue
                for doc, impact in self.impacts(term_id).items():
                    totals[doc] = totals.get(doc, 0.0) + weight * impact
                continue
            best: dict[int, float] = {}
            for term, weight in group:
                term_id = self.term_ids.get(term)
                if term_id is None:
                    continue
                for doc, impact in self.impacts(term_id).items():
                    value = weight * impact
                    if value > best.get(doc, 0.0):
                        best[doc] = value
            for doc, value in best.items():
                totals[doc] = totals.get(doc, 0.0) + value
        return totals

    def score_terms(self, terms: list[str]) -> dict[int, float]:
        """Plain BM25F of a bag of terms (duplicates count twice, as in Lucene/bm25s)."""
        return self.score_groups([[(t, 1.0)] for t in terms])

    # ---- helpers --------------------------------------------------------------

    def library_of(self, doc: int) -> str:
        if self._libraries is None:
            self._libraries = [i.split("/", 1)[0] for i in self.ids]
        return self._libraries[doc]

    def deletion_index(self):
        """The typo index, built on first use (it is the costliest part to build)."""
        if self._deletion_index is None:
            self._deletion_index = self._typo_builder().finish()  # finishes a build begun in slices
        return self._deletion_index

    def build_deletion_index_slice(self, terms: int) -> bool:
        """Add ``terms`` more vocabulary terms to the typo index; True once it is complete."""
        if self._deletion_index is None and self._typo_builder().step(terms):
            self._deletion_index = self._typo_builder().finish()
        return self._deletion_index is not None

    def _typo_builder(self):
        if self._deletion_builder is None:
            from .fuzzy import DeletionIndexBuilder

            self._deletion_builder = DeletionIndexBuilder(self.vocabulary)
        return self._deletion_builder


def _inverse(x: float) -> float:
    return 1.0 / x if x else 0.0


def _key_table(keys_per_doc: list[list[str]]) -> dict[str, list[int]]:
    table: dict[str, list[int]] = {}
    for doc, keys in enumerate(keys_per_doc):
        for key in dict.fromkeys(keys):
            if key:
                table.setdefault(key, []).append(doc)
    return table


def top_n(scores: dict[int, float], n: int) -> list[tuple[int, float]]:
    """Best ``n`` (doc, score) pairs: score descending, then doc index ascending."""
    if n <= 0:
        return []
    if n >= len(scores):
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return heapq.nsmallest(n, scores.items(), key=lambda item: (-item[1], item[0]))
