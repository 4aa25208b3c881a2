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
    # "\U0010ffff" sorts after every character, so prefix + it bounds the block.
    end = bisect_left(sorted_vocabulary, prefix + "\U0010ffff", lo=start)
    return start, end


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
