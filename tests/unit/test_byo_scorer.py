"""The CPython BYO scorer: top-n order, ties, icons without vectors, float16 rounding."""

from pathlib import Path

import numpy as np
import pytest

from iconseek.byo.errors import DimensionMismatchError
from iconseek.byo.scorer import ByoVectorScorer
from iconseek.byo.vectors import AlignedVectors, MatchReport


class FixedQueryEncoder:
    """Stands in for TextEncoder: every query maps to one known unit vector."""

    def __init__(self, vector):
        self.vector = np.asarray(vector, dtype=np.float32)
        self.dim = len(self.vector)
        self.model_file = Path("fixed.onnx")

    def encode_one(self, text):
        return self.vector

    def check_dim(self, dim, path):
        if dim != self.dim:
            raise DimensionMismatchError(path, f"{dim} != {self.dim}")


def aligned(rows, present):
    matrix = np.asarray(rows, dtype=np.float32)
    report = MatchReport(len(rows), len(rows), int(sum(present)), len(rows) - int(sum(present)), 0, 0, 0)
    return AlignedVectors(matrix, np.asarray(present, dtype=bool), report, Path("v.parquet"))


ROWS = [[1.0, 0.0], [0.6, 0.8], [0.0, 0.0], [0.6, 0.8], [-1.0, 0.0]]
PRESENT = [True, True, False, True, True]


def test_best_first_with_ties_broken_by_doc_index():
    scorer = ByoVectorScorer(FixedQueryEncoder([0.0, 1.0]), aligned(ROWS, PRESENT))
    assert [d for d, _ in scorer("q", 10)] == [1, 3, 0, 4]  # doc 2 has no vector: never returned
    assert scorer("q", 2) == [(1, pytest.approx(0.8, abs=1e-3)), (3, pytest.approx(0.8, abs=1e-3))]


def test_negative_cosines_still_rank_above_nothing_and_missing_never_appears():
    scorer = ByoVectorScorer(FixedQueryEncoder([-1.0, 0.0]), aligned(ROWS, PRESENT))
    results = scorer("q", 5)
    assert results[0][0] == 4 and 2 not in [d for d, _ in results]


def test_blank_query_and_zero_n_return_nothing():
    scorer = ByoVectorScorer(FixedQueryEncoder([1.0, 0.0]), aligned(ROWS, PRESENT))
    assert scorer("   ", 5) == [] and scorer("q", 0) == []


def test_scores_use_the_float16_matrix_the_browser_loads():
    value = 0.1234567
    scorer = ByoVectorScorer(FixedQueryEncoder([1.0, 0.0]), aligned([[value, 0.0]], [True]))
    assert scorer("q", 1)[0][1] == pytest.approx(float(np.float16(value)), abs=1e-7)
    exact = ByoVectorScorer(FixedQueryEncoder([1.0, 0.0]), aligned([[value, 0.0]], [True]), as_float16=False)
    assert exact("q", 1)[0][1] == pytest.approx(value, abs=1e-7)


def test_dimension_mismatch_is_refused():
    with pytest.raises(DimensionMismatchError):
        ByoVectorScorer(FixedQueryEncoder([1.0, 0.0, 0.0]), aligned(ROWS, PRESENT))
