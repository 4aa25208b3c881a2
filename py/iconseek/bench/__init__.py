"""Retrieval benchmark: dev queries, qrels expansion, peer runners, metrics, report.

Everything here is build/bench-time tooling (numpy, matplotlib, Node peers are
imported lazily inside the modules that need them); nothing under
``iconseek.core`` imports from this package.

The benchmark's inputs (``bench/``) and the report it rewrites
(``docs/BENCHMARKS.md``) belong to the repository, so their defaults below are
anchored to the checkout this package sits in, never to the working
directory: ``iconseek bench`` run from another folder reads the same dev set
and updates the same report. The names come from :mod:`iconseek.defaults`;
build outputs (``out/...``) stay relative to the working directory, as for
every other command.
"""

from __future__ import annotations

from pathlib import Path

from iconseek import defaults

# py/iconseek/bench/__init__.py -> the repository root.
REPO_ROOT = Path(__file__).resolve().parents[3]
BENCH_DIR = REPO_ROOT / defaults.BENCH_DIR
DEV_DIR = REPO_ROOT / defaults.DEV_BENCH_DIR  # BEIR queries + qrels + split.json
TUNED_PATH = REPO_ROOT / defaults.TUNED_FILE  # iconseek bench --tune
PEERS_SCRIPT = BENCH_DIR / "peers" / "run_peers.mjs"  # Fuse.js, MiniSearch, Orama under Node
NODE_MODULES = REPO_ROOT / "node_modules"  # the peers are npm devDependencies
REPORT_PATH = REPO_ROOT / "docs" / "BENCHMARKS.md"
PLOT_PATH = REPO_ROOT / "docs" / "img" / "benchmark.png"
