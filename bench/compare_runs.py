"""Two ranked runs over one query set: is B's difference from A more than chance?

    PYTHONPATH=py .venv/bin/python -m iconseek eval bench/dev --split tune --run-out /tmp/a.trec
    PYTHONPATH=py .venv/bin/python -m iconseek eval bench/dev --split tune --vectors OTHER --run-out /tmp/b.trec
    PYTHONPATH=py .venv/bin/python bench/compare_runs.py bench/dev /tmp/a.trec /tmp/b.trec --split tune

Prints, for MRR@10 and nDCG@10, overall and per difficulty band: both means, the
difference, its 95 % bootstrap interval and the two-sided paired randomization
test's p-value (iconseek.eval.significance). Every judged query of the split
counts; a query a run did not answer scores 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "py"))

from iconseek.eval.beir import load_qrels, load_queries  # noqa: E402
from iconseek.eval.metrics import mrr_at_k, ndcg_at_k, per_query  # noqa: E402
from iconseek.eval.significance import compare  # noqa: E402
from iconseek.eval.trec import read_run  # noqa: E402

METRICS = {"MRR@10": mrr_at_k, "nDCG@10": ndcg_at_k}


def rows(beir_dir: str, run_a: str, run_b: str, split: str, trials: int) -> list[tuple]:
    qrels = load_qrels(beir_dir, split)
    band_of = {q.id: q.metadata.get("difficulty", "?") for q in load_queries(beir_dir)}
    runs = [{qid: [doc for doc, _ in hits] for qid, hits in read_run(path).items()} for path in (run_a, run_b)]
    out = []
    for name, metric in METRICS.items():
        a, b = (per_query(metric, run, qrels, 10) for run in runs)
        for band in ["all", *sorted({band_of.get(q, "?") for q in a})]:
            keep = [q for q in a if band == "all" or band_of.get(q, "?") == band]
            result = compare({q: a[q] for q in keep}, {q: b[q] for q in keep}, trials=trials)
            out.append((name, band, result))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("beir_dir")
    ap.add_argument("run_a", help="TREC run of the reference system (iconseek eval --run-out)")
    ap.add_argument("run_b", help="TREC run of the system compared with it")
    ap.add_argument("--split", default="test", help="qrels split (tune, holdout, test = all)")
    ap.add_argument("--trials", type=int, default=10000)
    args = ap.parse_args(argv)
    print(f"{'metric':8s} {'band':12s} {'n':>4s} {'A':>7s} {'B':>7s} {'B-A':>7s}  {'95% interval':>17s}  p")
    for name, band, r in rows(args.beir_dir, args.run_a, args.run_b, args.split, args.trials):
        print(f"{name:8s} {band:12s} {r.queries:4d} {r.mean_a:7.4f} {r.mean_b:7.4f} {r.difference:+7.4f}"
              f"  [{r.low:+.4f}, {r.high:+.4f}]  {r.p_value:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
