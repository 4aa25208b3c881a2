"""Query-time semantic arms for CPython: ONNX text encoder + cosine top-n.

The browser does the same with ORT-web and the same files, so this module is
deliberately thin: tokenise with iconseek's own stdlib tokenizer (identical ids
to the browser's), run the query tower's ``onnx/model_quantized.onnx`` on one
thread (``models/minilm-l6-query-int8`` when present — the query side fine-tuned
into the frozen icon space, models/query_tuning.py — else the frozen
``models/minilm-l6-int8``), and score against ``out/vectors/<arm>.f16``.

Every unusable file (missing, truncated, not ONNX, wrong output) raises
:class:`~iconseek.models.errors.ModelFileError` naming the file.

Needs numpy + onnxruntime (``build`` extra); no torch.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from .. import defaults
from ..hashing import file_sha256
from .errors import ModelFileError
from .vectors import read_arm_vectors, top_n

if TYPE_CHECKING:
    from ..byo.encoder import TextEncoder

INT8_FILE = "onnx/model_quantized.onnx"
FP32_FILE = "onnx/model.onnx"
TEXT_OUTPUT = "sentence_embedding"
IMAGE_OUTPUT = "embeddings"

Scorer = Callable[[str, int], "list[tuple[int, float]]"]


def load_session(path: str | Path, output_name: str, threads: int = 1):
    """An onnxruntime session for ``path`` that is known to produce ``output_name``."""
    from ..byo.encoder import open_session

    session = open_session(path, threads)
    outputs = [o.name for o in session.get_outputs()]
    if output_name not in outputs:
        raise ModelFileError(path, f"has no output {output_name!r} (outputs: {outputs})")
    return session


def resolve_text_model_dir(model_dir: str | Path) -> Path:
    """Accept either the text model's own folder or the ``models/`` root above it."""
    model_dir = Path(model_dir)
    if (model_dir / "tokenizer.json").is_file() or (model_dir / INT8_FILE).is_file():
        return model_dir
    return model_dir / defaults.TEXT_MODEL_DIRNAME


def resolve_query_model_dir(model_dir: str | Path) -> Path:
    """The model that encodes *queries*: a model folder given directly, or under a
    ``models/`` root the fine-tuned query tower when it is there, else the text tower.

    Icon vectors always come from the frozen text tower (``iconseek embed``); the
    query tower was trained to land in that same space.
    """
    model_dir = Path(model_dir)
    if (model_dir / "tokenizer.json").is_file() or (model_dir / INT8_FILE).is_file():
        return model_dir
    query = model_dir / defaults.QUERY_MODEL_DIRNAME
    if (query / INT8_FILE).is_file() and (query / "tokenizer.json").is_file():
        return query
    return model_dir / defaults.TEXT_MODEL_DIRNAME


def open_text_encoder(model_dir: str | Path, onnx_file: str = INT8_FILE, threads: int = 1) -> "TextEncoder":
    """The bundled MiniLM (or the query tower) as the one :class:`~iconseek.byo.encoder.TextEncoder`.

    Text -> unit 384-d vectors; the same class runs brought models, so the rules
    in docs/BYO_MODEL.md (BERT family: a query unpadded, batches padded to their
    longest text, ``sentence_embedding`` already pooled) apply to both. The
    tokenizer and graph are checked first, so the error names the file at fault.
    """
    from ..byo.encoder import TextEncoder, open_session, stdlib_tokenizer
    from ..byo.layout import read_layout

    model_dir = resolve_text_model_dir(model_dir)
    tokenizer_path = model_dir / "tokenizer.json"
    if not tokenizer_path.is_file():
        raise ModelFileError(tokenizer_path, "tokenizer file missing")
    session = open_session(model_dir / onnx_file, threads)
    layout = read_layout(model_dir, onnx_file)
    return TextEncoder(layout, session, stdlib_tokenizer(layout))


class OnnxImageEncoder:
    """Rasters (uint8, 0 = ink, 255 = paper) -> unit vectors with the icon tower."""

    def __init__(self, model_dir: str | Path, threads: int = 1) -> None:
        # Accept the tower's own folder or the models/ root above it.
        model_dir = Path(model_dir)
        if not (model_dir / "model.onnx").exists() and model_dir.name != defaults.IMAGE_MODEL_DIRNAME:
            model_dir = model_dir / defaults.IMAGE_MODEL_DIRNAME
        self.onnx_path = model_dir / "model.onnx"
        self.session = load_session(self.onnx_path, IMAGE_OUTPUT, threads)

    @property
    def model_sha256(self) -> str:
        return file_sha256(self.onnx_path)

    def encode(self, rasters, batch_size: int = 256):
        import numpy as np

        from ..byo.pooling import l2_normalise

        rasters = np.asarray(rasters)
        if rasters.ndim != 3:
            raise ValueError(f"rasters must be [N, S, S], got shape {rasters.shape}")
        out = []
        for start in range(0, len(rasters), batch_size):
            pixels = rasters[start : start + batch_size, None, :, :].astype(np.float32) / 255.0
            (vecs,) = self.session.run([IMAGE_OUTPUT], {"pixels": pixels})
            out.append(vecs)
        dim = self.session.get_outputs()[0].shape[-1]
        return l2_normalise(np.concatenate(out) if out else np.zeros((0, dim), np.float32))


class VectorIndex:
    """Icon vectors of one arm ([D, N] as stored) with exact cosine top-n."""

    def __init__(self, vectors_dir: str | Path, arm: str, verify: bool = True, ids: Sequence[str] | None = None) -> None:
        import numpy as np

        self.arm = arm
        self.matrix, self.meta = read_arm_vectors(vectors_dir, arm, verify=verify, ids=ids)
        # Sidecar `missing_indices` (docs/CONTRACTS.md): rows with no vector are never returned.
        self.missing = np.asarray(sorted(set(int(i) for i in self.meta.get("missing_indices") or ())), dtype=np.int64)

    @property
    def count(self) -> int:
        return self.matrix.shape[1]

    def top(self, query_vector, n: int) -> list[tuple[int, float]]:
        import numpy as np

        return top_n(np.asarray(query_vector, dtype=np.float32) @ self.matrix, n, excluded=self.missing)


def make_scorer(encoder: "TextEncoder", index: VectorIndex) -> Scorer:
    """``scorer(query, n) -> [(doc index, cosine)]`` as the engine expects."""
    cache: dict[str, object] = {}

    def scorer(query: str, n: int) -> list[tuple[int, float]]:
        vec = cache.get(query)
        if vec is None:
            vec = encoder.encode_query(query)
            if len(cache) > 256:
                cache.clear()
            cache[query] = vec
        return index.top(vec, n)

    return scorer


def available_semantic_arms(model_dir: str | Path, vectors_dir: str | Path) -> list[str]:
    """Arms whose text model and vector files are present (cheap existence check)."""
    text_dir = resolve_text_model_dir(model_dir)
    if not (text_dir / INT8_FILE).is_file() or not (text_dir / "tokenizer.json").is_file():
        return []
    vdir = Path(vectors_dir)
    return [a for a in defaults.SEMANTIC_ARMS if (vdir / f"{a}.f16").is_file() and (vdir / f"{a}.json").is_file()]


def semantic_arms(catalog_dir, model_dir, vectors_dir, arms: Sequence[str] = defaults.SEMANTIC_ARMS, docs=None) -> dict[str, Scorer]:
    """``{arm: scorer}`` for ``arms``; one shared text encoder. Checks that the vectors
    have one row per catalogue document (and the same ids, when the sidecar has them)."""
    if docs is None:
        from .captions import read_corpus

        ids = [r["_id"] for r in read_corpus(catalog_dir)]
    else:
        ids = [d.id for d in docs]
    encoder = open_text_encoder(resolve_query_model_dir(model_dir))
    return {arm: make_scorer(encoder, VectorIndex(vectors_dir, arm, ids=ids)) for arm in arms}


def build_scorers(arms, docs, model_dir=None, vectors_dir=None) -> dict[str, Scorer]:
    """Adapter for ``iconseek.engine_factory.semantic_scorers``."""
    return semantic_arms(None, model_dir or defaults.MODELS_DIR, vectors_dir or defaults.VECTORS_DIR, arms=list(arms),
                         docs=docs)
