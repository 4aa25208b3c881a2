"""Build-time fusion of the encoder graph (iconseek.site.encoder_preopt).

The browser loads the fused graph with onnxruntime's optimisation disabled, so
these tests load it the same way (CPython onnxruntime, ORT_DISABLE_ALL, the
float16 side file widened exactly as web/ort-worker.js widens it) and compare
with the unfused graph at onnxruntime's default level.
"""

from __future__ import annotations

from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="build extra (numpy) not installed")
onnx = pytest.importorskip("onnx", reason="build extra (onnx) not installed")
ort = pytest.importorskip("onnxruntime", reason="build extra (onnxruntime) not installed")

from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from iconseek.site.encoder_preopt import (  # noqa: E402
    MIN_COSINE,
    PreoptimizedEncoder,
    check,
    externalize_half_weights,
    optimize_graph,
    preoptimize,
    widen,
)

REPO = Path(__file__).resolve().parents[2]
SPEC = {"inputs": ["input_ids", "attention_mask"], "output": "pooled", "pad_to": None}
IDS = [[1, 2, 3], [4, 5, 6, 7, 8], [9], [10, 11]]


def tiny_encoder(half_weight: bool) -> bytes:
    """input_ids -> Gather -> MatMul(W) -> Add -> LayerNorm-ish Mul/Add pattern -> mean over tokens.

    With ``half_weight`` W is stored as float16 behind a Cast (what encoder_slim.py
    writes), so constant folding turns it into a float32 constant of exact
    float16 values; otherwise W is plain random float32.
    """
    rng = np.random.default_rng(3)
    table = rng.normal(size=(16, 64)).astype(np.float32)
    weight = rng.normal(size=(64, 1024)).astype(np.float32)  # 65,536 values
    bias = rng.normal(size=(1024,)).astype(np.float32)
    scale = np.float32(0.5) * np.ones((1024,), np.float32)
    inits = [numpy_helper.from_array(table, "table"), numpy_helper.from_array(bias, "bias"),
             numpy_helper.from_array(scale, "scale")]
    nodes = []
    if half_weight:
        inits.append(numpy_helper.from_array(weight.astype(np.float16), "weight_fp16"))
        nodes.append(helper.make_node("Cast", ["weight_fp16"], ["weight"], to=TensorProto.FLOAT))
    else:
        inits.append(numpy_helper.from_array(weight, "weight"))
    nodes += [
        helper.make_node("Gather", ["table", "input_ids"], ["tokens"]),
        helper.make_node("MatMul", ["tokens", "weight"], ["projected"]),
        helper.make_node("Add", ["projected", "bias"], ["biased"]),
        helper.make_node("Mul", ["biased", "scale"], ["scaled"]),
        helper.make_node("ReduceMean", ["scaled"], ["pooled"], axes=[1], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "n"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, [1, "n"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, 1024])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    return model.SerializeToString()


def test_folded_float16_weights_leave_the_graph_as_exact_external_data():
    original = tiny_encoder(half_weight=True)
    fused = preoptimize(original, IDS, SPEC)
    assert fused is not None
    assert fused.min_cosine >= MIN_COSINE
    assert fused.external == [{"path": "encoder-weight-0.f32", "start": 0, "count": 64 * 1024}]
    assert len(fused.weights) == 64 * 1024 * 2
    model = onnx.load_from_string(fused.graph)
    assert not [n for n in model.graph.node if n.op_type == "Cast"]  # folded at build time
    moved = [t for t in model.graph.initializer if t.data_location == TensorProto.EXTERNAL]
    assert len(moved) == 1 and not moved[0].raw_data
    # the graph alone is small: the weight's bytes are only in the side file
    assert len(fused.graph) < 64 * 1024
    # the side file is byte planes (low bytes, then high bytes) and widening
    # restores the float32 values bit for bit
    half = numpy_helper.to_array(onnx.load_from_string(original).graph.initializer[-1]).reshape(-1)
    raw = half.astype("<f2").view(np.uint8)
    assert fused.weights == raw[0::2].tobytes() + raw[1::2].tobytes()
    widened = np.frombuffer(widen(fused.weights, fused.external)["encoder-weight-0.f32"], np.float32)
    assert np.array_equal(widened, half.astype(np.float32))


def test_widen_refuses_a_side_file_that_does_not_hold_the_tensors():
    fused = preoptimize(tiny_encoder(half_weight=True), IDS, SPEC)
    with pytest.raises(ValueError, match="does not hold encoder-weight-0.f32"):
        widen(fused.weights[: len(fused.weights) // 2], fused.external)
    with pytest.raises(ValueError, match="odd number of bytes"):
        widen(fused.weights[:-1], fused.external)


def test_float32_weights_that_are_not_half_numbers_stay_in_the_graph():
    model = optimize_graph(tiny_encoder(half_weight=False))
    weights, external = externalize_half_weights(model)
    assert external == [] and weights == b""
    assert all(t.data_location != TensorProto.EXTERNAL for t in model.graph.initializer)


def test_check_catches_a_fused_graph_that_computes_something_else():
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
