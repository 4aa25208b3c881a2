"""Stage: the files shipped as they are: the page (web/), Pyodide and onnxruntime-web.

WHY copied, not linked to a CDN: the page makes no request to another origin,
so everything it or its workers load lives in the site folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .. import headers
from ..layout import DATA_DIR, ORT_DIR, ORT_FILES, PYODIDE_DIR, PYODIDE_FILES, WEB_FILES
from .context import SiteBuild, require


def _put_meta_policy(index_html: Path) -> None:
    """Fill index.html's CSP meta tag from headers.py (the one place the policy is written)."""
    text = index_html.read_text()
    if headers.META_PLACEHOLDER not in text:
        raise ValueError(f"{index_html.name}: Content-Security-Policy placeholder {headers.META_PLACEHOLDER} missing")
    index_html.write_text(text.replace(headers.META_PLACEHOLDER, headers.content_security_policy(for_meta=True)))


def page(build: SiteBuild) -> None:
    """The folders, the page's own files (index.html with its CSP) from web/."""
    for sub in (DATA_DIR, PYODIDE_DIR, ORT_DIR):
        (build.partial / sub).mkdir(parents=True)
    for name in WEB_FILES:
        source = require(build.opts.web / name, "page source", "The web/ folder is incomplete.")
        shutil.copyfile(source, build.partial / name)
    _put_meta_policy(build.partial / "index.html")


def runtimes(build: SiteBuild) -> None:
    """Pyodide's and onnxruntime-web's files from node_modules, as assets (hash-checked by the workers)."""
    for folder, files, source, what in ((PYODIDE_DIR, PYODIDE_FILES, build.inputs.pyodide_dir, "Pyodide file"),
                                        (ORT_DIR, ORT_FILES, build.inputs.ort_dir, "onnxruntime-web file")):
        for key, name in files.items():
            build.assets[key] = build.partial / folder / name
            shutil.copyfile(require(source / name, what, "Run `npm ci`."), build.assets[key])
