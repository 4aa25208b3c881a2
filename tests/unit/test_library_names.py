"""web/library-names.js is what web/tools/library-names.mjs makes from the installed icon packages.

The copy formats' import lines and Iconify names depend on it (Font Awesome
brands, Remix styles, Carbon export names, Material fills); after an icon
package update this fails until the table is regenerated:

    node web/tools/library-names.mjs node_modules web/library-names.js
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_committed_table_matches_the_packages(tmp_path):
    node = shutil.which("node")
    assert node, "node is needed (it builds the site too)"
    fresh = tmp_path / "library-names.js"
    done = subprocess.run([node, str(REPO / "web/tools/library-names.mjs"), str(REPO / "node_modules"), str(fresh)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert fresh.read_text() == (REPO / "web/library-names.js").read_text(), \
        "web/library-names.js is stale: run node web/tools/library-names.mjs node_modules web/library-names.js"


def test_generator_names_a_missing_package(tmp_path):
    done = subprocess.run([shutil.which("node"), str(REPO / "web/tools/library-names.mjs"), str(tmp_path), str(tmp_path / "x.js")],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "icon-families.json: missing" in done.stderr
    assert not (tmp_path / "x.js").exists()
