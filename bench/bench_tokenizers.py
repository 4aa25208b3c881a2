"""Stdlib tokenizers vs HF ``tokenizers`` (Rust): median µs per short icon query.

    PYTHONPATH=py .venv/bin/python bench/bench_tokenizers.py
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "py"))

from tokenizers import Tokenizer as HFTokenizer  # noqa: E402

# The stdlib half (the script next to this one; its folder is sys.path[0]).
from bench_tokenizers_stdlib import FIXTURES, QUERIES, _median_us, bench  # noqa: E402


def main() -> int:
    print(f"{len(QUERIES)} short icon queries")
    for name in ("minilm", "clip"):
        path = FIXTURES / f"{name}_tokenizer.json.gz"
        bench(name, path)
        hf = HFTokenizer.from_str(gzip.decompress(path.read_bytes()).decode("utf-8"))
        hf.no_padding()
        print(f"{name:7s} HF tokenizers {_median_us(hf.encode, QUERIES, 50):6.1f} µs / query")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
