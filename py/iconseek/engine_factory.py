"""Assemble an :class:`~iconseek.core.engine.Engine` for the CLI and evaluation.

The core engine knows nothing about files or models; this module decides which
arms exist for a catalogue: always the lexical arm ("bm25"); semantic arms
("t2t" text→text, "t2i" text→image) when the models and icon vectors exist.
"""

from __future__ import annotations

import os

from . import defaults
from .core.catalog_view import CORPUS_FILE, load_corpus
from .core.engine import Engine, SemanticArm
from .core.lexical.arm import LexicalArm
from .core.lexical.indexer import build_index
from .core.lexical.storage import load_index

LEXICAL_ARM = defaults.LEXICAL_ARM
SEMANTIC_ARMS = defaults.SEMANTIC_ARMS
KNOWN_ARMS = (LEXICAL_ARM,) + SEMANTIC_ARMS
DEFAULT_CATALOG = defaults.CATALOG_DIR
INDEX_FILE = "lexical-index.json"


class CatalogMissing(FileNotFoundError):
    """The catalogue directory has no corpus.jsonl; the message says how to build one."""


def require_catalog(catalog_dir: str) -> None:
    if not os.path.isfile(os.path.join(catalog_dir, CORPUS_FILE)):
        raise CatalogMissing(
            f"no catalogue at {catalog_dir!r} (expected {os.path.join(catalog_dir, CORPUS_FILE)}). "
            f"Build it with:  iconseek catalog build --out {catalog_dir}"
        )


def load_lexical_index(catalog_dir: str, docs):
    """Use ``catalog_dir/lexical-index.json`` when present and current, else build in memory."""
    path = os.path.join(catalog_dir, INDEX_FILE)
    if os.path.isfile(path):
        index = load_index(path)
        if index.ids == [d.id for d in docs]:
            return index
    return build_index(docs)


def semantic_scorers(arms, docs, model_dir: str | None, vectors_dir: str | None) -> dict:
    """Scorers for the requested semantic arms: ``{arm: scorer}``.

    EXTENSION POINT: semantic arms come from ``iconseek.models.runtime.build_scorers``
    (ONNX text encoder + ``out/vectors/<arm>.f16``), which must return
    ``scorer(query: str, n: int) -> list[tuple[int, float]]`` — (doc index, cosine),
    best first, rows aligned with ``docs`` (corpus order). Its errors (missing model,
    vectors of another catalogue) are RuntimeErrors with the file named; the
    commands print them.
    """
    wanted = [a for a in arms if a in SEMANTIC_ARMS]
    if not wanted:
        return {}
    if vectors_dir is not None and str(vectors_dir).endswith(".parquet"):
        # Bring-your-own encoder + parquet (docs/BYO_MODEL.md): one vector set, one arm.
        if len(wanted) != 1:
            raise ValueError(f"a vectors parquet serves one semantic arm, got {wanted}; use e.g. --arms bm25 t2i")
        from .byo.scorer import build_byo_scorers

        return build_byo_scorers(wanted[0], docs, model_dir, vectors_dir)
    try:
        from .models import runtime
    except ImportError as exc:
        raise RuntimeError(
            f"semantic arms {wanted} need iconseek.models.runtime and onnxruntime/numpy ({exc}); use --arms bm25"
        ) from None
    return runtime.build_scorers(wanted, docs, model_dir=model_dir, vectors_dir=vectors_dir)


def build_engine(
    catalog_dir: str = DEFAULT_CATALOG,
    arms=(LEXICAL_ARM,),
    model_dir: str | None = None,
    vectors_dir: str | None = None,
    fusion: str = "dbsf",
    weights: dict | None = None,
    lexical_options: dict | None = None,
) -> Engine:
    """An engine over ``catalog_dir`` with the requested arms."""
    unknown = [a for a in arms if a not in KNOWN_ARMS]
    if unknown:
        raise ValueError(f"unknown arms {unknown}; known: {list(KNOWN_ARMS)}")
    require_catalog(catalog_dir)
    docs = load_corpus(catalog_dir)
    engine_arms: dict = {}
    if LEXICAL_ARM in arms:
        engine_arms[LEXICAL_ARM] = LexicalArm(load_lexical_index(catalog_dir, docs), **(lexical_options or {}))
    scorers = semantic_scorers(arms, docs, model_dir, vectors_dir)
    for name, scorer in scorers.items():
        engine_arms[name] = SemanticArm(scorer)
    is_word = encoder_word_check(model_dir, vectors_dir) if scorers else None
    return Engine(docs, engine_arms, fusion=fusion, weights=weights, is_word=is_word)


def encoder_word_check(model_dir: str | None, vectors_dir: str | None):
    """The query encoder's "is this one vocabulary word" test (core/query.py), or None.

    A brought model (parquet vectors) keeps its tokenizer.json in its own folder;
    the bundled text tower sits under ``models/``.
    """
    from pathlib import Path

    from .core.query import tokenizer_word_check
    from .core.tokenizers import load_tokenizer

    if vectors_dir is not None and str(vectors_dir).endswith(".parquet"):
        path = Path(model_dir or ".") / "tokenizer.json"
    else:
        from .models.runtime import resolve_text_model_dir

        path = resolve_text_model_dir(model_dir or defaults.MODELS_DIR) / "tokenizer.json"
    if not path.is_file():
        return None
    return tokenizer_word_check(load_tokenizer(str(path), padding=False))
