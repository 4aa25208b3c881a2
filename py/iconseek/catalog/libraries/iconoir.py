"""Iconoir: ``icons/regular`` (1.5 px stroke) and ``icons/solid``; no metadata shipped.

Regular is canonical; solid-only icons fall back to ``icons/solid`` so none are lost.
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource


class Iconoir(IconLibrary):
    slug = "iconoir"
    display_name = "Iconoir"
    package = "iconoir"
    licence = "MIT"
    holder = "Luca Burgio"
    homepage = "https://iconoir.com"
    canonical_style = "regular (solid only when no regular exists)"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        regular = package_dir / "icons" / "regular"
        solid = package_dir / "icons" / "solid"
        if not require_dir(regular, problems):
            return []
        chosen = {name: regular / f"{name}.svg" for name in svg_stems(regular)}
        if solid.is_dir():
            for name in svg_stems(solid):
                chosen.setdefault(name, solid / f"{name}.svg")
        return [IconSource(name=name, svg_path=chosen[name]) for name in sorted(chosen)]
