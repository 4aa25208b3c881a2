"""The one text encoder: any model exported in the Hugging Face ONNX layout.

Both the bundled MiniLM (``iconseek.models.runtime.open_text_encoder``) and
brought models (:func:`load_text_encoder`) are a :class:`TextEncoder`, so icon
texts, queries and the browser's ``encoder.json`` follow one set of rules.

Why a generic loader: teams bring CLIP-family towers (e.g. an icon-tuned
ViT-L/14 text tower, 768-d, 77 tokens) or BERT-family sentence encoders, and
iconseek must use them without code changes. Everything the query path needs
to know about such a model — which inputs to feed, how long to pad, which
output holds the vector, how to pool it — is decided here once, exposed as
attributes, and written to ``encoder.json`` (:meth:`TextEncoder.manifest`) so
the browser worker applies the very same rules.

Rules (see docs/BYO_MODEL.md):

* CLIP family (config ``model_type`` clip/clip_text_model/..., or a CLIP BPE
  tokenizer): every text is padded to the context length (77) with the
  tokenizer's pad token; the graph pools at the EOS token itself when it
  returns ``text_embeds``/``pooler_output``.
* BERT family: no padding for a single query (padding costs time and, with mean
  pooling, nothing else); a batch is padded to its longest text with
  ``attention_mask`` zeros; ``token_type_ids`` are fed as zeros if the graph
  asks for them.
* Output, by name: ``text_embeds`` > ``sentence_embedding`` > ``embeddings``
  (already pooled), then ``pooler_output`` (CLIP) or ``last_hidden_state`` with
  masked mean pooling (BERT). Vectors are always L2-normalised.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from iconseek.byo.errors import (
    CorruptModelError,
    DimensionMismatchError,
    MissingModelFileError,
    NoEmbeddingOutputError,
    UnsupportedInputError,
    UnsupportedTokenizerError,
)
from iconseek.byo.layout import (
    ModelLayout,
    context_length,
    eos_token_id,
    pad_token_id,
    read_layout,
    token_id,
)
from iconseek.byo.pooling import POOLING_RULES, l2_normalise, pool
from iconseek.hashing import file_sha256

# Outputs that already hold one vector per text, best first.
POOLED_OUTPUT_NAMES: tuple[str, ...] = ("text_embeds", "sentence_embedding", "embeddings")
# Outputs that need pooling (or are a pooled hidden state), per family, best first.
CLIP_FALLBACK_OUTPUTS: tuple[str, ...] = ("pooler_output", "last_hidden_state")
BERT_FALLBACK_OUTPUTS: tuple[str, ...] = ("last_hidden_state", "token_embeddings", "pooler_output")

KNOWN_INPUTS: frozenset[str] = frozenset({"input_ids", "attention_mask", "token_type_ids", "position_ids"})

Tokenize = Callable[[str], Sequence[int]]


@dataclass(frozen=True)
class OutputChoice:
    name: str
    pooling: str


TOKEN_OUTPUT_NAMES: tuple[str, ...] = ("last_hidden_state", "token_embeddings")


def _default_pooling(name: str, rank: int | None, is_clip: bool) -> str:
    """"none" for one vector per text; the family's rule when there is a token axis.

    The rank comes from the graph's metadata; when it is unknown, the name decides.
    """
    has_token_axis = rank == 3 or (rank is None and name in TOKEN_OUTPUT_NAMES)
    return ("eos" if is_clip else "mean") if has_token_axis else "none"


def choose_output(
    outputs: dict[str, int | None], is_clip: bool, forced: str | None = None, forced_pooling: str | None = None
) -> OutputChoice:
    """Pick the output and pooling rule from ``{output name: rank}``.

    Raises LookupError (the caller turns it into NoEmbeddingOutputError naming
    the graph file) when nothing fits, listing the outputs the graph has.
    """
    if forced_pooling is not None and forced_pooling not in POOLING_RULES:
        raise ValueError(f"unknown pooling {forced_pooling!r}; choose one of {', '.join(POOLING_RULES)}")
    if forced is not None:
        if forced not in outputs:
            raise LookupError(f"output {forced!r} not in graph outputs {sorted(outputs)}")
        name = forced
    else:
        order = POOLED_OUTPUT_NAMES + (CLIP_FALLBACK_OUTPUTS if is_clip else BERT_FALLBACK_OUTPUTS)
        name = next((n for n in order if n in outputs), None)
        if name is None:
            two_d = [n for n, r in outputs.items() if r == 2]
            if len(outputs) == 1 and two_d:
                name = two_d[0]  # a single [batch, dim] output is unambiguous
            else:
                raise LookupError(
                    f"no recognisable embedding output among {sorted(outputs)}; expected one of "
                    + ", ".join(POOLED_OUTPUT_NAMES + CLIP_FALLBACK_OUTPUTS + ("token_embeddings",))
                )
    pooling = forced_pooling or _default_pooling(name, outputs[name], is_clip)
    return OutputChoice(name, pooling)


def _ort_int_dtype(type_str: str) -> Any:
    return np.int32 if type_str == "tensor(int32)" else np.int64


def stdlib_tokenizer(layout: ModelLayout) -> Tokenize:
    """The query-time, Pyodide-safe tokenizer (iconseek.core.tokenizers), unpadded.

    Padding is the encoder's job (it depends on the family and the graph), so the
    tokenizer only truncates to the context, keeping the final EOS/SEP.
    """
    from iconseek.core.tokenizers import TokenizerFileError, load_tokenizer
    from iconseek.core.tokenizers import UnsupportedTokenizerError as CoreUnsupported

    try:
        tokenizer = load_tokenizer(layout.tokenizer_file, max_length=context_length(layout), padding=False)
    except CoreUnsupported as exc:
        raise UnsupportedTokenizerError(layout.tokenizer_file, str(exc)) from exc
    except (TokenizerFileError, ValueError) as exc:
        raise CorruptModelError(layout.tokenizer_file, f"cannot build the tokenizer: {exc}") from exc
    return lambda text: tokenizer.encode(text).ids


class TextEncoder:
    """A loaded query encoder: ``encode(texts)`` gives L2-normalised float32 rows.

    Attributes the site build writes into encoder.json: ``dim``,
    ``tokenizer_kind`` ("clip-bpe" | "wordpiece" | "bpe"), ``context_length``,
    ``pad_to`` (fixed length or None), ``pad_id``, ``input_names``,
    ``input_dtype``, ``output_name``, ``pooling``, ``eos_id``.
    """

    def __init__(
        self,
        layout: ModelLayout,
        session: Any,
        tokenize: Tokenize,
        *,
        output: str | None = None,
        pooling: str | None = None,
        clip_padding: bool = True,
    ) -> None:
        self.layout = layout
        self._session = session
        self._tokenize = tokenize
        self.family = "clip" if layout.is_clip_family else "bert"
        suffix = (layout.tokenizer_json.get("model") or {}).get("end_of_word_suffix")
        bpe_kind = "clip-bpe" if suffix == "</w>" else "bpe"
        self.tokenizer_kind = bpe_kind if layout.tokenizer_model == "BPE" else "wordpiece"
        self.model_file = layout.model_file

        inputs = session.get_inputs()
        self.input_names: tuple[str, ...] = tuple(i.name for i in inputs)
        unknown = [n for n in self.input_names if n not in KNOWN_INPUTS]
        if unknown or "input_ids" not in self.input_names:
            hint = ""
            if "pixel_values" in self.input_names:
                hint = (" (pixel_values: an image tower, or a joint text+image CLIP graph; point "
                        "--model-file at the text tower, e.g. onnx/text_model_quantized.onnx)")
            raise UnsupportedInputError(
                layout.model_file,
                f"graph inputs {list(self.input_names)} are not a text encoder's; "
                f"iconseek feeds {sorted(KNOWN_INPUTS)} and needs input_ids{hint}",
            )
        ids_input = next(i for i in inputs if i.name == "input_ids")
        self._int_dtype = _ort_int_dtype(ids_input.type)
        self.input_dtype = "int32" if self._int_dtype is np.int32 else "int64"
        static_len = ids_input.shape[1] if len(ids_input.shape) > 1 and isinstance(ids_input.shape[1], int) else None

        self.context_length = int(static_len or context_length(layout))
        # CLIP rule: always the full context; a graph with a fixed sequence axis forces it too.
        # clip_padding=False skips it for dynamic graphs: the causal text transformer pools
        # at the first EOS, so fp32 vectors are unchanged (INT8 ones move slightly, because
        # activation quantization ranges no longer see the padding) and a ViT-L/14 text
        # tower runs ~5x faster on short queries (docs/BYO_MODEL.md).
        pad_clip = self.family == "clip" and clip_padding
        self.pad_to: int | None = self.context_length if (pad_clip or static_len) else None
        self.pad_id = pad_token_id(layout) if self.family == "clip" else self._bert_pad_id()
        self.eos_id = eos_token_id(layout)

        ranks = {o.name: (len(o.shape) if o.shape is not None else None) for o in session.get_outputs()}
        try:
            choice = choose_output(ranks, self.family == "clip", output, pooling)
        except LookupError as exc:
            raise NoEmbeddingOutputError(layout.model_file, str(exc)) from exc
        if choice.pooling == "eos" and self.eos_id is None:
            raise NoEmbeddingOutputError(layout.model_file, "EOS pooling needs an EOS token, none found")
        self.output_name = choice.name
        self.pooling = choice.pooling
        out_meta = next(o for o in session.get_outputs() if o.name == self.output_name)
        last = out_meta.shape[-1] if out_meta.shape else None
        self.dim = int(last) if isinstance(last, int) else int(self.encode(["a"]).shape[1])

    def _bert_pad_id(self) -> int:
        padding = self.layout.tokenizer_json.get("padding")
        if isinstance(padding, dict) and isinstance(padding.get("pad_id"), int):
            return int(padding["pad_id"])
        found = token_id(self.layout, "[PAD]")
        return found if found is not None else 0

    # -- tokens -----------------------------------------------------------------
    def token_ids(self, text: str) -> list[int]:
        """Ids with special tokens, truncated to the context (keeping the final EOS/SEP)."""
        ids = list(self._tokenize(text))
        if len(ids) > self.context_length:
            ids = ids[: self.context_length - 1] + [ids[-1]]
        return ids

    def padded_batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(input_ids, attention_mask)`` padded per the family rule."""
        return self._pad([self.token_ids(t) for t in texts])

    def _pad(self, rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        width = self.pad_to or max((len(r) for r in rows), default=1)
        ids = np.full((len(rows), width), self.pad_id, dtype=self._int_dtype)
        mask = np.zeros((len(rows), width), dtype=self._int_dtype)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        return ids, mask

    def model_inputs(self, ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
        """The exact feed for the graph: only the inputs it declares."""
        feed = {
            "input_ids": ids,
            "attention_mask": mask,
            "token_type_ids": np.zeros_like(ids),
            "position_ids": np.broadcast_to(np.arange(ids.shape[1], dtype=ids.dtype), ids.shape).copy(),
        }
        return {name: feed[name] for name in self.input_names}

    # -- vectors ----------------------------------------------------------------
    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Encode texts to an ``[len(texts), dim]`` float32 array of unit rows.

        Texts are batched shortest first, so a batch pads little (and the same
        texts always meet the same batch-mates: INT8 graphs quantise activations
        per batch, so this keeps stored vectors reproducible).
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a list of texts; use encode_one() for a single string")
        rows = [self.token_ids(t) for t in texts]
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        vectors: list[np.ndarray | None] = [None] * len(rows)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            ids, mask = self._pad([rows[i] for i in batch])
            (raw,) = self._session.run([self.output_name], self.model_inputs(ids, mask))
            pooled = l2_normalise(pool(raw, self.pooling, attention_mask=mask, input_ids=ids, eos_id=self.eos_id))
            for position, i in enumerate(batch):
                vectors[i] = pooled[position]
        if not rows:
            return np.zeros((0, getattr(self, "dim", 0)), dtype=np.float32)
        return np.stack(vectors).astype(np.float32, copy=False)

    def encode_one(self, text: str) -> np.ndarray:
        """One text, unpadded for BERT-family models (what the browser does): [dim] float32."""
        return self.encode([text])[0]

    encode_query = encode_one

    @property
    def model_dir(self) -> Path:
        return self.layout.root

    @property
    def onnx_path(self) -> Path:
        return self.model_file

    @property
    def model_sha256(self) -> str:
        return file_sha256(self.model_file)

    def check_dim(self, vectors_dim: int, vectors_path: str | Path) -> None:
        """Raise DimensionMismatchError (naming both files) unless sizes agree."""
        if int(vectors_dim) != self.dim:
            raise DimensionMismatchError(
                vectors_path,
                f"vectors have {vectors_dim} dimensions but the text encoder "
                f"{self.model_file} produces {self.dim}",
            )

    def manifest(self) -> dict[str, Any]:
        """What the browser worker needs to run this encoder exactly like CPython does."""
        return {
            "model_file": self.model_file.relative_to(self.layout.root).as_posix(),
            "model_sha256": file_sha256(self.model_file),
            "family": self.family,
            "tokenizer": "tokenizer.json",
            "tokenizer_kind": self.tokenizer_kind,
            "context_length": self.context_length,
            "pad_to": self.pad_to,
            "pad_id": self.pad_id,
            "eos_id": self.eos_id,
            "input_names": list(self.input_names),
            "input_dtype": self.input_dtype,
            "output_name": self.output_name,
            "pooling": self.pooling,
            "normalize": True,
            "dim": self.dim,
        }

    def __repr__(self) -> str:
        return (
            f"TextEncoder({self.model_file}, family={self.family}, dim={self.dim}, "
            f"output={self.output_name}, pooling={self.pooling}, pad_to={self.pad_to})"
        )


def open_session(path: str | Path, threads: int | None = None) -> Any:
    """An onnxruntime CPU session for ``path``; any unusable file raises naming it.

    ``threads`` pins the intra-op pool (1 for query-time runs, which share the CPU);
    ``None`` leaves onnxruntime's default.
    """
    import onnxruntime as ort

    path = Path(path)
    if not path.is_file():
        raise MissingModelFileError(path, "model file missing")
    if path.stat().st_size == 0:
        raise CorruptModelError(path, "ONNX file is empty")
    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    options.log_severity_level = 3
    # Spinning worker threads starve each other on a busy shared CPU; sleep instead.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own pybind types (InvalidProtobuf, Fail, ...)
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CorruptModelError(path, f"not a loadable ONNX model ({first_line})") from None


def load_text_encoder(
    model_dir: str | Path,
    *,
    model_file: str | Path | None = None,
    output: str | None = None,
    pooling: str | None = None,
    threads: int | None = None,
    tokenize: Tokenize | None = None,
    clip_padding: bool = True,
) -> TextEncoder:
    """Load a text encoder directory in HF ONNX layout.

    ``model_file`` forces a graph (relative to the directory or absolute),
    ``output``/``pooling`` override the automatic choice, ``tokenize`` replaces
    the stdlib tokenizer (tests use it to compare against HF tokenizers),
    ``clip_padding=False`` stops padding CLIP texts to 77 when the graph allows it.
    """
    layout = read_layout(model_dir, model_file)
    tokenize_fn = tokenize or stdlib_tokenizer(layout)
    session = open_session(layout.model_file, threads)
    return TextEncoder(layout, session, tokenize_fn, output=output, pooling=pooling, clip_padding=clip_padding)
