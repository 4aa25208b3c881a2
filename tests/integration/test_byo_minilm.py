"""The BYO loader on the bundled MiniLM (BERT family, pooled ``sentence_embedding``)
agrees with iconseek.models.runtime's dedicated encoder: two independent paths, one answer."""

from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.integration

MINILM = Path(__file__).resolve().parents[2] / "models" / "minilm-l6-int8"
QUERIES = ["throw it away", "arrow pointing left", "a", "CAFÉ ☕ menu", "word " * 300]


def test_byo_loader_matches_the_runtime_encoder_on_minilm():
    from iconseek.byo.encoder import load_text_encoder
    from iconseek.models.runtime import OnnxTextEncoder

    byo = load_text_encoder(MINILM)
    assert (byo.family, byo.tokenizer_kind, byo.output_name, byo.pooling, byo.pad_to, byo.dim) == (
        "bert", "wordpiece", "sentence_embedding", "none", None, 384)
    assert byo.context_length == 128  # tokenizer truncation, tighter than 512 positions
    cos = np.sum(byo.encode(QUERIES) * OnnxTextEncoder(MINILM).encode(QUERIES), axis=1)
    assert cos.min() >= 0.99999, cos
