"""iconseek itself: each arm alone and the fused engine, with INT8 or fp32 encoder.

The query path is the real one: :class:`iconseek.core.engine.Engine` with the
lexical arm and semantic arms whose scorer runs the ONNX text encoder
(``iconseek.models.runtime``) and a cosine top-n over ``out/vectors/<arm>.f16``.
The only difference from ``runtime.build_scorers`` is that the scorers here do
not memoise query vectors across queries (that cache would make timings depend
on query order); within one search both semantic arms share one encoding, as
they do in the browser.

For tuning, :meth:`IconseekSuite.arm_lists` records every arm's list per query
once; re-fusing those lists with other weights goes through
``Engine.search(precomputed=...)`` so the fusion and exact-name tier code is
the engine's own.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from iconseek import defaults
from iconseek.bench.dataset import DevQuery
from iconseek.bench.runners.base import Ranked, RunResult, timed_run
from iconseek.core.engine import Engine, SemanticArm
from iconseek.core.lexical.arm import LexicalArm
from iconseek.core.lexical.bm25 import BM25Params
from iconseek.core.lexical.indexer import build_index

ENCODER_FILES = {"int8": "onnx/model_quantized.onnx", "fp32": "onnx/model.onnx"}
DEPTH = 100


class _LastQueryEncoder:
    """Encodes a query once per search even though two arms ask for it."""

    def __init__(self, encoder) -> None:
        self.encoder = encoder
        self._last: tuple[str, object] | None = None

    def __call__(self, text: str):
        if self._last is None or self._last[0] != text:
            self._last = (text, self.encoder.encode_query(text))
        return self._last[1]

    def forget(self) -> None:
        self._last = None


@dataclass
class EngineConfig:
    """One iconseek system: which arms, how fused, with which weights."""

    name: str
    arms: tuple[str, ...]
    fusion: str = "dbsf"
    weights: dict[str, float] = field(default_factory=dict)
    encoder: str = "int8"
    label: str = ""


class IconseekSuite:
    """Loads the catalogue, lexical index, encoders and vectors once for all iconseek systems."""

    def __init__(self, docs, model_dir: Path, vectors_dir: Path, bm25: BM25Params | None = None) -> None:
        self.docs = list(docs)
        self.model_dir = Path(model_dir)
        self.vectors_dir = Path(vectors_dir)
        self.index = build_index(self.docs, bm25)
        self._encoders: dict[str, _LastQueryEncoder] = {}
        self._vectors: dict[str, object] = {}

    def set_bm25(self, params: BM25Params) -> None:
        self.index = build_index(self.docs, params)

    def available_semantic_arms(self) -> list[str]:
        return [a for a in defaults.SEMANTIC_ARMS if (self.vectors_dir / f"{a}.f16").is_file()]

    def _encoder(self, kind: str) -> _LastQueryEncoder:
        if kind not in self._encoders:
            from iconseek.models.runtime import open_text_encoder

            self._encoders[kind] = _LastQueryEncoder(open_text_encoder(self.model_dir, onnx_file=ENCODER_FILES[kind], threads=1))
        return self._encoders[kind]

    def _vector_index(self, arm: str):
        if arm not in self._vectors:
            from iconseek.models.runtime import VectorIndex

            # Checked against the catalogue's ids: a stale file raises ModelFileError naming it.
            self._vectors[arm] = VectorIndex(self.vectors_dir, arm, ids=[d.id for d in self.docs])
        return self._vectors[arm]

    def engine(self, config: EngineConfig) -> Engine:
        arms: dict[str, object] = {}
        for arm in config.arms:
            if arm == defaults.LEXICAL_ARM:
                arms[arm] = LexicalArm(self.index)
            else:
                encode = self._encoder(config.encoder)
                vectors = self._vector_index(arm)
                arms[arm] = SemanticArm(lambda text, n, e=encode, v=vectors: v.top(e(text), n))
        weights = {a: w for a, w in config.weights.items() if a in arms}
        engine = Engine(self.docs, arms, fusion=config.fusion, weights=weights, depth=DEPTH)
        if any(arm != defaults.LEXICAL_ARM for arm in arms):
            from iconseek.engine_factory import encoder_word_check

            # the meaning text keeps English words, as iconseek search does (the same test)
            engine.is_word = encoder_word_check(str(self.model_dir), str(self.vectors_dir))
        return engine

    def run(self, config: EngineConfig, queries: Sequence[DevQuery], k: int) -> RunResult:
        engine = self.engine(config)
        encoders = list(self._encoders.values())

        def search(text: str, n: int) -> Ranked:
            for enc in encoders:
                enc.forget()
            return [(h.id, h.score) for h in engine.search(text, k=n)]

        notes = {"label": config.label or config.name, "arms": list(config.arms), "fusion": config.fusion,
                 "weights": dict(config.weights), "encoder": config.encoder, "runtime": "python/onnxruntime"}
        return timed_run(config.name, search, queries, k, notes)

    def arm_lists(self, arms: Sequence[str], queries: Sequence[DevQuery], encoder: str = "int8") -> dict[str, dict]:
        """{query id: {arm: [(doc index, score)]}} — each arm's own list, for re-fusion."""
        engine = self.engine(EngineConfig("lists", tuple(arms), encoder=encoder))
        out = {}
        for q in queries:
            for enc in self._encoders.values():
                enc.forget()
            out[q.id] = engine.arm_lists(q.text)
        return out

    def refuse(self, lists: Mapping[str, dict], queries: Sequence[DevQuery], arms: Sequence[str],
               fusion: str, weights: Mapping[str, float], k: int) -> dict[str, list[str]]:
        """Ranked ids from precomputed arm lists, through the engine's own fusion and tiers."""
        engine = Engine(self.docs, {a: (LexicalArm(self.index) if a == defaults.LEXICAL_ARM else SemanticArm(None)) for a in arms},
                        fusion=fusion, weights={a: w for a, w in weights.items() if a in arms}, depth=DEPTH)
        return {q.id: [h.id for h in engine.search(q.text, k=k, precomputed={a: lists[q.id][a] for a in arms})]
                for q in queries}


def time_encoder(suite: IconseekSuite, kind: str, texts: Sequence[str]) -> list[float]:
    """Milliseconds to encode each text alone (one thread), for the latency table."""
    enc = suite._encoder(kind)
    out = []
    for t in texts:
        enc.forget()
        start = time.perf_counter()
        enc(t)
        out.append((time.perf_counter() - start) * 1000.0)
    return out
