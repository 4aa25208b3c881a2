"""Tune/test split: deterministic, stratified, balanced, order-independent."""

from __future__ import annotations

import random
from collections import Counter

from iconseek.bench.split import load_split, split_queries, write_split


def _items():
    return [(f"{cat}-{i:02d}", cat) for cat, n in (("a", 7), ("b", 4), ("c", 5), ("d", 1)) for i in range(n)]


def test_split_is_independent_of_input_order():
    items = _items()
    shuffled = items[:]
    random.Random(3).shuffle(shuffled)
    assert split_queries(items) == split_queries(shuffled)


def test_every_category_is_split_evenly_and_halves_balance():
    split = split_queries(_items())
    assert set(split["tune"]).isdisjoint(split["test"])
    assert len(split["tune"]) + len(split["test"]) == 17
    assert abs(len(split["tune"]) - len(split["test"])) <= 1
    for cat, n in (("a", 7), ("b", 4), ("c", 5)):
        per_half = Counter(q.split("-")[0] for q in split["tune"])[cat]
        assert per_half in (n // 2, n - n // 2)


def test_adding_a_query_only_moves_queries_of_its_category_or_later():
    before = split_queries(_items())
    after = split_queries(_items() + [("b-99", "b")])
    for half in ("tune", "test"):
        assert [q for q in before[half] if q.startswith("a-")] == [q for q in after[half] if q.startswith("a-")]


def test_round_trip(tmp_path):
    split = split_queries(_items())
    write_split(split, tmp_path / "split.json")
    assert load_split(tmp_path / "split.json") == split
