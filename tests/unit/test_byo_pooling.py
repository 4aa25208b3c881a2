"""Pooling rules, checked against hand-computed values."""

import numpy as np
import pytest

from iconseek.byo.pooling import l2_normalise, pool

HIDDEN = np.array(
    [
        [[1.0, 0.0], [3.0, 2.0], [100.0, 100.0]],  # last position is padding
        [[0.0, 1.0], [0.0, 3.0], [6.0, 5.0]],
    ],
    dtype=np.float32,
)
MASK = np.array([[1, 1, 0], [1, 1, 1]])
IDS = np.array([[49406, 9, 49407], [49406, 49407, 49407]])


def test_mean_ignores_padding():
    assert pool(HIDDEN, "mean", attention_mask=MASK).tolist() == [[2.0, 1.0], [2.0, 3.0]]


def test_cls_takes_first_token():
    assert pool(HIDDEN, "cls").tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_eos_takes_first_end_token():
    assert pool(HIDDEN, "eos", input_ids=IDS, eos_id=49407, attention_mask=MASK).tolist() == [[100.0, 100.0], [0.0, 3.0]]


def test_none_requires_pooled_output_and_unknown_rule_fails():
    with pytest.raises(ValueError, match="expects a \\[batch, dim\\]"):
        pool(HIDDEN, "none")
    with pytest.raises(ValueError, match="unknown pooling"):
        pool(HIDDEN, "max")
    with pytest.raises(ValueError, match="EOS"):
        pool(HIDDEN, "eos")


def test_l2_normalise_unit_rows_and_zero_rows_stay_zero():
    out = l2_normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]], rtol=1e-6)
