"""`iconseek bench` with the semantic systems: the bundled text encoder, the shipped default.

Vectors are random (the 10-icon fixture has no rasters), so the figures mean nothing; what
is tested is that every iconseek system that reads a model builds its engine and answers,
as `iconseek search` would (the meaning text's word check included).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="build extra (numpy) not installed")
pytest.importorskip("onnxruntime", reason="build extra (onnxruntime) not installed")

from iconseek.bench.devset import build  # noqa: E402
from iconseek.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "bench"
pytestmark = pytest.mark.integration


def _random_vectors(folder: Path, ids: list[str]) -> None:
    folder.mkdir()
    digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()
    rng = np.random.default_rng(7)
    for arm in ("t2i", "t2t"):
        matrix = rng.standard_normal((384, len(ids))).astype("<f2")
        matrix.tofile(folder / f"{arm}.f16")
        (folder / f"{arm}.json").write_text(json.dumps({
            "dim": 384, "count": len(ids), "dtype": "float16", "layout": "DxN", "ids_sha256": digest,
            "sha256": hashlib.sha256(matrix.tobytes()).hexdigest()}))


def test_semantic_systems_and_the_shipped_default_run(tmp_path):
    ids = [json.loads(line)["_id"] for line in (FIXTURES / "corpus.jsonl").read_text().splitlines() if line]
    _random_vectors(tmp_path / "vectors", ids)
    dev = tmp_path / "dev"
    build(FIXTURES / "queries.src.json", FIXTURES / "corpus.jsonl", dev)
    tuned = tmp_path / "tuned.json"
    equal = {"weights": {"bm25": 1.0, "t2t": 1.0, "t2i": 1.0}}
    tuned.write_text(json.dumps({"bm25": {"k1": 0.9, "b": 0.75}, "fusion": {"dbsf": equal, "rrf": equal}}))
    doc = tmp_path / "B.md"
    doc.write_text("# Method\n")
    systems = ["is-t2t", "is-dbsf", "is-shipped"]
    rc = main(["bench", "--catalog", str(FIXTURES), "--dev", str(dev), "--systems", ",".join(systems),
               "--models", str(ROOT / "models"), "--vectors", str(tmp_path / "vectors"), "--tuned", str(tuned),
               "--out", str(doc), "--plot", str(tmp_path / "b.png"), "--json", str(tmp_path / "r.json"),
               "--cache", str(tmp_path / "cache")])
    assert rc == 0
    results = json.loads((tmp_path / "r.json").read_text())
    assert [s["system"] for s in results["systems"]] == systems
    for system in results["systems"]:
        assert 0.0 <= system["all"]["overall"]["mrr@10"] <= 1.0
