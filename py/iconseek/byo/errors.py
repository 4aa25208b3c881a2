"""Error types for bring-your-own (BYO) models and vectors.

Every error names the file or directory at fault, because a user pointing
iconseek at their own export needs to know *which* artefact to fix, not read a
protobuf or pyarrow traceback. All of them derive from
:class:`iconseek.models.errors.ModelFileError`, so a CLI that already reports
that type prints these too without special cases.
"""

from __future__ import annotations

from iconseek.models.errors import ModelFileError


class BYOError(ModelFileError):
    """Base class: a bring-your-own model or vector file cannot be used."""


class MissingModelFileError(BYOError):
    """The model directory, its ONNX graph, config.json or tokenizer.json is absent."""


class UnsupportedTokenizerError(BYOError):
    """tokenizer.json uses a tokenizer model the stdlib tokenizers cannot reproduce."""


class NoEmbeddingOutputError(BYOError):
    """The ONNX graph has no output we know how to turn into one vector per text."""


class CorruptModelError(BYOError):
    """The ONNX file (or a JSON file next to it) cannot be parsed or loaded."""


class UnsupportedInputError(BYOError):
    """The ONNX graph asks for an input we cannot feed (e.g. pixel_values)."""


class DimensionMismatchError(BYOError):
    """The text encoder's vector size differs from the icon vectors' size."""


class VectorFileError(BYOError):
    """The parquet file is unreadable, lacks the id/vector columns, or holds bad rows."""
