"""Stage: the manifest's asset entries, and .gz / .br / .zst siblings of every file worth it.

WHY siblings: ``iconseek serve`` (and a static host configured for it) sends
the smallest encoding the browser accepts without compressing per request;
the manifest records their sizes so the page's progress and the build report
know what goes over the wire.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from .. import manifest
from .context import SiteBuild, require


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
    script = require(web / "tools" / "compress.mjs", "brotli compressor", "web/ is incomplete.")
    result = subprocess.run([node, str(script), str(quality), *map(str, wanted)], capture_output=True, text=True,
                            timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"brotli compression failed ({script}):\n{result.stderr[-2000:]}")
    sizes = json.loads(result.stdout)
    return {Path(f).relative_to(site).as_posix(): n for f, n in sizes.items() if n is not None}


def compress(build: SiteBuild) -> None:
    """build.entries (url, sha256, bytes) for every asset, with the sizes of its compressed siblings."""
    opts, partial = build.opts, build.partial
    build.entries = {key: manifest.entry(partial, path) for key, path in sorted(build.assets.items())}
    by_url = {e["url"]: e for e in build.entries.values()}

    def record(rel: str, field: str, size: int | None) -> None:
        if rel in by_url and size is not None:
            by_url[rel][field] = size

    if not opts.gzip:
        return
    files = sorted(p for p in partial.rglob("*") if p.is_file())
    for path in files:
        record(path.relative_to(partial).as_posix(), "gzip_bytes", manifest.write_gzip_sibling(path))
    if opts.brotli:
        for rel, size in compress_brotli(files, partial, opts.web, opts.brotli_quality).items():
            record(rel, "br_bytes", size)
    if opts.zstd:
        if not manifest.zstd_available():
            print("note: python package zstandard not found; no .zst siblings (pip install zstandard)")
            return
        for path in files:
            size = manifest.write_zstd_sibling(path, opts.zstd_level)
            record(path.relative_to(partial).as_posix(), "zstd_bytes", size)
