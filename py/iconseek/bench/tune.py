"""Tune BM25 k1/b and fusion weights on the *tune* half only.

Why a grid and not an optimiser: three arms, scale-invariant fusions (only
weight ratios matter, so the BM25 weight is fixed at 1) and ~140 queries — a
coarse grid is fast, and coarse steps are themselves a guard against fitting
noise in a small query set. The objective is mean nDCG@10 (graded judgments);
ties go to the grid point closest to equal weights, so a flat optimum does not
wander to an extreme.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from iconseek import defaults
from iconseek.bench.dataset import DevSet
from iconseek.bench.evaluate import ndcg10
from iconseek.bench.runners.iconseek_engine import EngineConfig, IconseekSuite
from iconseek.core.lexical.bm25 import BM25Params

K1_GRID = (0.1, 0.2, 0.3, 0.45, 0.6, 0.9, 1.2, 1.5, 2.0)
B_GRID = (0.5, 0.75, 0.9, 1.0)
WEIGHT_GRID = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)


@dataclass
class TuneOutcome:
    params: dict
    tune_ndcg10: float
    grid_size: int


def tune_bm25(suite: IconseekSuite, dev: DevSet, k1_grid=K1_GRID, b_grid=B_GRID) -> TuneOutcome:
    """Best (k1, b) for the lexical arm alone by tune-half nDCG@10 (field weights kept)."""
    queries = dev.subset("tune")
    ids = [q.id for q in queries]
    base = BM25Params()
    best = None
    for k1, b in itertools.product(k1_grid, b_grid):
        suite.set_bm25(replace(base, k1=k1, b=b))
        ranked = suite.run(EngineConfig("bm25", (defaults.LEXICAL_ARM,)), queries, 10).ranked_ids()
        score = ndcg10(ranked, dev.qrels, ids)
        closeness = abs(k1 - base.k1) + abs(b - base.b)
        if best is None or (score, -closeness) > (best[0], -best[1]):
            best = (score, closeness, k1, b)
    score, _, k1, b = best
    suite.set_bm25(replace(base, k1=k1, b=b))
    return TuneOutcome({"k1": k1, "b": b}, score, len(k1_grid) * len(b_grid))


def tune_fusion(suite: IconseekSuite, dev: DevSet, fusion: str, arms: Sequence[str], lists: dict,
                grid=WEIGHT_GRID) -> TuneOutcome:
    """Best semantic-arm weights (BM25 weight 1) for ``fusion`` by tune-half nDCG@10.

    ``lists`` are the arms' per-query lists on the tune half (``suite.arm_lists``).
    """
    queries = dev.subset("tune")
    ids = [q.id for q in queries]
    semantic = [a for a in arms if a != defaults.LEXICAL_ARM]
    best = None
    count = 0
    for combo in itertools.product(grid, repeat=len(semantic)):
        if not any(combo):
            continue  # all-zero semantic weights is the BM25 arm alone, reported separately
        weights = {defaults.LEXICAL_ARM: 1.0, **dict(zip(semantic, combo))}
        ranked = suite.refuse(lists, queries, arms, fusion, weights, 10)
        score = ndcg10(ranked, dev.qrels, ids)
        closeness = sum(abs(w - 1.0) for w in combo)
        count += 1
        if best is None or (score, -closeness) > (best[0], -best[1]):
            best = (score, closeness, weights)
    return TuneOutcome({"weights": best[2]}, best[0], count)


def save_tuned(path: Path, bm25: TuneOutcome, fusions: dict[str, TuneOutcome], extra: dict) -> None:
    """Write the chosen parameters where the engine (or its maintainer) can load them."""
    data = {
        "about": "Parameters chosen on the tune half of bench/dev (split.json) by `iconseek bench --tune`; "
                 "objective mean nDCG@10. Report figures on the test half only.",
        "bm25": {**bm25.params, "tune_ndcg@10": round(bm25.tune_ndcg10, 4), "grid_size": bm25.grid_size},
        "fusion": {name: {**o.params, "tune_ndcg@10": round(o.tune_ndcg10, 4), "grid_size": o.grid_size}
                   for name, o in fusions.items()},
        # The fusion to ship: the better one on the tune half (never the test half).
        "selected_fusion": max(fusions, key=lambda name: fusions[name].tune_ndcg10) if fusions else None,
        **extra,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def load_tuned(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"tuned parameters not found: {path} (run `iconseek bench --tune`)") from None
