"""IBM Carbon (``@carbon/icons``): ``metadata.json`` lists every icon and its SVG files.

Carbon names its filled/outline designs as separate icons (``4K`` and
``4K--filled``), so each non-deprecated metadata entry is one icon. Of its
assets the 32 px drawing is preferred (the master size; 16/20/24 are hinted
copies), then the largest size, then a ``glyph``. ``friendlyName`` is the title;
``aliases`` are Carbon's search terms; category and subcategory are categories.
The metadata is required: without it the package cannot be read faithfully
(deprecated icons and their replacements are indistinguishable), so it is reported.
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, read_json
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms


def _asset_rank(asset: dict) -> tuple[int, int]:
    """Sort key, best first: size 32, then larger numeric sizes, then glyphs."""
    size = asset.get("size")
    if size == 32:
        return (0, 0)
    if isinstance(size, int):
        return (1, -size)
    return (2, 0)


class Carbon(IconLibrary):
    slug = "carbon"
    display_name = "Carbon Icons (IBM)"
    package = "@carbon/icons"
    licence = "Apache-2.0"
    holder = "IBM Corp."
    homepage = "https://carbondesignsystem.com/elements/icons/library/"
    canonical_style = "every non-deprecated metadata entry, 32 px master drawing"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        meta = read_json(package_dir / "metadata.json", problems)
        if not isinstance(meta, dict) or not isinstance(meta.get("icons"), list):
            problems.add("package-layout", package_dir / "metadata.json", "Carbon needs its icon list; skipped")
            return []
        svg_root = package_dir / "svg"
        sources: dict[str, IconSource] = {}
        for icon in meta["icons"]:
            if not isinstance(icon, dict) or icon.get("deprecated"):
                continue
            name = icon.get("name")
            assets = [a for a in icon.get("assets", ()) if isinstance(a, dict) and a.get("filepath")]
            if not isinstance(name, str) or not assets:
                problems.add("metadata", package_dir / "metadata.json", f"entry without name or assets: {name!r}")
                continue
            best = min(assets, key=_asset_rank)
            path = svg_root / best["filepath"]
            if not path.is_file():
                problems.add("missing-svg", path, f"listed in metadata.json for {name}")
                continue
            if name in sources:
                problems.add("duplicate", path, f"second metadata entry named {name}; first kept")
                continue
            friendly = icon.get("friendlyName")
            sources[name] = IconSource(
                name=name,
                svg_path=path,
                aliases=clean_terms(icon.get("aliases") or (), drop=[name, friendly or ""]),
                categories=clean_terms([icon.get("category"), icon.get("subcategory")]),
                title=friendly if isinstance(friendly, str) else "",
            )
        return list(sources.values())
