"""Query-time runtime: the committed INT8 text encoder and clear errors for bad files."""

import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime", reason="onnxruntime (build extra) not installed")

from iconseek.models.errors import ModelFileError  # noqa: E402
from iconseek.models.runtime import OnnxImageEncoder, open_text_encoder, available_semantic_arms, load_session  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TEXT_MODEL = ROOT / "models" / "minilm-l6-int8"


@pytest.fixture(scope="module")
def encoder():
    return open_text_encoder(ROOT / "models")  # accepts the models/ root too


def test_query_vectors_are_unit_384d_and_deterministic(encoder):
    a = encoder.encode_query("arrow left")
    b = encoder.encode_query("arrow left")
    assert a.shape == (384,) and a.dtype == np.float32
    assert np.linalg.norm(a) == pytest.approx(1.0, abs=1e-5)
    assert np.array_equal(a, b)


def test_meaning_is_closer_than_unrelated(encoder):
    trash, garbage, rocket = encoder.encode(["trash can", "garbage bin", "rocket"], batch_size=1)
    assert trash @ garbage > trash @ rocket + 0.2


def test_batched_fp32_padding_does_not_change_vectors():
    fp32 = TEXT_MODEL / "onnx" / "model.onnx"
    if not fp32.is_file():
        pytest.skip("fp32 text graph not generated (run `iconseek export`); it is not committed")
    enc = open_text_encoder(TEXT_MODEL, onnx_file="onnx/model.onnx")
    texts = ["home", "arrow pointing to the left side", "x"]
    batched = enc.encode(texts, batch_size=3)
    single = enc.encode(texts, batch_size=1)
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_corrupt_model_file_error_names_the_file(tmp_path):
    model_dir = tmp_path / "minilm"
    (model_dir / "onnx").mkdir(parents=True)
    shutil.copyfile(TEXT_MODEL / "tokenizer.json", model_dir / "tokenizer.json")
    bad = model_dir / "onnx" / "model_quantized.onnx"
    bad.write_bytes(b"\x08\x07this is not a protobuf model" * 10)
    with pytest.raises(ModelFileError) as err:
        open_text_encoder(model_dir)
    assert str(bad) in str(err.value) and "not a loadable ONNX model" in str(err.value)


def test_truncated_model_file_error_names_the_file(tmp_path):
    truncated = tmp_path / "model.onnx"
    truncated.write_bytes((TEXT_MODEL / "onnx" / "model_quantized.onnx").read_bytes()[:100_000])
    with pytest.raises(ModelFileError, match=str(truncated)):
        load_session(truncated, "sentence_embedding")


def test_missing_files_error_names_them(tmp_path):
    with pytest.raises(ModelFileError, match="tokenizer.json.*missing"):
        open_text_encoder(tmp_path)
    with pytest.raises(ModelFileError, match=r"model\.onnx.*missing"):
        OnnxImageEncoder(tmp_path)


def test_model_without_expected_output_is_rejected(tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["pixels"], ["other"])],
        "g",
        [helper.make_tensor_value_info("pixels", TensorProto.FLOAT, [1, 1, 4, 4])],
        [helper.make_tensor_value_info("other", TensorProto.FLOAT, [1, 1, 4, 4])],
    )
    path = tmp_path / "model.onnx"
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # readable by every onnxruntime we support
    onnx.save(model, str(path))
    with pytest.raises(ModelFileError, match="no output 'embeddings'"):
        OnnxImageEncoder(tmp_path)


def test_available_semantic_arms_needs_model_and_vectors(tmp_path):
    assert available_semantic_arms(ROOT / "models", tmp_path) == []
    (tmp_path / "t2t.f16").write_bytes(b"")
    (tmp_path / "t2t.json").write_text("{}")
    assert available_semantic_arms(ROOT / "models", tmp_path) == ["t2t"]
    assert available_semantic_arms(tmp_path, tmp_path) == []


def test_bundled_model_folder_describes_itself_like_a_brought_model(tmp_path):
    """models/minilm-l6-int8 has no encoder.json (exported before it was written): one is
    synthesised by the same rules; a folder that has the file is read as written."""
    import json

    from iconseek.byo.bundle import encoder_description, write_encoder_manifest
    from iconseek.byo.errors import CorruptModelError

    spec = encoder_description(TEXT_MODEL, "onnx/model_quantized.onnx")
    assert (spec["model_file"], spec["family"], spec["output_name"], spec["pooling"], spec["dim"]) == (
        "onnx/model_quantized.onnx", "bert", "sentence_embedding", "none", 384)
    assert spec["input_names"] == ["input_ids", "attention_mask"] and spec["pad_to"] is None
    write_encoder_manifest(open_text_encoder(TEXT_MODEL), tmp_path)
    assert json.loads((tmp_path / "encoder.json").read_text()) == spec
    assert encoder_description(tmp_path) == spec
    (tmp_path / "encoder.json").write_text("{not json")
    with pytest.raises(CorruptModelError, match="encoder.json.*invalid JSON"):
        encoder_description(tmp_path)
