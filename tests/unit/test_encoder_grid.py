"""The site build's 6-bit grid for the encoder's float MatMul weights (iconseek.site.encoder_grid),
the grid weights' side-file sections (encoder_preopt) and their reader (encoder_lowbit.from_wire)."""

from __future__ import annotations

from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="build extra (numpy) not installed")
onnx = pytest.importorskip("onnx", reason="build extra (onnx) not installed")
pytest.importorskip("onnxruntime", reason="build extra (onnxruntime) not installed")

from onnx import TensorProto, numpy_helper  # noqa: E402

from iconseek.site.encoder_grid import LAYER_MIN, check_grid, float_grid, grid_encoder  # noqa: E402
from iconseek.site.encoder_lowbit import GRID_FORMAT, LowBitError, expand, from_wire, wire_bytes  # noqa: E402
from iconseek.site.encoder_preopt import preoptimize, widen  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SPEC = {"inputs": ["input_ids", "attention_mask"], "output": "pooled", "pad_to": None}
IDS = [[1, 2, 3], [4, 5, 6, 7, 8], [9], [10, 11]]


def _initializers(model_bytes: bytes) -> dict:
    return {t.name: numpy_helper.to_array(t) for t in onnx.load_from_string(model_bytes).graph.initializer}


@pytest.mark.parametrize("half", [False, True])
def test_the_float_weight_ships_as_codes_and_is_rebuilt_exactly(tiny_float_graph, half):
    """float32 weight, or float16 behind a Cast (encoder_slim.py): on the grid, then out of the fused
    graph as its codes, and widened back to exactly the values the checked graph held."""
    from iconseek.site.encoder_slim import fp16_weights

    original = tiny_float_graph.read_bytes()
    if half:
        original = fp16_weights(original)[0].SerializeToString()
    result = grid_encoder(original, IDS, SPEC)
    assert [t.name for t in result.tensors] == ["weight"], result.check
    held = _initializers(result.data)["weight"]
    assert held.dtype == np.float32 and held.tobytes() == expand(result.tensors[0]).tobytes()
    assert not [n for n in onnx.load_from_string(result.data).graph.node if n.op_type == "Cast"]
    fused = preoptimize(result.data, IDS, SPEC, result.tensors)
    assert fused is not None and fused.grid == ["weight"]
    (entry,) = fused.external
    assert entry["format"] == GRID_FORMAT and entry["shape"] == [64, 1024] and entry["bits"] == 6
    assert fused.weights == wire_bytes(result.tensors[0]) and len(fused.weights) < 64 * 1024 * 1.1
    assert len(fused.graph) < 64 * 1024  # the values are only in the side file
    assert widen(fused.weights, fused.external)[entry["path"]] == held.tobytes()


def test_a_grid_too_coarse_for_the_weights_is_refused(tiny_float_graph, capsys):
    original = tiny_float_graph.read_bytes()
    result = grid_encoder(original, IDS, SPEC, label="tiny.onnx", bits=2)
    assert result.data == original and result.tensors == []
    assert "tiny.onnx: 2-bit grid for the float MatMul weights rejected" in capsys.readouterr().out


def test_check_with_a_reference_compares_against_it(tiny_float_graph):
    original = tiny_float_graph.read_bytes()
    gridded, tensors = float_grid(original)
    passed, text = check_grid(original, gridded, tensors, IDS, SPEC, reference=original)
    assert passed and "cosine to the float32 reference" in text
    coarse, coarse_tensors = float_grid(original, bits=2)
    assert not check_grid(original, coarse, coarse_tensors, IDS, SPEC, reference=original)[0]


def test_from_wire_reads_back_what_wire_bytes_wrote_and_names_a_bad_tensor(tiny_float_graph):
    _, (tensor,) = float_grid(tiny_float_graph.read_bytes())
    data = wire_bytes(tensor)
    back = from_wire(data, "w", [64, 1024], 6)
    assert expand(back).tobytes() == expand(tensor).tobytes()
    with pytest.raises(LowBitError, match="encoder weights: w holds 71679 bytes, but a \\[64, 1024\\] grid"):
        from_wire(data[:-1], "w", [64, 1024], 6)
    with pytest.raises(LowBitError, match="encoder weights: w has shape \\[64\\]"):
        from_wire(data, "w", [64], 6)
    with pytest.raises(LowBitError, match="encoder weights: w has codes above 15"):
        from_wire(data, "w", [64, 1024], 4)  # 6-bit codes read as 4-bit ones


def test_bundled_minilm_ffn_weights_go_on_the_grid_without_the_reference():
    """The shipped MiniLM: its three float FFN weights pass the no-reference check (fresh checkouts,
    CI), its int8 weights stay byte for byte, and the graph is the same with the reference."""
    from iconseek.site.assemble import SLIM_CHECK_PHRASES, encoder_config
    from iconseek.site.encoder_shrink import float_reference, shrink_tables
    from iconseek.site.encoder_slim import fp16_weights
    from iconseek.site.stages.encoder import _token_ids

    graph, tokenizer_path, spec = encoder_config(REPO / "models" / "minilm-l6-int8")
    ids = _token_ids(tokenizer_path, None, SLIM_CHECK_PHRASES)
    shrunk = shrink_tables(fp16_weights(graph.read_bytes())[0].SerializeToString())[0].SerializeToString()
    result = grid_encoder(shrunk, ids, spec, reference_path=None)
    assert len(result.tensors) == 3, result.check
    assert "no float32 reference" in result.check
    layers = float(result.check.split("min cosine ")[1].split(" ")[0])
    assert layers >= LAYER_MIN
    before, after = _initializers(shrunk), _initializers(result.data)
    for name, values in before.items():
        if values.dtype in (np.int8, np.uint8):
            assert after[name].tobytes() == values.tobytes(), name
    for tensor in result.tensors:
        assert tensor.codes.shape == (1536, 384) and int(tensor.codes.max()) < 64
        assert after[tensor.name].tobytes() == expand(tensor).tobytes()
    reference = float_reference(graph)
    if reference is not None:  # gitignored: only where `iconseek export` wrote it
        with_reference = grid_encoder(shrunk, ids, spec, reference_path=reference)
        assert with_reference.data == result.data, with_reference.check
    assert all(t.data_type != TensorProto.FLOAT16 for t in onnx.load_from_string(result.data).graph.initializer)
