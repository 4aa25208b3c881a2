"""The trimmed standard-library zip holds every module the search worker imports after a snapshot restore.

A built site ships ``pyodide_stdlib`` as the zip a restore needs
(iconseek.site.stdlib_trim) and Pyodide's full zip as a fallback-only asset.
tests/integration/pyodide/drive_snapshot.mjs restores the site's snapshot in
Node with the site's own trimmed zip and runs every call the worker makes into
Python (buildSearcher, the tokenizer, the typo index, keyword / typo / prefix /
hybrid queries with pages and library filters, the unknown-library error)
through the worker's own modules; it lists every module imported meanwhile.
A name there that did not end up imported is one the zip lacks: add it to
stdlib_trim.STDLIB_AFTER_RESTORE.

Set ICONSEEK_SITE to a built site (with a snapshot) to check that one instead
of the three-icon site built here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from iconseek.site.stdlib_trim import STDLIB_AFTER_RESTORE, trim_stdlib

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "tests" / "integration" / "pyodide" / "drive_snapshot.mjs"
# BrowserSearch methods and attributes the search worker uses; the driver calls each of them.
DRIVEN = {"count", "load_tokenizer", "page_json", "token_ids", "warm_up_slice"}
# A stdlib module no search imports (a control: the driver must see it missing, or import it when added).
CONTROL = "difflib"

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(request) -> Path:
    if shutil.which("node") is None:
        pytest.skip("node is not installed (needed to run Pyodide)")
    chosen = os.environ.get("ICONSEEK_SITE")
    return Path(chosen) if chosen else request.getfixturevalue("full_site")


def drive(site: Path, stdlib: Path, *controls: str) -> dict:
    proc = subprocess.run(["node", str(DRIVER), str(site), str(stdlib), *controls], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_no_module_the_worker_imports_after_a_restore_is_missing(site):
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest["pyodide"]["preloaded"], "this check needs a site built with its Pyodide snapshot"
    trimmed = site / manifest["assets"]["pyodide_stdlib"]["url"]
    assert manifest["assets"]["pyodide_stdlib_full"]["fallback"] is True
    report = drive(site, trimmed, CONTROL)
    assert report["queries"] >= 100
    missing = [name for name in report["failed"] if name != CONTROL]
    assert not missing, f"imported after the restore but not in {trimmed.name}: {missing}; add them to " \
                        "iconseek.site.stdlib_trim.STDLIB_AFTER_RESTORE"
    # The control shows that a miss is seen, and that it is a plain ModuleNotFoundError.
    assert report["tried"] == {CONTROL: "ModuleNotFoundError"} and CONTROL in report["failed"], report


def test_a_module_in_the_shipped_zip_is_imported_from_it(site, tmp_path):
    """The snapshot forgot the full zip's table of contents: the shipped zip's own is read.

    (A snapshot that kept it reads the wrong offsets of the small zip: EOFError, not an import.)
    """
    full = site / json.loads((site / "manifest.json").read_text())["assets"]["pyodide_stdlib_full"]["url"]
    with_control = tmp_path / "stdlib.zip"
    with_control.write_bytes(trim_stdlib(full.read_bytes(), [*STDLIB_AFTER_RESTORE, CONTROL]))
    report = drive(site, with_control, CONTROL)
    assert report["tried"] == {CONTROL: None} and report["failed"] == [], report


def test_every_python_call_of_the_worker_is_driven():
    """A new BrowserSearch call in web/*.js must be added to drive_snapshot.mjs (and DRIVEN)."""
    used = set()
    for path in (ROOT / "web").glob("*.js"):
        used |= set(re.findall(r"\bsearcher\.(\w+)", path.read_text(encoding="utf-8")))
    assert used == DRIVEN, f"web/*.js uses searcher.{sorted(used - DRIVEN)}; drive them in {DRIVER.name}"
    driver = DRIVER.read_text(encoding="utf-8")
    for name in DRIVEN - {"page_json", "count"}:  # page_json: runSearch / warmFusion; count: buildSearcher
        assert f"searcher.{name}" in driver or name == "token_ids" and "tokenIds(" in driver, name
