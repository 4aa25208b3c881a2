"""The site benchmark's own logic: --throttle parsing, the throttle check, the asset table, summaries."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from bench_site import cold_summary, spread  # noqa: E402
from site_probe import Throttle, asset_table, memory_breakdown, parse_throttle, throttle_check  # noqa: E402


def test_parse_throttle_reads_mbps_and_rtt():
    throttle = parse_throttle("50,40")
    assert throttle == Throttle(50.0, 40.0)
    assert throttle.conditions() == {"offline": False, "latency": 40.0,
                                     "downloadThroughput": 6_250_000.0, "uploadThroughput": 6_250_000.0}


@pytest.mark.parametrize("text", ["50", "50,40,1", "fast,40", "0,40", "50,-1", ""])
def test_parse_throttle_refuses_bad_values_naming_them(text):
    with pytest.raises(ValueError, match="--throttle"):
        parse_throttle(text)


def entry(encoded: int, start: float, response: float, end: float, transfer: int | None = None) -> dict:
    return {"url": "u", "encoded": encoded, "decoded": encoded, "start": start, "response": response, "end": end,
            "transfer": encoded + 300 if transfer is None else transfer}


def test_throttle_check_passes_a_throttled_worker_download():
    # 1 MB body over 200 ms = 40 Mbit/s under a 50 Mbit/s limit; every request >= 40 ms
    agents = {"page": [entry(2000, 0, 1, 45)], "worker ort-worker.js": [entry(1_000_000, 10, 55, 255)],
              "service worker": [entry(500, 300, 301, 302)]}
    report = throttle_check(agents, Throttle(50, 40))
    assert report["worker ort-worker.js"]["max_body_mbps"] == 40.0
    assert report["service worker"]["min_request_ms"] == 2  # reported, not judged
    assert report["verified"] is True


def test_throttle_check_fails_a_worker_faster_than_the_limit_or_the_round_trip():
    fast_body = {"page": [entry(2000, 0, 1, 45)], "worker w.js": [entry(1_000_000, 0, 40, 45)]}
    assert throttle_check(fast_body, Throttle(50, 40))["verified"] is False
    quick = {"page": [entry(2000, 0, 1, 3), entry(2000, 0, 1, 4)], "worker w.js": [entry(1_000_000, 0, 40, 300)]}
    assert throttle_check(quick, Throttle(50, 40))["verified"] is False
    one_stray = {"page": [entry(2000, 0, 1, 45)],
                 "worker w.js": [entry(1_000_000, 0, 40, 300), entry(3000, 0, 1, 5), entry(900, 0, 1, 50)]}
    report = throttle_check(one_stray, Throttle(50, 40))
    assert report["verified"] is True and report["worker w.js"]["min_request_ms"] == 5


def test_throttle_check_needs_a_big_worker_download_and_ignores_cached_entries():
    page_only = {"page": [entry(1_000_000, 0, 40, 300)], "worker w.js": [entry(1_000_000, 0, 0, 1, transfer=0)]}
    report = throttle_check(page_only, Throttle(50, 40))
    assert report["worker w.js"]["from_network"] == 0 and report["verified"] is False
    assert "verified" not in throttle_check(page_only, None)


def test_asset_table_groups_hashed_names_and_reads_decoded_sizes(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "encoder.0123456789ab.onnx").write_bytes(b"x" * 1000)
    (tmp_path / "index.html").write_bytes(b"<html>")
    served = [("/data/encoder.0123456789ab.onnx", "encoder.0123456789ab.onnx.zst", 400),
              ("/", "index.html.zst", 5), ("/", "index.html.zst", 5)]
    rows = asset_table(served, tmp_path)
    assert rows == [{"url": "/data/encoder.*.onnx", "requests": 1, "encoded": 400, "decoded": 1000},
                    {"url": "/", "requests": 2, "encoded": 10, "decoded": 12}]


def test_memory_breakdown_sums_per_agent():
    answer = {"bytes": 3_000_000, "took_ms": 12.0, "breakdown": [
        {"bytes": 2_000_000, "attribution": [{"url": "http://h/ort-worker.js", "scope": "DedicatedWorkerGlobalScope"}]},
        {"bytes": 600_000, "attribution": [{"url": "http://h/", "scope": "Window"}]},
        {"bytes": 400_000, "attribution": []}]}
    assert memory_breakdown(answer) == {"total_mb": 3.0, "took_ms": 12, "agents_mb": {
        "DedicatedWorkerGlobalScope ort-worker.js": 2.0, "Window /": 0.6, "shared / unattributed": 0.4}}
    assert memory_breakdown({"error": "skipped"}) == {"error": "skipped"}


def test_spread_and_cold_summary_report_medians_ranges_and_unmeasured_runs():
    assert spread([3.0, 1.0, None, 2.0], 3) == {"median": 2.0, "min": 1.0, "max": 3.0, "runs": [3.0, 1.0, None, 2.0]}
    assert spread([None])["median"] is None
    run = {"wire_bytes": 44_000_000, "server_bytes": 44_100_000, "tLexical": 6000.0, "tSemantic": 8000.0,
           "tOffline": 15000.0, "repeat_tLexical": 2000.0, "repeat_tSemantic": 2200.0, "repeat_server_bytes": 9000,
           "memory": {"error": "skipped"}, "agents": {"verified": True},
           "firstQueries": [{"total": t, "roundtrip": t + 1, "mode": "hybrid"} for t in (30.0, 10.0, 20.0)]}
    summary = cold_summary([run, {**run, "tSemantic": 9000.0}])
    assert summary["hybrid_ms"]["median"] == 8500.0 and summary["hybrid_ms"]["min"] == 8000.0
    assert summary["first_queries_p50_ms"]["median"] == 20.0
    assert summary["first_queries_pooled"] == {"p50": 20.0, "p95": 30.0, "n": 6, "not_hybrid": 0}
    assert summary["memory_mb"]["median"] is None and summary["throttle_verified"] == [True, True]
