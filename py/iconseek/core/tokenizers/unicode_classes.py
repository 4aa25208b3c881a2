"""Per-character Unicode classes used by the normalizers and pre-tokenizers.

Python's ``re`` has no ``\\p{L}``/``\\p{N}`` and its ``\\s`` / ``str.isspace`` differ
from Rust's ``char::is_whitespace`` and Oniguruma's ``\\s`` (the engines behind
Hugging Face ``tokenizers``) on a few code points (U+001C..U+001F). So every class
is defined here explicitly from ``unicodedata`` and evaluated once per code point:
the tables are ``dict`` subclasses whose ``__missing__`` computes and caches the
answer, which lets ``str.translate`` run them at C speed.
"""

from __future__ import annotations

import unicodedata

# Rust `char::is_whitespace` = Unicode White_Space property.
RUST_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)

# Code-point cap for the lazy caches: bounded memory even under adversarial input.
_CACHE_LIMIT = 65536


class LazyCharTable(dict):
    """A ``str.translate`` table computed on demand, one code point at a time.

    ``fn(ch)`` returns the replacement string, ``""`` to delete the character, or
    ``None`` to keep it unchanged.
    """

    __slots__ = ("_fn",)

    def __init__(self, fn):
        super().__init__()
        self._fn = fn

    def __missing__(self, cp: int):
        result = self._fn(chr(cp))
        value = cp if result is None else result
        if len(self) < _CACHE_LIMIT:
            self[cp] = value
        return value


def is_bert_control(ch: str) -> bool:
    """Characters BERT's ``clean_text`` deletes: NUL, U+FFFD, and Cc/Cf/Co except tab/newlines.

    Unassigned code points (Cn) are kept: the reference implementation keeps them.
    """
    if ch in "\t\n\r":
        return False
    if ch == "\x00" or ch == "\ufffd":
        return True
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")


def is_punctuation(ch: str) -> bool:
    """BERT punctuation: any ASCII punctuation (incl. ``$+<=>^`|~``) or a Unicode P* char."""
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk_ideograph(ch: str) -> bool:
    """The CJK Unified Ideograph blocks that BERT surrounds with spaces."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B920 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def is_onig_space(ch: str) -> bool:
    """Oniguruma's Unicode ``\\s``: TAB..CR, NEL and the Z* categories (not U+001C..U+001F)."""
    if ch in "\t\n\x0b\x0c\r\x85":
        return True
    return unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def is_nonspacing_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn"


# Proxy characters used to run Oniguruma-style patterns with Python `re`:
# every non-ASCII character is replaced by one private-use stand-in for its class.
PROXY_LETTER = "\ue000"
PROXY_NUMBER = "\ue001"
PROXY_SPACE = "\ue002"
PROXY_OTHER = "\ue003"


def _proxy_of(ch: str) -> str | None:
    if ch < "\x80":
        return None
    if is_onig_space(ch):
        return PROXY_SPACE
    cat = unicodedata.category(ch)
    if cat[0] == "L":
        return PROXY_LETTER
    if cat[0] == "N":
        return PROXY_NUMBER
    return PROXY_OTHER


PROXY_TABLE = LazyCharTable(_proxy_of)


def proxy_text(text: str) -> str:
    """Map ``text`` 1:1 onto ASCII plus four class stand-ins (same length, same offsets)."""
    if text.isascii():
        return text
    return text.translate(PROXY_TABLE)
