"""Stage: the catalogue as browser data (icon metadata, the BM25 index, one SVG bundle per library).

WHY bundles: one request per library instead of one per icon (22 000 SVGs),
each content-hashed so a cache never pairs new results with old drawings.
"""

from __future__ import annotations

from pathlib import Path

from .. import bundle
from ..layout import SVG_ASSET_PREFIX
from .context import SiteBuild


def lexical_index_bytes(catalog_dir: Path, ids: list[str], bm25: dict | None = None) -> bytes:
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


def catalogue_data(build: SiteBuild) -> None:
    """data/meta, data/lexical and data/svg-<library> (assets meta, lexical, svg:<library>)."""
    catalog, opts = build.inputs.catalog, build.opts
    build.add_hashed("meta", "meta", ".json", bundle.compact_json(bundle.build_meta(catalog)))
    build.add_hashed("lexical", "lexical", ".json", lexical_index_bytes(opts.catalog, build.inputs.ids, opts.bm25))
    for library, svgs in bundle.build_svg_bundles(catalog, opts.catalog).items():
        build.add_hashed(f"{SVG_ASSET_PREFIX}{library}", f"svg-{library}", ".json", bundle.compact_json(svgs))
