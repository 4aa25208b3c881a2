"""The real catalogue from the npm packages in <repo>/node_modules (metadata only, no rasters)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iconseek.catalog.build import BuildOptions, build_catalog
from iconseek.catalog.raster import blank_rows, render_all
from iconseek.commands.catalog import default_node_modules

NODE_MODULES = default_node_modules()
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (NODE_MODULES / "lucide-static").is_dir(),
        reason=f"npm packages not installed at {NODE_MODULES} (run `npm ci`)",
    ),
]

LIBRARIES = {"lucide", "phosphor", "tabler", "heroicons", "bootstrap", "carbon",
             "fontawesome", "iconoir", "ionicons", "material", "remix"}


@pytest.fixture(scope="module")
def full_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    result = build_catalog(BuildOptions(out=out, node_modules=NODE_MODULES, rasters=False), log=lambda m: None)
    return out, result


def test_at_least_22000_icons_from_all_11_libraries(full_build):
    _, result = full_build
    counts = result.counts()
    assert set(counts) == LIBRARIES
    assert sum(counts.values()) >= 22_000
    assert all(n >= 300 for n in counts.values()), counts
    assert not result.problems, [str(p) for p in result.problems][:10]


def test_shipped_metadata_is_used(full_build):
    out, _ = full_build
    rows = [json.loads(line) for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    def share(library, field):
        mine = [r for r in rows if r["library"] == library]
        return sum(bool(r[field]) for r in mine) / len(mine)
    for library in ("lucide", "phosphor", "tabler", "fontawesome", "ionicons"):
        assert share(library, "tags") > 0.9, library
    for library in ("phosphor", "tabler", "carbon", "fontawesome", "remix"):
        assert share(library, "categories") > 0.7, library
    assert share("carbon", "aliases") > 0.5
    by_id = {r["_id"]: r for r in rows}
    assert "alert-circle" in by_id["lucide/circle-alert"]["aliases"]
    assert "home" in by_id["fontawesome/house"]["aliases"]


def test_a_sample_of_real_icons_rasterises_with_ink(full_build):
    out, result = full_build
    sample = result.records[:: max(1, len(result.records) // 400)]
    images, failures = render_all([(out / r.svg).read_bytes() for r in sample], size=32, jobs=1)
    assert not failures and blank_rows(images) == []
