"""Bootstrap Icons: one flat ``icons/`` folder; filled variants carry a ``fill`` name token.

The token is usually last (``alarm-fill``) but not always (``person-fill-add`` is
the filled ``person-add``). A name is a filled variant when removing one
``fill`` token gives another shipped icon; only then is it dropped in favour of
the outline drawing. Icons that exist only filled (``person-lines-fill``) are
kept under their own name. No metadata is shipped in the npm package.
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource


def unfilled_name(name: str) -> list[str]:
    """Every name obtained by removing one ``fill`` token (candidates for the outline twin)."""
    words = name.split("-")
    return ["-".join(words[:i] + words[i + 1:]) for i, w in enumerate(words) if w == "fill" and len(words) > 1]


def canonical_names(stems: list[str]) -> list[str]:
    """Names to keep: everything except filled variants whose unfilled twin is shipped."""
    present = set(stems)
    return sorted(s for s in stems if not any(t in present for t in unfilled_name(s)))


class Bootstrap(IconLibrary):
    slug = "bootstrap"
    display_name = "Bootstrap Icons"
    package = "bootstrap-icons"
    licence = "MIT"
    holder = "The Bootstrap Authors"
    homepage = "https://icons.getbootstrap.com"
    canonical_style = "non-fill drawing (a -fill icon kept only when it has no unfilled twin)"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        folder = package_dir / "icons"
        if not require_dir(folder, problems):
            return []
        return [IconSource(name=n, svg_path=folder / f"{n}.svg") for n in canonical_names(svg_stems(folder))]
