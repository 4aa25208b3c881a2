"""Find the pieces of a text encoder exported in the Hugging Face ONNX layout.

The layout used by transformers.js / optimum exports is::

    DIR/config.json            architecture (model_type, hidden_size, projection_dim, ...)
    DIR/tokenizer.json         HF tokenizers file
    DIR/tokenizer_config.json  optional: pad_token, model_max_length
    DIR/onnx/model_quantized.onnx   INT8 graph (preferred: smallest, fastest on wasm)
    DIR/onnx/model.onnx             fp32 graph
    DIR/model.onnx                  flat exports put the graph at the top level

Two-tower CLIP repositories (transformers.js style) also hold
``onnx/text_model[_quantized].onnx`` next to a ``model*.onnx`` that needs
``pixel_values`` too; when a text_model graph exists it is the one used.

This module only reads JSON and checks paths (stdlib), so the rules for which
graph is picked and which family a model belongs to are testable without
onnxruntime.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iconseek.byo.errors import CorruptModelError, MissingModelFileError, UnsupportedTokenizerError

# Searched in this order; the first that exists wins unless the caller forces one.
# text_model* first: where it exists, model*.onnx is the joint text+image graph.
MODEL_FILE_CANDIDATES: tuple[str, ...] = (
    "onnx/text_model_quantized.onnx",
    "onnx/text_model.onnx",
    "text_model.onnx",
    "onnx/model_quantized.onnx",
    "onnx/model.onnx",
    "model.onnx",
)

# config.json model_type values whose text tower is CLIP-like: causal transformer,
# byte-level BPE with </w>, fixed 77-token context, pooled at the EOS token.
CLIP_MODEL_TYPES: frozenset[str] = frozenset(
    {"clip", "clip_text_model", "clip_text", "clip_text_model_with_projection", "open_clip"}
)

# tokenizer.json "model.type" values the stdlib tokenizers implement.
SUPPORTED_TOKENIZER_MODELS: frozenset[str] = frozenset({"WordPiece", "BPE"})

CLIP_CONTEXT_LENGTH = 77


@dataclass(frozen=True)
class ModelLayout:
    """Resolved paths and parsed JSON of one encoder directory."""

    root: Path
    model_file: Path
    config_file: Path
    tokenizer_file: Path
    config: dict[str, Any]
    tokenizer_json: dict[str, Any]
    tokenizer_config: dict[str, Any] = field(default_factory=dict)

    @property
    def model_type(self) -> str:
        return str(self.config.get("model_type", "")).lower()

    @property
    def text_config(self) -> dict[str, Any]:
        """The text part of the config: full CLIP configs nest it under text_config."""
        nested = self.config.get("text_config")
        if isinstance(nested, dict):
            merged = dict(nested)
            # projection_dim lives at the top level of a full CLIPConfig.
            merged.setdefault("projection_dim", self.config.get("projection_dim"))
            return merged
        return self.config

    @property
    def tokenizer_model(self) -> str:
        model = self.tokenizer_json.get("model") or {}
        return str(model.get("type", ""))

    @property
    def is_clip_family(self) -> bool:
        """CLIP rules apply when config says so, or when the tokenizer is CLIP's BPE.

        The tokenizer test catches exports whose config.json says only
        "clip_text_model"-like names we do not list, e.g. fine-tunes renamed by
        their owners; a CLIP BPE vocabulary marks the end of word with ``</w>``.
        """
        if self.model_type in CLIP_MODEL_TYPES or self.model_type.startswith("clip"):
            return True
        model = self.tokenizer_json.get("model") or {}
        return self.tokenizer_model == "BPE" and model.get("end_of_word_suffix") == "</w>"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptModelError(path, f"cannot read file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise CorruptModelError(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict):
        raise CorruptModelError(path, "expected a JSON object at the top level")
    return data


def pick_model_file(root: Path, model_file: str | Path | None = None) -> Path:
    """Return the ONNX graph to load: the forced one, or the first candidate present."""
    if model_file is not None:
        forced = Path(model_file)
        path = forced if forced.is_absolute() else root / forced
        if not path.is_file():
            raise MissingModelFileError(path, "the requested ONNX model file does not exist")
        return path
    for candidate in MODEL_FILE_CANDIDATES:
        path = root / candidate
        if path.is_file():
            return path
    raise MissingModelFileError(
        root, "no ONNX graph found; looked for " + ", ".join(MODEL_FILE_CANDIDATES)
    )


def read_layout(model_dir: str | Path, model_file: str | Path | None = None) -> ModelLayout:
    """Resolve and parse an encoder directory, raising a BYO error naming what is wrong."""
    root = Path(model_dir)
    if not root.exists():
        raise MissingModelFileError(root, "model directory does not exist")
    if not root.is_dir():
        raise MissingModelFileError(root, "expected a model directory, got a file")
    graph = pick_model_file(root, model_file)
    config_file = root / "config.json"
    tokenizer_file = root / "tokenizer.json"
    for required in (config_file, tokenizer_file):
        if not required.is_file():
            raise MissingModelFileError(required, "required file is missing from the model directory")
    config = _read_json(config_file)
    tokenizer_json = _read_json(tokenizer_file)
    tok_config_file = root / "tokenizer_config.json"
    tokenizer_config = _read_json(tok_config_file) if tok_config_file.is_file() else {}
    layout = ModelLayout(root, graph, config_file, tokenizer_file, config, tokenizer_json, tokenizer_config)
    if layout.tokenizer_model not in SUPPORTED_TOKENIZER_MODELS:
        found = layout.tokenizer_model or "no model.type"
        raise UnsupportedTokenizerError(
            tokenizer_file,
            f"tokenizer model {found!r} is not supported; iconseek's tokenizers implement "
            "WordPiece (BERT family) and CLIP byte-level BPE",
        )
    return layout


def token_id(layout: ModelLayout, token: str) -> int | None:
    """Look a token string up in added_tokens, then in the vocabulary."""
    for added in layout.tokenizer_json.get("added_tokens") or []:
        if added.get("content") == token:
            return int(added["id"])
    vocab = (layout.tokenizer_json.get("model") or {}).get("vocab")
    if isinstance(vocab, dict) and token in vocab:
        return int(vocab[token])
    return None


def _token_text(value: Any) -> str | None:
    """tokenizer_config.json stores special tokens as strings or AddedToken dicts."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return value["content"]
    return None


def pad_token_id(layout: ModelLayout) -> int:
    """The id used to fill a CLIP input up to its fixed length.

    Order: tokenizer.json's own padding setting, tokenizer_config.json's
    pad_token, then ``<|endoftext|>`` (what OpenAI's CLIP tokenizer pads with),
    then 0 (open_clip's choice). config.json's pad_token_id is deliberately not
    used: CLIPTextConfig defaults it to 1, which is the token "\"" in CLIP's
    vocabulary, not a padding token. Because the CLIP text transformer is causal
    and pooled at the first EOS, any pad id after the EOS gives the same vector.
    """
    padding = layout.tokenizer_json.get("padding")
    if isinstance(padding, dict) and isinstance(padding.get("pad_id"), int):
        return int(padding["pad_id"])
    named = _token_text(layout.tokenizer_config.get("pad_token"))
    if named is not None:
        found = token_id(layout, named)
        if found is not None:
            return found
    eos = token_id(layout, "<|endoftext|>")
    if eos is not None:
        return eos
    return 0


def eos_token_id(layout: ModelLayout) -> int | None:
    """EOS id for EOS pooling: config's eos_token_id unless it is the legacy 2."""
    configured = layout.text_config.get("eos_token_id")
    if isinstance(configured, int) and configured != 2:
        return configured
    return token_id(layout, "<|endoftext|>") if layout.is_clip_family else token_id(layout, "[SEP]")


def context_length(layout: ModelLayout) -> int:
    """Maximum tokens per text, special tokens included."""
    text_config = layout.text_config
    max_pos = text_config.get("max_position_embeddings")
    truncation = layout.tokenizer_json.get("truncation")
    trunc_len = truncation.get("max_length") if isinstance(truncation, dict) else None
    model_max = layout.tokenizer_config.get("model_max_length")
    candidates = [v for v in (max_pos, trunc_len, model_max) if isinstance(v, int) and 0 < v < 1_000_000]
    if layout.is_clip_family:
        return int(max_pos) if isinstance(max_pos, int) else CLIP_CONTEXT_LENGTH
    return min(candidates) if candidates else 512
