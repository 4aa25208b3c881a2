"""``iconseek search --model DIR --vectors FILE.parquet`` end to end (issue 7, item 3).

Runs the CLI in a subprocess on the BYO fixture catalogue and checks that the
hybrid ranking equals the engine built directly with ByoVectorScorer, and that
a mismatched model/vectors pair fails with one line naming the parquet.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "fixtures" / "byo" / "corpus.jsonl"


@pytest.fixture(scope="module")
def fixture_dirs():
    for needed in ("torch", "transformers", "tokenizers"):
        pytest.importorskip(needed, reason=f"{needed} (test extra) is needed to generate the tiny CLIP fixture")
    spec = importlib.util.spec_from_file_location("make_tiny_clip", REPO / "tests" / "fixtures" / "byo" / "make_tiny_clip.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ensure_fixture()


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    root = tmp_path_factory.mktemp("byo-catalog")
    (root / "corpus.jsonl").write_bytes(CORPUS.read_bytes())
    return root


def search(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "py")}
    return subprocess.run([sys.executable, "-m", "iconseek", "search", *args], cwd=REPO, env=env,
                          capture_output=True, text=True)


def test_search_with_model_dir_and_parquet_matches_the_engine(fixture_dirs, catalog):
    from iconseek.byo.scorer import build_byo_scorer
    from iconseek.core.catalog_view import load_corpus
    from iconseek.core.engine import Engine
    from iconseek.core.lexical.indexer import build_index

    clip_dir, _ = fixture_dirs
    done = search("coffee cup", "--json", "--k", "10", "--catalog", str(catalog),
                  "--model", str(clip_dir / "model"), "--vectors", str(clip_dir / "vectors.parquet"))
    assert done.returncode == 0, done.stderr
    hits = [json.loads(line) for line in done.stdout.splitlines()]
    assert hits[0]["id"] == "tabler/coffee" and "t2i" in hits[0]["arm_scores"]  # t2i on by default

    docs = load_corpus(str(catalog))
    scorer = build_byo_scorer(clip_dir / "model", clip_dir / "vectors.parquet", [d.id for d in docs])
    engine = Engine.from_index(build_index(docs), semantic={"t2i": scorer})
    assert [h["id"] for h in hits] == [h.id for h in engine.search("coffee cup", k=10)]


def test_search_with_mismatched_pair_fails_naming_the_parquet(fixture_dirs, catalog):
    clip_dir, bert_dir = fixture_dirs
    done = search("cat", "--catalog", str(catalog), "--model", str(bert_dir),
                  "--vectors", str(clip_dir / "vectors.parquet"))
    assert done.returncode == 1
    assert "vectors.parquet: vectors have 48 dimensions but the text encoder" in done.stderr
    assert "Traceback" not in done.stderr
