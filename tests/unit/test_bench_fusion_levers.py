"""bench/bench_fusion_levers.py: the neighbour re-scorer behaves as its docstring says."""

import pytest

np = pytest.importorskip("numpy", reason="build extra (numpy) not installed; the bench script needs it")


def _vectors():
    """Icons 0 and 1 are the same drawing and meaning; 2 and 3 are unlike everything ([D, N] layout)."""
    columns = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]).T
    return [columns, columns.copy()]


def test_support_from_another_library_lifts_a_candidate_over_a_lone_one(bench_script):
    support = bench_script("bench_fusion_levers").neighbour_support
    rerank = support(_vectors(), np.array(["a", "b", "a", "a"]), weight=0.5, threshold=1.2)
    # Icon 2 leads alone; icon 0 trails it but icon 1 (another library, same look and meaning) backs it.
    rescored = rerank({2: 1.0, 0: 0.8, 1: 0.7, 3: 0.0})
    assert max(rescored, key=rescored.get) == 0
    assert rescored[2] == pytest.approx(1.0)  # nothing alike: its own normalised score only


def test_support_from_the_same_library_does_not_count(bench_script):
    support = bench_script("bench_fusion_levers").neighbour_support
    rerank = support(_vectors(), np.array(["a", "a", "a", "a"]), weight=0.5, threshold=1.2)
    rescored = rerank({2: 1.0, 0: 0.8, 1: 0.7, 3: 0.0})
    assert max(rescored, key=rescored.get) == 2
    assert rescored[0] == pytest.approx(0.8)
