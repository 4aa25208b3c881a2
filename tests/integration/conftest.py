"""Shared fixtures for the integration tests: a two-icon catalogue and a quick site build."""

from __future__ import annotations

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
