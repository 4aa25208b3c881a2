"""``iconseek site build --model DIR --vectors FILE.parquet``: a site from BYO files.

The site builder reads a model directory (with ``encoder.json`` telling the
worker how to feed the graph) and a vectors directory of ``<arm>.f16`` files.
This adapter produces both from the user's encoder directory and parquet in a
temporary directory, then runs the ordinary build, so the site builder has no
BYO-specific branch. Everything is checked (dimensions, id matching) before the
site build starts, and the temporary files are removed afterwards.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from iconseek.byo.bundle import Bundle, write_bundle


def build_site_with_byo(options: Any, model_dir: str | Path, vectors_parquet: str | Path, *, arm: str = "t2i",
                        **byo_options: Any) -> tuple[Any, Bundle]:
    """Build the site described by ``options`` (a ``SiteOptions``) with a BYO encoder + parquet.

    ``byo_options`` are passed to :func:`write_bundle` (``model_file``,
    ``output``, ``pooling``, ``id_column``, ``vector_column``, ``library_column``).
    Returns ``(SiteReport, Bundle)``; the bundle's ``vectors.report`` has the match counts.
    """
    from iconseek.site.assemble import build_site

    with tempfile.TemporaryDirectory(prefix="iconseek-byo-") as tmp:
        bundle = write_bundle(
            model_dir, vectors_parquet, Path(options.catalog),
            model_out=Path(tmp) / "model", vectors_out=Path(tmp) / "vectors", arm=arm, **byo_options,
        )
        report = build_site(dataclasses.replace(options, model=bundle.model_dir, vectors=bundle.vectors_dir))
    return report, bundle
