"""The token-embedding table shrink (py/iconseek/site/encoder_shrink.py) on small hand-built graphs."""

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

pytest.importorskip("onnxruntime")

from iconseek.site.encoder_shrink import (  # noqa: E402
    MIN_ROWS, STEP_OVER_STD, ShrinkError, coarsen_codes, float_reference, shrink_encoder, shrink_tables,
)

ROWS, DIM = MIN_ROWS + 100, 8
SPEC = {"output": "hidden", "input_dtype": "int64"}


def lookup_graph(table, scale=None, zero=None):
    """input_ids -> Gather(table) [-> DequantizeLinear] -> 'hidden'."""
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])
    out = helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "seq", table.shape[1]])
    inits = [numpy_helper.from_array(table, "table")]
    if scale is None:
        nodes = [helper.make_node("Gather", ["table", "input_ids"], ["hidden"])]
    else:
        inits += [numpy_helper.from_array(np.float32(scale), "scale"), numpy_helper.from_array(zero, "zero")]
        nodes = [helper.make_node("Gather", ["table", "input_ids"], ["codes"]),
                 helper.make_node("DequantizeLinear", ["codes", "scale", "zero"], ["hidden"])]
    graph = helper.make_graph(nodes, "lookup", [ids], [out], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8).SerializeToString()


def run(model_bytes, ids):
    import onnxruntime as ort

    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    return session.run(["hidden"], {"input_ids": np.asarray([ids], dtype=np.int64)})[0][0]


def test_float_table_becomes_uint8_codes_on_the_grid():
    rng = np.random.default_rng(0)
    table = rng.standard_normal((ROWS, DIM)).astype(np.float32)
    model, names = shrink_tables(lookup_graph(table))
    assert names == ["table"]
    stored = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    assert stored["table"].dtype == np.uint8
    assert [n.op_type for n in model.graph.node] == ["Gather", "DequantizeLinear"]
    step = float(stored["table__scale"])
    assert step == pytest.approx(max(STEP_OVER_STD * table.std(), (table.max() - table.min()) / 255), rel=1e-6)
    ids = [0, 5, ROWS - 1, 17]
    got = run(model.SerializeToString(), ids)
    assert np.abs(got - table[ids]).max() <= step / 2 + 1e-6


def test_int8_table_keeps_its_form_and_codes_land_on_multiples_of_k():
    rng = np.random.default_rng(1)
    codes = np.clip(np.round(rng.standard_normal((ROWS, DIM)) * 20 + 100), 0, 255).astype(np.uint8)
    original = lookup_graph(codes, scale=0.01, zero=np.uint8(100))
    model, names = shrink_tables(original)
    assert names == ["table"]
    assert [n.op_type for n in model.graph.node] == ["Gather", "DequantizeLinear"]
    new = numpy_helper.to_array(next(t for t in model.graph.initializer if t.name == "table"))
    k = round(STEP_OVER_STD * 20)  # sd of the codes is ~20 steps
    assert k >= 2
    assert set(np.unique((new.astype(int) - 100) % k)) == {0}
    assert np.abs(new.astype(int) - codes.astype(int)).max() <= k // 2 + 1
    ids = [3, 4, 4000]
    assert np.abs(run(model.SerializeToString(), ids) - run(original, ids)).max() <= 0.01 * (k / 2 + 1)


def test_coarsen_codes_stays_inside_the_dtype():
    codes = np.array([0, 1, 2, 253, 254, 255], dtype=np.uint8)
    out = coarsen_codes(codes, 100, 4)
    assert out.dtype == np.uint8 and out.min() >= 0 and out.max() <= 255
    assert set(((out.astype(int) - 100) % 4).tolist()) == {0}
    with pytest.raises(ShrinkError, match="grid factor"):
        coarsen_codes(codes, 100, 0)


def test_small_tables_are_left_alone():
    table = np.ones((100, DIM), dtype=np.float32)
    model, names = shrink_tables(lookup_graph(table))
    assert names == [] and [n.op_type for n in model.graph.node] == ["Gather"]


def test_bad_input_is_refused_clearly():
    with pytest.raises(ShrinkError, match="not an ONNX graph"):
        shrink_tables(b"this is not a graph")
    table = np.zeros((ROWS, DIM), dtype=np.float32)
    table[3, 2] = np.nan
    with pytest.raises(ShrinkError, match="NaN or infinite"):
        shrink_tables(lookup_graph(table))
    with pytest.raises(ShrinkError, match="grid step"):
        shrink_tables(lookup_graph(np.ones((ROWS, DIM), dtype=np.float32)), 0.0)


def test_check_ships_the_original_when_the_grid_is_too_coarse(capsys):
    rng = np.random.default_rng(2)
    table = rng.standard_normal((ROWS, DIM)).astype(np.float32)
    original = lookup_graph(table)
    ids = [[1, 2, 3], [40, 50], [ROWS - 1]]
    kept = shrink_encoder(original, ids, SPEC)
    assert kept.tables == ["table"] and kept.data != original and "cosine to the original" in kept.check
    coarse = shrink_encoder(original, ids, SPEC, label="toy.onnx", step_over_std=3.0)
    assert coarse.tables == [] and coarse.data == original
    assert "toy.onnx: coarser lookup-table grid rejected" in capsys.readouterr().out


def test_float_reference_is_the_unquantized_sibling(tmp_path):
    (tmp_path / "model_quantized.onnx").write_bytes(b"x")
    assert float_reference(tmp_path / "model_quantized.onnx") is None
    (tmp_path / "model.onnx").write_bytes(b"x")
    assert float_reference(tmp_path / "model_quantized.onnx") == tmp_path / "model.onnx"
    assert float_reference(tmp_path / "model.onnx") is None


def test_bundled_int8_encoder_is_shrunk_without_its_float32_reference():
    """A fresh checkout has no float32 export beside the bundled INT8 MiniLM: the
    build must still ship the shrunk table (the re-quantizing graph's looser check),
    and a grid far too coarse must still be refused on that path."""
    from pathlib import Path

    from iconseek.models.runtime import resolve_query_model_dir
    from iconseek.site.assemble import encoder_config
    from iconseek.site.encoder_shrink import shrink_encoder
    from iconseek.site.encoder_slim import fp16_weights
    from iconseek.site.stages.encoder import SLIM_CHECK_PHRASES, _token_ids

    models = Path(__file__).resolve().parents[2] / "models"
    graph, tokenizer, spec = encoder_config(resolve_query_model_dir(models))
    ids = _token_ids(tokenizer, spec.get("context_length"), SLIM_CHECK_PHRASES)
    slim = fp16_weights(graph.read_bytes())[0].SerializeToString()
    shipped = shrink_encoder(slim, ids, dict(spec), reference_path=None)
    assert shipped.tables and "no float32 reference" in shipped.check
    coarse = shrink_encoder(slim, ids, dict(spec), reference_path=None, step_over_std=3.0)
    assert not coarse.tables and coarse.data == slim
