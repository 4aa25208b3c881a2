"""Run the Oniguruma regexes of a tokenizer.json with Python's ``re``.

Hugging Face ``tokenizers`` compiles ``Regex`` patterns with Oniguruma, which knows
``\\p{L}`` and ``\\p{N}`` and has its own Unicode ``\\s``. Python's ``re`` knows none of
them. Instead of re-implementing a regex engine we rewrite the *text*: every
non-ASCII character becomes a private-use stand-in for its class (see
``unicode_classes.proxy_text``), and the pattern's class escapes become explicit
ASCII sets plus that stand-in. Both are one character per code point, so match
offsets on the proxy are offsets in the original text.

Only what this trick supports exactly is accepted: ``\\p{L}``, ``\\p{N}``, ``\\s``,
``\\S``, ASCII literals and ordinary regex syntax. Anything else (``\\w``, ``\\d``,
``\\b``, other properties, non-ASCII literals, inline flags) raises
``UnsupportedTokenizerError`` rather than silently matching differently.
"""

from __future__ import annotations

import re

from .errors import UnsupportedTokenizerError
from .unicode_classes import PROXY_LETTER, PROXY_NUMBER, PROXY_SPACE, proxy_text

_SPACE_SET = "\\t\\n\\x0b\\x0c\\r " + PROXY_SPACE
_LETTER_SET = "A-Za-z" + PROXY_LETTER
_NUMBER_SET = "0-9" + PROXY_NUMBER
_IN_CLASS = {"p{L}": _LETTER_SET, "p{N}": _NUMBER_SET, "s": _SPACE_SET}
_OUTSIDE = {
    "p{L}": "[" + _LETTER_SET + "]",
    "p{N}": "[" + _NUMBER_SET + "]",
    "s": "[" + _SPACE_SET + "]",
    "S": "[^" + _SPACE_SET + "]",
}
_UNSUPPORTED_ESCAPES = set("wWdDbBhHAzZGkgXRK")


def translate_pattern(pattern: str) -> str:
    """Rewrite an Oniguruma pattern into a Python pattern over proxied text."""
    if not pattern.isascii():
        raise UnsupportedTokenizerError(f"regex {pattern!r}: non-ASCII literals are not supported")
    if "(?i" in pattern or "(?m" in pattern or "(?x" in pattern:
        raise UnsupportedTokenizerError(f"regex {pattern!r}: inline flags are not supported")
    out: list[str] = []
    in_class = False
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP":
                close = pattern.find("}", i)
                key = pattern[i + 1 : close + 1] if close > 0 else ""
                if nxt == "P" or key not in ("p{L}", "p{N}"):
                    raise UnsupportedTokenizerError(
                        f"regex {pattern!r}: property {pattern[i:close + 1]!r} is not supported"
                    )
                out.append(_IN_CLASS[key] if in_class else _OUTSIDE[key])
                i = close + 1
                continue
            if nxt in "sS":
                if in_class and nxt == "S":
                    raise UnsupportedTokenizerError(f"regex {pattern!r}: \\S inside [...] is not supported")
                out.append(_IN_CLASS["s"] if in_class else _OUTSIDE[nxt])
                i += 2
                continue
            if nxt in _UNSUPPORTED_ESCAPES or nxt.isdigit() and nxt != "0":
                raise UnsupportedTokenizerError(f"regex {pattern!r}: escape \\{nxt} is not supported")
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            # A leading ']' (or '^]') is a literal in both engines.
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("\\]")
                i += 1
            i += 1
            continue
        if ch == "[" and in_class:
            raise UnsupportedTokenizerError(f"regex {pattern!r}: nested character classes are not supported")
        if ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


class OnigPattern:
    """A compiled Oniguruma-style pattern whose ``spans`` are offsets into the original text."""

    __slots__ = ("source", "_regex")

    def __init__(self, source: str):
        self.source = source
        try:
            self._regex = re.compile(translate_pattern(source))
        except re.error as exc:
            raise UnsupportedTokenizerError(f"regex {source!r} could not be compiled: {exc}") from exc

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self._regex.finditer(proxy_text(text)) if m.end() > m.start()]

    def sub(self, text: str, replacement: str) -> str:
        spans = self.spans(text)
        if not spans:
            return text
        parts = []
        last = 0
        for start, end in spans:
            parts.append(text[last:start])
            parts.append(replacement)
            last = end
        parts.append(text[last:])
        return "".join(parts)
