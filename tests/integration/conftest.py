"""Shared fixtures for the integration tests: a two-icon catalogue, a quick keyword site, a full three-icon site."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="9"/></svg>'


@pytest.fixture()
def catalog(tmp_path):
    """A catalogue of two Lucide-like icons (home, trash), enough for a keyword-only site."""
    folder = tmp_path / "catalog"
    (folder / "svg" / "lucide").mkdir(parents=True)
    records = [{"_id": f"lucide/{n}", "name": n, "library": "lucide", "title": n.title(), "tags": [],
                "licence": "ISC", "svg": f"svg/lucide/{n}.svg"} for n in ("home", "trash")]
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    for r in records:
        (folder / r["svg"]).write_text(SVG)
    return folder


@pytest.fixture(scope="session")
def full_site(tmp_path_factory) -> Path:
    """A three-icon site with every feature on: semantic arms (random vectors), int4 vectors, the
    fused encoder, the Pyodide snapshot with the searcher preloaded and the trimmed stdlib.
    No compressed siblings: nothing here reads them. Built once per test session (~1 min)."""
    import numpy as np

    from iconseek.site.assemble import SiteOptions, build_site

    root = tmp_path_factory.mktemp("full-site")
    names = ("home", "trash", "calendar")
    catalog = root / "catalog"
    (catalog / "svg" / "lucide").mkdir(parents=True)
    records = [{"_id": f"lucide/{n}", "name": n, "library": "lucide", "title": n.title(), "tags": [],
                "licence": "ISC", "svg": f"svg/lucide/{n}.svg"} for n in names]
    (catalog / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    for r in records:
        (catalog / r["svg"]).write_text(SVG)
    vectors = root / "vectors"
    vectors.mkdir()
    ids_digest = hashlib.sha256("\n".join(r["_id"] for r in records).encode()).hexdigest()
    rng = np.random.default_rng(16)
    for arm in ("t2i", "t2t"):
        matrix = rng.standard_normal((384, len(names))).astype("<f2")
        matrix.tofile(vectors / f"{arm}.f16")
        (vectors / f"{arm}.json").write_text(json.dumps({"dim": 384, "count": len(names), "dtype": "float16",
                                                         "layout": "DxN", "ids_sha256": ids_digest,
                                                         "sha256": hashlib.sha256(matrix.tobytes()).hexdigest()}))
    out = root / "site"
    build_site(SiteOptions(out=out, catalog=catalog, vectors=vectors, model=ROOT / "models" / "minilm-l6-int8",
                           gzip=False, brotli=False, zstd=False))
    return out


@pytest.fixture()
def build_keyword_site():
    """`iconseek site build --lexical-only` without snapshot or brotli/zstd (~2 s), as a function."""
    return _build_keyword_site


def _build_keyword_site(catalog: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "iconseek", "site", "build", "--lexical-only", "--catalog", str(catalog),
         "--out", str(out), "--no-snapshot", "--no-zstd", "--no-brotli", *extra],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "py")}, capture_output=True, text=True, timeout=300,
    )
