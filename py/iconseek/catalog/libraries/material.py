"""Material Symbols (``@material-symbols/svg-400``): ``outlined/``, ``rounded/``, ``sharp/``.

Each family ships ``<name>.svg`` and ``<name>-fill.svg``. The outlined, unfilled
drawing is canonical (Google's default symbol style); ``-fill`` files are dropped
when the unfilled one exists. Names use underscores (``add_circle``). No
metadata is shipped in the npm package.
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource

FILL_SUFFIX = "-fill"


class Material(IconLibrary):
    slug = "material"
    display_name = "Material Symbols"
    package = "@material-symbols/svg-400"
    licence = "Apache-2.0"
    holder = "Google LLC"
    homepage = "https://fonts.google.com/icons"
    canonical_style = "outlined family, weight 400, unfilled"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        folder = package_dir / "outlined"
        if not require_dir(folder, problems):
            return []
        stems = svg_stems(folder)
        present = set(stems)
        keep = [
            s for s in stems if not (s.endswith(FILL_SUFFIX) and s[: -len(FILL_SUFFIX)] in present)
        ]
        return [IconSource(name=name, svg_path=folder / f"{name}.svg") for name in keep]
