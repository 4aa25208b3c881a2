"""Font Awesome Free (``@fortawesome/fontawesome-free``): solid + brands, from ``svgs-full/``.

``metadata/icon-families.json`` is the icon list: ``label`` (title),
``search.terms`` (tags), ``aliases.names`` (former names, which the package
also ships as duplicate SVG files — those files are never read, the names are
folded into ``aliases``) and the free styles per icon. ``metadata/categories.yml``
maps category labels to icon names. ``metadata/shims.yml`` maps Font Awesome 4
names to current ones; those old names are aliases too. ``svgs-full/`` is used rather than ``svgs/``
because its drawings sit on a square canvas like every other library's.

Canonical style: ``solid`` (the free set's complete style), else ``brands`` for
logos, else ``regular``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, read_json, read_yaml_mapping, require_dir
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms

STYLE_PREFERENCE = ("solid", "brands", "regular")


def category_index(path: Path, problems: Problems) -> dict[str, list[str]]:
    """icon name -> category labels, from categories.yml (reported and empty if unreadable)."""
    try:
        data = read_yaml_mapping(path)
    except FileNotFoundError:
        problems.add("metadata", path, "metadata file missing; icons catalogued without categories")
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.add("metadata", path, f"unreadable metadata ({exc}); icons catalogued without categories")
        return {}
    index: dict[str, list[str]] = defaultdict(list)
    for key in sorted(data, key=str):
        entry = data[key]
        if not isinstance(entry, dict):
            continue
        label = entry.get("label") or key
        for icon in entry.get("icons") or ():
            # An unquoted numeric name (icon "0".."9") loads as an int; names are strings.
            index[str(icon)].append(label)
    return index


def shim_index(path: Path, problems: Problems) -> dict[str, list[str]]:
    """current icon name -> its Font Awesome 4 names, from shims.yml (optional file)."""
    if not path.exists():
        return {}
    try:
        data = read_yaml_mapping(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.add("metadata", path, f"unreadable metadata ({exc}); old names not added as aliases")
        return {}
    index: dict[str, list[str]] = defaultdict(list)
    for old_name in sorted(data, key=str):
        entry = data[old_name]
        target = entry.get("name") if isinstance(entry, dict) else None
        old_name = str(old_name)
        if isinstance(target, str) and target != old_name:  # entries without a name only change prefix
            index[target].append(old_name)
    return index


def _free_styles(info: dict) -> set[str]:
    by_licence = info.get("familyStylesByLicense") or {}
    return {s.get("style") for s in by_licence.get("free", ()) if isinstance(s, dict)}


class FontAwesome(IconLibrary):
    slug = "fontawesome"
    display_name = "Font Awesome Free"
    package = "@fortawesome/fontawesome-free"
    licence = "CC-BY-4.0"
    holder = "Fonticons, Inc."
    homepage = "https://fontawesome.com"
    canonical_style = "solid, brands for logos (regular only if neither); alias copies folded"

    def copyright_line(self, package_dir: Path) -> str:
        # The package LICENSE has no plain copyright line; the SVG headers name Fonticons, Inc.
        return f"Copyright (c) {self.holder}"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        svg_root = package_dir / "svgs-full"
        if not require_dir(svg_root, problems):
            return []
        families = read_json(package_dir / "metadata" / "icon-families.json", problems)
        if not isinstance(families, dict):
            problems.add("package-layout", package_dir / "metadata", "Font Awesome needs icon-families.json; skipped")
            return []
        categories = category_index(package_dir / "metadata" / "categories.yml", problems)
        shims = shim_index(package_dir / "metadata" / "shims.yml", problems)
        sources = []
        for name in sorted(families):
            info = families[name]
            if not isinstance(info, dict):
                continue
            styles = _free_styles(info)
            style = next((s for s in STYLE_PREFERENCE if s in styles), None)
            if style is None:
                continue  # a Pro-only icon: not in the free package
            path = svg_root / style / f"{name}.svg"
            if not path.is_file():
                problems.add("missing-svg", path, f"free {style} icon listed in icon-families.json")
                continue
            label = info.get("label") if isinstance(info.get("label"), str) else ""
            sources.append(
                IconSource(
                    name=name,
                    svg_path=path,
                    tags=clean_terms((info.get("search") or {}).get("terms") or ()),
                    aliases=clean_terms(
                        [*((info.get("aliases") or {}).get("names") or ()), *shims.get(name, ())], drop=[name]
                    ),
                    categories=clean_terms(categories.get(name, ())),
                    title=label,
                )
            )
        return sources
