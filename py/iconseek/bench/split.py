"""Deterministic tune/test split of the dev queries, stratified by category.

Why stratified: fusion weights and BM25 parameters are tuned on one half and
reported on the other; if one half had all the "weather" queries the tuned
weights would fit that category.  Why hashing: the split must not depend on the
order queries were written in, and adding a query must not reshuffle the others
inside other categories.

Within each category the queries are ordered by SHA-256 of their id and dealt
alternately to the two halves, so each category is split as evenly as possible.
Categories are visited in name order and an odd category's extra query goes to
whichever half is smaller so far (``tune`` on a tie), which keeps the halves
within one query of each other.  The result is a pure function of the
(id, category) pairs.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

HALVES = ("tune", "test")


def _digest(query_id: str) -> str:
    return hashlib.sha256(query_id.encode("utf-8")).hexdigest()


def split_queries(items: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Split ``(query id, category)`` pairs into {"tune": [...], "test": [...]} (ids sorted)."""
    by_category: dict[str, list[str]] = defaultdict(list)
    for qid, category in items:
        by_category[category].append(qid)
    halves: dict[str, list[str]] = {h: [] for h in HALVES}
    for category in sorted(by_category):
        ordered = sorted(by_category[category], key=lambda q: (_digest(q), q))
        first = 0 if len(halves["tune"]) <= len(halves["test"]) else 1
        for i, qid in enumerate(ordered):
            halves[HALVES[(first + i) % 2]].append(qid)
    return {h: sorted(ids) for h, ids in halves.items()}


def write_split(split: dict[str, list[str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(split, indent=1) + "\n", encoding="utf-8")


def load_split(path: Path) -> dict[str, list[str]]:
    """Read split.json; a clear error names the file when it is missing or malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValueError(f"split file not found: {path}") from exc
    if not all(isinstance(data.get(h), list) for h in HALVES):
        raise ValueError(f"{path}: expected lists 'tune' and 'test'")
    return {h: list(data[h]) for h in HALVES}
