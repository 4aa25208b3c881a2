"""Benchmark the lexical arm + fusion on a catalogue, in CPython and in Pyodide (Node).

Prints index size, index load time, and per-query latency (median, p95) for a
fixed, seeded mix of query kinds built from the catalogue itself:

* exact   — an icon name as written ("arrow-left")
* words   — an icon name as words, plus a tag ("arrow left back")
* prefix  — a name cut mid-word, as typed ("arrow le")
* typo    — a name word with one or two random edits ("arorw")

Each query also carries a precomputed 100-item "semantic" list (random cosines),
as the browser worker passes ORT-web results in, so fusion (DBSF) runs on two
lists. Cold = first time each query runs on a fresh engine (posting lists are
decoded lazily); warm = the fastest of the later runs of each query (this
machine is shared, so single timings include preemption; the minimum of
repeats is the usual way to remove it). The typo index is warmed before timing
and its build time reported separately.

    PYTHONPATH=py .venv/bin/python bench/bench_lexical.py [--catalog out/catalog] [--no-pyodide]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "py"))

from iconseek.core.catalog_view import load_corpus  # noqa: E402
from iconseek.core.engine import Engine  # noqa: E402
from iconseek.core.lexical.analysis import split_words  # noqa: E402
from iconseek.core.lexical.indexer import build_index  # noqa: E402
from iconseek.core.lexical.storage import loads_index, save_index  # noqa: E402

REPEAT = 4
NODE_SCRIPT = os.path.join(ROOT, "tests", "integration", "pyodide", "run_engine.mjs")


def make_queries(docs, n_per_kind: int, seed: int = 13) -> list[dict]:
    rng = random.Random(seed)
    picks = rng.sample(docs, min(len(docs), 4 * n_per_kind))
    queries = []
    for i, doc in enumerate(picks):
        words = split_words(doc.name) or ["icon"]
        kind = ("exact", "words", "prefix", "typo")[i % 4]
        if kind == "exact":
            text = doc.name
        elif kind == "words":
            text = " ".join(words + list(doc.tags[:1]))
        elif kind == "prefix":
            last = words[-1]
            text = " ".join(words[:-1] + [last[: max(2, len(last) // 2 + 1)]])
        else:
            word = max(words, key=len)
            chars = list(word)
            for _ in range(1 if len(word) < 8 else 2):
                pos = rng.randrange(len(chars))
                op = rng.choice("sdi") if len(chars) > 3 else "i"
                if op == "s":
                    chars[pos] = rng.choice("abcdefghijklmnopqrstuvwxyz")
                elif op == "d":
                    del chars[pos]
                else:
                    chars.insert(pos, rng.choice("abcdefghijklmnopqrstuvwxyz"))
            text = "".join(chars)
        semantic = [[d, round(rng.uniform(0.1, 0.6), 6)] for d in rng.sample(range(len(docs)), 100)]
        queries.append({"q": text, "kind": kind, "k": 10, "precomputed": {"t2i": semantic}})
    return queries


def summarise(times_ms: list[float]) -> str:
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms  (n={len(ordered)})"


def bench_cpython(index_path: str, queries: list[dict]) -> dict:
    with open(index_path, "rb") as handle:
        raw = handle.read()
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        index = loads_index(raw)
        loads.append((time.perf_counter() - start) * 1000)
    engine = Engine.from_index(index, semantic={"t2i": None})
    start = time.perf_counter()
    engine.arms["bm25"].warm()
    warm_fuzzy_ms = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(REPEAT):
        times = []
        for item in queries:
            start = time.perf_counter()
            engine.search(item["q"], k=item["k"], precomputed=item["precomputed"])
            times.append((time.perf_counter() - start) * 1000)
        runs.append(times)
    return {"load_ms": statistics.median(loads), "warm_fuzzy_ms": warm_fuzzy_ms} | split_runs(runs)


def split_runs(runs: list[list[float]]) -> dict:
    """First run = cold; per-query minimum over the others = warm."""
    return {"cold": runs[0], "warm": [min(times) for times in zip(*runs[1:])]}


def bench_pyodide(index_path: str, queries: list[dict]) -> dict | None:
    if not os.path.isdir(os.path.join(ROOT, "node_modules", "pyodide")):
        print("pyodide: node_modules/pyodide missing (npm install) — skipped")
        return None
    job = {
        "core_dir": os.path.join(ROOT, "py", "iconseek", "core"),
        "index": index_path,
        "queries": queries,
        "semantic_arms": ["t2i"],
        "repeat": REPEAT,
        "warm_fuzzy": True,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(job, handle)
    try:
        proc = subprocess.run(["node", NODE_SCRIPT, handle.name], capture_output=True, text=True, cwd=ROOT, check=False)
    finally:
        os.unlink(handle.name)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        raise SystemExit("pyodide run failed")
    result = json.loads(proc.stdout)
    n = len(queries)
    runs = [result["query_ms"][i * n : (i + 1) * n] for i in range(REPEAT)]
    return result | split_runs(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default=os.path.join(ROOT, "out", "catalog"))
    parser.add_argument("--queries-per-kind", type=int, default=100)
    parser.add_argument("--no-pyodide", action="store_true")
    args = parser.parse_args()

    docs = load_corpus(args.catalog)
    start = time.perf_counter()
    index = build_index(docs)
    build_s = time.perf_counter() - start
    work = tempfile.mkdtemp(prefix="iconseek-bench-")
    index_path = os.path.join(work, "lexical-index.json")
    save_index(index, index_path)
    save_index(index, index_path + ".gz")
    queries = make_queries(docs, args.queries_per_kind)
    print(f"catalogue {args.catalog}: {len(docs)} icons, {len(index.vocabulary)} terms, build {build_s:.2f} s")
    print(
        f"index: {os.path.getsize(index_path) / 1e6:.2f} MB JSON, "
        f"{os.path.getsize(index_path + '.gz') / 1e6:.2f} MB gzip"
    )
    print(f"queries: {len(queries)} ({args.queries_per_kind} each of exact, words, prefix, typo), k=10, DBSF over bm25 + 100 precomputed")

    cp = bench_cpython(index_path, queries)
    print(f"\nCPython {sys.version.split()[0]}: index load {cp['load_ms']:.1f} ms, typo index build {cp['warm_fuzzy_ms']:.0f} ms")
    print(f"  cold  {summarise(cp['cold'])}")
    print(f"  warm  {summarise(cp['warm'])}")
    for kind in ("exact", "words", "prefix", "typo"):
        times = [t for t, q in zip(cp["warm"], queries) if q["kind"] == kind]
        print(f"  warm {kind:6s} {summarise(times)}")

    if not args.no_pyodide:
        py = bench_pyodide(index_path, queries)
        if py:
            print(
                f"\nPyodide (Node, Python {py['python'].split()[0]}): boot {py['load_ms']:.0f} ms, "
                f"index load {py['index_load_ms']:.1f} ms, typo index build {py['warm_fuzzy_ms']:.0f} ms"
            )
            print(f"  cold  {summarise(py['cold'])}")
            print(f"  warm  {summarise(py['warm'])}")
            # Same ranking in both interpreters?
            engine = Engine.from_index(loads_index(open(index_path, "rb").read()), semantic={"t2i": None})
            same = all(
                [h["id"] for h in hits] == [h.id for h in engine.search(q["q"], k=q["k"], precomputed=q["precomputed"])]
                for q, hits in zip(queries, py["results"])
            )
            print(f"  top-10 ids identical to CPython for all {len(queries)} queries: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
