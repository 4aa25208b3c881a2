"""DBSF and RRF against values computed by hand."""

import math

import pytest

from iconseek.core.fusion import get_fusion
from iconseek.core.fusion.dbsf import fuse_dbsf, normalise_distribution
from iconseek.core.fusion.rrf import fuse_rrf


def test_dbsf_normalisation_by_hand():
    # scores 1, 2, 3: mean 2, sample std 1 -> low -1, high 5, span 6.
    assert normalise_distribution([1.0, 2.0, 3.0]) == pytest.approx([2 / 6, 3 / 6, 4 / 6])
    # scores 0, 10: mean 5, sample std sqrt(50) = 7.0711 -> low = 5 - 21.2132
    std = math.sqrt(50)
    low, span = 5 - 3 * std, 6 * std
    assert normalise_distribution([0.0, 10.0]) == pytest.approx([(0 - low) / span, (10 - low) / span])


def test_dbsf_special_cases():
    assert normalise_distribution([]) == []
    assert normalise_distribution([42.0]) == [0.5]
    assert normalise_distribution([3.0, 3.0, 3.0]) == [0.5, 0.5, 0.5]


def test_dbsf_does_not_clip_outliers():
    scores = [0.0] * 20 + [100.0]
    normalised = normalise_distribution(scores)
    assert normalised[-1] > 1.0  # beyond mean + 3 std, kept as is


def test_dbsf_fusion_sums_weighted_scores_and_missing_docs_add_zero():
    lists = {
        "bm25": [(7, 3.0), (8, 2.0), (9, 1.0)],  # -> 4/6, 3/6, 2/6
        "t2i": [(8, 0.9), (10, 0.5)],  # mean .7, std .28284 -> low .7-.84853, span 1.69706
    }
    std = math.sqrt(((0.9 - 0.7) ** 2 + (0.5 - 0.7) ** 2) / 1)
    low, span = 0.7 - 3 * std, 6 * std
    t2i = {8: (0.9 - low) / span, 10: (0.5 - low) / span}
    fused = dict(fuse_dbsf(lists, {"bm25": 1.0, "t2i": 2.0}))
    assert fused[7] == pytest.approx(4 / 6)
    assert fused[8] == pytest.approx(3 / 6 + 2 * t2i[8])
    assert fused[9] == pytest.approx(2 / 6)
    assert fused[10] == pytest.approx(2 * t2i[10])
    order = [doc for doc, _ in fuse_dbsf(lists, {"bm25": 1.0, "t2i": 2.0})]
    assert order == sorted(fused, key=lambda d: -fused[d])


def test_dbsf_single_item_lists_and_default_weights():
    fused = fuse_dbsf({"a": [(1, 10.0)], "b": [(1, 0.1)], "c": [(2, 5.0)]})
    assert fused == [(1, 1.0), (2, 0.5)]


def test_rrf_by_hand():
    lists = {"a": [(1, 0.9), (2, 0.8), (3, 0.1)], "b": [(3, 5.0), (1, 4.0)]}
    fused = dict(fuse_rrf(lists))
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[2] == pytest.approx(1 / 62)
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)
    weighted = dict(fuse_rrf(lists, {"a": 2.0, "b": 0.5}))
    assert weighted[3] == pytest.approx(2 / 63 + 0.5 / 61)


def test_rrf_ranks_by_score_not_input_order():
    assert dict(fuse_rrf({"a": [(1, 0.1), (2, 0.9)]})) == pytest.approx({2: 1 / 61, 1: 1 / 62})


def test_ties_break_by_doc_index():
    assert fuse_rrf({"a": [(5, 1.0)], "b": [(3, 1.0)]}) == [(3, 1 / 61), (5, 1 / 61)]


def test_get_fusion_rejects_unknown_names():
    assert get_fusion("dbsf") is fuse_dbsf
    with pytest.raises(ValueError, match="unknown fusion"):
        get_fusion("combsum")
