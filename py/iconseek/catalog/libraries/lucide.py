"""Lucide (``lucide-static``): stroke icons, ``icons/<name>.svg``, tags in ``tags.json``.

``tags.json`` lists exactly the canonical icons. Every other SVG in ``icons/`` is
a copy kept under a former name; it is identical to its canonical icon apart
from the ``class`` attribute, so it is matched by content and folded into that
icon's ``aliases``. A categories file is used if the package ships one
(``categories.json`` {name: [category]}); lucide-static 1.x does not.
"""

from __future__ import annotations

import re
from pathlib import Path

from iconseek.catalog.libraries.base import IconLibrary, read_json, require_dir, svg_stems
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms

_CLASS_ATTR = re.compile(r'\sclass="[^"]*"')
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _content_key(path: Path) -> str | None:
    """SVG text without comments and class names: equal for an icon and its alias copies."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return " ".join(_CLASS_ATTR.sub("", _COMMENT.sub("", text)).split())


class Lucide(IconLibrary):
    slug = "lucide"
    display_name = "Lucide"
    package = "lucide-static"
    licence = "ISC"
    holder = "Lucide Icons and Contributors"
    homepage = "https://lucide.dev"
    canonical_style = "the only style (2 px stroke); alias copies folded into aliases"

    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        icons_dir = package_dir / "icons"
        if not require_dir(icons_dir, problems):
            return []
        stems = svg_stems(icons_dir)
        tags = read_json(package_dir / "tags.json", problems)
        if not isinstance(tags, dict):
            tags = {}
        categories: dict = {}
        if (package_dir / "categories.json").exists():
            loaded = read_json(package_dir / "categories.json", problems)
            categories = loaded if isinstance(loaded, dict) else {}

        stem_set = set(stems)
        # Without tags.json every file is treated as canonical (no alias folding possible).
        canonical = [s for s in stems if s in tags] if tags else stems
        canonical_set = set(canonical)
        leftovers = [s for s in stems if s not in canonical_set]
        by_content: dict[str, str] = {}
        for name in canonical:
            key = _content_key(icons_dir / f"{name}.svg")
            if key is not None:
                by_content.setdefault(key, name)
        aliases: dict[str, list[str]] = {name: [] for name in canonical}
        for name in leftovers:
            key = _content_key(icons_dir / f"{name}.svg")
            target = by_content.get(key) if key is not None else None
            if target is None:
                # An uncatalogued drawing: keep it as its own icon rather than lose it.
                canonical.append(name)
                aliases[name] = []
            else:
                aliases[target].append(name)
        for name in tags:
            if name not in stem_set:
                problems.add("missing-svg", icons_dir / f"{name}.svg", "listed in tags.json but not shipped")

        return [
            IconSource(
                name=name,
                svg_path=icons_dir / f"{name}.svg",
                tags=clean_terms(tags.get(name, ())),
                aliases=clean_terms(sorted(aliases[name])),
                categories=clean_terms(categories.get(name, ())),
            )
            for name in sorted(canonical)
        ]
