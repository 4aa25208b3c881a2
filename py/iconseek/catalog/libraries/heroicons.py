"""Heroicons: ``24/outline``, ``24/solid``, ``20/solid``, ``16/solid``; no metadata shipped.

The 24 px outline set is canonical: it is the full set and the one drawn as
line art like most other libraries here. Icons missing from it fall back to
24/solid so none are lost.
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource


class Heroicons(IconLibrary):
    slug = "heroicons"
    display_name = "Heroicons"
    package = "heroicons"
    licence = "MIT"
    holder = "Tailwind Labs, Inc."
    homepage = "https://heroicons.com"
    canonical_style = "24/outline (24/solid only when no outline exists)"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        outline = package_dir / "24" / "outline"
        solid = package_dir / "24" / "solid"
        if not require_dir(outline, problems):
            return []
        chosen = {name: outline / f"{name}.svg" for name in svg_stems(outline)}
        if solid.is_dir():
            for name in svg_stems(solid):
                chosen.setdefault(name, solid / f"{name}.svg")
        return [IconSource(name=name, svg_path=chosen[name]) for name in sorted(chosen)]
