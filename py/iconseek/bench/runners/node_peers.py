"""Fuse.js, MiniSearch and Orama, run by Node from the project's devDependencies.

``bench/peers/run_peers.mjs`` indexes the catalogue and answers the queries in
one Node process per system; this wrapper invokes it and reads the results.
Their runs do not depend on anything iconseek tunes, so results are cached
under ``out/cache/bench/`` keyed by the corpus, queries and script contents.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from iconseek.bench import NODE_MODULES, PEERS_SCRIPT
from iconseek.bench.dataset import DevQuery
from iconseek.bench.runners.base import RunResult

NODE_SYSTEMS = ("fuse", "minisearch", "orama")
LABELS = {"fuse": "Fuse.js (lucide.dev config)", "minisearch": "MiniSearch (BM25+, prefix, fuzzy)", "orama": "Orama (BM25, tolerance 1)"}


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


class NodePeerRunner:
    """One JavaScript peer; ``run`` shells out to Node (or reuses a cached result)."""

    def __init__(self, system: str, corpus: Path, queries_file: Path, cache_dir: Path, node: str = "node") -> None:
        if system not in NODE_SYSTEMS:
            raise ValueError(f"unknown Node peer {system!r}; known: {NODE_SYSTEMS}")
        self.name = system
        self.corpus = Path(corpus)
        self.queries_file = Path(queries_file)
        self.cache_dir = Path(cache_dir)
        self.node = node

    def _result_path(self) -> Path:
        key = _digest(self.corpus, self.queries_file, PEERS_SCRIPT)
        return self.cache_dir / f"node-{key}" / f"{self.name}.json"

    def run(self, queries: Sequence[DevQuery], k: int) -> RunResult:
        path = self._result_path()
        if not path.is_file():
            if shutil.which(self.node) is None:
                raise RuntimeError(f"{self.node!r} not found: the JS peers need Node.js (see README set-up)")
            if not (NODE_MODULES / "fuse.js").is_dir():
                raise RuntimeError(f"{NODE_MODULES} has no fuse.js: run `npm ci` there (the peers are devDependencies)")
            cmd = [self.node, str(PEERS_SCRIPT), "--corpus", str(self.corpus), "--queries", str(self.queries_file),
                   "--out", str(path.parent), "--systems", self.name, "--k", str(max(k, 100))]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr.strip()}")
        data = json.loads(path.read_text(encoding="utf-8"))
        wanted = {q.id for q in queries}
        runs = {qid: [(d, float(s)) for d, s in hits[:k]] for qid, hits in data["runs"].items() if qid in wanted}
        latency = {qid: float(ms) for qid, ms in data["latency_ms"].items() if qid in wanted}
        return RunResult(self.name, runs, latency, {"config": data["config"], "index_ms": data["index_ms"],
                                                    "label": LABELS[self.name], "runtime": "node"})
