"""What the relevance floor keeps: judged-relevant icons kept, matches shown, queries refused.

    PYTHONPATH=py .venv/bin/python bench/bench_relevance_floor.py [--ratios 0.1 0.2 0.3]

For each half (tune, holdout) of bench/dev and bench/describe, over the shipped
engine (bm25 + t2t + t2i, out/catalog, models/, out/vectors): every query's full
ranking (``Engine.search``, k=400) against what a person is shown
(``Engine.search_page`` with the floor at each ratio), reporting

  * no match: real queries the no-match rule refused (should be 0);
  * kept: the share of judged-relevant icons in the ranking that are shown;
  * kept in 60: the same for those ranked in the first 60 (one page);
  * median total: the match count the page would print; median candidates:
    the ranking's length without the floor.

The ratio was chosen on the tune halves; docs/BENCHMARKS.md has the figures.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))


def judged(set_dir: Path, half: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    queries = {}
    for line in (set_dir / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            queries[row["_id"]] = row["text"]
    relevant: dict[str, set[str]] = collections.defaultdict(set)
    for line in (set_dir / "qrels" / f"{half}.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        query_id, icon_id, grade = line.split("\t")
        if int(grade) > 0:
            relevant[query_id].add(icon_id)
    return queries, relevant


def measure(engine, half: str) -> dict:
    kept = seen = kept60 = seen60 = refused = 0
    totals, candidates = [], []
    for name in ("dev", "describe"):
        queries, relevant = judged(REPO / "bench" / name, half)
        for query_id, wanted in relevant.items():
            text = queries[query_id]
            ranking = [hit.id for hit in engine.search(text, k=400)]
            page = engine.search_page(text, k=400)
            shown = {hit.id for hit in page.hits}
            refused += not page.understood
            totals.append(page.total)
            candidates.append(len(ranking))
            for position, icon in enumerate(ranking):
                if icon in wanted:
                    seen += 1
                    kept += icon in shown
                    if position < 60:
                        seen60 += 1
                        kept60 += icon in shown
    return {"queries": len(totals), "no_match": refused, "kept": round(kept / seen, 4),
            "kept_in_60": round(kept60 / seen60, 4), "median_total": statistics.median(totals),
            "median_candidates": statistics.median(candidates)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ratios", type=float, nargs="+", default=[0.2])
    args = parser.parse_args()

    from iconseek.engine_factory import build_engine

    engine = build_engine(str(REPO / "out" / "catalog"), ("bm25", "t2t", "t2i"), str(REPO / "models"),
                          str(REPO / "out" / "vectors"))
    for ratio in args.ratios:
        engine.floor_ratio = ratio
        for half in ("tune", "holdout"):
            print(json.dumps({"ratio": ratio, "half": half, **measure(engine, half)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
