"""Metric plumbing of the benchmark: slicing by band, latency stats, report tables."""

from __future__ import annotations

import math

import pytest

from iconseek.bench.dataset import DevQuery
from iconseek.bench.evaluate import percentile, summarise
from iconseek.bench.report import RESULTS_MARKER, band_table, main_table, write_markdown
from iconseek.bench.runners.base import RunResult, timed_run

QUERIES = [DevQuery("q1", "one", "c", "exact"), DevQuery("q2", "two", "c", "hard"), DevQuery("q3", "three", "c", "hard")]
QRELS = {"q1": {"a": 2}, "q2": {"b": 2, "c": 1}, "q3": {"z": 2}}


def _result():
    runs = {"q1": [("a", 3.0), ("x", 1.0)], "q2": [("x", 2.0), ("b", 1.0)], "q3": [("y", 1.0)]}
    return RunResult("sys", runs, {"q1": 1.0, "q2": 3.0, "q3": 2.0})


def test_summary_per_band_and_overall():
    s = summarise(_result(), QRELS, QUERIES)
    assert s["overall"].n == 3
    assert s["overall"].values["mrr@10"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert s["bands"]["exact"].values["mrr@10"] == 1.0
    assert s["bands"]["hard"].values["mrr@10"] == pytest.approx(0.25)
    assert s["bands"]["hard"].values["recall@10"] == pytest.approx((0.5 + 0) / 2)
    assert s["latency"] == {"median": 2.0, "p95": 3.0}


def test_missing_query_counts_as_zero():
    result = _result()
    del result.runs["q1"]
    assert summarise(result, QRELS, QUERIES)["bands"]["exact"].values["ndcg@10"] == 0.0


def test_percentile_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 50) == 3
    assert percentile(list(range(1, 101)), 95) == 95
    assert math.isnan(percentile([], 95))


def test_timed_run_times_each_query_and_truncates():
    calls = []

    def search(text, k):
        calls.append(text)
        return [(f"{text}-{i}", float(-i)) for i in range(20)]

    result = timed_run("s", search, QUERIES, 5)
    assert all(len(r) == 5 for r in result.runs.values())
    assert set(result.latency_ms) == {"q1", "q2", "q3"} and all(v >= 0 for v in result.latency_ms.values())
    assert calls.count("one") == 2  # warm-up then timed


def test_tables_mark_the_best_and_markdown_keeps_the_method(tmp_path):
    rows = [{"system": "s", "label": "S", "short": "S", "summary": {"test": summarise(_result(), QRELS, QUERIES)}},
            {"system": "t", "label": "T", "short": "T", "summary": {"test": summarise(RunResult("t", {}, {}), QRELS, QUERIES)}}]
    table = main_table(rows, "test")
    assert "| S | **0.500**" in table and "| T | 0.000" in table
    assert "exact (n=1)" in band_table(rows, "test", "ndcg@10")
    doc = tmp_path / "B.md"
    doc.write_text("# Method\nkeep me\n" + RESULTS_MARKER + "\nold figures\n")
    write_markdown(doc, "new figures")
    text = doc.read_text()
    assert "keep me" in text and "new figures" in text and "old figures" not in text
