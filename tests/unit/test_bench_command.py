"""`iconseek bench` end to end on the 10-icon fixture with the systems that need no model."""

from __future__ import annotations

import json
from pathlib import Path

from iconseek.bench.devset import build
from iconseek.bench.report import RESULTS_MARKER
from iconseek.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bench"


def test_bench_command_writes_report_plot_and_json(tmp_path, capsys):
    dev = tmp_path / "dev"
    build(FIXTURES / "queries.src.json", FIXTURES / "corpus.jsonl", dev)
    tuned = tmp_path / "tuned.json"
    tuned.write_text(json.dumps({"bm25": {"k1": 0.9, "b": 0.75}, "fusion": {}}))
    doc = tmp_path / "B.md"
    doc.write_text("# Method\n")
    rc = main(["bench", "--catalog", str(FIXTURES), "--dev", str(dev), "--systems", "bm25s,is-bm25",
               "--tuned", str(tuned), "--out", str(doc), "--plot", str(tmp_path / "b.png"),
               "--json", str(tmp_path / "r.json"), "--cache", str(tmp_path / "cache")])
    assert rc == 0
    text = doc.read_text()
    assert text.startswith("# Method") and RESULTS_MARKER in text
    assert "iconseek BM25F arm" in text and "bm25s (Python BM25)" in text
    assert (tmp_path / "b.png").read_bytes()[:4] == b"\x89PNG"
    results = json.loads((tmp_path / "r.json").read_text())
    assert [s["system"] for s in results["systems"]] == ["bm25s", "is-bm25"]
    assert 0.0 <= results["systems"][1]["all"]["overall"]["mrr@10"] <= 1.0


def test_unknown_system_is_a_clear_error(capsys):
    assert main(["bench", "--systems", "google"]) == 1
    assert "unknown system 'google'" in capsys.readouterr().err


def test_repository_paths_do_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    """bench/dev, tuned.json, the peers script and the report are the checkout's, from any folder."""
    import argparse

    from iconseek import bench
    from iconseek.bench.dataset import load_devset
    from iconseek.bench.orchestrate import BenchOptions
    from iconseek.commands import bench as command

    repo = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(tmp_path)
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args([])
    options = BenchOptions()
    assert args.dev == options.dev == repo / "bench" / "dev"
    assert args.tuned == options.tuned == repo / "bench" / "tuned.json"
    assert args.out == options.out == repo / "docs" / "BENCHMARKS.md"
    assert args.plot == options.plot == repo / "docs" / "img" / "benchmark.png"
    assert bench.PEERS_SCRIPT.is_file() and bench.TUNED_PATH.is_file()
    assert len(load_devset().queries) > 100  # the committed dev set, read from tmp_path
