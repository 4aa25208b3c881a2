"""Parity and latency measurements for the exported text tower.

Shared by ``bench/bench_models.py`` and the tests so the figures in the model
card and the thresholds in CI come from one implementation.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Callable, Sequence

DEFAULT_QUERIES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "models" / "icon_queries.txt"


def load_queries(path: str | Path = DEFAULT_QUERIES) -> list[str]:
    """Non-empty, non-comment lines of a query list."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def hf_token_ids(model_dir: str | Path) -> Callable[[str], list[int]]:
    """Reference tokenizer (HF ``tokenizers``) for parity checks against our own."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    return lambda text: tok.encode(text).ids


def onnx_session(onnx_path: str | Path, threads: int = 1):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])


def encode_one_by_one(session, token_ids: Callable[[str], list[int]], texts: Sequence[str]):
    """Encode each text alone (no padding) exactly as a browser query is encoded."""
    import numpy as np

    rows = []
    for text in texts:
        ids = np.asarray([token_ids(text)], dtype=np.int64)
        (vec,) = session.run(["sentence_embedding"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        rows.append(vec[0])
    return np.stack(rows)


def sentence_transformers_reference(texts: Sequence[str]):
    """all-MiniLM-L6-v2 through sentence-transformers (the ground truth), normalised."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    from iconseek.models.text_export import source_model_dir

    model = SentenceTransformer(str(source_model_dir()), device="cpu")
    return model.encode(list(texts), batch_size=64, normalize_embeddings=True, convert_to_numpy=True)


def cosine_rows(a, b):
    """Row-wise cosine of two [N, D] arrays."""
    import numpy as np

    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def median_latency_ms(session, token_ids: Callable[[str], list[int]], texts: Sequence[str], repeats: int = 1,
                      clock: Callable[[], float] = time.perf_counter) -> float:
    """Median time of tokenise + run for one query (after one warm-up).

    ``clock=time.process_time`` measures this process's CPU time instead of wall
    time: on a shared machine under load the wall figure mostly measures waiting.
    """
    encode_one_by_one(session, token_ids, texts[:1])
    samples = []
    for _ in range(repeats):
        for text in texts:
            start = clock()
            encode_one_by_one(session, token_ids, [text])
            samples.append((clock() - start) * 1000.0)
    return statistics.median(samples)
