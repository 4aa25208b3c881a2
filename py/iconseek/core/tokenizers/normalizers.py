"""Normalizers of a tokenizer.json, each a plain ``str -> str`` callable.

Built from the json config rather than assumed, so a BERT with ``lowercase: false``
or a CLIP variant without NFC behaves as its file says. Per-character steps use
cached ``str.translate`` tables (see ``unicode_classes``); whole-string steps use
``unicodedata``. ASCII input takes shortcuts wherever the result cannot differ.
"""

from __future__ import annotations

import unicodedata
from typing import Callable

from .errors import UnsupportedTokenizerError
from .patterns import OnigPattern
from .unicode_tables import LOWERCASE_OVERRIDES
from .unicode_classes import (
    RUST_WHITESPACE,
    LazyCharTable,
    is_bert_control,
    is_cjk_ideograph,
    is_nonspacing_mark,
)

Normalizer = Callable[[str], str]

_STRIP_MN_TABLE = LazyCharTable(lambda ch: "" if is_nonspacing_mark(ch) else None)
# Rust lowercases one char at a time; Python's str.lower() applies the context
# rule for final sigma, so text containing 'Σ' goes through this table instead.
_LOWER_TABLE = LazyCharTable(lambda ch: ch.lower())


def lowercase(text: str) -> str:
    if text.isascii():
        return text.lower()
    if "\u03a3" in text:
        text = text.translate(_LOWER_TABLE)
    else:
        text = text.lower()
    # Letters whose case mapping is newer than this Python's Unicode data: str.lower
    # leaves them unchanged, so they can be mapped afterwards.
    return text.translate(LOWERCASE_OVERRIDES)


def strip_accents(text: str) -> str:
    """NFD, then drop non-spacing marks (what BERT calls stripping accents)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFD", text).translate(_STRIP_MN_TABLE)


def _unicode_form(form: str) -> Normalizer:
    def normalize(text: str) -> str:
        if text.isascii():
            return text
        return unicodedata.normalize(form, text)

    normalize.__name__ = form.lower()
    return normalize


def bert_normalizer(clean_text: bool, handle_chinese_chars: bool, strip: bool, lower: bool) -> Normalizer:
    """BERT's normalizer: clean control chars, space out CJK ideographs, strip accents, lowercase."""

    def char_rule(ch: str) -> str | None:
        if clean_text:
            if is_bert_control(ch):
                return ""
            if ch in RUST_WHITESPACE:
                return " "
        if handle_chinese_chars and is_cjk_ideograph(ch):
            return " " + ch + " "
        return None

    table = LazyCharTable(char_rule) if (clean_text or handle_chinese_chars) else None

    def normalize(text: str) -> str:
        if table is not None:
            text = text.translate(table)
        if strip:
            text = strip_accents(text)
        if lower:
            text = lowercase(text)
        return text

    return normalize


def _replace(config: dict, where: str) -> Normalizer:
    pattern = config.get("pattern") or {}
    content = config.get("content", "")
    if "String" in pattern:
        literal = pattern["String"]
        if literal == "":
            raise UnsupportedTokenizerError(f"{where}: Replace with an empty pattern")
        return lambda text: text.replace(literal, content)
    if "Regex" in pattern:
        compiled = OnigPattern(pattern["Regex"])
        return lambda text: compiled.sub(text, content)
    raise UnsupportedTokenizerError(f"{where}: Replace pattern {pattern!r}")


def build_normalizer(config: dict | None, where: str) -> Normalizer | None:
    """Turn the ``normalizer`` section of a tokenizer.json into a callable (or None)."""
    if config is None:
        return None
    kind = config.get("type")
    if kind == "BertNormalizer":
        lower = bool(config.get("lowercase", True))
        strip = config.get("strip_accents")
        return bert_normalizer(
            clean_text=bool(config.get("clean_text", True)),
            handle_chinese_chars=bool(config.get("handle_chinese_chars", True)),
            strip=lower if strip is None else bool(strip),
            lower=lower,
        )
    if kind == "Sequence":
        steps = [build_normalizer(c, where) for c in config.get("normalizers", [])]
        steps = [s for s in steps if s is not None]

        def sequence(text: str) -> str:
            for step in steps:
                text = step(text)
            return text

        return sequence
    if kind in ("NFC", "NFD", "NFKC", "NFKD"):
        return _unicode_form(kind)
    if kind == "Lowercase":
        return lowercase
    if kind == "Replace":
        return _replace(config, where)
    raise UnsupportedTokenizerError(f"{where}: normalizer {kind!r} is not supported")
