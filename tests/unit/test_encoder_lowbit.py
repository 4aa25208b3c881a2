"""MatMul weights on few-bit grids (py/iconseek/site/encoder_lowbit.py) on small hand-built graphs."""

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

pytest.importorskip("onnxruntime")

from iconseek.site.encoder_lowbit import (  # noqa: E402
    MIN_ELEMENTS, LowBitError, LowBitTensor, expand, quantize_blocks, to_grid, wire_bytes,
)

K, N = 256, 256  # 65,536 weights: just big enough to be touched
assert K * N >= MIN_ELEMENTS


def weights(seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((K, N)) * rng.uniform(0.02, 0.2, size=(1, N))).astype(np.float32)


def float_graph(w, fp16=False):
    """x -> MatMul(x, W) -> y; W float32, or float16 behind a Cast (as encoder_slim stores it)."""
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["rows", K])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["rows", N])
    if fp16:
        inits = [numpy_helper.from_array(w.astype(np.float16), "W__fp16")]
        nodes = [helper.make_node("Cast", ["W__fp16"], ["W"], to=TensorProto.FLOAT),
                 helper.make_node("MatMul", ["x", "W"], ["y"])]
    else:
        inits, nodes = [numpy_helper.from_array(w, "W")], [helper.make_node("MatMul", ["x", "W"], ["y"])]
    return helper.make_model(helper.make_graph(nodes, "f", [x], [y], inits),
                             opset_imports=[helper.make_opsetid("", 17)], ir_version=8).SerializeToString()


def dynamic_graph(w):
    """The form onnxruntime's dynamic quantization writes: per-column int8 weight, activations quantized per call."""
    scale = np.abs(w).max(axis=0) / 127.0
    codes = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["rows", K])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["rows", N])
    inits = [numpy_helper.from_array(codes, "W_quantized"), numpy_helper.from_array(scale.astype(np.float32), "W_scale"),
             numpy_helper.from_array(np.zeros(N, np.int8), "W_zero_point")]
    nodes = [helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
             helper.make_node("MatMulInteger", ["xq", "W_quantized", "xz", "W_zero_point"], ["acc"]),
             helper.make_node("Cast", ["acc"], ["accf"], to=TensorProto.FLOAT),
             helper.make_node("Mul", ["xs", "W_scale"], ["scales"]),
             helper.make_node("Mul", ["accf", "scales"], ["y"])]
    return helper.make_model(helper.make_graph(nodes, "d", [x], [y], inits),
                             opset_imports=[helper.make_opsetid("", 17)], ir_version=8).SerializeToString()


def run(model_bytes, x):
    import onnxruntime as ort

    return ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"]).run(["y"], {"x": x})[0]


def cosine(a, b):
    return float((a * b).sum() / np.linalg.norm(a) / np.linalg.norm(b))


@pytest.mark.parametrize("bits, top", [(4, 15), (6, 3), (8, 15)])
def test_blocks_rebuild_the_weight_within_their_bits(bits, top):
    w = weights()
    codes, mult, scale = quantize_blocks(w, 32, bits, top)
    assert codes.shape == (K, N) and mult.shape == (K // 32, N) and scale.shape == (N,)
    assert codes.max() < 2 ** bits and 1 <= mult.min() and mult.max() <= top
    rebuilt = expand(LowBitTensor("W", "float32", codes, mult, scale, bits))
    error = np.linalg.norm(rebuilt - w) / np.linalg.norm(w)
    assert error < {4: 0.12, 6: 0.04, 8: 0.006}[bits]


def test_int8_steps_stay_inside_int8():
    codes, mult, scale = quantize_blocks(weights(1), 32, 4, 127 // 8)
    values = expand(LowBitTensor("W", "int8", codes, mult, scale, 4)).astype(np.int16)
    assert values.min() >= -120 and values.max() <= 105


def test_bad_weights_are_refused():
    with pytest.raises(LowBitError, match="2-D"):
        quantize_blocks(np.zeros(8))
    with pytest.raises(LowBitError, match="NaN"):
        quantize_blocks(np.full((4, 4), np.nan))
    with pytest.raises(LowBitError, match="bits"):
        quantize_blocks(weights(), bits=9)
    with pytest.raises(LowBitError, match="not an ONNX graph"):
        to_grid(b"not a graph")


@pytest.mark.parametrize("fp16", [False, True])
def test_float_matmul_keeps_its_node_and_reads_the_rebuilt_weight(fp16):
    w = weights(2)
    model, tensors = to_grid(float_graph(w, fp16), float_bits=6)
    assert [n.op_type for n in model.graph.node] == ["MatMul"] and [t.name for t in tensors] == ["W"]
    stored = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    assert list(stored) == ["W"] and stored["W"].dtype == np.float32
    assert np.array_equal(stored["W"], expand(tensors[0]))
    x = np.random.default_rng(3).standard_normal((4, K)).astype(np.float32)
    assert cosine(run(model.SerializeToString(), x), x @ w) > 0.999
    assert len(wire_bytes(tensors[0])) == K * N + (K // 32) * N + 4 * N


def test_dynamic_matmul_keeps_its_kernels_with_new_scale_and_zero_point():
    w = weights(4)
    original = dynamic_graph(w)
    model, tensors = to_grid(original, bits=6)
    assert [n.op_type for n in model.graph.node] == [n.op_type for n in onnx.load_from_string(original).graph.node]
    stored = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    assert stored["W_quantized"].dtype == np.int8 and np.array_equal(stored["W_quantized"], expand(tensors[0]))
    assert "W_scale" not in stored and not stored["W_quantized__lowbit_zero_point"].any()
    x = np.random.default_rng(5).standard_normal((4, K)).astype(np.float32)
    assert cosine(run(model.SerializeToString(), x), x @ w) > 0.995


def test_reference_weights_are_used_only_when_they_match(tmp_path):
    w = weights(6)
    reference = tmp_path / "model.onnx"  # the float export names the weight without "_quantized"
    ref_model = onnx.load_from_string(float_graph(w))
    onnx.save(ref_model, reference)
    from_reference = to_grid(dynamic_graph(w), reference, bits=6)[1][0]
    from_codes = to_grid(dynamic_graph(w), None, bits=6)[1][0]
    assert np.array_equal(from_reference.codes, quantize_blocks(w, 32, 6, 3)[0])
    assert not np.array_equal(from_reference.codes, from_codes.codes)
    ref_model.graph.initializer[0].CopyFrom(numpy_helper.from_array(weights(7), "W"))  # another model's weights
    onnx.save(ref_model, reference)
    assert np.array_equal(to_grid(dynamic_graph(w), reference, bits=6)[1][0].codes, from_codes.codes)
