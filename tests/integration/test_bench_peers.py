"""The Node peers (Fuse.js, MiniSearch, Orama) answer through the shared runner interface."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iconseek.bench.dataset import DevQuery
from iconseek.bench.runners.node_peers import NODE_SYSTEMS, NodePeerRunner

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "bench"

pytestmark = pytest.mark.integration


@pytest.mark.skipif(shutil.which("node") is None or not (ROOT / "node_modules" / "fuse.js").is_dir(),
                    reason="Node.js or node_modules (npm ci) not installed")
@pytest.mark.parametrize("system", NODE_SYSTEMS)
def test_peer_ranks_the_obvious_icon_first(system, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the runner finds bench/peers/run_peers.mjs and node_modules from any folder
    queries = [DevQuery("q-trash", "trash", "editing", "exact"), DevQuery("q-lock", "lock", "security", "exact")]
    runner = NodePeerRunner(system, FIXTURES / "corpus.jsonl", FIXTURES / "queries.jsonl", tmp_path)
    result = runner.run(queries, 5)
    assert set(result.runs) == {"q-trash", "q-lock"} and set(result.latency_ms) == {"q-trash", "q-lock"}
    # The fixture's Carbon icon carries "lock" as an alias, which Fuse weighs heavily: top 2, not 1.
    assert "tabler/lock" in [doc for doc, _ in result.runs["q-lock"][:2]]
    assert result.runs["q-trash"] and all("trash" in doc.lower() or "delete" in doc.lower() or "bin" in doc.lower()
                                          for doc, _ in result.runs["q-trash"][:2])
    scores = [s for _, s in result.runs["q-trash"]]
    assert scores == sorted(scores, reverse=True)
