"""Last stages: manifest.json (the contract with the browser), then the finished folder in place.

WHY last: the manifest lists every asset with its hash and compressed sizes,
so it is written when they all exist; the folder is renamed into place only
when complete, so a failed build never leaves a half site where the old one was.
"""

from __future__ import annotations

import json
import shutil

from ... import __version__, defaults
from ...core.engine import MAX_QUERY_CHARS
from ...similar.index import WEIGHTS as SIMILAR_WEIGHTS
from .. import zero_pages
from ..layout import (APP_FILES, FALLBACK_ASSETS, MANIFEST, MODEL_ASSETS, ORT_DIR, ORT_FILES, PYODIDE_BOOT_ORDER,
                      PYODIDE_DIR, PYODIDE_PATHS, SVG_ASSET_PREFIX)
from ..manifest import (EngineSection, OrtSection, PyodideSection, SimilarSection, SiteManifest)
from ..options import SITE_OUTPUT
from .context import SiteBuild
from .python import searcher_config


def _package_version(package_json) -> str:
    return json.loads(package_json.read_text(encoding="utf-8"))["version"]


def site_manifest(build: SiteBuild) -> SiteManifest:
    """The manifest of this build, section by section (manifest.py says what each key is for)."""
    opts, inputs = build.opts, build.inputs
    semantic_similar = inputs.semantic and opts.vector_storage == "int4"
    return SiteManifest(
        build=build.build,
        count=inputs.count,
        pyodide=PyodideSection(index_url=f"{PYODIDE_DIR}/", snapshot_format=build.snapshot_format or zero_pages.FORMAT,
                               preloaded=build.preloaded, boot_order=PYODIDE_BOOT_ORDER, paths=PYODIDE_PATHS,
                               searcher=searcher_config(build)),
        ort=OrtSection(module=f"{ORT_DIR}/{ORT_FILES['ort_mjs']}", wasm_module=f"{ORT_DIR}/{ORT_FILES['ort_wasm_mjs']}",
                       assets=MODEL_ASSETS),
        encoder=build.encoder,
        scorer=build.scorer,
        engine=EngineSection(fusion=opts.fusion, weights=opts.weights, bm25=opts.bm25,
                             arms=[defaults.LEXICAL_ARM, *build.scorer.arms], max_query_chars=MAX_QUERY_CHARS),
        similar=SimilarSection(weights=SIMILAR_WEIGHTS) if semantic_similar else None,
        app=list(APP_FILES),
        assets=asset_entries(build),
        svg_asset_prefix=SVG_ASSET_PREFIX,
        software={"iconseek": __version__, "pyodide": _package_version(inputs.pyodide_dir / "package.json"),
                  "onnxruntime-web": _package_version(inputs.ort_dir.parent / "package.json")},
    )


def asset_entries(build: SiteBuild) -> dict[str, dict]:
    """build.entries, those only a plain Pyodide boot reads marked ``"fallback": true`` when the snapshot is preloaded.

    WHY a flag per asset: the worker's start-up list and the service worker's
    offline copy both leave these out, and fetch them only if the fallback runs.
    """
    fallback = set(FALLBACK_ASSETS) if build.preloaded else set()
    return {key: {**entry, "fallback": True} if key in fallback else entry for key, entry in build.entries.items()}


def write_manifest(build: SiteBuild) -> None:
    (build.partial / MANIFEST).write_text(site_manifest(build).dumps())


def publish(build: SiteBuild) -> None:
    """Replace the output folder (only one an earlier site build wrote) with the finished build."""
    out = build.opts.out
    if out.exists():
        SITE_OUTPUT.refuse_foreign(out)  # checked again: it may have changed during the build
        shutil.rmtree(out)
    build.partial.rename(out)
