"""Pre-tokenizers: split normalized text into the words the model sees.

Each is a ``list[str] -> list[str]`` callable so they chain like HF's ``Sequence``.
"""

from __future__ import annotations

from typing import Callable

from .errors import UnsupportedTokenizerError
from .patterns import OnigPattern
from .unicode_classes import RUST_WHITESPACE, LazyCharTable, is_punctuation

PreTokenizer = Callable[[list[str]], list[str]]

# Python's str.split() also splits on U+001C..U+001F, Rust's whitespace does not.
_PY_ONLY_SPACES = "\x1c\x1d\x1e\x1f"


def _bert_rule(ch: str) -> str | None:
    if ch in RUST_WHITESPACE:
        return " "
    if is_punctuation(ch):
        return " " + ch + " "
    return None


_BERT_TABLE = LazyCharTable(_bert_rule)
_WS_TABLE = LazyCharTable(lambda ch: " " if ch in RUST_WHITESPACE else None)


def _split_words(text: str, table: LazyCharTable) -> list[str]:
    """Map every Rust whitespace char to ' ' (and pad punctuation), then split on ' '."""
    mapped = text.translate(table)
    if mapped.isascii() and not any(c in mapped for c in _PY_ONLY_SPACES):
        return mapped.split()
    return [w for w in mapped.split(" ") if w]


def bert_pre_tokenizer(words: list[str]) -> list[str]:
    """Split on whitespace, and isolate every punctuation character."""
    out: list[str] = []
    for w in words:
        out.extend(_split_words(w, _BERT_TABLE))
    return out


def whitespace_split(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        out.extend(_split_words(w, _WS_TABLE))
    return out


def split_pre_tokenizer(pattern: OnigPattern, behavior: str, invert: bool) -> PreTokenizer:
    """HF ``Split``: cut at regex matches; ``behavior`` says what happens to the delimiters."""
    if behavior not in ("Removed", "Isolated"):
        raise UnsupportedTokenizerError(f"Split behavior {behavior!r} is not supported")

    def split(words: list[str]) -> list[str]:
        out: list[str] = []
        for w in words:
            spans = pattern.spans(w)
            if behavior == "Isolated":
                last = 0
                for start, end in spans:
                    if start > last:
                        out.append(w[last:start])
                    out.append(w[start:end])
                    last = end
                if last < len(w):
                    out.append(w[last:])
            elif invert:  # keep only the matches
                out.extend(w[s:e] for s, e in spans)
            else:  # drop the matches, keep what lies between them
                last = 0
                for start, end in spans:
                    if start > last:
                        out.append(w[last:start])
                    last = end
                if last < len(w):
                    out.append(w[last:])
        return out

    return split


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character map used by byte-level BPE."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    mapping = {b: chr(b) for b in printable}
    extra = 0
    for b in range(256):
        if b not in mapping:
            mapping[b] = chr(256 + extra)
            extra += 1
    return mapping


BYTE_TO_UNICODE = _bytes_to_unicode()
# Bytes decoded as Latin-1 are code points 0..255, so one translate maps them all.
_BYTE_TABLE = {b: c for b, c in BYTE_TO_UNICODE.items()}


def byte_level_encode(word: str) -> str:
    if word.isascii():
        return word.translate(_BYTE_TABLE)
    return word.encode("utf-8").decode("latin-1").translate(_BYTE_TABLE)


GPT2_PATTERN = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"


def byte_level_pre_tokenizer(config: dict, where: str) -> PreTokenizer:
    if config.get("add_prefix_space", False):
        raise UnsupportedTokenizerError(f"{where}: ByteLevel add_prefix_space=true is not supported")
    splitter = (
        split_pre_tokenizer(OnigPattern(GPT2_PATTERN), "Isolated", False)
        if config.get("use_regex", True)
        else None
    )

    def byte_level(words: list[str]) -> list[str]:
        if splitter is not None:
            words = splitter(words)
        return [byte_level_encode(w) for w in words]

    return byte_level


def build_pre_tokenizer(config: dict | None, where: str) -> PreTokenizer | None:
    if config is None:
        return None
    kind = config.get("type")
    if kind == "BertPreTokenizer":
        return bert_pre_tokenizer
    if kind == "WhitespaceSplit":
        return whitespace_split
    if kind == "Split":
        pattern = config.get("pattern") or {}
        if "Regex" in pattern:
            compiled = OnigPattern(pattern["Regex"])
        elif "String" in pattern:
            import re

            compiled = OnigPattern(re.escape(pattern["String"]))
        else:
            raise UnsupportedTokenizerError(f"{where}: Split pattern {pattern!r}")
        return split_pre_tokenizer(compiled, config.get("behavior", "Removed"), bool(config.get("invert", False)))
    if kind == "ByteLevel":
        return byte_level_pre_tokenizer(config, where)
    if kind == "Sequence":
        steps = [build_pre_tokenizer(c, where) for c in config.get("pretokenizers", [])]
        steps = [s for s in steps if s is not None]

        def sequence(words: list[str]) -> list[str]:
            for step in steps:
                words = step(words)
            return words

        return sequence
    raise UnsupportedTokenizerError(f"{where}: pre_tokenizer {kind!r} is not supported")
