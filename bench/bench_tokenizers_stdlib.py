"""Benchmark: median microseconds per short query, iconseek's stdlib tokenizers.

    PYTHONPATH=py .venv/bin/python bench/bench_tokenizers_stdlib.py [--minilm PATH] [--clip PATH]

Prints cold (first encode of each query: empty word cache) and warm (repeated)
medians, and load time. A script, not a test: figures depend on the machine.
Stdlib only, so it runs in Pyodide too (``bench/bench_tokenizers_pyodide.mjs``);
``bench/bench_tokenizers.py`` adds the HF ``tokenizers`` (Rust) timings for
comparison in CPython. It lives here, not in ``iconseek.core``, so the browser
wheel carries only the query path.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "py"))

from iconseek.core.tokenizers import load_tokenizer  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "tokenizers"
QUERIES = [
    "home", "arrow left", "shopping cart", "user plus", "settings gear", "trash can", "bell notification",
    "magnifying glass", "calendar 2024", "github logo", "wi-fi off", "battery 50%", "play/pause",
    "dark mode 🌙", "café", "cloud rain", "thumbs up", "heart", "download file", "chevron down",
    "log out", "zoom-in", "folder open", "lock keyhole", "map pin", "camera off", "credit card",
    "日本語", "stop sign", "bar chart",
]


def _median_us(fn, texts, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        for t in texts:
            start = time.perf_counter_ns()
            fn(t)
            samples.append((time.perf_counter_ns() - start) / 1000)
    return statistics.median(samples)


def bench(name: str, path: Path) -> str:
    start = time.perf_counter()
    tok = load_tokenizer(path)
    load_ms = (time.perf_counter() - start) * 1000
    cold = _median_us(tok.encode, QUERIES, 1)
    warm = _median_us(tok.encode, QUERIES, 50)
    line = f"{name:7s} load {load_ms:7.1f} ms | stdlib cold {cold:6.1f} µs, warm {warm:6.1f} µs / query"
    print(line)
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="median µs per short query")
    parser.add_argument("--minilm", type=Path, default=FIXTURES / "minilm_tokenizer.json.gz")
    parser.add_argument("--clip", type=Path, default=FIXTURES / "clip_tokenizer.json.gz")
    args = parser.parse_args(argv)
    print(f"{len(QUERIES)} short icon queries")
    bench("minilm", args.minilm)
    bench("clip", args.clip)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
