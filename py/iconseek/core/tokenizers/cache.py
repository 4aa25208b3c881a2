"""A small bounded memo for per-word model output.

Queries repeat words constantly; tokenizing a word through BPE merges or
WordPiece longest-match is the expensive step, so results are memoised. The cache
is cleared wholesale when full: simpler and cheaper than LRU bookkeeping, and a
query stream refills the hot words within a few calls.
"""

from __future__ import annotations


class WordCache(dict):
    __slots__ = ("capacity",)

    def __init__(self, capacity: int = 10000):
        super().__init__()
        self.capacity = capacity

    def put(self, key, value):
        if len(self) >= self.capacity:
            self.clear()
        self[key] = value
        return value
