"""`iconseek site build` replaces only folders it wrote and leaves nothing half-built.

Issue 15, finding 1: a folder holding a web app's own manifest.json was deleted
whole, a sibling `<out>.partial` was removed unchecked, and a failed build left
`.partial` behind. A keyword-only build of a two-icon catalogue takes ~2 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
if not (ROOT / "node_modules" / "pyodide").is_dir():
    pytest.skip("npm packages not installed (npm ci): the site build copies Pyodide", allow_module_level=True)


@pytest.fixture()
def build(build_keyword_site):
    return build_keyword_site


def test_a_web_app_folder_with_its_own_manifest_is_refused_and_kept(tmp_path, catalog, build):
    app = tmp_path / "pwa"
    (app / "src").mkdir(parents=True)
    (app / "manifest.json").write_text("{}")
    (app / "src" / "f").write_text("x")
    done = build(catalog, app)
    assert done.returncode != 0 and "was not written by `iconseek site build`" in done.stderr
    assert (app / "src" / "f").read_text() == "x" and (app / "manifest.json").read_text() == "{}"
    assert not (tmp_path / "pwa.partial").exists()


def test_a_foreign_partial_folder_is_not_deleted(tmp_path, catalog, build):
    partial = tmp_path / "site.partial"
    partial.mkdir()
    (partial / "notes.txt").write_text("mine")
    done = build(catalog, tmp_path / "site")
    assert done.returncode != 0 and "site.partial" in done.stderr
    assert (partial / "notes.txt").read_text() == "mine" and not (tmp_path / "site").exists()


def test_own_sites_are_rebuilt_and_a_failed_build_leaves_no_partial(tmp_path, catalog, build):
    out = tmp_path / "site"
    assert build(catalog, out).returncode == 0
    assert (out / ".iconseek-site").is_file() and (out / "manifest.json").is_file()
    assert build(catalog, out).returncode == 0  # its own output may be replaced
    before = (out / "manifest.json").read_text()
    (catalog / "svg" / "lucide" / "trash.svg").unlink()  # the build now fails half-way
    done = build(catalog, out)
    assert done.returncode != 0 and "trash.svg" in done.stderr
    assert not (tmp_path / "site.partial").exists()
    assert (out / "manifest.json").read_text() == before  # the last good site is untouched
