"""Assemble the self-contained static site (``iconseek site build``).

Layout of the output folder::

    index.html, the page's modules, sw.js, style.css, favicon.svg   (site/layout.py WEB_FILES)
    manifest.json      build hash + every large asset with sha256 and size (manifest.py: the schema)
    _headers           COOP/COEP, CSP and cache rules for Netlify / Cloudflare Pages (headers.py)
    LICENSES.md        icon attributions (from the catalogue)
    licences.html      the same as a page (licences_page.py, from the catalogue's licences.json)
    pyodide/           Pyodide core, as shipped by the npm package
    ort/               onnxruntime-web (wasm backend, SIMD + threads)
    data/              content-hashed: wheel, encoder, tokenizer, scorer, meta, lexical index, SVG bundles
    **/*.gz            gzip siblings that `iconseek serve` sends with Content-Encoding: gzip

Nothing refers to another origin: every file the page or worker loads is here.
The work is done by the stages in site/stages/ (their order: stages.STAGES);
this module checks the inputs, runs the stages in a fresh partial folder and
removes it when one fails.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from ..staleness import stale_reason
from .layout import MANIFEST
from .options import SITE_OUTPUT, SiteOptions, SiteReport
from .stages import STAGES
from .stages.context import SiteBuild
from .stages.encoder import SLIM_CHECK_PHRASES, encoder_config
from .stages.inputs import check_inputs
from .stages.python import make_snapshot

__all__ = ["SITE_OUTPUT", "SLIM_CHECK_PHRASES", "SiteOptions", "SiteReport", "build_site", "encoder_config",
           "make_snapshot", "read_tuned", "site_is_stale"]

# Suffixes of the files under a folder input that can change the site (SVGs come with the corpus).
SITE_INPUT_SUFFIXES = frozenset({".py", ".js", ".mjs", ".html", ".css", ".svg", ".json", ".f16", ".onnx"})


def build_site(options: SiteOptions) -> SiteReport:
    """Build the site described by ``options`` into ``options.out`` (replacing an earlier build only)."""
    started = time.perf_counter()
    inputs = check_inputs(options)
    build = SiteBuild(options, inputs, SITE_OUTPUT.claim_partial(options.out))
    try:
        for stage in STAGES:
            stage(build)
    except BaseException:
        shutil.rmtree(build.partial, ignore_errors=True)  # ours: claim_partial made it
        raise
    return SiteReport(out=options.out, build=build.build, arms=build.scorer.arms, count=inputs.count,
                      assets=build.entries, seconds=time.perf_counter() - started)


def site_is_stale(options: SiteOptions) -> str | None:
    """Why ``options.out`` needs a (re)build, or None when it is newer than every input.

    Inputs: the catalogue's corpus, the vectors, the model, the page sources and
    the browser-side Python (SVG files are covered by the corpus they come with).
    """
    inputs = [options.catalog / "corpus.jsonl", options.web, options.src / "iconseek" / "core",
              options.src / "iconseek" / "site"]
    inputs += [path for path in (options.vectors, options.model) if path is not None]
    return stale_reason(options.out / MANIFEST, inputs, SITE_INPUT_SUFFIXES, name=options.out)


def read_tuned(path: Path, fusion: str) -> tuple[dict | None, dict | None]:
    """(fusion weights, {"k1", "b"}) from ``iconseek bench --tune``'s JSON (bench/tuned.json)."""
    try:
        tuned = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read tuned parameters ({exc})") from None
    weights = ((tuned.get("fusion") or {}).get(fusion) or {}).get("weights")
    bm25 = {key: tuned["bm25"][key] for key in ("k1", "b") if key in (tuned.get("bm25") or {})} or None
    return weights, bm25
