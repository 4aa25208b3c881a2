import math
from pathlib import Path

import pytest

from iconseek.eval.beir import load_corpus_ids, load_qrels, load_queries
from iconseek.eval.trec import format_run, read_run, write_run

BEIR = Path(__file__).parents[1] / "fixtures" / "engine" / "beir"


def test_queries_merge_metadata_object_and_top_level_fields():
    queries = {q.id: q for q in load_queries(str(BEIR))}
    assert queries["q1"].text == "home"
    assert queries["q1"].metadata == {"category": "exact", "difficulty": "easy"}
    assert queries["q2"].metadata == {"category": "describe", "difficulty": "easy"}  # top-level fields
    assert queries["q7"].metadata == {}


def test_qrels_skip_the_header():
    qrels = load_qrels(str(BEIR))
    assert qrels["q1"]["lucide/home"] == 2 and qrels["q1"]["phosphor/house"] == 1
    assert "query-id" not in qrels


def test_bad_files_are_named(tmp_path):
    (tmp_path / "queries.jsonl").write_text('{"_id": "a", "text": "ok"}\n{"_id": "b"}\n')
    with pytest.raises(ValueError, match=r"queries.jsonl:2"):
        load_queries(str(tmp_path))
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\na\tx\tmany\n")
    with pytest.raises(ValueError, match=r"test.tsv:2"):
        load_qrels(str(tmp_path))
    (tmp_path / "corpus.jsonl").write_text('{"_id": "x"}\n{"title": "no id"}\n')
    with pytest.raises(ValueError, match=r"corpus.jsonl:2"):
        load_corpus_ids(str(tmp_path))


def test_trec_run_round_trip_keeps_engine_order(tmp_path):
    # Second list is tiered: a lower score ranked above a higher one, plus a tie.
    run = {"q1": [("lib/a", 2.5), ("lib/b", 1.25)], "q2": [("lib/c", 0.3), ("lib/d", 0.9), ("lib/e", 0.9)]}
    text = format_run(run, tag="bm25")
    assert text.splitlines()[0] == "q1 Q0 lib/a 1 2.5 bm25"
    path = tmp_path / "run.txt"
    write_run(str(path), run, tag="bm25")
    back = read_run(str(path))
    assert [d for d, _ in back["q2"]] == ["lib/c", "lib/d", "lib/e"]
    scores = [s for _, s in back["q2"]]
    assert scores[0] == 0.3 and scores[0] > scores[1] > scores[2]  # strictly decreasing
    assert math.isclose(scores[1], 0.3, rel_tol=1e-15)
    assert back["q1"] == run["q1"]


def test_trec_rejects_whitespace_in_ids_and_tags():
    with pytest.raises(ValueError):
        format_run({"q 1": [("d", 1.0)]})
    with pytest.raises(ValueError):
        format_run({"q": [("d", 1.0)]}, tag="two words")
