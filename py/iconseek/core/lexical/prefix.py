"""As-you-type prefix expansion over a sorted vocabulary.

Terms sharing a prefix are contiguous in sorted order, so two binary searches
bound them; no trie is needed and the sorted list is what the index stores anyway.
"""

from __future__ import annotations

from bisect import bisect_left

MIN_PREFIX_LEN = 2


def prefix_range(sorted_vocabulary: list[str], prefix: str) -> tuple[int, int]:
    """Half-open index range of the terms that start with ``prefix``."""
    start = bisect_left(sorted_vocabulary, prefix)
    upper = _successor(prefix)
    end = len(sorted_vocabulary) if upper is None else bisect_left(sorted_vocabulary, upper, lo=start)
    return start, end


def _successor(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix``.

    Increment the last character that is not the maximum code point; ``None``
    means no bound (the prefix is empty or all U+10FFFF).
    """
    stripped = prefix.rstrip("\U0010ffff")
    if not stripped:
        return None
    return stripped[:-1] + chr(ord(stripped[-1]) + 1)


def expand_prefix(sorted_vocabulary: list[str], prefix: str, limit: int) -> list[str]:
    """Up to ``limit`` terms that extend ``prefix`` (the prefix itself excluded).

    Shorter completions come first (they are closer to what was typed), ties in
    alphabetical order, so the expansion is deterministic.
    """
    if len(prefix) < MIN_PREFIX_LEN or limit <= 0:
        return []
    start, end = prefix_range(sorted_vocabulary, prefix)
    block = [t for t in sorted_vocabulary[start:end] if t != prefix]
    if len(block) > limit:
        block.sort(key=lambda t: (len(t), t))
        block = block[:limit]
    return block
