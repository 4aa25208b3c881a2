"""The one text encoder on the bundled MiniLM (BERT family, pooled ``sentence_embedding``):
the brought-model loader decides the same feed as the bundled model's, and its vectors
agree with a bare onnxruntime run of the graph fed straight from the tokenizer."""

from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.integration

MINILM = Path(__file__).resolve().parents[2] / "models" / "minilm-l6-int8"
QUERIES = ["throw it away", "arrow pointing left", "a", "CAFÉ ☕ menu", "word " * 300]


def _bare_onnxruntime(texts):
    """Reference: the graph run by hand, one text at a time, no iconseek encoder code."""
    import onnxruntime as ort

    from iconseek.core.tokenizers import load_tokenizer

    tokenizer = load_tokenizer(str(MINILM / "tokenizer.json"), padding=False)
    session = ort.InferenceSession(str(MINILM / "onnx" / "model_quantized.onnx"), providers=["CPUExecutionProvider"])
    rows = []
    for text in texts:
        ids = np.asarray([tokenizer.encode(text).ids], dtype=np.int64)
        (vec,) = session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        rows.append(vec[0] / np.linalg.norm(vec[0]))
    return np.stack(rows)


def test_byo_loader_matches_the_runtime_encoder_on_minilm():
    from iconseek.byo.encoder import load_text_encoder
    from iconseek.models.runtime import open_text_encoder

    byo = load_text_encoder(MINILM)
    assert (byo.family, byo.tokenizer_kind, byo.output_name, byo.pooling, byo.pad_to, byo.dim) == (
        "bert", "wordpiece", "sentence_embedding", "none", None, 384)
    assert byo.context_length == 128  # tokenizer truncation, tighter than 512 positions
    bundled = open_text_encoder(MINILM)
    assert bundled.manifest() == byo.manifest()  # the encoder.json a brought model would get
    # One text per run: INT8 graphs quantise activations per batch, so batch-mates move vectors.
    reference = _bare_onnxruntime(QUERIES)
    cos = np.sum(byo.encode(QUERIES, batch_size=1) * reference, axis=1)
    assert cos.min() >= 0.99999, cos
    single = np.stack([bundled.encode_query(q) for q in QUERIES])
    assert np.sum(single * reference, axis=1).min() >= 0.99999
