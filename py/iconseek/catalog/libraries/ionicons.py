"""Ionicons: ``dist/svg/<name>{,-outline,-sharp}.svg``; tags in ``dist/ionicons.json``.

Each icon ships three times. The base (filled) drawing is canonical because the
``-outline`` files draw their strokes through CSS classes that only the Ionicons
web component supplies; rendered standalone they lose their lines. A file is a
variant only if stripping ``-outline``/``-sharp`` names a shipped icon. Tags of
the variants are merged into the base, minus the style words themselves.
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, read_json, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms

VARIANT_SUFFIXES = ("-outline", "-sharp")


def base_name(name: str, present: set[str]) -> str:
    """The canonical icon a file belongs to (itself unless it is a style variant)."""
    for suffix in VARIANT_SUFFIXES:
        if name.endswith(suffix) and name[: -len(suffix)] in present:
            return name[: -len(suffix)]
    return name


class Ionicons(IconLibrary):
    slug = "ionicons"
    display_name = "Ionicons"
    package = "ionicons"
    licence = "MIT"
    holder = "Ionic"
    homepage = "https://ionic.io/ionicons"
    canonical_style = "base (filled) drawing; -outline and -sharp copies folded"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        folder = package_dir / "dist" / "svg"
        if not require_dir(folder, problems):
            return []
        meta = read_json(package_dir / "dist" / "ionicons.json", problems)
        entries = meta.get("icons", []) if isinstance(meta, dict) else []
        tags_of = {e["name"]: e.get("tags") or [] for e in entries if isinstance(e, dict) and "name" in e}
        stems = svg_stems(folder)
        present = set(stems)
        merged: dict[str, list[str]] = {}
        for name in stems:
            base = base_name(name, present)
            tags = list(tags_of.get(name, ()))
            if base != name:
                tags = [t for t in tags if t not in ("outline", "sharp")]
            merged.setdefault(base, []).extend(tags)
        return [
            IconSource(name=base, svg_path=folder / f"{base}.svg", tags=clean_terms(tags))
            for base, tags in sorted(merged.items())
        ]
