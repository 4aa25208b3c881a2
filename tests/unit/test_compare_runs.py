"""bench/compare_runs.py: two TREC runs over a BEIR folder, per band, with significance."""

import json


def _beir(tmp_path):
    (tmp_path / "qrels").mkdir(parents=True)
    queries = [{"_id": f"q{i}", "text": f"query {i}", "difficulty": "hard" if i % 2 else "exact"} for i in range(6)]
    (tmp_path / "queries.jsonl").write_text("".join(json.dumps(q) + "\n" for q in queries))
    lines = ["query-id\tcorpus-id\tscore"] + [f"q{i}\td{i}\t2" for i in range(6)]
    (tmp_path / "qrels" / "test.tsv").write_text("\n".join(lines) + "\n")
    return tmp_path


def _run(path, first_for):
    """Each query ranks its relevant doc d<i> first when ``first_for(i)``, else second."""
    lines = []
    for i in range(6):
        docs = [f"d{i}", "x"] if first_for(i) else ["x", f"d{i}"]
        lines += [f"q{i} Q0 {doc} {rank + 1} {10 - rank} t" for rank, doc in enumerate(docs)]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def test_rows_give_means_difference_and_p_per_band(tmp_path, bench_script):
    beir = _beir(tmp_path / "beir")
    a = _run(tmp_path / "a.trec", lambda i: False)  # every relevant doc at rank 2
    b = _run(tmp_path / "b.trec", lambda i: i % 2 == 1)  # hard queries move it to rank 1
    rows = {(metric, band): r for metric, band, r in bench_script("compare_runs").rows(str(beir), a, b, "test", trials=2000)}
    overall = rows[("MRR@10", "all")]
    assert (overall.queries, overall.mean_a, overall.mean_b) == (6, 0.5, 0.75)
    assert rows[("MRR@10", "exact")].difference == 0.0 and rows[("MRR@10", "exact")].p_value == 1.0
    hard = rows[("MRR@10", "hard")]
    assert hard.difference == 0.5 and hard.p_value < 0.3  # 3 queries: the smallest possible p is 1/4
    assert ("nDCG@10", "hard") in rows
