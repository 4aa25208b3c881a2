"""RemixIcon (``remixicon``, pinned to 4.8.0, the last Apache-2.0 release).

Layout: ``icons/<Category>/<name>-line.svg`` and ``<name>-fill.svg``; some
editor icons have no style suffix. The folder is the category. The record's
name is the icon without its style suffix (``add``), like every other library
here; ``-line`` is canonical, ``-fill`` is used when no line drawing exists. An
icon filed under two folders gets both categories (the first folder in sorted
order supplies the SVG).
"""

from __future__ import annotations

from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms

STYLE_PREFERENCE = ("-line", "", "-fill")


def split_style(stem: str) -> tuple[str, str]:
    """``"add-line"`` -> ``("add", "-line")``; unsuffixed names -> ``(name, "")``."""
    for suffix in ("-line", "-fill"):
        if stem.endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)], suffix
    return stem, ""


class Remix(IconLibrary):
    slug = "remix"
    display_name = "Remix Icon"
    package = "remixicon"
    licence = "Apache-2.0"
    holder = "Remix Design"
    homepage = "https://remixicon.com"
    canonical_style = "-line (-fill only when no line drawing exists); name without suffix"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        root = package_dir / "icons"
        if not require_dir(root, problems):
            return []
        files: dict[str, dict[str, Path]] = {}
        folders: dict[str, list[str]] = {}
        for folder in sorted(p for p in root.iterdir() if p.is_dir()):
            for stem in svg_stems(folder):
                base, style = split_style(stem)
                files.setdefault(base, {}).setdefault(style, folder / f"{stem}.svg")
                if folder.name not in folders.setdefault(base, []):
                    folders[base].append(folder.name)
        sources = []
        for base in sorted(files):
            style = next(s for s in STYLE_PREFERENCE if s in files[base])
            sources.append(
                IconSource(name=base, svg_path=files[base][style], categories=clean_terms(folders[base]))
            )
        return sources
