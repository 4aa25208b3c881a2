"""Raster sanity: visible ink, black on white, centred, aspect kept, stroke icons drawn, rows aligned."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from iconseek.catalog.build import BuildOptions, build_catalog
from iconseek.catalog.raster import blank_rows, render_all, render_one
from iconseek.catalog.svgfile import parse_svg, raster_ready

pytest.importorskip("resvg_py", reason="resvg-py is the catalogue's rasteriser (pip install resvg-py)")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalog"
STROKE = (FIXTURES / "custom_svgs" / "stroke-ring.svg").read_bytes()
WIDE = (FIXTURES / "custom_svgs" / "wide-bar.svg").read_bytes()


def ink_box(image: np.ndarray):
    rows, cols = np.nonzero(image < 128)
    return rows.min(), rows.max(), cols.min(), cols.max()


def test_stroke_icon_with_currentcolor_renders_black_on_white():
    image = render_one(STROKE, 64)
    assert image.shape == (64, 64) and image.dtype == np.uint8
    assert image.min() < 20  # black ink, not grey or transparent-black
    assert image[0, 0] == 255 and np.median(image) == 255  # white paper dominates
    assert 0.02 < (image < 128).mean() < 0.5


def test_non_square_icon_is_centred_with_aspect_kept():
    image = render_one(WIDE, 64)
    top, bottom, left, right = ink_box(image)
    assert (left, right) == (0, 63)  # the long side fills the canvas
    height = bottom - top + 1
    assert 14 <= height <= 18  # 48x12 scaled to 64 wide is 16 tall: not stretched
    assert abs((top + bottom) / 2 - 31.5) <= 1  # padded equally above and below


def test_unnamespaced_svg_without_viewbox_still_renders():
    image = render_one((FIXTURES / "custom_svgs" / "arrows" / "up.svg").read_bytes(), 48)
    assert image.shape == (48, 48) and (image < 128).any()


def test_raster_ready_only_touches_the_root():
    text = raster_ready(STROKE, 32)
    root = parse_svg(text.encode()).root
    assert root.get("width") == "32" and root.get("height") == "32" and root.get("color") == "black"
    assert root.get("viewBox") == "0 0 24 24"
    assert len(root) == len(parse_svg(STROKE).root)


def test_render_all_keeps_order_and_reports_failures_without_stopping():
    broken = b"<svg xmlns="
    inkless = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0"><path d="M0 0"/></svg>'
    images, failures = render_all([STROKE, broken, WIDE, inkless], size=32, jobs=1)
    assert images.shape == (4, 32, 32)
    assert np.array_equal(images[0], render_one(STROKE, 32))
    assert np.array_equal(images[2], render_one(WIDE, 32))
    assert [f.index for f in failures] == [1]
    assert (images[1] == 255).all()  # a failed row stays white paper
    assert blank_rows(images) == [1, 3]


def test_pool_gives_the_same_pixels_as_one_process():
    svgs = [STROKE, WIDE] * 300  # more than one chunk, so the pool really splits the work
    single, _ = render_all(svgs, size=24, jobs=1)
    pooled, _ = render_all(svgs, size=24, jobs=2)
    assert np.array_equal(single, pooled)


def test_build_rasters_align_with_corpus_and_none_blank(tmp_path):
    packages = FIXTURES / "packages"
    result = build_catalog(BuildOptions(out=tmp_path, node_modules=packages, raster_size=32, jobs=1), log=lambda m: None)
    rasters = np.load(tmp_path / "rasters.npy")
    rows = [json.loads(line) for line in (tmp_path / "corpus.jsonl").read_text().splitlines()]
    assert rasters.shape == (len(rows), 32, 32) and rasters.dtype == np.uint8
    assert blank_rows(rasters) == []
    assert not result.problems
    for i, row in enumerate(rows):
        assert np.array_equal(rasters[i], render_one((tmp_path / row["svg"]).read_bytes(), 32)), row["_id"]
    summary = json.loads((tmp_path / "catalog.json").read_text())
    assert summary["rasters"]["shape"] == [len(rows), 32, 32] and summary["raster_size"] == 32


def test_rasters_file_is_byte_identical_across_builds_and_job_counts(tmp_path):
    packages = FIXTURES / "packages"
    for name, jobs in (("one", 1), ("two", 2)):
        build_catalog(BuildOptions(out=tmp_path / name, node_modules=packages, raster_size=24, jobs=jobs),
                      log=lambda m: None)
    assert (tmp_path / "one" / "rasters.npy").read_bytes() == (tmp_path / "two" / "rasters.npy").read_bytes()
    assert (tmp_path / "one" / "corpus.jsonl").read_bytes() == (tmp_path / "two" / "corpus.jsonl").read_bytes()
