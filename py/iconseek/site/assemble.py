"""Assemble the self-contained static site (``iconseek site build``).

Layout of the output folder::

    index.html app.js client.js isolation.js ui.js worker.js assets.js sw.js style.css favicon.svg
    manifest.json      build hash + every large asset with sha256 and size
    _headers           COOP/COEP, CSP and cache rules for Netlify / Cloudflare Pages (headers.py)
    LICENSES.md        icon attributions (from the catalogue)
    licences.html      the same as a page (licences_page.py, from the catalogue's licences.json)
    pyodide/           Pyodide core, as shipped by the npm package
    ort/               onnxruntime-web (wasm backend, SIMD + threads)
    data/              content-hashed: wheel, encoder, tokenizer, scorer, meta, lexical index, SVG bundles
    **/*.gz            gzip siblings that `iconseek serve` sends with Content-Encoding: gzip

Nothing refers to another origin: every file the page or worker loads is here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..hashing import file_sha256
from ..output_folder import OwnedOutput
from ..similar.index import WEIGHTS as SIMILAR_WEIGHTS
from . import bundle, headers, licences_page, manifest, zero_pages
from .encoder_preopt import FORMAT as FUSED_WEIGHTS_FORMAT
from .wheel import build_wheel

REPO_ROOT = Path(__file__).resolve().parents[3]
WEB_FILES = ("index.html", "app.js", "client.js", "isolation.js", "ui.js", "detail.js", "worker.js", "ort-worker.js",
             "unpack-worker.js", "assets.js",
             "style.css", "favicon.svg")
SERVICE_WORKER = "sw.js"
# Pages written by the build (not copied from web/): listed, cached offline and revalidated like web/ files.
GENERATED_PAGES = ("LICENSES.md", licences_page.PAGE)
PYODIDE_FILES = {
    "pyodide_mjs": "pyodide.mjs",
    "pyodide_asm_mjs": "pyodide.asm.mjs",
    "pyodide_wasm": "pyodide.asm.wasm",
    "pyodide_stdlib": "python_stdlib.zip",
    "pyodide_lock": "pyodide-lock.json",
}
ORT_FILES = {
    "ort_mjs": "ort.wasm.min.mjs",
    "ort_wasm_mjs": "ort-wasm-simd-threaded.mjs",
    "ort_wasm": "ort-wasm-simd-threaded.wasm",
}
SEMANTIC_ARMS = ("t2i", "t2t")
ENCODER_FILE = "onnx/model_quantized.onnx"


def _default_query_model() -> Path:
    from iconseek.models.runtime import resolve_query_model_dir

    return resolve_query_model_dir(Path("models"))


# Only folders an earlier site build wrote are ever replaced (output_folder.py).
SITE_OUTPUT = OwnedOutput("iconseek site build", ".iconseek-site", "manifest.json",
                          frozenset({"build", "assets", "app"}), SERVICE_WORKER)


@dataclass
class SiteOptions:
    out: Path = Path("out/site")
    catalog: Path = Path("out/catalog")
    vectors: Path | None = Path("out/vectors")
    # the query encoder: the fine-tuned query tower when present (models/runtime.py)
    model: Path | None = field(default_factory=lambda: _default_query_model())
    node_modules: Path = REPO_ROOT / "node_modules"
    web: Path = REPO_ROOT / "web"
    src: Path = REPO_ROOT / "py"
    vector_storage: str = "int4"
    vector_bits: int = 4  # dev benchmark: MRR@10 unchanged vs float16 (docs/DEPLOYMENT.md)
    candidates: int = 100
    fusion: str = "dbsf"
    weights: dict | None = None
    bm25: dict | None = None  # {"k1": .., "b": ..} for the lexical index; None: the catalogue's index / defaults
    gzip: bool = True
    brotli: bool = True
    brotli_quality: int = 9
    zstd: bool = True
    zstd_level: int = 19
    snapshot: bool = True
    slim_encoder: bool = True  # float16 storage for the encoder's big float32 weights (encoder_slim.py)
    preoptimize_encoder: bool = True  # fuse the encoder's graph at build time (encoder_preopt.py)


@dataclass
class SiteReport:
    out: Path
    build: str
    arms: list[str]
    count: int
    assets: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        total = sum(a["bytes"] for a in self.assets.values())
        gz = sum(a.get("gzip_bytes", a["bytes"]) for a in self.assets.values())
        wire = sum(min(a.get("br_bytes", a["bytes"]), a.get("gzip_bytes", a["bytes"])) for a in self.assets.values())
        best = sum(min(a.get(k, a["bytes"]) for k in ("zstd_bytes", "br_bytes", "gzip_bytes"))
                   for a in self.assets.values())
        lines = [f"site {self.build}: {self.count} icons, arms bm25+{'+'.join(self.arms) or '(none)'} -> {self.out}",
                 f"  assets {total / 1e6:.1f} MB ({gz / 1e6:.1f} MB gzip, {wire / 1e6:.1f} MB br/gzip, "
                 f"{best / 1e6:.1f} MB zstd/br/gzip) in {self.seconds:.1f} s"]
        for key, a in sorted(self.assets.items(), key=lambda kv: -kv[1]["bytes"])[:8]:
            lines.append(f"  {a['bytes'] / 1e6:7.2f} MB  {a['url']}")
        return "\n".join(lines)


def _put_meta_policy(index_html: Path) -> None:
    """Fill index.html's CSP meta tag from headers.py (the one place the policy is written)."""
    text = index_html.read_text()
    if headers.META_PLACEHOLDER not in text:
        raise ValueError(f"{index_html.name}: Content-Security-Policy placeholder {headers.META_PLACEHOLDER} missing")
    index_html.write_text(text.replace(headers.META_PLACEHOLDER, headers.content_security_policy(for_meta=True)))


def _require(path: Path, what: str, hint: str) -> Path:
    if not path.exists():
        raise FileNotFoundError(f"{path} not found ({what}). {hint}")
    return path


def _write_hashed(data_dir: Path, stem: str, suffix: str, data: bytes) -> Path:
    path = data_dir / manifest.hashed_name(stem, data, suffix)
    path.write_bytes(data)
    return path


def _load_vectors(vectors_dir: Path, ids: list[str]):
    """{arm: (float16 [D, N], missing indices)} for every arm present; checks sidecars against the corpus.

    ``missing_indices`` (bring-your-own vectors) are icons without a vector: the
    scoring graph never returns them, as the CPython scorer drops them.
    """
    import hashlib

    import numpy as np

    count = len(ids)
    ids_digest = hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()

    arms = {}
    for arm in SEMANTIC_ARMS:
        raw, sidecar = vectors_dir / f"{arm}.f16", vectors_dir / f"{arm}.json"
        if not raw.is_file() or not sidecar.is_file():
            continue
        info = json.loads(sidecar.read_text())
        if info.get("layout", "DxN") != "DxN" or info.get("dtype", "float16") != "float16":
            raise ValueError(f"{sidecar}: expected float16 DxN vectors, got {info}")
        dim, n = int(info["dim"]), int(info["count"])
        if n != count:
            raise ValueError(f"{sidecar}: {n} vectors but the catalogue has {count} icons; re-run iconseek embed")
        if info.get("ids_sha256") not in (None, ids_digest):
            raise ValueError(f"{sidecar}: vectors were computed for a different catalogue than {count} icons here; "
                             "re-run iconseek embed")
        matrix = np.fromfile(raw, dtype="<f2")
        if matrix.size != dim * n:
            raise ValueError(f"{raw}: {matrix.size} values, expected {dim}x{n}")
        missing = [int(i) for i in info.get("missing_indices", [])]
        if any(not 0 <= i < n for i in missing):
            raise ValueError(f"{sidecar}: missing_indices outside 0..{n - 1}")
        arms[arm] = (matrix.reshape(dim, n), missing)
    return arms


def _lexical_index_bytes(catalog_dir: Path, ids: list[str], bm25: dict | None = None) -> bytes:
    """The catalogue's prebuilt index when current (and with the wanted k1/b), else one built now."""
    from iconseek.core.catalog_view import load_corpus
    from iconseek.core.lexical.bm25 import BM25Params
    from iconseek.core.lexical.indexer import build_index
    from iconseek.core.lexical.storage import dumps_index, load_index

    prebuilt = catalog_dir / "lexical-index.json"
    if prebuilt.is_file():
        index = load_index(str(prebuilt))
        wanted = bm25 or {}
        same_params = all(abs(getattr(index.params, key) - float(value)) < 1e-9 for key, value in wanted.items())
        if index.ids == ids and same_params:
            return dumps_index(index).encode("utf-8")
    params = BM25Params(**{key: float(value) for key, value in (bm25 or {}).items()})
    return dumps_index(build_index(load_corpus(str(catalog_dir)), params)).encode("utf-8")


def read_tuned(path: Path, fusion: str) -> tuple[dict | None, dict | None]:
    """(fusion weights, {"k1", "b"}) from ``iconseek bench --tune``'s JSON (bench/tuned.json)."""
    try:
        tuned = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read tuned parameters ({exc})") from None
    weights = ((tuned.get("fusion") or {}).get(fusion) or {}).get("weights")
    bm25 = {key: tuned["bm25"][key] for key in ("k1", "b") if key in (tuned.get("bm25") or {})} or None
    return weights, bm25


# Where the worker (and the snapshot's preload) put the index and tokenizer in Pyodide's file system.
PRELOAD_LEXICAL = "/iconseek/lexical.json"
PRELOAD_TOKENIZER = "/iconseek/tokenizer.json"

# Imported into the Pyodide memory snapshot: everything the worker's first query touches.
SNAPSHOT_MODULES = (
    "json",
    "iconseek.site.browser",
    "iconseek.core.engine",
    "iconseek.core.fusion.dbsf",
    "iconseek.core.fusion.rrf",
    "iconseek.core.lexical.arm",
    "iconseek.core.lexical.storage",
    "iconseek.core.tokenizers",
)


def make_snapshot(pyodide_dir: Path, wheel: Path, out: Path, web: Path, preload: dict | None = None) -> bytes | None:
    """Pyodide memory snapshot with our modules imported, made with Node; None if Node is absent.

    With ``preload`` ({"files": {pyodide path: disk path}, "config": BrowserSearch
    kwargs}) the snapshot also holds the site's searcher (iconseek.site.browser.preload).
    The worker falls back to a plain boot when there is no snapshot (or it fails to load).
    """
    node = shutil.which("node")
    if node is None:
        print("note: node not found; the site will boot Pyodide without a memory snapshot")
        return None
    script = _require(web / "tools" / "make-snapshot.mjs", "snapshot maker", "web/ is incomplete.")
    extra = []
    if preload is not None:
        spec = out.with_name("preload.json")
        spec.write_text(json.dumps(preload))
        extra = ["--preload", str(spec.resolve())]
    result = subprocess.run(
        [node, str(script), str(pyodide_dir.resolve()), str(wheel.resolve()), str(out.resolve()), *extra,
         *SNAPSHOT_MODULES],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"making the Pyodide snapshot failed ({script}):\n{result.stderr[-2000:]}")
    return out.read_bytes()


def compress_brotli(files: list[Path], site: Path, web: Path, quality: int) -> dict[str, int]:
    """Write ``.br`` siblings with Node's brotli (skipping ONNX graphs: int8 weights gain
    under 2 % over gzip for many seconds); returns {site-relative path: bytes}.
    """
    node = shutil.which("node")
    if node is None:
        print("note: node not found; no brotli siblings (gzip only)")
        return {}
    wanted = [p for p in files if p.suffix.lower() in manifest.COMPRESSIBLE and p.suffix != ".onnx"
              and p.stat().st_size >= manifest.MIN_GZIP_BYTES]
    if not wanted:
        return {}
    script = _require(web / "tools" / "compress.mjs", "brotli compressor", "web/ is incomplete.")
    result = subprocess.run([node, str(script), str(quality), *map(str, wanted)], capture_output=True, text=True,
                            timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"brotli compression failed ({script}):\n{result.stderr[-2000:]}")
    sizes = json.loads(result.stdout)
    return {Path(f).relative_to(site).as_posix(): n for f, n in sizes.items() if n is not None}


def _warmup_ids(tokenizer_path: Path, context_length: int | None) -> list[int]:
    """Token ids of a short phrase: the model worker's first, throw-away inference."""
    from iconseek.core.tokenizers import load_tokenizer

    return list(load_tokenizer(str(tokenizer_path), max_length=context_length).encode("warm up").ids)


# Phrases the float16-weight and the fused encoder are checked on (encoder_slim.py, encoder_preopt.py).
SLIM_CHECK_PHRASES = (
    "trash can", "send an email", "dark mode toggle", "arrow pointing left", "credit card payment",
    "weather forecast with rain", "home", "settings gear", "user profile picture", "magnifying glass",
    "upload to cloud", "heart", "star rating", "notification bell", "phone call", "take a photo", "unlock",
    "shopping cart", "bar chart analytics", "map pin location", "clock", "edit with a pencil", "share",
    "copy to clipboard", "folder", "wifi signal", "battery low", "music note", "play video", "microphone",
    "headphones", "bug report", "source code", "airplane", "coffee cup", "bicycle", "lightning bolt",
    "thumbs up", "warning triangle", "calendar event",
)


def _check_phrase_ids(tokenizer_path: Path, encoder_info: dict) -> list[list[int]]:
    """Token ids of SLIM_CHECK_PHRASES, the inputs both build-time encoder checks run."""
    from iconseek.core.tokenizers import load_tokenizer

    tokenizer = load_tokenizer(str(tokenizer_path), max_length=encoder_info.get("context_length"))
    return [list(tokenizer.encode(phrase).ids) for phrase in SLIM_CHECK_PHRASES]


def _slim_encoder_bytes(encoder_path: Path, tokenizer_path: Path, encoder_info: dict) -> bytes:
    """The encoder graph with float16 weight storage when that keeps its embeddings (encoder_slim.check_slim)."""
    from .encoder_slim import slim_encoder

    if encoder_info.get("pad_to") or set(encoder_info["inputs"]) - {"input_ids", "attention_mask", "token_type_ids"}:
        return encoder_path.read_bytes()  # the check cannot feed this graph: ship it as it is
    ids = _check_phrase_ids(tokenizer_path, encoder_info)
    # The bundled export keeps its float32 original next to the INT8 graph: the reference.
    reference = encoder_path.with_name("model.onnx")
    reference = reference if encoder_path.name != "model.onnx" and reference.is_file() else None
    result = slim_encoder(encoder_path, ids, reference)
    if result.converted:
        print(f"encoder: {len(result.converted)} float32 weights stored as float16 "
              f"(-{result.saved_bytes / 1e6:.1f} MB; {result.check})")
    return result.data


def _preoptimized_encoder(encoder_bytes: bytes, tokenizer_path: Path, encoder_info: dict):
    """The build-time fused encoder (encoder_preopt.py), or None when its check fails."""
    from .encoder_preopt import preoptimize

    fused = preoptimize(encoder_bytes, _check_phrase_ids(tokenizer_path, encoder_info), encoder_info)
    if fused is not None:
        print(f"encoder: fused at build time ({fused.ops_before} -> {fused.ops_after} nodes, "
              f"{len(fused.external)} float16 weights as external data; min cosine {fused.min_cosine:.7f})")
    return fused


def encoder_config(model_dir: Path) -> tuple[Path, Path, dict]:
    """(graph, tokenizer.json, how the worker feeds and reads the graph) for a model folder.

    A folder with ``encoder.json`` (written for bring-your-own models, see
    docs/BYO_MODEL.md) says everything: graph file, context, padding, inputs,
    output and pooling. Without it the folder is the bundled MiniLM export:
    ``onnx/model_quantized.onnx`` with pooling and L2 norm inside the graph.
    """
    described = model_dir / "encoder.json"
    if described.is_file():
        try:
            spec = json.loads(described.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{described}: invalid JSON ({exc.msg})") from None
        graph = _require(model_dir / spec["model_file"], "text encoder graph named in encoder.json", "")
        tokenizer = _require(model_dir / spec.get("tokenizer", "tokenizer.json"), "tokenizer", "")
        config = {
            "inputs": list(spec["input_names"]),
            "input_dtype": spec.get("input_dtype", "int64"),
            "output": spec["output_name"],
            "pooling": spec.get("pooling", "none"),
            "normalize": bool(spec.get("normalize", True)),
            "context_length": spec.get("context_length"),
            "pad_to": spec.get("pad_to"),
            "pad_id": spec.get("pad_id"),
            "eos_id": spec.get("eos_id"),
            "family": spec.get("family"),
        }
        return graph, tokenizer, config
    import onnx

    graph = _require(model_dir / ENCODER_FILE, "INT8 text encoder", "See models/ and docs.")
    tokenizer = _require(model_dir / "tokenizer.json", "tokenizer", "See models/.")
    model = onnx.load(str(graph), load_external_data=False)
    config = {
        "inputs": [i.name for i in model.graph.input],
        "input_dtype": "int64",
        "output": model.graph.output[0].name,
        "pooling": "none",
        "normalize": True,
        "context_length": None,
        "pad_to": None,
        "pad_id": None,
        "eos_id": None,
        "family": "bert",
    }
    return graph, tokenizer, config


def _newest_mtime(paths) -> float:
    newest = 0.0
    for path in paths:
        path = Path(path)
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for child in path.rglob("*"):
                if child.is_file() and child.suffix in (".py", ".js", ".mjs", ".html", ".css", ".svg", ".json", ".f16", ".onnx"):
                    newest = max(newest, child.stat().st_mtime)
    return newest


def site_is_stale(options: SiteOptions) -> str | None:
    """Why ``options.out`` needs a (re)build, or None when it is newer than every input.

    Inputs: the catalogue's corpus, the vectors, the model, the page sources and
    the browser-side Python (SVG files are covered by the corpus they come with).
    """
    built = options.out / "manifest.json"
    if not built.is_file():
        return f"{options.out} has not been built"
    inputs = [options.catalog / "corpus.jsonl", options.web, options.src / "iconseek" / "core",
              options.src / "iconseek" / "site"]
    if options.vectors is not None:
        inputs.append(options.vectors)
    if options.model is not None:
        inputs.append(options.model)
    if _newest_mtime(inputs) > built.stat().st_mtime:
        return f"{options.out} is older than its inputs"
    return None


def build_site(options: SiteOptions) -> SiteReport:
    started = time.perf_counter()
    opts = options
    pyodide_dir = _require(opts.node_modules / "pyodide", "Pyodide core", "Run `npm ci` in the repository root.")
    ort_dir = _require(opts.node_modules / "onnxruntime-web" / "dist", "onnxruntime-web", "Run `npm ci`.")
    catalog = bundle.read_corpus(opts.catalog)
    count = len(catalog.records)
    ids = [r["_id"] for r in catalog.records]

    arms_vectors = {}
    if opts.vectors is not None:
        _require(opts.vectors, "icon vectors", f"Compute them with `iconseek embed`, or pass --lexical-only.")
        arms_vectors = _load_vectors(opts.vectors, ids)
        if not arms_vectors:
            raise FileNotFoundError(f"{opts.vectors} has no t2i/t2t vectors (<arm>.f16 + <arm>.json); "
                                    "run `iconseek embed` or pass --lexical-only")
    semantic = bool(arms_vectors)
    encoder_path = tokenizer_path = encoder_info = None
    if semantic:
        if opts.model is None:
            raise ValueError("semantic arms need the text encoder: pass --model")
        encoder_path, tokenizer_path, encoder_info = encoder_config(opts.model)

    out = opts.out
    partial = SITE_OUTPUT.claim_partial(out)
    try:
        return _assemble(opts, out, partial, started, pyodide_dir, ort_dir, catalog, count, ids, arms_vectors,
                         semantic, encoder_path, tokenizer_path, encoder_info)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # ours: claim_partial made it
        raise


def _assemble(opts, out, partial, started, pyodide_dir, ort_dir, catalog, count, ids, arms_vectors, semantic,
              encoder_path, tokenizer_path, encoder_info) -> "SiteReport":
    data_dir = partial / "data"
    for sub in ("data", "pyodide", "ort"):
        (partial / sub).mkdir(parents=True)

    assets: dict[str, Path] = {}
    for name in WEB_FILES:
        shutil.copyfile(_require(opts.web / name, "page source", "The web/ folder is incomplete."), partial / name)
    _put_meta_policy(partial / "index.html")
    for key, name in PYODIDE_FILES.items():
        assets[key] = partial / "pyodide" / name
        shutil.copyfile(_require(pyodide_dir / name, "Pyodide file", "Run `npm ci`."), assets[key])
    for key, name in ORT_FILES.items():
        assets[key] = partial / "ort" / name
        shutil.copyfile(_require(ort_dir / name, "onnxruntime-web file", "Run `npm ci`."), assets[key])

    from iconseek import __version__

    wheel_tmp = build_wheel(opts.src, partial / "py-build", __version__)
    assets["wheel"] = _write_hashed(data_dir, "iconseek-py3-none-any", ".whl", wheel_tmp.read_bytes())

    meta = bundle.build_meta(catalog)
    assets["meta"] = _write_hashed(data_dir, "meta", ".json", bundle.compact_json(meta))
    assets["lexical"] = _write_hashed(data_dir, "lexical", ".json", _lexical_index_bytes(opts.catalog, ids, opts.bm25))
    for library, svgs in bundle.build_svg_bundles(catalog, opts.catalog).items():
        assets[f"svg:{library}"] = _write_hashed(data_dir, f"svg-{library}", ".json", bundle.compact_json(svgs))

    scorer_info = {"arms": [], "count": count, "dim": 0, "candidates": min(opts.candidates, count),
                   "storage": opts.vector_storage,
                   "bits": opts.vector_bits if opts.vector_storage in ("int8", "int4") else 16}
    if not semantic:
        encoder_info = {"inputs": [], "output": None}
    else:
        from .scoring_graph import build_scoring_model, pack_vectors

        matrices = {arm: v for arm, (v, _) in arms_vectors.items()}
        model = build_scoring_model(matrices, storage=opts.vector_storage, bits=opts.vector_bits,
                                    excluded={arm: missing for arm, (_, missing) in arms_vectors.items() if missing})
        assets["scorer"] = _write_hashed(data_dir, "scorer", ".onnx", model.SerializeToString())
        if opts.vector_storage == "int4":
            packed, layout = pack_vectors(matrices, opts.vector_bits)
            assets["vectors"] = _write_hashed(data_dir, "vectors-int4", ".bin", packed)
            scorer_info["vectors"] = layout
        scorer_info["arms"] = list(arms_vectors)
        scorer_info["dim"] = next(iter(arms_vectors.values()))[0].shape[0]
        scorer_info["missing"] = {arm: len(missing) for arm, (_, missing) in arms_vectors.items()}
        encoder_bytes = encoder_path.read_bytes()
        if opts.slim_encoder:
            encoder_bytes = _slim_encoder_bytes(encoder_path, tokenizer_path, encoder_info)
        encoder_info["preoptimized"] = False
        if opts.preoptimize_encoder:
            fused = _preoptimized_encoder(encoder_bytes, tokenizer_path, encoder_info)
            if fused is not None:
                encoder_bytes = fused.graph
                encoder_info.update(preoptimized=True, external=fused.external, weights_format=FUSED_WEIGHTS_FORMAT)
                if fused.external:
                    assets["encoder_weights"] = _write_hashed(data_dir, "encoder-weights", ".bin", fused.weights)
        assets["encoder"] = _write_hashed(data_dir, "encoder", ".onnx", encoder_bytes)
        assets["tokenizer"] = _write_hashed(data_dir, "tokenizer", ".json", tokenizer_path.read_bytes())
        encoder_info["warmup_ids"] = _warmup_ids(tokenizer_path, encoder_info["context_length"])

    preloaded = False
    if opts.snapshot:
        # The worker builds the same searcher from the same files (web/worker.js, bootPython).
        config = {"lexical_path": PRELOAD_LEXICAL, "arms": scorer_info["arms"], "fusion": opts.fusion,
                  "weights_json": json.dumps(opts.weights) if opts.weights else None}
        files = {PRELOAD_LEXICAL: str(assets["lexical"].resolve())}
        if semantic:  # the worker writes tokenizer.json there; measured: cheaper than in the snapshot
            config.update(tokenizer_path=PRELOAD_TOKENIZER, context_length=encoder_info["context_length"])
        snapshot = make_snapshot(pyodide_dir, wheel_tmp, partial / "py-build" / "snapshot.bin", opts.web,
                                 preload={"files": files, "config": config})
        if snapshot is not None:
            assets["pyodide_snapshot"] = _write_hashed(data_dir, "pyodide-snapshot", ".bin", zero_pages.pack(snapshot))
            preloaded = True
    shutil.rmtree(partial / "py-build")

    licences = opts.catalog / "LICENSES.md"
    if licences.is_file():
        shutil.copyfile(licences, partial / "LICENSES.md")
    else:
        (partial / "LICENSES.md").write_text("Icon licences: see the catalogue's LICENSES.md.\n")
    licences_page.write_licences_page(opts.catalog, catalog.records, partial)
    revalidated = ["/", *(f"/{name}" for name in (*WEB_FILES, SERVICE_WORKER, "manifest.json", *GENERATED_PAGES)),
                   "/pyodide/*", "/ort/*"]
    (partial / "_headers").write_text(headers.headers_file(revalidated))

    build = manifest.build_hash(partial, exclude={SERVICE_WORKER, "manifest.json"})
    sw_source = _require(opts.web / SERVICE_WORKER, "service worker source", "web/ is incomplete.").read_text()
    if "__ICONSEEK_BUILD__" not in sw_source:
        raise ValueError(f"{opts.web / SERVICE_WORKER}: build-hash placeholder __ICONSEEK_BUILD__ missing")
    # The page's own files with their sha256: the service worker of this build
    # installs exactly these bytes or nothing (manifest.json, written below, is
    # checked by its build hash instead).
    app_shell = {("./" if name == "index.html" else name): file_sha256(partial / name)
                 for name in (*WEB_FILES, *GENERATED_PAGES)}
    if "__ICONSEEK_APP_SHELL__" not in sw_source:
        raise ValueError(f"{opts.web / SERVICE_WORKER}: app-shell placeholder __ICONSEEK_APP_SHELL__ missing")
    sw_source = sw_source.replace("__ICONSEEK_BUILD__", build).replace("__ICONSEEK_APP_SHELL__", json.dumps(app_shell))
    (partial / SERVICE_WORKER).write_text(sw_source)

    entries = {key: manifest.entry(partial, path) for key, path in sorted(assets.items())}
    by_url = {e["url"]: e for e in entries.values()}
    if opts.gzip:
        files = sorted(p for p in partial.rglob("*") if p.is_file())
        for path in files:
            size = manifest.write_gzip_sibling(path)
            entry = by_url.get(path.relative_to(partial).as_posix())
            if entry is not None and size is not None:
                entry["gzip_bytes"] = size
        if opts.brotli:
            for rel, size in compress_brotli(files, partial, opts.web, opts.brotli_quality).items():
                if rel in by_url:
                    by_url[rel]["br_bytes"] = size
        if opts.zstd:
            if not manifest.zstd_available():
                print("note: python package zstandard not found; no .zst siblings (pip install zstandard)")
            else:
                for path in files:
                    size = manifest.write_zstd_sibling(path, opts.zstd_level)
                    entry = by_url.get(path.relative_to(partial).as_posix())
                    if entry is not None and size is not None:
                        entry["zstd_bytes"] = size
    doc = {
        "format": "iconseek-site",
        "version": 1,
        "build": build,
        "count": count,
        "pyodide": {"index_url": "pyodide/", "snapshot_format": zero_pages.FORMAT, "preloaded": preloaded},
        "ort": {"module": "ort/" + ORT_FILES["ort_mjs"], "wasm_module": "ort/" + ORT_FILES["ort_wasm_mjs"]},
        "encoder": encoder_info,
        "scorer": scorer_info,
        "engine": {"fusion": opts.fusion, "weights": opts.weights, "bm25": opts.bm25},
        # the weights of py/iconseek/similar/index.py, for window.iconseek.similar (needs int4 vectors)
        "similar": {"weights": SIMILAR_WEIGHTS} if semantic and opts.vector_storage == "int4" else None,
        "app": list(WEB_FILES) + [SERVICE_WORKER, *GENERATED_PAGES],
        "assets": entries,
    }
    (partial / "manifest.json").write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")

    if out.exists():
        SITE_OUTPUT.refuse_foreign(out)  # checked again: it may have changed during the build
        shutil.rmtree(out)
    partial.rename(out)
    return SiteReport(out=out, build=build, arms=scorer_info["arms"], count=count,
                      assets=entries, seconds=time.perf_counter() - started)
