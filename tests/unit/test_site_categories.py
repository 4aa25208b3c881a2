"""Browsable categories in the site's metadata (site/bundle.py build_categories)."""

from pathlib import Path

from iconseek.site import bundle


def record(icon_id, *categories):
    library, name = icon_id.split("/")
    return {"_id": icon_id, "library": library, "name": name, "title": name.title(), "licence": "MIT",
            "tags": [], "categories": list(categories), "svg": f"svg/{icon_id}.svg"}


def test_categories_fold_case_and_spacing_drop_small_ones_and_index_rows(monkeypatch):
    monkeypatch.setattr(bundle, "MIN_CATEGORY_ICONS", 2)
    rows = [
        record("tabler/a", "Arrows", "Maps & Travel"),
        record("carbon/b", "arrows"),
        record("phosphor/c", "maps  &  travel", "Arrows"),
        record("remix/d", "Lonely"),
        record("lucide/e"),
        record("tabler/f", "ARROWS", "arrows"),  # one icon counts once
    ]
    categories, index = bundle.build_categories(bundle.CatalogRecords(rows, Path(".")))
    assert categories == [{"name": "Arrows", "count": 4}, {"name": "Maps & travel", "count": 2}]
    assert index == [[0, 1], [0], [1, 0], [], [], [0]]
    meta = bundle.build_meta(bundle.CatalogRecords(rows, Path(".")))
    assert meta["categories"] == categories and meta["category_index"] == index
