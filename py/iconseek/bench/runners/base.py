"""The runner interface shared by every system in the benchmark."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from iconseek.bench.dataset import DevQuery

Ranked = list[tuple[str, float]]  # (icon id, score), best first


@dataclass
class RunResult:
    """One system's answers: ranked ids per query and the time each query took."""

    system: str
    runs: dict[str, Ranked]
    latency_ms: dict[str, float]
    notes: dict = field(default_factory=dict)

    def ranked_ids(self) -> dict[str, list[str]]:
        return {qid: [doc for doc, _ in ranked] for qid, ranked in self.runs.items()}


class Runner(Protocol):
    name: str

    def run(self, queries: Sequence[DevQuery], k: int) -> RunResult: ...


WARMUP_QUERIES = 10


def timed_run(name: str, search: Callable[[str, int], Ranked], queries: Sequence[DevQuery], k: int,
              notes: dict | None = None) -> RunResult:
    """Run ``search`` on every query, timing each call with ``perf_counter``.

    The first few queries are run once untimed first, so one-off costs (lazy
    imports, caches, session warm-up) are not charged to the first query.
    """
    for q in queries[:WARMUP_QUERIES]:
        search(q.text, k)
    runs: dict[str, Ranked] = {}
    latency: dict[str, float] = {}
    for q in queries:
        start = time.perf_counter()
        ranked = search(q.text, k)
        latency[q.id] = (time.perf_counter() - start) * 1000.0
        runs[q.id] = list(ranked)[:k]
    return RunResult(name, runs, latency, dict(notes or {}))
