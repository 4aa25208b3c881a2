"""The browser's model path computes what CPython computes.

The site ships the encoder fused at build time (loaded with onnxruntime-web's
optimisation disabled, its feed-forward weights rebuilt in JavaScript from
6-bit grid codes) and the icon vectors as packed 4-bit levels (unpacked by a
helper worker). Here the per-arm scores the page reports for its hits are
recomputed in CPython from the *unfused* model folder (with the same build-time
coarser token-embedding grid, encoder_shrink.py, and feed-forward weights on
the same grid, encoder_grid.py) and the same 4-bit levels: any slip in fusion,
rebuilding the weights, unpacking or pooling shows up as a score mismatch.
"""

from __future__ import annotations

import json

import pytest

np = pytest.importorskip("numpy", reason="build extra (numpy) not installed")
pytest.importorskip("onnxruntime", reason="build extra (onnxruntime) not installed")

from .conftest import REPO, shipped_encoder_graph  # noqa: E402

TOLERANCE = 2e-3
PHRASES = ["throw it away", "arrow pointing left", "send an email", "calendar", "dark mode toggle"]


@pytest.fixture(scope="module")
def cpython_scores(site_dir):
    """(phrase, arm, icon index) -> score, computed from models/ and the site's vectors file."""
    from iconseek.models.runtime import resolve_query_model_dir
    from iconseek.site.assemble import encoder_config
    from iconseek.site.encoder_preopt import encoder_feeds
    from iconseek.site.scoring_graph import unpack_vectors
    from iconseek.core.tokenizers import load_tokenizer
    import onnxruntime as ort

    manifest = json.loads((site_dir / "manifest.json").read_text())
    graph, tokenizer_path, info = encoder_config(resolve_query_model_dir(REPO / "models"))
    tokenizer = load_tokenizer(str(tokenizer_path))
    # the graph the site build fuses: the token-embedding table on its coarser grid
    # (encoder_shrink.py), the FFN weights on the 6-bit grid (encoder_grid.py), unfused
    assert manifest["encoder"]["shrunk_tables"], "the bundled encoder's token-embedding table should be shrunk"
    assert len(manifest["encoder"]["grid_weights"]) == 3, "the bundled encoder's FFN weights should be on the grid"
    session = ort.InferenceSession(shipped_encoder_graph(manifest, graph), providers=["CPUExecutionProvider"])
    scorer = manifest["scorer"]
    blob = (site_dir / manifest["assets"]["vectors"]["url"]).read_bytes()
    # each arm in the query's dimensions: the 4-bit levels, times the arm's projection if it has one
    matrices = unpack_vectors(blob, scorer)

    def score(phrase: str, arm: str, index: int) -> float:
        ids = list(tokenizer.encode(phrase).ids)
        vector = session.run([info["output"]], encoder_feeds(session, ids, info))[0].reshape(-1)
        vector = vector / np.linalg.norm(vector)
        return float(vector @ matrices[arm][:, index])

    return manifest, score


def test_site_ships_the_build_time_fused_encoder(cpython_scores):
    manifest, _ = cpython_scores
    encoder = manifest["encoder"]
    assert encoder["preoptimized"] is True
    assert encoder["weights_format"] == "sections-v1" and len(encoder["external"]) == 3
    assert {e["format"] for e in encoder["external"]} == {"block-grid"}
    assert "encoder_weights" in manifest["assets"]


def test_site_ships_projected_vectors(cpython_scores):
    """The default build projects each arm to fewer dimensions (vector_projection.py), so
    the parity below covers the browser's query projection and its unpacking."""
    manifest, _ = cpython_scores
    for arm, info in manifest["scorer"]["vectors"]["arms"].items():
        assert info["dims"] < manifest["scorer"]["dim"] and "projection_offset" in info, arm


def test_semantic_scores_match_cpython(live, cpython_scores):
    page, _, _ = live
    _, score = cpython_scores
    compared, worst = 0, 0.0
    for phrase in PHRASES:
        reply = page.evaluate("([q]) => window.iconseek.search(q, 10)", [phrase])
        for hit in reply["hits"]:
            for arm, value in hit["arm_scores"].items():
                if arm == "bm25":
                    continue
                expected = score(phrase, arm, hit["doc_index"])
                worst = max(worst, abs(value - expected))
                compared += 1
    assert compared >= 30, compared
    # INT8 activations are re-quantized per call, so wasm and x86 kernels that
    # round a value differently move a score a little (measured: worst 1.1e-3 of
    # 82). Comparing with the graph *before* float16 slimming already misses by
    # 5.5e-3; a wrong weight, byte order or layout misses by far more.
    print(f"compared {compared} scores, worst difference {worst:.2e}")
    assert worst < TOLERANCE, worst
