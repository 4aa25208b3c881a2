"""Shared fixtures of the unit tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ENGINE_FIXTURE = Path(__file__).parents[1] / "fixtures" / "engine"
BENCH = Path(__file__).parents[2] / "bench"


@pytest.fixture(scope="session")
def docs():
    """The 102-icon engine fixture catalogue (tests/fixtures/engine)."""
    from iconseek.core.catalog_view import load_corpus

    return load_corpus(str(ENGINE_FIXTURE))


@pytest.fixture(scope="session")
def index(docs):
    """Its lexical index, built in memory."""
    from iconseek.core.lexical.indexer import build_index

    return build_index(docs)


@pytest.fixture(scope="session")
def bench_script():
    """``bench_script("compare_runs")`` imports bench/compare_runs.py (bench/ is scripts, not a package)."""
    import importlib.util

    def load(name: str):
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def tiny_float_graph(tmp_path: Path) -> Path:
    """A float32 'encoder': input_ids -> Gather(embedding) -> MatMul(W) -> mean over tokens."""
    np = pytest.importorskip("numpy", reason="build extra (numpy) not installed")
    pytest.importorskip("onnx", reason="build extra (onnx) not installed")
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(7)
    table = rng.normal(size=(50, 64)).astype(np.float32)
    weight = rng.normal(size=(64, 1024)).astype(np.float32)  # 65,536 values: converted
    bias = rng.normal(size=(1024,)).astype(np.float32)  # small: left as float32
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["tokens"]),
        helper.make_node("MatMul", ["tokens", "weight"], ["projected"]),
        helper.make_node("Add", ["projected", "bias"], ["biased"]),
        helper.make_node("ReduceMean", ["biased"], ["pooled"], axes=[1], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "tiny",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "n"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, [1, "n"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, 1024])],
        [numpy_helper.from_array(table, "table"), numpy_helper.from_array(weight, "weight"),
         numpy_helper.from_array(bias, "bias")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    path = tmp_path / "tiny.onnx"
    path.write_bytes(model.SerializeToString())
    return path
