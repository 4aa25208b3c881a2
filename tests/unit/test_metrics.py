"""Metrics by hand and against ranx on random runs."""

import math
import random

import pytest

from iconseek.eval.metrics import mean_metric, mrr_at_k, ndcg_at_k, per_query, recall_at_k
from iconseek.eval.metrics.ndcg import binary_ndcg_at_k


def test_by_hand():
    rel = {"a": 2, "b": 1, "c": 0, "d": 1}
    ranked = ["x", "b", "a", "y"]
    assert mrr_at_k(ranked, rel, 10) == 0.5
    assert mrr_at_k(ranked, rel, 1) == 0.0
    assert recall_at_k(ranked, rel, 2) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, rel, 10) == pytest.approx(2 / 3)
    dcg = 1 / math.log2(3) + 2 / math.log2(4)
    idcg = 2 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at_k(ranked, rel, 10) == pytest.approx(dcg / idcg)
    bdcg = 1 / math.log2(3) + 1 / math.log2(4)
    bidcg = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert binary_ndcg_at_k(ranked, rel, 10) == pytest.approx(bdcg / bidcg)
    assert ndcg_at_k(["a", "d", "b"], rel, 3) == pytest.approx(1.0)


def test_mean_skips_unjudged_and_counts_missing_answers_as_zero():
    qrels = {"q1": {"a": 1}, "q2": {"b": 1}, "q3": {"c": 0}}
    run = {"q1": ["a"]}
    assert per_query(mrr_at_k, run, qrels, 10) == {"q1": 1.0, "q2": 0.0}
    assert mean_metric(mrr_at_k, run, qrels, 10) == 0.5


def random_run_and_qrels(seed):
    rng = random.Random(seed)
    docs = [f"d{i}" for i in range(60)]
    qrels, run_scores = {}, {}
    for q in range(40):
        qid = f"q{q}"
        judged = rng.sample(docs, rng.randint(1, 15))
        qrels[qid] = {d: rng.choice([1, 1, 2, 3]) for d in judged}
        retrieved = rng.sample(docs, rng.randint(1, 55))
        scores = rng.sample(range(1, 10_000), len(retrieved))  # distinct: no tie-breaking questions
        run_scores[qid] = dict(zip(retrieved, (s / 100 for s in scores)))
    return qrels, run_scores


# ranx JIT-compiles its metrics with numba on first use: a minute or more on a busy machine.
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::Warning")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_against_ranx(seed):
    ranx = pytest.importorskip("ranx", reason="ranx (test dependency) is not installed")
    qrels, run_scores = random_run_and_qrels(seed)
    ranked = {q: sorted(s, key=lambda d: -s[d]) for q, s in run_scores.items()}
    theirs = ranx.evaluate(
        ranx.Qrels(qrels),
        ranx.Run(run_scores),
        ["mrr@10", "ndcg@10", "ndcg@5", "recall@10", "recall@50"],
        return_mean=False,
    )
    ours = {
        "mrr@10": per_query(mrr_at_k, ranked, qrels, 10),
        "ndcg@10": per_query(ndcg_at_k, ranked, qrels, 10),
        "ndcg@5": per_query(ndcg_at_k, ranked, qrels, 5),
        "recall@10": per_query(recall_at_k, ranked, qrels, 10),
        "recall@50": per_query(recall_at_k, ranked, qrels, 50),
    }
    qids = list(ranx.Qrels(qrels).keys())
    for metric, values in ours.items():
        for position, qid in enumerate(qids):
            assert values[qid] == pytest.approx(float(theirs[metric][position]), abs=1e-9), (metric, qid)
    # Binary nDCG = ranx's nDCG on judgements flattened to 1.
    flat = {q: {d: 1 for d, g in j.items() if g > 0} for q, j in qrels.items()}
    theirs_binary = ranx.evaluate(ranx.Qrels(flat), ranx.Run(run_scores), "ndcg@10", return_mean=False)
    ours_binary = per_query(binary_ndcg_at_k, ranked, qrels, 10)
    for position, qid in enumerate(list(ranx.Qrels(flat).keys())):
        assert ours_binary[qid] == pytest.approx(float(theirs_binary[position]), abs=1e-9), qid
