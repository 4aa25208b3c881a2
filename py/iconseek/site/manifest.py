"""Content hashes, hashed file names and compressed siblings for the built site.

WHY: the worker checks every large download against manifest.json (sha256 +
size) and refuses mismatches; data files carry a hash in their name so a CDN or
browser cache can never pair a new page with an old model or index; the build
hash (over every file) names the service-worker cache, so a new build replaces
the old offline copy instead of mixing with it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path

from ..hashing import file_sha256

COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".onnx", ".svg", ".md", ".whl", ".bin", ".txt"}
MIN_GZIP_BYTES = 1024
MAX_GZIP_RATIO = 0.92  # keep a .gz sibling only when it saves at least 8 %


def hashed_name(stem: str, data: bytes, suffix: str) -> str:
    """``stem.<12 hex of sha256>suffix`` — stable for identical bytes."""
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:12]}{suffix}"


def _write_sibling(path: Path, extension: str, compress) -> int | None:
    """Write ``path + extension`` = ``compress(bytes)`` if it pays off; return its size or None.

    Only text-like and wasm/model files of at least MIN_GZIP_BYTES, and only when
    the result saves at least 1 - MAX_GZIP_RATIO of the bytes.
    """
    if path.suffix.lower() not in COMPRESSIBLE:
        return None
    data = path.read_bytes()
    if len(data) < MIN_GZIP_BYTES:
        return None
    packed = compress(data)
    if len(packed) > MAX_GZIP_RATIO * len(data):
        return None
    (path.parent / (path.name + extension)).write_bytes(packed)
    return len(packed)


def write_gzip_sibling(path: Path) -> int | None:
    """Write ``path.gz`` (deterministic: mtime 0) if it pays off; return its size or None."""
    return _write_sibling(path, ".gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0))


def write_zstd_sibling(path: Path, level: int = 19) -> int | None:
    """Write ``path.zst`` if it pays off; return its size, or None (also without ``zstandard``).

    WHY zstd next to gzip and brotli: a cold start on a 2-core machine is CPU
    bound, and the browser's decompression is part of it. Chromium (123+) and
    Firefox (126+) accept zstd, which decodes the 25 MB encoder ~3x faster than
    gzip and is as small as brotli (docs/DEPLOYMENT.md). Browsers without it
    get br or gzip.
    """
    try:
        import zstandard
    except ImportError:
        return None
    return _write_sibling(path, ".zst", zstandard.ZstdCompressor(level=level, threads=-1).compress)


def zstd_available() -> bool:
    try:
        import zstandard  # noqa: F401
    except ImportError:
        return False
    return True


def entry(site: Path, path: Path) -> dict:
    return {"url": path.relative_to(site).as_posix(), "sha256": file_sha256(path), "bytes": path.stat().st_size}


def build_hash(site: Path, exclude: set[str]) -> str:
    """sha256 over (relative path, file hash) of every file not in ``exclude``; 16 hex."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel in exclude or rel.endswith((".gz", ".br", ".zst")):
            continue
        digest.update(rel.encode() + b"\0" + file_sha256(path).encode() + b"\n")
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- manifest.json, the one contract
# WHY typed: manifest.json is what the site build tells the browser workers
# (web/worker.js, web/ort-worker.js, web/assets.js, web/sw.js): asset files and
# hashes, Pyodide paths, searcher settings, limits. Each section is a dataclass
# here, so a key is named once on this side; tests/integration/
# test_manifest_contract.py checks every key the JavaScript reads exists in a
# built manifest. docs/CONTRACTS.md describes the keys.
SITE_FORMAT = "iconseek-site"
SITE_FORMAT_VERSION = 1
OMIT_IF_NONE = {"omit_if_none": True}  # field metadata: absent from the JSON (not null) when None


@dataclass(frozen=True)
class PyodideSection:
    index_url: str  # Pyodide's folder, relative to the site
    snapshot_format: str  # how the memory snapshot asset is packed (snapshot_image.FORMAT_*)
    preloaded: bool  # the snapshot holds the searcher: no wheel, index nor BrowserSearch() at boot
    boot_order: tuple[str, ...]  # Pyodide's assets in the order its boot waits on them
    paths: dict[str, str]  # asset key -> where the worker writes it in Pyodide's file system
    searcher: dict  # BrowserSearch(**searcher) for a plain boot: what the snapshot preloaded


@dataclass(frozen=True)
class OrtSection:
    module: str  # onnxruntime-web's ES module, relative to the site
    wasm_module: str  # its wasm loader module
    assets: tuple[str, ...]  # asset keys the model worker fetches (those present in "assets")


@dataclass(frozen=True)
class ScorerSection:
    arms: list[str]  # semantic arms, in the scoring graph's order; empty: keyword-only site
    count: int  # icons
    dim: int  # vector dimensions (0 without arms)
    candidates: int  # semantic candidates per arm
    storage: str  # fp16 | int8 | int4
    bits: int
    vectors: dict | None = field(default=None, metadata=OMIT_IF_NONE)  # int4: the packed file's layout
    missing: dict | None = field(default=None, metadata=OMIT_IF_NONE)  # arm -> icons without a vector


@dataclass(frozen=True)
class EngineSection:
    fusion: str
    weights: dict | None
    bm25: dict | None  # {"k1", "b"} the lexical index was built with, when not the defaults
    arms: list[str]  # every arm the searcher fuses: the lexical arm, then scorer.arms
    max_query_chars: int  # longer queries are cut (core/engine.py)


@dataclass(frozen=True)
class SimilarSection:
    weights: dict  # py/iconseek/similar/index.py's, for window.iconseek.similar


@dataclass(frozen=True)
class SiteManifest:
    build: str  # hash over every file but sw.js and manifest.json; names the offline cache
    count: int
    pyodide: PyodideSection
    ort: OrtSection
    encoder: dict  # how the model worker feeds and reads the encoder (site/stages/encoder.py)
    scorer: ScorerSection
    engine: EngineSection
    similar: SimilarSection | None  # needs int4 vectors
    app: list[str]  # the page's files (the service worker's app shell)
    # key -> {url, sha256, bytes, gzip_bytes?, br_bytes?, zstd_bytes?, fallback?}; fallback: true = only a
    # plain Pyodide boot (the snapshot's fallback) reads it: not fetched or cached unless that runs
    assets: dict[str, dict]
    svg_asset_prefix: str  # + a library slug: the "assets" key of that library's SVG bundle
    software: dict[str, str]  # versions: iconseek, pyodide, onnxruntime-web
    format: str = SITE_FORMAT
    version: int = SITE_FORMAT_VERSION

    def to_dict(self) -> dict:
        return _plain(self)

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), indent=1, sort_keys=True) + "\n"


def _plain(value):
    """JSON-ready copy: dataclasses as dicts (OMIT_IF_NONE fields left out when None), tuples as lists."""
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)
                if not (f.metadata.get("omit_if_none") and getattr(value, f.name) is None)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
