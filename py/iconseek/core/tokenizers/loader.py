"""Read a tokenizer.json and assemble the matching stdlib pipeline."""

from __future__ import annotations

import gzip
import json
import os

from .added_tokens import AddedVocabulary
from .bpe import build_bpe
from .errors import TokenizerFileError, UnsupportedTokenizerError
from .normalizers import build_normalizer
from .postprocessors import build_post_processor
from .pretokenizers import build_pre_tokenizer
from .tokenizer import Tokenizer
from .wordpiece import build_wordpiece

_MODEL_BUILDERS = {"WordPiece": build_wordpiece, "BPE": build_bpe}
_PAD_TOKEN_GUESSES = ("[PAD]", "<pad>", "<|pad|>")


def _read_source(source) -> tuple[dict, str]:
    """Accept a dict, JSON text, (gzipped) JSON bytes, or a path to .json / .json.gz."""
    if isinstance(source, dict):
        return source, "<dict>"
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        try:
            return json.loads(data), "<bytes>"
        except ValueError as exc:
            raise TokenizerFileError(f"<bytes>: not valid JSON: {exc}") from exc
    if isinstance(source, str) and source.lstrip().startswith("{"):
        try:
            return json.loads(source), "<json text>"
        except ValueError as exc:
            raise TokenizerFileError(f"<json text>: not valid JSON: {exc}") from exc
    path = os.fspath(source)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return json.loads(data), path
    except OSError as exc:
        raise TokenizerFileError(f"{path}: cannot read tokenizer file: {exc}") from exc
    except ValueError as exc:
        raise TokenizerFileError(f"{path}: not a valid (gzipped) JSON tokenizer file: {exc}") from exc


def _pad_token(padding_cfg: dict | None, added: AddedVocabulary, where: str) -> tuple[int, str]:
    if padding_cfg and "pad_token" in padding_cfg:
        token = padding_cfg["pad_token"]
        return int(padding_cfg.get("pad_id", added.ids.get(token, 0))), token
    for guess in _PAD_TOKEN_GUESSES:
        if guess in added.ids:
            return added.ids[guess], guess
    raise TokenizerFileError(f"{where}: padding requested but the file names no pad token")


def load_tokenizer(source, *, max_length: int | None = None, padding: bool | int = False) -> Tokenizer:
    """Build a stdlib-only tokenizer from a Hugging Face tokenizer.json.

    ``source``: path (``.json`` or ``.json.gz``), ``dict``, JSON text or bytes.
    ``max_length``: truncation limit including special tokens; None uses the file's
    ``truncation.max_length`` (no truncation if the file has none). The end token
    is always kept: the text is cut, not the frame around it.
    ``padding``: False (default; what queries want) never pads. True pads as the
    file says (``Fixed`` length or ``BatchLongest``), or to ``max_length`` when the
    file has no padding section. An int pads every encoding to that length. The
    pad token comes from the file's padding section or its added tokens.
    """
    config, where = _read_source(source)
    if not isinstance(config, dict) or not isinstance(config.get("model"), dict):
        raise TokenizerFileError(f"{where}: no 'model' section; not a Hugging Face tokenizer.json")
    model = _build_model(config["model"], where)
    normalizer = build_normalizer(config.get("normalizer"), where)
    pre_tokenizer = build_pre_tokenizer(config.get("pre_tokenizer"), where)
    added = AddedVocabulary(config.get("added_tokens") or [], normalizer, where)
    frame = build_post_processor(config.get("post_processor"), where)
    max_length, truncate_left = _truncation(config.get("truncation") or {}, max_length, frame.added)
    return Tokenizer(
        model=model,
        normalizer=normalizer,
        pre_tokenizer=pre_tokenizer,
        added=added,
        frame=frame,
        max_length=max_length,
        truncate_left=truncate_left,
        **_padding(config.get("padding"), padding, max_length, added, where),
        source=where,
    )


def _build_model(model_cfg: dict, where: str):
    """The WordPiece or BPE model; anything else is refused as unsupported."""
    model_type = model_cfg.get("type")
    if model_type is None:  # very old files omit the type; infer it the way HF does
        model_type = "BPE" if "merges" in model_cfg else "WordPiece" if "continuing_subword_prefix" in model_cfg else None
    builder = _MODEL_BUILDERS.get(model_type)
    if builder is None:
        raise UnsupportedTokenizerError(
            f"{where}: model type {model_type!r} is not supported (supported: {', '.join(_MODEL_BUILDERS)})"
        )
    return builder(model_cfg, where)


def _truncation(truncation: dict, max_length: int | None, special_tokens: int) -> tuple[int | None, bool]:
    """(max_length, cut from the left?): the caller's limit, else the file's."""
    if max_length is None:
        max_length = truncation.get("max_length")
    if max_length is not None:
        max_length = int(max_length)
        if max_length < special_tokens:
            raise ValueError(f"max_length={max_length} leaves no room for the {special_tokens} special tokens")
    return max_length, truncation.get("direction", "Right") == "Left"


def _padding(padding_cfg: dict | None, padding: bool | int, max_length: int | None, added: AddedVocabulary,
             where: str) -> dict:
    """The Tokenizer's pad_* arguments for the ``padding`` request (see :func:`load_tokenizer`)."""
    pad = {"pad_length": None, "pad_longest": False, "pad_multiple": None, "pad_left": False,
           "pad_id": None, "pad_token": None, "pad_type_id": 0}
    if padding is not False and padding is not None:
        pad["pad_id"], pad["pad_token"] = _pad_token(padding_cfg, added, where)
        if padding_cfg:
            pad["pad_type_id"] = int(padding_cfg.get("pad_type_id", 0))
            multiple = padding_cfg.get("pad_to_multiple_of")
            pad["pad_multiple"] = int(multiple) if multiple else None
            pad["pad_left"] = padding_cfg.get("direction", "Right") == "Left"
        if padding is True:
            strategy = (padding_cfg or {}).get("strategy")
            if isinstance(strategy, dict) and "Fixed" in strategy:
                pad["pad_length"] = int(strategy["Fixed"])
            elif strategy == "BatchLongest" or max_length is None:
                pad["pad_longest"] = True
            else:
                pad["pad_length"] = max_length
        else:
            pad["pad_length"] = int(padding)
    elif padding_cfg:
        # Padding is off, but callers may still want to know the pad token.
        try:
            pad["pad_id"], pad["pad_token"] = _pad_token(padding_cfg, added, where)
        except TokenizerFileError:
            pass
    else:
        for guess in _PAD_TOKEN_GUESSES:
            if guess in added.ids:
                pad["pad_id"], pad["pad_token"] = added.ids[guess], guess
                break
    return pad
