"""The catalogue build end to end on fixtures: format, dedup, determinism, bad input, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from iconseek.catalog.build import BuildOptions, build_catalog
from iconseek.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "catalog"
PACKAGES = FIXTURES / "packages"
KEYS = ["_id", "title", "text", "library", "name", "tags", "aliases", "categories", "licence", "svg"]


def quiet(_msg: str) -> None:
    pass


def read_corpus(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def npm_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("catalog")
    result = build_catalog(BuildOptions(out=out, node_modules=PACKAGES, rasters=False), log=quiet)
    return out, result


def test_corpus_format_follows_the_contract(npm_build):
    out, result = npm_build
    rows = read_corpus(out)
    assert [r["_id"] for r in rows] == sorted(r["_id"] for r in rows)
    assert len(rows) == len(result.records)
    for row in rows:
        assert list(row) == KEYS
        assert row["_id"] == f"{row['library']}/{row['name']}"
        assert row["svg"] == f"svg/{row['library']}/{row['name']}.svg"
        assert (out / row["svg"]).is_file()
        assert row["title"]
    first = (out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[0]
    assert first == json.dumps(rows[0], ensure_ascii=False, separators=(",", ":"))


def test_all_eleven_libraries_with_their_licences(npm_build):
    out, result = npm_build
    counts = result.counts()
    assert len(counts) == 11 and all(n > 0 for n in counts.values())
    licences = {r["library"]: r["licence"] for r in read_corpus(out)}
    assert licences == {
        "lucide": "ISC", "phosphor": "MIT", "tabler": "MIT", "heroicons": "MIT", "bootstrap": "MIT",
        "carbon": "Apache-2.0", "fontawesome": "CC-BY-4.0", "iconoir": "MIT", "ionicons": "MIT",
        "material": "Apache-2.0", "remix": "Apache-2.0",
    }


def test_text_joins_tags_aliases_categories(npm_build):
    out, _ = npm_build
    rows = {r["_id"]: r for r in read_corpus(out)}
    house = rows["fontawesome/house"]
    assert house["text"] == "home building residence home home alt bank Buildings Maps"
    assert rows["lucide/circle-alert"]["aliases"] == ["alert-circle"]
    assert "lucide/alert-circle" not in rows  # alias copy folded, not a record
    assert rows["lucide/arrow-left"]["title"] == "Arrow Left"
    assert rows["carbon/caret--down"]["title"] == "Caret down"
    assert rows["material/add_circle"]["title"] == "Add Circle"


def test_svg_copied_as_shipped(npm_build):
    out, _ = npm_build
    shipped = PACKAGES / "lucide-static" / "icons" / "circle-alert.svg"
    assert (out / "svg" / "lucide" / "circle-alert.svg").read_bytes() == shipped.read_bytes()


def test_summary_and_licences_files(npm_build):
    out, result = npm_build
    summary = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert summary["count"] == len(result.records)
    assert summary["libraries"]["lucide"]["version"] == "1.0.0-fixture"
    assert summary["rasters"] is None and summary["raster_size"] is None and summary["errors"] == []
    licences = (out / "LICENSES.md").read_text(encoding="utf-8")
    for info in result.libraries:
        assert info.title in licences and info.version in licences
    assert "Creative Commons Attribution 4.0" in licences and "Fonticons, Inc." in licences


def test_build_is_byte_identical_when_repeated(tmp_path):
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        build_catalog(BuildOptions(out=out, node_modules=PACKAGES, rasters=False), log=quiet)
    for name in ("corpus.jsonl", "catalog.json", "LICENSES.md"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_rebuild_removes_stale_svgs_and_rasters(tmp_path):
    out = tmp_path / "cat"
    build_catalog(BuildOptions(out=out, node_modules=PACKAGES, libraries=("lucide", "tabler"), rasters=True), log=quiet)
    assert (out / "rasters.npy").is_file() and (out / "svg" / "tabler").is_dir()
    # icons and rasters of the earlier build do not survive a smaller one
    build_catalog(BuildOptions(out=out, node_modules=PACKAGES, libraries=("lucide",), rasters=False), log=quiet)
    assert not (out / "svg" / "tabler").exists()
    assert not (out / "rasters.npy").exists()
    # a damaged copy is rewritten on the next build; an intact one is left as it is
    damaged, intact = out / "svg" / "lucide" / "arrow-left.svg", out / "svg" / "lucide" / "circle-alert.svg"
    damaged.write_text("junk")
    intact_stat = intact.stat()
    build_catalog(BuildOptions(out=out, node_modules=PACKAGES, libraries=("lucide",), rasters=False), log=quiet)
    assert damaged.read_bytes() == (PACKAGES / "lucide-static" / "icons" / "arrow-left.svg").read_bytes()
    assert intact.stat().st_mtime_ns == intact_stat.st_mtime_ns


def test_a_folder_the_build_did_not_write_is_refused_untouched(tmp_path, capsys):
    out = tmp_path / "mine"
    (out / "svg").mkdir(parents=True)
    (out / "svg" / "logo.svg").write_text("<svg/>")
    (out / "corpus.jsonl").write_text("my data\n")
    args = ["catalog", "build", "--node-modules", str(PACKAGES), "--no-rasters", "--quiet", "--out", str(out)]
    assert main(args) == 1
    assert "was not written by `iconseek catalog build`" in capsys.readouterr().err
    assert (out / "svg" / "logo.svg").read_text() == "<svg/>" and (out / "corpus.jsonl").read_text() == "my data\n"
    # nor is a foreign <out>.partial deleted
    partial = tmp_path / "cat.partial"
    partial.mkdir()
    (partial / "notes.txt").write_text("keep")
    assert main([*args[:-1], str(tmp_path / "cat")]) == 1
    assert (partial / "notes.txt").read_text() == "keep" and not (tmp_path / "cat").exists()


def test_a_typo_in_svg_dir_leaves_the_catalogue_as_it_was(tmp_path):
    out = tmp_path / "cat"
    build_catalog(BuildOptions(out=out, node_modules=PACKAGES, libraries=("lucide",), rasters=True), log=quiet)
    (out / "lexical-index.json").write_text("{}")  # written by another command: carried over
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert main(["catalog", "build", "--svg-dir", str(tmp_path / "typo"), "--no-rasters", "--quiet",
                 "--out", str(out)]) == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    build_catalog(BuildOptions(out=out, node_modules=PACKAGES, libraries=("heroicons",), rasters=False), log=quiet)
    assert (out / "lexical-index.json").read_text() == "{}"
    assert not (tmp_path / "cat.partial").exists() and not (tmp_path / "cat.replaced").exists()


def test_missing_package_reported_others_continue(tmp_path):
    packages = tmp_path / "packages"
    shutil.copytree(PACKAGES, packages)
    shutil.rmtree(packages / "heroicons")
    result = build_catalog(BuildOptions(out=tmp_path / "out", node_modules=packages, rasters=False), log=quiet)
    assert "heroicons" not in result.counts() and len(result.counts()) == 10
    missing = result.problems.of_kind("missing-package")
    assert len(missing) == 1 and missing[0].path.endswith("heroicons")


def test_malformed_svgs_reported_with_path_and_skipped(tmp_path):
    result = build_catalog(BuildOptions(out=tmp_path, svg_dir=FIXTURES / "bad_svgs", rasters=False), log=quiet)
    assert [r.name for r in result.records] == ["good"]
    reasons = {Path(p.path).name: p.detail for p in result.problems}
    assert set(reasons) == {"bad-xml.svg", "empty.svg", "not-svg.svg", "latin1.svg"}
    assert "malformed XML" in reasons["bad-xml.svg"]
    assert reasons["empty.svg"] == "empty file"
    assert "root element <html>" in reasons["not-svg.svg"]
    assert "not UTF-8" in reasons["latin1.svg"]
    errors = json.loads((tmp_path / "catalog.json").read_text(encoding="utf-8"))["errors"]
    assert len(errors) == 4


def test_cli_exit_status_strict_and_nothing_usable(tmp_path, capsys):
    bad = ["catalog", "build", "--svg-dir", str(FIXTURES / "bad_svgs"), "--no-rasters", "--quiet"]
    assert main([*bad, "--out", str(tmp_path / "a")]) == 0
    assert main([*bad, "--out", str(tmp_path / "b"), "--strict"]) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "x.svg").write_text("")
    assert main(["catalog", "build", "--svg-dir", str(empty), "--no-rasters", "--out", str(tmp_path / "c")]) == 1
    good = ["catalog", "build", "--node-modules", str(PACKAGES), "--no-rasters", "--strict", "--quiet"]
    assert main([*good, "--out", str(tmp_path / "d")]) == 0
    printed = capsys.readouterr().out
    assert "4 problem(s)" in printed and "total" in printed and "lucide" in printed


def test_svg_dir_with_metadata_json(tmp_path):
    result = build_catalog(
        BuildOptions(out=tmp_path, svg_dir=FIXTURES / "custom_svgs", metadata=FIXTURES / "custom_svgs.json",
                     rasters=False),
        log=quiet,
    )
    rows = {r["_id"]: r for r in read_corpus(tmp_path)}
    assert sorted(rows) == ["acme-icons/arrows-up", "acme-icons/stroke-ring", "acme-icons/wide-bar"]
    wide = rows["acme-icons/wide-bar"]
    assert wide["title"] == "Wide bar" and wide["tags"] == ["banner", "strip"]
    assert wide["aliases"] == ["long-bar"] and wide["categories"] == ["Shapes"] and wide["licence"] == "MIT"
    assert rows["acme-icons/arrows-up"]["categories"] == ["arrows"]
    assert [(p.kind, p.path) for p in result.problems] == [("missing-svg", str(FIXTURES / "custom_svgs.json"))]
    assert "'ghost'" in result.problems.items[0].detail
    assert "Acme Inc." in (tmp_path / "LICENSES.md").read_text(encoding="utf-8")


def test_svg_dir_without_metadata_uses_folder_name_and_noassertion(tmp_path):
    build_catalog(BuildOptions(out=tmp_path, svg_dir=FIXTURES / "custom_svgs", rasters=False), log=quiet)
    rows = read_corpus(tmp_path)
    assert {r["library"] for r in rows} == {"custom_svgs"}
    assert {r["licence"] for r in rows} == {"NOASSERTION"}


@pytest.mark.parametrize(
    "extra",
    [["--metadata", "x.json"], ["--raster-size", "4"], ["--libraries", "lucide,nosuch"]],
)
def test_cli_usage_errors_exit_2(tmp_path, extra, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["catalog", "build", "--out", str(tmp_path), "--node-modules", str(PACKAGES), *extra])
    assert exc.value.code == 2
    assert "error" in capsys.readouterr().err
