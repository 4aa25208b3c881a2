"""Build-time fusion of the encoder graph (iconseek.site.encoder_preopt).

The browser loads the fused graph with onnxruntime's optimisation disabled, so
these tests load it the same way (CPython onnxruntime, ORT_DISABLE_ALL, the
side file widened exactly as web/model-session.js widens it) and compare
with the unfused graph at onnxruntime's default level.
"""

from __future__ import annotations

from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="build extra (numpy) not installed")
onnx = pytest.importorskip("onnx", reason="build extra (onnx) not installed")
ort = pytest.importorskip("onnxruntime", reason="build extra (onnxruntime) not installed")

from onnx import TensorProto, numpy_helper  # noqa: E402

from iconseek.site.encoder_preopt import (  # noqa: E402
    MIN_COSINE,
    PreoptimizedEncoder,
    check,
    externalize_weights,
    optimize_graph,
    preoptimize,
    widen,
)

REPO = Path(__file__).resolve().parents[2]
SPEC = {"inputs": ["input_ids", "attention_mask"], "output": "pooled", "pad_to": None}
IDS = [[1, 2, 3], [4, 5, 6, 7, 8], [9], [10, 11]]


@pytest.fixture
def tiny_encoder(tiny_float_graph):
    """(half_weight) -> graph bytes: the unit tests' tiny float32 encoder (conftest.py), or,
    with ``half_weight``, its big weight stored as float16 behind a Cast, as
    encoder_slim.py writes it (constant folding then makes it a float32 constant of
    exact float16 values)."""
    from iconseek.site.encoder_slim import fp16_weights

    def build(half_weight: bool) -> bytes:
        original = tiny_float_graph.read_bytes()
        return fp16_weights(original)[0].SerializeToString() if half_weight else original

    return build


def test_folded_float16_weights_leave_the_graph_as_exact_external_data(tiny_encoder):
    original = tiny_encoder(half_weight=True)
    fused = preoptimize(original, IDS, SPEC)
    assert fused is not None
    assert fused.min_cosine >= MIN_COSINE
    assert fused.external == [{"path": "encoder-weight-0.f32", "name": "weight", "offset": 0, "length": 2 * 64 * 1024,
                               "format": "fp16-byte-planes", "count": 64 * 1024}]
    assert len(fused.weights) == 64 * 1024 * 2
    model = onnx.load_from_string(fused.graph)
    assert not [n for n in model.graph.node if n.op_type == "Cast"]  # folded at build time
    moved = [t for t in model.graph.initializer if t.data_location == TensorProto.EXTERNAL]
    assert len(moved) == 1 and not moved[0].raw_data
    # the graph alone is small: the weight's bytes are only in the side file
    assert len(fused.graph) < 64 * 1024
    # the side file is byte planes (low bytes, then high bytes) and widening
    # restores the float32 values bit for bit
    half = next(numpy_helper.to_array(t) for t in onnx.load_from_string(original).graph.initializer
                if t.name == "weight__fp16").reshape(-1)
    raw = half.astype("<f2").view(np.uint8)
    assert fused.weights == raw[0::2].tobytes() + raw[1::2].tobytes()
    widened = np.frombuffer(widen(fused.weights, fused.external)["encoder-weight-0.f32"], np.float32)
    assert np.array_equal(widened, half.astype(np.float32))


def test_widen_refuses_a_side_file_that_does_not_hold_the_tensors(tiny_encoder):
    fused = preoptimize(tiny_encoder(half_weight=True), IDS, SPEC)
    with pytest.raises(ValueError, match="does not hold encoder-weight-0.f32"):
        widen(fused.weights[: len(fused.weights) // 2], fused.external)
    with pytest.raises(ValueError, match="encoder-weight-0.f32 holds 131072 bytes, not two byte planes of 65535"):
        widen(fused.weights, [{**fused.external[0], "count": 64 * 1024 - 1}])
    with pytest.raises(ValueError, match="encoder-weight-0.f32 has format 'fp32', not supported"):
        widen(fused.weights, [{**fused.external[0], "format": "fp32"}])
    with pytest.raises(ValueError, match="format fp16-byte-planes is not supported; rebuild the site"):
        widen(fused.weights, fused.external, "fp16-byte-planes")  # a site built before the sections


def test_float32_weights_that_are_not_half_numbers_stay_in_the_graph(tiny_encoder):
    model = optimize_graph(tiny_encoder(half_weight=False))
    weights, external = externalize_weights(model)
    assert external == [] and weights == b""
    assert all(t.data_location != TensorProto.EXTERNAL for t in model.graph.initializer)


def test_check_catches_a_fused_graph_that_computes_something_else(tiny_encoder):
    original = tiny_encoder(half_weight=True)
    fused = preoptimize(original, IDS, SPEC)
    planes = np.frombuffer(fused.weights, np.uint8).copy()
    planes[len(planes) // 2::3] ^= 0x80  # flip the sign of a third of the weights (high-byte plane)
    broken = PreoptimizedEncoder(fused.graph, planes.tobytes(), fused.external)
    assert check(original, broken, IDS, SPEC) < MIN_COSINE


def test_bundled_minilm_fuses_and_keeps_its_embeddings():
    """The shipped MiniLM: far fewer nodes, its three float16 FFN weights as side data,
    and the same sentence embeddings as the unfused graph."""
    from iconseek.core.tokenizers import load_tokenizer
    from iconseek.site.assemble import SLIM_CHECK_PHRASES, encoder_config
    from iconseek.site.encoder_slim import fp16_weights

    graph, tokenizer_path, info = encoder_config(REPO / "models" / "minilm-l6-int8")
    tokenizer = load_tokenizer(str(tokenizer_path))
    ids = [list(tokenizer.encode(p).ids) for p in SLIM_CHECK_PHRASES[:10]]
    slim, converted = fp16_weights(graph.read_bytes())
    slim_bytes = slim.SerializeToString()
    fused = preoptimize(slim_bytes, ids, info)
    assert fused is not None, "the bundled encoder must pass the fusion check"
    assert fused.min_cosine >= MIN_COSINE
    assert len(fused.external) == len(converted) == 3
    assert fused.ops_after < 0.7 * fused.ops_before
    ops = {n.op_type for n in onnx.load_from_string(fused.graph).graph.node}
    assert {"SkipLayerNormalization", "Gelu"} & ops  # onnxruntime's fusions, made here
    # no bytes gained: graph + float16 side file ~ the slim graph
    assert len(fused.graph) + len(fused.weights) <= len(slim_bytes) * 1.01
