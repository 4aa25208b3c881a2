"""Each library parser on a tiny fake package tree (tests/fixtures/catalog/packages)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iconseek.catalog.libraries import ALL_LIBRARIES, BY_SLUG
from iconseek.catalog.libraries.bootstrap import canonical_names
from iconseek.catalog.libraries.ionicons import base_name
from iconseek.catalog.libraries.remix import split_style
from iconseek.catalog.problems import Problems

PACKAGES = Path(__file__).resolve().parents[1] / "fixtures" / "catalog" / "packages"


def collect(slug: str):
    library = BY_SLUG[slug]
    problems = Problems()
    sources = library.collect(library.package_dir(PACKAGES), problems)
    return {s.name: s for s in sources}, problems


def test_every_library_has_a_fixture_and_a_module():
    assert len(ALL_LIBRARIES) == 11
    assert sorted(BY_SLUG) == sorted(
        ["lucide", "phosphor", "tabler", "heroicons", "bootstrap", "carbon",
         "fontawesome", "iconoir", "ionicons", "material", "remix"]
    )
    for library in ALL_LIBRARIES:
        assert library.package_dir(PACKAGES).is_dir(), library.package


def test_lucide_tags_and_alias_copies_folded_by_content():
    icons, problems = collect("lucide")
    assert sorted(icons) == ["arrow-left", "circle-alert", "orphan-drawing"]
    assert icons["circle-alert"].aliases == ("alert-circle",)
    assert icons["circle-alert"].tags == ("warning", "danger")  # duplicate tag dropped
    assert icons["arrow-left"].tags == ("back", "previous")
    assert icons["orphan-drawing"].tags == ()  # unlisted unique drawing is kept, not lost
    assert not problems


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (Phosphor metadata is an ES module)")
def test_phosphor_reads_esm_metadata_and_drops_release_markers():
    icons, problems = collect("phosphor")
    assert sorted(icons) == ["acorn", "cube"]
    assert icons["acorn"].tags == ("nut", "savings")
    assert icons["acorn"].categories == ("finances", "nature", "weather & nature")
    assert icons["acorn"].svg_path.parent.name == "regular"
    assert not problems


def test_phosphor_without_node_reports_and_keeps_icons(monkeypatch):
    monkeypatch.setattr("iconseek.catalog.libraries.phosphor.shutil.which", lambda _: None)
    icons, problems = collect("phosphor")
    assert sorted(icons) == ["acorn", "cube"]
    assert icons["acorn"].tags == ()
    assert [p.kind for p in problems] == ["metadata"]


def test_tabler_outline_preferred_filled_only_kept_category_copies_ignored():
    icons, _ = collect("tabler")
    assert sorted(icons) == ["activity", "star-only-filled"]
    assert icons["activity"].svg_path.parent.name == "outline"
    assert icons["star-only-filled"].svg_path.parent.name == "filled"
    assert icons["activity"].tags == ("pulse", "heartbeat")
    assert icons["activity"].categories == ("Health",)


def test_heroicons_outline_with_solid_fallback():
    icons, _ = collect("heroicons")
    assert icons["academic-cap"].svg_path.parts[-3:-1] == ("24", "outline")
    assert icons["solid-only"].svg_path.parts[-3:-1] == ("24", "solid")


def test_bootstrap_fill_token_anywhere_in_the_name():
    icons, _ = collect("bootstrap")
    assert sorted(icons) == ["alarm", "fill", "person-add", "person-lines-fill"]


def test_bootstrap_canonical_names_rule():
    assert canonical_names(["a-fill", "a", "b-fill-x", "b-x", "c-fill"]) == ["a", "b-x", "c-fill"]


def test_carbon_metadata_friendly_name_aliases_categories_and_asset_choice():
    icons, problems = collect("carbon")
    assert sorted(icons) == ["3D-Cursor", "caret--down", "dot-mark"]  # deprecated one left out
    caret = icons["caret--down"]
    assert caret.title == "Caret down"
    assert caret.aliases == ("pointer", "expand")  # the friendly name is the title, not an alias
    assert caret.categories == ("Actions", "Navigation")
    assert caret.svg_path.parent.name == "32"
    assert icons["dot-mark"].svg_path.parent.name == "glyph"
    assert not problems


def test_fontawesome_solid_brands_aliases_terms_and_yaml_categories():
    icons, problems = collect("fontawesome")
    assert sorted(icons) == ["github", "house"]  # alias copy home.svg and pro-only not records
    house = icons["house"]
    assert house.svg_path.parts[-2:] == ("solid", "house.svg")
    assert house.svg_path.parts[-3] == "svgs-full"
    assert house.aliases == ("home", "home-alt", "bank")  # shims.yml old names added, duplicates dropped
    assert house.tags == ("home", "building", "residence")
    assert house.categories == ("Buildings", "Maps")
    assert house.title == "House"
    assert icons["github"].svg_path.parent.name == "brands"
    assert icons["github"].categories == ("Coding + Dev",)
    assert icons["github"].aliases == ()  # a prefix-only shim is not an alias
    assert not problems


def test_iconoir_regular_preferred():
    icons, _ = collect("iconoir")
    assert icons["airplane"].svg_path.parent.name == "regular"


def test_ionicons_base_only_with_merged_tags():
    icons, _ = collect("ionicons")
    assert sorted(icons) == ["airplane", "logo-github"]
    assert icons["airplane"].svg_path.name == "airplane.svg"
    assert icons["airplane"].tags == ("airplane", "plane", "flight")


def test_ionicons_variant_rule_needs_the_base_to_exist():
    assert base_name("airplane-outline", {"airplane", "airplane-outline"}) == "airplane"
    assert base_name("lonely-outline", {"lonely-outline"}) == "lonely-outline"


def test_material_outlined_unfilled():
    icons, _ = collect("material")
    assert sorted(icons) == ["add_circle", "home"]
    assert icons["home"].svg_path.parent.name == "outlined"


def test_remix_line_preferred_folder_is_category():
    icons, _ = collect("remix")
    assert sorted(icons) == ["add", "ai-generate-2", "bold", "lock"]
    assert icons["add"].svg_path.name == "add-line.svg"
    assert icons["add"].categories == ("System",)
    assert icons["lock"].svg_path.name == "lock-fill.svg"
    assert icons["bold"].categories == ("Editor",)
    assert icons["ai-generate-2"].svg_path.name == "ai-generate-2-line.svg"
    assert icons["ai-generate-2"].categories == ("Design", "Editor")


def test_remix_split_style():
    assert split_style("add-line") == ("add", "-line")
    assert split_style("add-fill") == ("add", "-fill")
    assert split_style("underline") == ("underline", "")


def test_missing_metadata_is_reported_icons_kept(tmp_path):
    shutil.copytree(PACKAGES / "@tabler" / "icons", tmp_path / "icons")
    (tmp_path / "icons" / "icons.json").write_text("{not json", encoding="utf-8")
    problems = Problems()
    sources = BY_SLUG["tabler"].collect(tmp_path / "icons", problems)
    assert sorted(s.name for s in sources) == ["activity", "star-only-filled"]
    assert problems.of_kind("metadata") and "icons.json" in problems.items[0].path


def test_copyright_line_and_version_come_from_the_package():
    lucide = BY_SLUG["lucide"]
    package_dir = lucide.package_dir(PACKAGES)
    assert lucide.version(package_dir) == "1.0.0-fixture"
    assert lucide.copyright_line(package_dir) == "Copyright (c) 2026 Lucide Icons and Contributors"
    fa = BY_SLUG["fontawesome"]
    assert fa.copyright_line(fa.package_dir(PACKAGES)) == "Copyright (c) Fonticons, Inc."
