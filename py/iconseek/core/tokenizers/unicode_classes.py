"""Per-character Unicode classes used by the normalizers and pre-tokenizers.

Python's ``re`` has no ``\\p{L}``/``\\p{N}`` and its ``\\s`` / ``str.isspace`` differ
from Rust's ``char::is_whitespace`` and Oniguruma's ``\\s`` (the engines behind
Hugging Face ``tokenizers``) on a few code points (U+001C..U+001F), and Python's
``unicodedata`` is a different Unicode version from HF's tables. So every class is
read from range tables frozen from HF's behaviour (``unicode_tables.py``) and
evaluated once per code point: the translate tables are ``dict`` subclasses whose
``__missing__`` computes and caches the answer, which lets ``str.translate`` run
them at C speed.
"""

from __future__ import annotations

from bisect import bisect_right

from . import unicode_tables as _tables

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


def _in_ranges(ranges: tuple[tuple[int, int], ...]):
    starts = [a for a, _ in ranges]

    def contains(ch: str) -> bool:
        cp = ord(ch)
        k = bisect_right(starts, cp) - 1
        return k >= 0 and cp <= ranges[k][1]

    return contains


# BERT's classes come from HF's own (older) Unicode tables, frozen in
# unicode_tables.py, so results do not depend on Python's Unicode version.
is_bert_control = _in_ranges(_tables.CONTROL)
is_bert_control.__doc__ = "Characters BERT's clean_text deletes (NUL, U+FFFD, Cc/Cf/Co but not tab/newlines)."
is_punctuation = _in_ranges(_tables.PUNCTUATION)
is_punctuation.__doc__ = "BERT punctuation: ASCII punctuation (incl. $+<=>^`|~) or P* in HF's tables."
is_nonspacing_mark = _in_ranges(_tables.NONSPACING_MARK)
is_nonspacing_mark.__doc__ = "Mn characters dropped when BERT strips accents (HF's tables)."


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


# Oniguruma's classes (what CLIP's split regex sees), also frozen from HF: its
# Unicode tables are newer than those of CPython 3.11 and of Pyodide.
is_onig_space = _in_ranges(_tables.ONIG_SPACE)
is_onig_space.__doc__ = "Oniguruma's Unicode \\s: TAB..CR, NEL and the Z* categories (not U+001C..U+001F)."
is_onig_letter = _in_ranges(_tables.ONIG_LETTER)
is_onig_number = _in_ranges(_tables.ONIG_NUMBER)


# Proxy characters used to run Oniguruma-style patterns with Python `re`:
# every non-ASCII character is replaced by one private-use stand-in for its class.
PROXY_LETTER = "\ue000"
PROXY_NUMBER = "\ue001"
PROXY_SPACE = "\ue002"
PROXY_OTHER = "\ue003"


def _proxy_of(ch: str) -> str | None:
    if ch < "\x80":
        return None
    if is_onig_letter(ch):
        return PROXY_LETTER
    if is_onig_number(ch):
        return PROXY_NUMBER
    if is_onig_space(ch):
        return PROXY_SPACE
    return PROXY_OTHER


PROXY_TABLE = LazyCharTable(_proxy_of)


def proxy_text(text: str) -> str:
    """Map ``text`` 1:1 onto ASCII plus four class stand-ins (same length, same offsets)."""
    if text.isascii():
        return text
    return text.translate(PROXY_TABLE)
