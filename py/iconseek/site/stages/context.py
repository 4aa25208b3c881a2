"""What the site-build stages share: the checked inputs and the build under way.

WHY a context object: each stage (see stages/__init__.py) reads what earlier
stages made (the asset files, the scorer and encoder descriptions, the build
hash) and adds its own part. Passing one object keeps every stage a small
function with one argument, in place of a 14-parameter assembly function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import manifest
from ..manifest import ScorerSection
from ..bundle import CatalogRecords
from ..layout import DATA_DIR
from ..options import SiteOptions


def require(path: Path, what: str, hint: str) -> Path:
    """``path`` when it exists, else FileNotFoundError naming it, what it is and what to do."""
    if not path.exists():
        raise FileNotFoundError(f"{path} not found ({what}). {hint}")
    return path


@dataclass(frozen=True)
class SiteInputs:
    """Everything read or found before the output folder is touched (a bad input fails first)."""

    pyodide_dir: Path
    ort_dir: Path
    catalog: CatalogRecords
    # {arm: (float16 [D, N] matrix, indices of icons without a vector)}; empty for a keyword-only site
    arms_vectors: dict[str, tuple[Any, list[int]]]
    encoder_path: Path | None = None
    tokenizer_path: Path | None = None
    encoder_spec: dict | None = None  # encoder_config()'s description of how to feed the graph

    @property
    def ids(self) -> list[str]:
        return [r["_id"] for r in self.catalog.records]

    @property
    def count(self) -> int:
        return len(self.catalog.records)

    @property
    def semantic(self) -> bool:
        return bool(self.arms_vectors)


@dataclass
class SiteBuild:
    """The build under way in ``partial``; stages fill in the fields below it."""

    opts: SiteOptions
    inputs: SiteInputs
    partial: Path  # the folder being written; renamed to opts.out by the last stage
    assets: dict[str, Path] = field(default_factory=dict)  # manifest asset key -> file in partial
    scorer: ScorerSection | None = None  # manifest "scorer"
    encoder: dict = field(default_factory=dict)  # manifest "encoder"
    wheel: Path | None = None  # the browser wheel (also what the snapshot imports)
    preloaded: bool = False  # the Pyodide snapshot holds the searcher
    snapshot_format: str = ""  # how the snapshot asset is packed (snapshot_image.py); "" without one
    build: str = ""  # build hash over every file but sw.js and manifest.json
    entries: dict[str, dict] = field(default_factory=dict)  # manifest "assets"

    @property
    def data_dir(self) -> Path:
        return self.partial / DATA_DIR

    def add_hashed(self, key: str, stem: str, suffix: str, data: bytes) -> Path:
        """Write ``data`` as data/<stem>.<hash><suffix> and list it as asset ``key``."""
        path = self.data_dir / manifest.hashed_name(stem, data, suffix)
        path.write_bytes(data)
        self.assets[key] = path
        return path
