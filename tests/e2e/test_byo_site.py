"""Acceptance for bring-your-own models in the browser (issue 7).

A site built with ``iconseek site build --model DIR --vectors FILE.parquet`` from
the tiny CLIP fixture (tests/fixtures/byo/make_tiny_clip.py) must load, feed 77-token CLIP
inputs, and return the same top-10 as CPython for 20 queries.

The model used is the fixture's ``model-static77`` variant (tokenizer files
shaped like OpenAI's CLIP repositories): its graph only accepts sequences of exactly 77 tokens, so a worker that does not pad to the
context cannot produce a single semantic result — the ready state and the t2i
scores below would fail. CPython ranks with the same engine (bm25 + t2i, DBSF)
over the same catalogue, with :class:`iconseek.byo.scorer.ByoVectorScorer`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PageLog, open_site

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "fixtures" / "byo" / "corpus.jsonl"
QUERIES = [
    "arrow left", "go back", "house", "home", "delete", "trash bin", "search", "magnifier",
    "settings gear", "user profile", "love", "favourite star", "photo camera", "schedule",
    "rainy weather", "password lock", "send email", "bicycle", "coffee cup",
    "a very long query " * 12,  # > 77 tokens: cut to the context, EOS kept, in both
]
ABSENT = {"phosphor/moon", "tabler/bike"}  # icons left out of the parquet on purpose


def _maker():
    spec = importlib.util.spec_from_file_location("make_tiny_clip", REPO / "tests" / "fixtures" / "byo" / "make_tiny_clip.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def byo_inputs(tmp_path_factory):
    """(catalogue dir, model dir, parquet): the fixture's 40 icons with placeholder SVGs."""
    for needed in ("torch", "transformers", "tokenizers"):
        pytest.importorskip(needed, reason=f"{needed} (test extra) is needed to generate the tiny CLIP fixture")
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    clip_dir, _ = _maker().ensure_fixture()
    root = tmp_path_factory.mktemp("byo")
    catalog = root / "catalog"
    catalog.mkdir()
    (catalog / "corpus.jsonl").write_bytes(CORPUS.read_bytes())
    for line in CORPUS.read_text().splitlines():
        record = json.loads(line)
        svg = catalog / record["svg"]
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9"/></svg>')
    table = pq.read_table(clip_dir / "vectors.parquet")
    keep = pc.invert(pc.is_in(table.column("id"), value_set=pa.array(sorted(ABSENT))))
    parquet = root / "icons.parquet"
    pq.write_table(table.filter(keep), parquet)
    return catalog, clip_dir / "model-static77", parquet


@pytest.fixture(scope="module")
def byo_site(byo_inputs, tmp_path_factory):
    catalog, model, parquet = byo_inputs
    out = tmp_path_factory.mktemp("byo-site") / "site"
    env = {**os.environ, "PYTHONPATH": str(REPO / "py")}
    done = subprocess.run(
        [sys.executable, "-m", "iconseek", "site", "build", "--out", str(out), "--catalog", str(catalog),
         "--model", str(model), "--vectors", str(parquet),
         # fp16 storage: scores equal CPython's to float precision, so the top-10 comparison
         # tests the BYO path; the lossy int8 storage has its own tests in the site's suite.
         "--vector-storage", "fp16"],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 0, f"site build with --vectors FILE.parquet failed:\n{done.stdout}\n{done.stderr}"
    assert "38/40 catalogue icons matched" in done.stdout, done.stdout
    return out


@pytest.fixture(scope="module")
def cpython_engine(byo_inputs):
    from iconseek.byo.scorer import build_byo_scorer
    from iconseek.core.catalog_view import load_corpus
    from iconseek.core.engine import Engine
    from iconseek.core.lexical.indexer import build_index
    from iconseek.engine_factory import encoder_word_check

    catalog, model, parquet = byo_inputs
    docs = load_corpus(str(catalog))
    scorer = build_byo_scorer(model, parquet, [d.id for d in docs])
    engine = Engine.from_index(build_index(docs), semantic={"t2i": scorer})
    # as `iconseek search` builds it: the CLIP tokenizer tells English words from typos
    engine.is_word = encoder_word_check(str(model), str(parquet))
    return engine


@pytest.fixture(scope="module")
def byo_page(browser, byo_site):
    from iconseek.site.server import serve_in_thread

    server, url = serve_in_thread(byo_site, isolation=True)
    context = browser.new_context()
    log = PageLog(context)
    page, state = open_site(context, url)
    yield page, state, log
    context.close()
    server.shutdown()
    server.server_close()


def test_manifest_declares_clip_feeding(byo_site):
    manifest = json.loads((byo_site / "manifest.json").read_text())
    encoder = manifest["encoder"]
    assert (encoder["pad_to"], encoder["pad_id"], encoder["output"], encoder["pooling"]) == (77, 49407, "text_embeds", "none")
    assert manifest["scorer"]["arms"] == ["t2i"] and manifest["scorer"]["dim"] == 48


def test_site_is_ready_for_hybrid_search(byo_page):
    _, state, log = byo_page
    assert state["lexical"] and state["semantic"], state
    assert state["error"] is None and not log.errors, log.errors


def test_same_top10_as_cpython_for_20_queries(byo_page, cpython_engine):
    page, _, _ = byo_page
    mismatches = []
    worst = 0.0
    for query in QUERIES:
        reply = page.evaluate("([q, k]) => window.iconseek.search(q, k)", [query, 10])
        assert reply["mode"] == "hybrid"
        browser_ids = [hit["id"] for hit in reply["hits"]]
        expected = cpython_engine.search(query, k=10)
        if browser_ids != [hit.id for hit in expected]:
            mismatches.append((query, browser_ids, [hit.id for hit in expected]))
        # The semantic arm's scores are cosines in both (normalised query, same vectors).
        cpython_t2i = {hit.id: hit.arm_scores.get("t2i") for hit in expected}
        for hit in reply["hits"]:
            if hit["id"] in cpython_t2i and cpython_t2i[hit["id"]] is not None:
                worst = max(worst, abs(hit["arm_scores"]["t2i"] - cpython_t2i[hit["id"]]))
        assert not ABSENT & {h["id"] for h in reply["hits"] if "t2i" in h["arm_scores"]}, reply["hits"]
    print(f"\nbrowser vs CPython: {len(QUERIES) - len(mismatches)}/{len(QUERIES)} identical top-10, "
          f"max |t2i score difference| {worst:.5f}")
    assert not mismatches, mismatches
    assert worst < 0.01
