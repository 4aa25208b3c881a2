"""Catalogue data for the page: compact metadata and per-library SVG bundles.

WHY columnar JSON for metadata: 22k icons as one object each repeat every key
22k times; parallel arrays (ids, titles, library index, licence index) are a
fraction of the size and parse in one ``JSON.parse`` / ``json.loads``.
WHY one SVG bundle per library: the grid needs the SVG text of the icons it
shows, soon but not before the first search; per-library files download in
parallel at low priority and a hit waits only for its own library's file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.jsonl import iter_jsonl

LIBRARY_NAMES = {
    "lucide": "Lucide",
    "phosphor": "Phosphor",
    "tabler": "Tabler",
    "heroicons": "Heroicons",
    "bootstrap": "Bootstrap Icons",
    "carbon": "Carbon",
    "fontawesome": "Font Awesome",
    "iconoir": "Iconoir",
    "ionicons": "Ionicons",
    "material": "Material Symbols",
    "remix": "Remix Icon",
}
MAX_TAGS = 12  # the "why this result" panel shows a few; the index has them all


@dataclass
class CatalogRecords:
    records: list[dict]
    source: Path


def read_corpus(catalog_dir: Path) -> CatalogRecords:
    path = catalog_dir / "corpus.jsonl"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} not found: build the catalogue first (iconseek catalog build --out {catalog_dir})"
        )
    records = []
    with path.open(encoding="utf-8") as handle:
        for where, record in iter_jsonl(handle, str(path)):
            for key in ("_id", "library", "licence", "svg"):
                if key not in record:
                    raise ValueError(f"{where}: missing field {key!r}")
            records.append(record)
    if not records:
        raise ValueError(f"{path} is empty")
    return CatalogRecords(records, path)


def compact_json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


MIN_CATEGORY_ICONS = 5  # a browsable category holds at least this many icons


def category_key(name: str) -> str:
    """One spelling per category across libraries: "Maps & Travel", "maps &  travel" -> "maps & travel"."""
    return " ".join(str(name).lower().split())


def build_categories(catalog: CatalogRecords) -> tuple[list[dict], list[list[int]]]:
    """Browsable categories ``[{name, count}]`` (largest first) and each row's category indices.

    Libraries label categories differently; the key folds case and spacing only,
    so no two libraries' meanings are merged by guesswork. Categories with fewer
    than MIN_CATEGORY_ICONS icons are left out of browsing (they stay searchable).
    """
    per_row = [[k for k in dict.fromkeys(category_key(c) for c in record.get("categories") or []) if k]
               for record in catalog.records]
    counts: dict[str, int] = {}
    for keys in per_row:
        for name in keys:
            counts[name] = counts.get(name, 0) + 1
    kept = sorted((n for n, c in counts.items() if c >= MIN_CATEGORY_ICONS), key=lambda n: (-counts[n], n))
    position = {name: i for i, name in enumerate(kept)}
    rows = [[position[k] for k in keys if k in position] for keys in per_row]
    return [{"name": n.capitalize(), "count": counts[n]} for n in kept], rows


def build_meta(catalog: CatalogRecords) -> dict:
    """Columnar metadata, rows in corpus order (the order of vectors and index)."""
    libraries: list[str] = []
    licences: list[str] = []
    lib_index, lic_index, ids, titles, tags = [], [], [], [], []
    counts: dict[str, int] = {}
    for record in catalog.records:
        lib = record["library"]
        if lib not in libraries:
            libraries.append(lib)
        lic = record["licence"]
        if lic not in licences:
            licences.append(lic)
        counts[lib] = counts.get(lib, 0) + 1
        lib_index.append(libraries.index(lib))
        lic_index.append(licences.index(lic))
        ids.append(record["_id"])
        titles.append(record.get("title") or record.get("name") or record["_id"])
        tags.append(list(record.get("tags") or [])[:MAX_TAGS])
    categories, category_rows = build_categories(catalog)
    return {
        "count": len(ids),
        "categories": categories,
        "category_index": category_rows,
        "libraries": [
            {"slug": lib, "name": LIBRARY_NAMES.get(lib, lib), "count": counts[lib]} for lib in libraries
        ],
        "licences": licences,
        "ids": ids,
        "titles": titles,
        "library_index": lib_index,
        "licence_index": lic_index,
        "tags": tags,
    }


def build_svg_bundles(catalog: CatalogRecords, catalog_dir: Path) -> dict[str, dict[str, str]]:
    """library -> {icon id: SVG text}, read from the catalogue's svg/ files."""
    bundles: dict[str, dict[str, str]] = {}
    for record in catalog.records:
        path = catalog_dir / record["svg"]
        try:
            svg = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise FileNotFoundError(f"{path}: SVG of {record['_id']} cannot be read ({exc.strerror})") from None
        bundles.setdefault(record["library"], {})[record["_id"]] = svg
    return bundles
