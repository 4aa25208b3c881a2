"""Tabler (``@tabler/icons``): ``icons/outline/`` and ``icons/filled/``; metadata in ``icons.json``.

The outline drawing is canonical; an icon that only exists filled is taken from
``icons/filled/``. The package's ``categories/`` tree holds copies of the same
drawings sorted by category and is ignored (the category comes from icons.json).
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, read_json, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms


class Tabler(IconLibrary):
    slug = "tabler"
    display_name = "Tabler Icons"
    package = "@tabler/icons"
    licence = "MIT"
    holder = "Paweł Kuna"
    homepage = "https://tabler.io/icons"
    canonical_style = "outline (filled only when no outline exists)"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        outline = package_dir / "icons" / "outline"
        filled = package_dir / "icons" / "filled"
        if not require_dir(outline, problems):
            return []
        meta = read_json(package_dir / "icons.json", problems)
        meta = meta if isinstance(meta, dict) else {}
        chosen = {name: outline / f"{name}.svg" for name in svg_stems(outline)}
        if filled.is_dir():
            for name in svg_stems(filled):
                chosen.setdefault(name, filled / f"{name}.svg")
        sources = []
        for name in sorted(chosen):
            info = meta.get(name) if isinstance(meta.get(name), dict) else {}
            sources.append(
                IconSource(
                    name=name,
                    svg_path=chosen[name],
                    tags=clean_terms(info.get("tags") or ()),
                    categories=clean_terms([info.get("category")]),
                )
            )
        return sources
