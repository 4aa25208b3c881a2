"""The search, index and eval commands end to end on the fixture catalogue."""

import json
from pathlib import Path

from iconseek.cli import main

FIXTURE = Path(__file__).parents[1] / "fixtures" / "engine"


def test_search_prints_ranked_hits(capsys):
    assert main(["search", "home", "--catalog", str(FIXTURE), "--k", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all("/home" in line for line in lines)


def test_search_json_and_library(capsys):
    assert main(["search", "trash", "--catalog", str(FIXTURE), "--json", "--library", "tabler"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert hits[0]["id"] == "tabler/trash" and set(hits[0]) == {"id", "score", "rank", "arm_scores", "doc_index"}
    assert all(h["id"].startswith("tabler/") for h in hits)


def test_missing_catalogue_says_how_to_build_it(tmp_path, capsys):
    assert main(["search", "home", "--catalog", str(tmp_path / "nope")]) == 1
    err = capsys.readouterr().err
    assert "no catalogue" in err and "iconseek catalog build --out" in err


def test_unknown_or_unavailable_arms_fail_clearly(capsys):
    assert main(["search", "home", "--catalog", str(FIXTURE), "--arms", "bogus"]) == 1
    assert "unknown arms" in capsys.readouterr().err


def test_index_build_then_search_uses_it(tmp_path, capsys):
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "corpus.jsonl").write_text((FIXTURE / "corpus.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["index", "build", str(catalog), "--weights", "name=5,tags=1"]) == 0
    assert (catalog / "lexical-index.json").is_file()
    assert "indexed 102 icons" in capsys.readouterr().out
    out = tmp_path / "ix.json.gz"
    assert main(["index", "build", str(catalog), "--out", str(out)]) == 0 and out.is_file()
    assert main(["search", "gear", "--catalog", str(catalog), "--k", "1"]) == 0
    assert "fontawesome/gear" in capsys.readouterr().out


def test_eval_prints_metrics_by_group_and_writes_a_run(tmp_path, capsys):
    run_file = tmp_path / "run.txt"
    code = main(["eval", str(FIXTURE / "beir"), "--catalog", str(FIXTURE), "--run-out", str(run_file)])
    assert code == 0
    out = capsys.readouterr().out
    assert "MRR@10" in out and "nDCG@10" in out and "R@50" in out
    assert "category=typo" in out and "difficulty=hard" in out
    rows = run_file.read_text().splitlines()
    assert rows[0].split()[:4] == ["q1", "Q0", rows[0].split()[2], "1"]
    assert {r.split()[0] for r in rows} <= {"q1", "q2", "q3", "q4", "q5", "q6"}


def test_eval_json_summary(capsys):
    assert main(["eval", str(FIXTURE / "beir"), "--catalog", str(FIXTURE), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["overall"]["n"] == 6
    assert summary["category"]["exact"]["MRR@10"] == 1.0


def test_eval_uses_a_plain_beir_corpus_in_the_folder(tmp_path, capsys):
    (tmp_path / "corpus.jsonl").write_text(
        '{"_id": "d1", "title": "Sunny day", "text": "sun weather bright"}\n'
        '{"_id": "d2", "title": "Rain", "text": "cloud umbrella weather"}\n'
        '{"_id": "d3", "title": "Cart", "text": "shopping basket"}\n'
    )
    (tmp_path / "queries.jsonl").write_text('{"_id": "q1", "text": "umbrella"}\n{"_id": "q2", "text": "sunny"}\n')
    (tmp_path / "qrels").mkdir()
    (tmp_path / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td2\t1\nq2\td1\t1\n")
    assert main(["eval", str(tmp_path), "--json", "--fusion", "rrf"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["overall"]["n"] == 2 and summary["overall"]["MRR@10"] == 1.0


def test_default_arms_follow_what_embed_wrote(tmp_path):
    """Semantic arms are on by default exactly when their vector files exist."""
    from iconseek.commands.search import default_arms

    assert default_arms("models", tmp_path) == ["bm25"]
    for arm in ("t2i", "t2t"):
        (tmp_path / f"{arm}.f16").write_bytes(b"")
        (tmp_path / f"{arm}.json").write_text("{}")
    assert default_arms("models", tmp_path) == ["bm25", "t2i", "t2t"] or default_arms("models", tmp_path) == ["bm25", "t2t", "t2i"]
    assert default_arms("models", tmp_path / "mine.parquet") == ["bm25", "t2i"]
    assert default_arms(tmp_path / "no-model", tmp_path) == ["bm25"]
