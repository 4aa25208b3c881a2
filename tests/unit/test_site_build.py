"""Site assembly pieces: wheel, scoring graph, bundles, manifest, server, browser glue.

Fast and browser-free; the browser itself is exercised in tests/e2e.
"""

from __future__ import annotations

import gzip
import os
import json
import urllib.request
import zipfile
from pathlib import Path

import pytest

from iconseek.site import bundle, manifest
from iconseek.site.wheel import browser_sources, build_wheel

REPO = Path(__file__).resolve().parents[2]

ICONS = [
    ("lucide", "trash", "Trash", ["delete", "garbage", "bin"]),
    ("lucide", "house", "House", ["home", "building"]),
    ("tabler", "calendar", "Calendar", ["date", "month", "schedule"]),
    ("tabler", "home", "Home", ["house", "dashboard"]),
    ("material", "delete", "Delete", ["trash", "remove"]),
]


def make_catalog(root: Path) -> Path:
    lines = []
    for library, name, title, tags in ICONS:
        svg = f"svg/{library}/{name}.svg"
        (root / "svg" / library).mkdir(parents=True, exist_ok=True)
        (root / svg).write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><title>{name}</title></svg>\n')
        record = {"_id": f"{library}/{name}", "title": title, "text": " ".join(tags), "library": library,
                  "name": name, "tags": tags, "aliases": [], "categories": [], "licence": "MIT", "svg": svg}
        lines.append(json.dumps(record, separators=(",", ":")))
    (root / "corpus.jsonl").write_text("\n".join(sorted(lines)) + "\n")
    return root


def test_wheel_is_reproducible_and_holds_only_the_browser_path(tmp_path):
    first = build_wheel(REPO / "py", tmp_path / "a", "0.1.0").read_bytes()
    second = build_wheel(REPO / "py", tmp_path / "b", "0.1.0").read_bytes()
    assert first == second
    names = zipfile.ZipFile(tmp_path / "a" / "iconseek-0.1.0-py3-none-any.whl").namelist()
    assert "iconseek/core/engine.py" in names and "iconseek/site/browser.py" in names
    assert not any(n.startswith(("iconseek/catalog/", "iconseek/models/", "iconseek/commands/")) for n in names)
    assert "iconseek/site/assemble.py" not in names
    assert "iconseek-0.1.0.dist-info/RECORD" in names
    assert set(browser_sources(REPO / "py")) <= set(names)


def test_browser_module_imports_only_stdlib_and_core():
    source = (REPO / "py/iconseek/site/browser.py").read_text()
    imports = [line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))]
    allowed = {"__future__", "json", "typing"}
    assert all(m in allowed or m.startswith("iconseek.core") for m in imports), imports


@pytest.mark.parametrize("storage,bits", [("fp16", 16), ("int8", 8), ("int8", 6)])
def test_scoring_graph_matches_numpy_and_applies_library_bias(storage, bits):
    np = pytest.importorskip("numpy")
    ort = pytest.importorskip("onnxruntime")
    from iconseek.site.scoring_graph import FILTERED_OUT, build_scoring_model

    rng = np.random.default_rng(0)
    dim, count = 16, 50
    vectors = {arm: rng.standard_normal((dim, count)).astype(np.float32) for arm in ("t2i", "t2t")}
    for m in vectors.values():
        m /= np.linalg.norm(m, axis=0, keepdims=True)
    model = build_scoring_model({a: m.astype(np.float16) for a, m in vectors.items()}, storage=storage, bits=min(bits, 8))
    session = ort.InferenceSession(model.SerializeToString())
    query = rng.standard_normal((1, dim)).astype(np.float32)
    bias = np.zeros((1, count), np.float32)
    bias[0, ::2] = FILTERED_OUT  # keep odd rows only
    out = session.run(None, {"t2i_query": query, "t2t_query": query, "bias": bias, "k": np.array([5], np.int64)})
    named = dict(zip([o.name for o in session.get_outputs()], out))
    tolerance = {16: 1e-2, 8: 2e-2, 6: 8e-2}[bits]
    for arm, matrix in vectors.items():
        exact = (query @ matrix)[0]
        indices = named[f"{arm}_indices"][0]
        assert all(i % 2 == 1 for i in indices)
        np.testing.assert_allclose(named[f"{arm}_scores"][0], exact[indices], atol=tolerance)
        best_odd = sorted(range(1, count, 2), key=lambda i: -exact[i])[0]
        assert best_odd in indices


@pytest.mark.parametrize("dim,count,bits", [(16, 50, 4), (17, 51, 4), (8, 9, 3)])
def test_int4_vectors_unpack_to_the_int8_levels_and_score_as_external_data(dim, count, bits):
    np = pytest.importorskip("numpy")
    ort = pytest.importorskip("onnxruntime")
    from iconseek.site.scoring_graph import (FILTERED_OUT, build_scoring_model, external_name, pack_vectors,
                                             quantize_columns, unpack_int4)

    rng = np.random.default_rng(1)
    vectors = {arm: rng.standard_normal((dim, count)).astype(np.float32) for arm in ("t2i", "t2t")}
    blob, layout = pack_vectors(vectors, bits)
    assert layout["format"] == "int4-columns" and layout["bits"] == bits
    names, values = [], []
    for arm, matrix in vectors.items():
        info = layout["arms"][arm]
        assert info["scale_offset"] % 4 == 0 and info["offset"] % 4 == 0
        own = blob[info["offset"]:info["offset"] + info["bytes"]]
        unpacked = unpack_int4(own, dim, count, info["scale_offset"] - info["offset"])
        q, scale = quantize_columns(matrix, bits)
        np.testing.assert_array_equal(unpacked, q.astype(np.float32) * scale)  # exactly the int8 levels
        names.append(f"{arm}_f32")
        values.append(ort.OrtValue.ortvalue_from_numpy(np.ascontiguousarray(unpacked)))
    model = build_scoring_model(vectors, storage="int4", bits=bits)
    assert len(model.SerializeToString()) < 4096  # the graph carries no vector bytes
    locations = {t.name: {e.key: e.value for e in t.external_data}["location"] for t in model.graph.initializer}
    assert locations == {f"{arm}_f32": external_name(arm) for arm in vectors}
    options = ort.SessionOptions()
    options.add_external_initializers(names, values)
    session = ort.InferenceSession(model.SerializeToString(), options)
    query = rng.standard_normal((1, dim)).astype(np.float32)
    bias = np.zeros((1, count), np.float32)
    bias[0, :3] = FILTERED_OUT
    out = dict(zip([o.name for o in session.get_outputs()],
                   session.run(None, {"t2i_query": query, "t2t_query": query, "bias": bias, "k": np.array([4], np.int64)})))
    for arm, value in zip(vectors, values):
        exact = (query @ value.numpy())[0]
        assert set(out[f"{arm}_indices"][0]) == set(np.argsort(-(exact + bias[0]))[:4])
        np.testing.assert_allclose(out[f"{arm}_scores"][0], np.sort(exact + bias[0])[::-1][:4], rtol=1e-5)


def test_int4_storage_refuses_more_than_four_bits():
    np = pytest.importorskip("numpy")
    from iconseek.site.scoring_graph import pack_int4

    with pytest.raises(ValueError, match="2..4 bits"):
        pack_int4(np.ones((4, 4), np.float32), bits=6)


def test_meta_and_svg_bundles_follow_corpus_order(tmp_path):
    catalog = bundle.read_corpus(make_catalog(tmp_path))
    meta = bundle.build_meta(catalog)
    assert meta["ids"] == sorted(f"{lib}/{name}" for lib, name, _, _ in ICONS)
    slugs = [lib["slug"] for lib in meta["libraries"]]
    assert [slugs[i] for i in meta["library_index"]] == [i.split("/")[0] for i in meta["ids"]]
    svgs = bundle.build_svg_bundles(catalog, tmp_path)
    assert set(svgs) == {"lucide", "tabler", "material"}
    assert svgs["tabler"]["tabler/calendar"].startswith("<svg")


def test_missing_svg_is_reported_with_its_path(tmp_path):
    make_catalog(tmp_path)
    (tmp_path / "svg/lucide/trash.svg").unlink()
    with pytest.raises(FileNotFoundError, match="svg/lucide/trash.svg"):
        bundle.build_svg_bundles(bundle.read_corpus(tmp_path), tmp_path)


def test_hashed_names_and_gzip_siblings(tmp_path):
    assert manifest.hashed_name("meta", b"abc", ".json") == manifest.hashed_name("meta", b"abc", ".json")
    assert manifest.hashed_name("meta", b"abc", ".json") != manifest.hashed_name("meta", b"abd", ".json")
    big = tmp_path / "big.json"
    big.write_text(json.dumps(["icon"] * 5000))
    size = manifest.write_gzip_sibling(big)
    assert size and gzip.decompress((tmp_path / "big.json.gz").read_bytes()) == big.read_bytes()
    noise = tmp_path / "noise.bin"
    noise.write_bytes(__import__("os").urandom(8192))
    assert manifest.write_gzip_sibling(noise) is None  # incompressible: no sibling


def test_zstd_sibling_round_trips_and_skips_incompressible_files(tmp_path):
    zstandard = pytest.importorskip("zstandard", reason="zstandard is part of the build extra")
    big = tmp_path / "big.json"
    big.write_text(json.dumps(["icon"] * 5000))
    size = manifest.write_zstd_sibling(big, level=3)
    packed = (tmp_path / "big.json.zst").read_bytes()
    assert size == len(packed) < big.stat().st_size
    assert zstandard.ZstdDecompressor().decompress(packed) == big.read_bytes()
    noise = tmp_path / "noise.bin"
    noise.write_bytes(__import__("os").urandom(8192))
    assert manifest.write_zstd_sibling(noise) is None


def test_browser_search_fuses_precomputed_scores(tmp_path):
    from iconseek.core.catalog_view import load_corpus
    from iconseek.core.lexical.indexer import build_index
    from iconseek.core.lexical.storage import save_index
    from iconseek.site.browser import BrowserSearch

    make_catalog(tmp_path)
    save_index(build_index(load_corpus(str(tmp_path))), str(tmp_path / "lexical.json"))
    search = BrowserSearch(lexical_path=str(tmp_path / "lexical.json"), arms=["t2i"])
    ids = bundle.build_meta(bundle.read_corpus(tmp_path))["ids"]
    delete = ids.index("material/delete")
    # semantic scores put material/delete first, lexical knows "garbage" only from lucide/trash
    reply = json.loads(search.search_json("garbage", 3, None, [delete, 0], [0.9, 0.1]))
    found = [hit["id"] for hit in reply["hits"]]
    assert set(found[:2]) == {"lucide/trash", "material/delete"}
    top = reply["hits"][0]
    assert {"id", "score", "rank", "arm_scores", "doc_index", "library"} <= set(top)
    assert ids[top["doc_index"]] == top["id"]
    # library filter, and filtered-out semantic entries (bias -1e4) are dropped
    reply = json.loads(search.search_json("garbage", 3, "material", [delete, 0], [0.9, -1e4]))
    assert [hit["id"] for hit in reply["hits"]] == ["material/delete"]
    # lexical only: no semantic arrays
    reply = json.loads(search.search_json("calendar", 3, None, None, None))
    assert reply["hits"][0]["id"] == "tabler/calendar"
    with pytest.raises(ValueError, match="unknown library"):
        search.search("home", 3, "nope")


def test_warm_up_in_slices_builds_the_typo_index_and_changes_no_result(tmp_path):
    from iconseek.core.catalog_view import load_corpus
    from iconseek.core.lexical.indexer import build_index
    from iconseek.core.lexical.storage import save_index
    from iconseek.site import browser
    from iconseek.site.browser import BrowserSearch

    make_catalog(tmp_path)
    save_index(build_index(load_corpus(str(tmp_path))), str(tmp_path / "lexical.json"))
    cold = BrowserSearch(lexical_path=str(tmp_path / "lexical.json"))
    sliced = BrowserSearch(lexical_path=str(tmp_path / "lexical.json"))
    index = sliced.engine.arms["bm25"].index
    original_step = browser.WARM_UP_TERMS_PER_STEP
    browser.WARM_UP_TERMS_PER_STEP = 1  # one term per step, and no time budget: one step per call
    try:
        calls = 1
        while not sliced.warm_up_slice(0):
            calls += 1
            assert index._deletion_index is None  # unfinished: nothing installed yet
    finally:
        browser.WARM_UP_TERMS_PER_STEP = original_step
    assert calls > 1 and index._deletion_index is not None
    for query in ("calender", "garbge", "home", "dashbord"):  # typos use the index
        assert sliced.search_json(query, 5, None) == cold.search_json(query, 5, None)


def test_preload_builds_the_searcher_the_worker_would_build(tmp_path):
    from iconseek.core.catalog_view import load_corpus
    from iconseek.core.lexical.indexer import build_index
    from iconseek.core.lexical.storage import save_index
    from iconseek.site import browser

    make_catalog(tmp_path)
    save_index(build_index(load_corpus(str(tmp_path))), str(tmp_path / "lexical.json"))
    config = {"lexical_path": str(tmp_path / "lexical.json"), "arms": ["t2i"], "fusion": "dbsf",
              "weights_json": None, "tokenizer_path": str(tmp_path / "absent-tokenizer.json")}
    browser._PRELOADED = None
    with pytest.raises(RuntimeError, match="no preloaded searcher"):
        browser.preloaded()
    try:
        browser.preload(json.dumps(config))
        preloaded = browser.preloaded()
        direct = browser.BrowserSearch(**config)
        assert preloaded.count == direct.count == len(ICONS)
        assert preloaded._tokenizer is None  # no tokenizer file: left for the worker to provide
        for query in ("garbage", "calendar", "home"):
            assert preloaded.search_json(query, 5, None) == direct.search_json(query, 5, None)
    finally:
        browser._PRELOADED = None


def test_server_sends_isolation_headers_mime_types_and_gzip(tmp_path):
    from iconseek.site.server import serve_in_thread

    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "m.mjs").write_text("export const x = 1;\n" * 200)
    manifest.write_gzip_sibling(tmp_path / "m.mjs")
    (tmp_path / "a.wasm").write_bytes(b"\0asm" + bytes(100))
    server, url = serve_in_thread(tmp_path)
    plain, plain_url = serve_in_thread(tmp_path, isolation=False)
    try:
        with urllib.request.urlopen(url) as response:
            assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
            assert response.headers["Cross-Origin-Embedder-Policy"] == "require-corp"
            assert response.headers["Content-Type"].startswith("text/html")
        request = urllib.request.Request(url + "m.mjs", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Type"].startswith("text/javascript")
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()) == (tmp_path / "m.mjs").read_bytes()
        with urllib.request.urlopen(url + "a.wasm") as response:
            assert response.headers["Content-Type"] == "application/wasm"
        with urllib.request.urlopen(plain_url) as response:
            assert "Cross-Origin-Embedder-Policy" not in response.headers
        assert server.stats.bytes > 0
    finally:
        server.shutdown()
        plain.shutdown()


def test_server_refuses_a_folder_without_a_site(tmp_path):
    from iconseek.site.server import make_server

    with pytest.raises(FileNotFoundError, match="iconseek site build"):
        make_server(tmp_path, port=0)


def test_server_prefers_zstd_then_brotli_then_gzip(tmp_path):
    from iconseek.site.server import serve_in_thread

    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "a.json").write_text("[1]")
    (tmp_path / "a.json.zst").write_bytes(b"ZST")
    (tmp_path / "a.json.br").write_bytes(b"BR")
    (tmp_path / "a.json.gz").write_bytes(gzip.compress(b"[1]"))
    server, url = serve_in_thread(tmp_path)
    try:
        request = urllib.request.Request(url + "a.json", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "zstd" and response.read() == b"ZST"
        request = urllib.request.Request(url + "a.json", headers={"Accept-Encoding": "gzip, deflate, br"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "br" and response.read() == b"BR"
        request = urllib.request.Request(url + "a.json", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
    finally:
        server.shutdown()


def test_site_is_stale_until_built_and_again_when_an_input_changes(tmp_path):
    import os

    from iconseek.site.assemble import SiteOptions, site_is_stale

    catalog = make_catalog(tmp_path / "catalog")
    web = tmp_path / "web"
    web.mkdir()
    (web / "app.js").write_text("// page")
    src = tmp_path / "src"
    (src / "iconseek" / "core").mkdir(parents=True)
    (src / "iconseek" / "site").mkdir(parents=True)
    options = SiteOptions(out=tmp_path / "site", catalog=catalog, vectors=None, model=None, web=web, src=src)
    assert "not been built" in site_is_stale(options)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "manifest.json").write_text("{}")
    assert site_is_stale(options) is None
    later = (tmp_path / "site" / "manifest.json").stat().st_mtime + 10
    os.utime(web / "app.js", (later, later))
    assert "older than its inputs" in site_is_stale(options)


# ---------------------------------------------------------------- encoder slimming (encoder_slim.py)
def test_fp16_weights_keeps_a_float_graph_within_cosine_0_9999(tiny_float_graph):
    from iconseek.site.encoder_slim import MIN_COSINE, fp16_weights, slim_encoder

    path = tiny_float_graph
    model, converted = fp16_weights(path.read_bytes(), min_elements=65_536)
    assert converted == ["weight"]  # the 64x50 table and the bias stay float32
    assert model.graph.node[0].op_type == "Cast" and model.graph.node[0].output == ["weight"]
    result = slim_encoder(path, [[1, 2, 3], [4, 5, 6, 7, 8], [9]])
    assert result.converted == ["weight"]
    assert result.min_cosine >= MIN_COSINE
    assert result.saved_bytes >= 64 * 1024 * 2 - 200  # half of the weight's float32 bytes, minus the Cast node


def test_bundled_encoder_slims_without_moving_away_from_float32_minilm():
    """The three float32 FFN weights of the bundled INT8 MiniLM go to float16 and the
    embeddings stay as close to float32 MiniLM as the original graph's (see encoder_slim.py
    for why cosine to the INT8 original is the wrong yardstick)."""
    from iconseek.site.assemble import SLIM_CHECK_PHRASES, encoder_config
    from iconseek.site.encoder_slim import check_slim, fp16_weights, sentence_embeddings
    from iconseek.core.tokenizers import load_tokenizer

    graph, tokenizer_path, _ = encoder_config(REPO / "models" / "minilm-l6-int8")
    reference_path = graph.with_name("model.onnx")
    if not reference_path.is_file():
        pytest.skip(f"{reference_path} (float32 reference) is not present in this checkout")
    tokenizer = load_tokenizer(str(tokenizer_path))
    ids = [list(tokenizer.encode(p).ids) for p in SLIM_CHECK_PHRASES[:12]]
    original = graph.read_bytes()
    model, converted = fp16_weights(original)
    assert len(converted) == 3
    slim = model.SerializeToString()
    assert len(original) - len(slim) > 3_400_000
    passed, _, text = check_slim(original, slim, ids, reference_path.read_bytes())
    assert passed, text
    reference = sentence_embeddings(reference_path.read_bytes(), ids)
    after = (sentence_embeddings(slim, ids) * reference).sum(axis=1)
    before = (sentence_embeddings(original, ids) * reference).sum(axis=1)
    assert after.mean() >= before.mean() - 0.001 and after.min() > 0.98


def test_bundled_encoder_slims_without_the_float32_reference():
    """A fresh checkout has no float32 export: the check falls back to the converted
    layers' own outputs (cosine >= 0.9999 to float32) plus an end-to-end noise floor."""
    from iconseek.core.tokenizers import load_tokenizer
    from iconseek.site.assemble import SLIM_CHECK_PHRASES, encoder_config
    from iconseek.site.encoder_slim import MIN_COSINE, NOISE_FLOOR, layer_cosine, slim_encoder

    graph, tokenizer_path, _ = encoder_config(REPO / "models" / "minilm-l6-int8")
    tokenizer = load_tokenizer(str(tokenizer_path))
    ids = [list(tokenizer.encode(p).ids) for p in SLIM_CHECK_PHRASES[:8]]
    result = slim_encoder(graph, ids, reference_path=None)
    assert len(result.converted) == 3, result.check
    assert result.min_cosine >= NOISE_FLOOR
    assert layer_cosine(graph.read_bytes(), result.converted) >= MIN_COSINE


def test_byo_parquet_sites_store_vectors_exactly_by_default():
    """A parquet of your own vectors defaults to fp16 storage; our own to int8 levels."""
    from iconseek.commands.site import default_vector_storage

    assert default_vector_storage("team/vectors.parquet") == "fp16"
    assert default_vector_storage("out/vectors") == "int4"


def test_serve_explains_a_busy_port_or_bad_host_without_a_traceback(tmp_path, capsys):
    import socket

    from iconseek.cli import main

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>")
    (site / "manifest.json").write_text("{}")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        assert main(["serve", str(site), "--port", str(port)]) == 2
        assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
    finally:
        taken.close()
    assert main(["serve", str(site), "--port", "70000"]) == 2
    assert "cannot listen on 127.0.0.1:70000" in capsys.readouterr().err
    assert main(["serve", str(site), "--host", "no-such-host.invalid", "--port", "0"]) == 2
    assert "cannot listen on no-such-host.invalid:0" in capsys.readouterr().err


def test_serve_stops_quietly_on_sigterm(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>")
    (site / "manifest.json").write_text("{}")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "py")}
    proc = subprocess.Popen([sys.executable, "-m", "iconseek", "serve", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert "Serving" in proc.stdout.readline()
        time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0 and "Traceback" not in err, err
