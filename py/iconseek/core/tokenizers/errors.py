"""Errors raised while loading a tokenizer.json.

Two kinds, because callers react differently: a file that is broken or not a
tokenizer at all (fix the file) versus a valid Hugging Face tokenizer that uses a
component this stdlib port does not implement (pick another tokenizer or extend us).
"""

from __future__ import annotations


class TokenizerFileError(ValueError):
    """The tokenizer.json could not be read or is not a valid tokenizer description."""


class UnsupportedTokenizerError(TokenizerFileError):
    """The tokenizer.json is valid but uses a component we do not implement.

    The message names the component (e.g. ``normalizer 'Precompiled'``) and the
    source file, so the caller knows exactly what is missing.
    """
