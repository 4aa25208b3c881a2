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
