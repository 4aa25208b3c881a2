"""CPython semantic-arm scorer over a bring-your-own encoder and parquet vectors.

Implements the engine's scorer protocol, ``scorer(query, n) -> [(doc_index,
cosine), ...]`` best first, so ``SemanticArm(scorer)`` works unchanged.

Two choices keep CPython and the browser in agreement:

* the icon matrix is rounded through float16 first, because that is what the
  browser loads (``<arm>.f16``); scoring the float32 originals would reorder
  near-ties between the two;
* icons without a vector (``present`` False) are dropped, not scored 0, so a
  partial parquet never pushes vector-less icons into the results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import numpy as np

from iconseek.byo.encoder import TextEncoder
from iconseek.byo.options import ByoReadOptions
from iconseek.byo.vectors import AlignedVectors, align_to_catalog, read_parquet_vectors
from iconseek.models.vectors import top_n


class ByoVectorScorer:
    """Cosine top-n of a query against catalogue-aligned unit vectors."""

    def __init__(self, encoder: TextEncoder, aligned: AlignedVectors, *, as_float16: bool = True) -> None:
        encoder.check_dim(aligned.dim, aligned.source)
        matrix = aligned.matrix.astype(np.float16).astype(np.float32) if as_float16 else aligned.matrix
        self.encoder = encoder
        self.aligned = aligned
        self._rows = np.flatnonzero(aligned.present)  # doc indices that have a vector
        self._matrix = np.ascontiguousarray(matrix[self._rows])

    def scores(self, query: str) -> np.ndarray:
        """Cosine of ``query`` with every icon that has a vector (order of ``_rows``)."""
        return self._matrix @ self.encoder.encode_one(query)

    def __call__(self, query: str, n: int) -> list[tuple[int, float]]:
        if n <= 0 or not query.strip() or len(self._rows) == 0:
            return []
        # Positions in ``_rows`` ascend with doc index, so top_n's tie-break (lower
        # position first) is the doc-index tie-break the browser uses too.
        return [(int(self._rows[i]), score) for i, score in top_n(self.scores(query), n)]


def build_byo_scorer(
    model_dir: str | Path,
    vectors_parquet: str | Path,
    catalog_ids: Sequence[str],
    *,
    threads: int | None = None,
    **options: Any,
) -> ByoVectorScorer:
    """Load encoder + parquet, check their sizes agree, align to the catalogue.

    ``options`` are :class:`ByoReadOptions` fields (graph, output, pooling,
    parquet columns, CLIP padding).
    """
    read = ByoReadOptions(**options)
    encoder = read.load_encoder(model_dir, threads=threads)
    vectors = read_parquet_vectors(vectors_parquet, **read.columns())
    encoder.check_dim(vectors.dim, vectors.path)
    return ByoVectorScorer(encoder, align_to_catalog(vectors, catalog_ids))


def build_byo_scorers(arm: str, docs: Sequence[Any], model_dir: str | Path, vectors_parquet: str | Path, **options: Any) -> dict:
    """``{arm: scorer}`` for ``engine_factory``; ``docs`` are DocRefs (``.id``) or id strings."""
    ids = [d if isinstance(d, str) else d.id for d in docs]
    return {arm: build_byo_scorer(model_dir, vectors_parquet, ids, **options)}
