"""Significance of a difference between two systems: randomization test and bootstrap."""

import itertools
import random

import pytest

from iconseek.eval.significance import bootstrap_interval, compare, paired_randomization_test


def _exact_p(a, b):
    """Reference: the randomization test's exact distribution, all 2^n sign flips."""
    d = [y - x for x, y in zip(a, b)]
    observed = abs(sum(d))
    flips = list(itertools.product((1, -1), repeat=len(d)))
    return sum(abs(sum(s * v for s, v in zip(signs, d))) >= observed - 1e-12 for signs in flips) / len(flips)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_randomization_test_agrees_with_the_exact_permutation_distribution(seed):
    rng = random.Random(seed)
    a = [rng.random() for _ in range(12)]
    b = [x + rng.gauss(0.1, 0.25) for x in a]
    exact = _exact_p(a, b)
    assert abs(paired_randomization_test(a, b, trials=20000, seed=seed) - exact) < 0.015


def test_identical_systems_are_not_different_and_a_consistent_gain_is():
    a = [0.1 * i for i in range(30)]
    assert paired_randomization_test(a, a) == 1.0
    assert paired_randomization_test(a, [x + 0.2 for x in a], trials=2000) < 0.001


def test_bootstrap_interval_brackets_the_mean_and_collapses_for_constants():
    rng = random.Random(0)
    values = [rng.gauss(0.5, 0.2) for _ in range(200)]
    low, high = bootstrap_interval(values, trials=2000)
    mean = sum(values) / len(values)
    assert low < mean < high
    assert 0.02 < high - low < 0.1  # about 4 standard errors (0.2 / sqrt(200) = 0.014)
    assert bootstrap_interval([0.7] * 10, trials=100) == pytest.approx((0.7, 0.7))


def test_compare_pairs_by_query_id_and_refuses_disjoint_runs():
    a = {"q1": 1.0, "q2": 0.0, "q3": 0.5}
    b = {"q2": 1.0, "q3": 0.5, "q4": 1.0}
    result = compare(a, b, trials=500)
    assert result.queries == 2
    assert (result.mean_a, result.mean_b) == (0.25, 0.75)
    assert result.difference == 0.5
    with pytest.raises(ValueError, match="share no judged query"):
        compare({"x": 1.0}, {"y": 1.0})
    with pytest.raises(ValueError, match="equal, non-zero length"):
        paired_randomization_test([1.0], [1.0, 2.0])
