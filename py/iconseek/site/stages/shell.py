"""Stage: the files around the data: licences, ``_headers`` and the service worker.

WHY last before compression: the service worker carries the build hash (over
every other file) and the sha256 of each page file, so it can only be written
once everything it vouches for exists.
"""

from __future__ import annotations

import json
import shutil

from ...hashing import file_sha256
from .. import headers, licences_page, manifest
from ..layout import GENERATED_PAGES, LICENCES, MANIFEST, ORT_DIR, PYODIDE_DIR, SERVICE_WORKER, WEB_FILES
from .context import SiteBuild, require


def licences(build: SiteBuild) -> None:
    """LICENSES.md (the catalogue's, or a pointer to it) and licences.html (licences_page.py)."""
    source = build.opts.catalog / LICENCES
    if source.is_file():
        shutil.copyfile(source, build.partial / LICENCES)
    else:
        (build.partial / LICENCES).write_text("Icon licences: see the catalogue's LICENSES.md.\n")
    licences_page.write_licences_page(build.opts.catalog, build.inputs.catalog.records, build.partial)


def headers_file(build: SiteBuild) -> None:
    """``_headers`` for Netlify / Cloudflare Pages: isolation, CSP, and revalidation of unhashed files."""
    revalidated = ["/", *(f"/{name}" for name in (*WEB_FILES, SERVICE_WORKER, MANIFEST, *GENERATED_PAGES)),
                   f"/{PYODIDE_DIR}/*", f"/{ORT_DIR}/*"]
    (build.partial / "_headers").write_text(headers.headers_file(revalidated))


def service_worker(build: SiteBuild) -> None:
    """The build hash, and sw.js with it and the page files' sha256 filled in."""
    build.build = manifest.build_hash(build.partial, exclude={SERVICE_WORKER, MANIFEST})
    source_path = require(build.opts.web / SERVICE_WORKER, "service worker source", "web/ is incomplete.")
    sw_source = source_path.read_text()
    if "__ICONSEEK_BUILD__" not in sw_source:
        raise ValueError(f"{source_path}: build-hash placeholder __ICONSEEK_BUILD__ missing")
    # The page's own files with their sha256: the service worker of this build
    # installs exactly these bytes or nothing (manifest.json, written later, is
    # checked by its build hash instead).
    app_shell = {("./" if name == "index.html" else name): file_sha256(build.partial / name)
                 for name in (*WEB_FILES, *GENERATED_PAGES)}
    if "__ICONSEEK_APP_SHELL__" not in sw_source:
        raise ValueError(f"{source_path}: app-shell placeholder __ICONSEEK_APP_SHELL__ missing")
    sw_source = sw_source.replace("__ICONSEEK_BUILD__", build.build)
    (build.partial / SERVICE_WORKER).write_text(sw_source.replace("__ICONSEEK_APP_SHELL__", json.dumps(app_shell)))
