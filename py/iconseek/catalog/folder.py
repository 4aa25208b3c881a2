"""A user's own folder of SVGs (``--svg-dir``), optionally described by a metadata JSON file.

Every ``*.svg`` under the folder (recursively) is one icon. Its name is the path
relative to the folder without ``.svg``, sub-folders joined with ``-``; sub-folder
names also become categories (the RemixIcon convention). The metadata file
(``--metadata``) may add titles, tags, aliases and categories:

    {"library": "acme", "licence": "MIT", "holder": "Acme Inc.",
     "icons": {"arrow-left": {"title": "Back", "tags": ["previous"],
                              "aliases": ["back"], "categories": ["Navigation"]}}}

A bare ``{"arrow-left": {...}}`` mapping is accepted too. Entries naming no SVG
are reported, not silently ignored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class FolderMetadata:
    library: str | None
    licence: str | None
    holder: str | None
    icons: dict[str, dict]


def read_metadata(path: Path | None, problems: Problems) -> FolderMetadata:
    """Load the metadata JSON; a broken file is reported and treated as absent."""
    empty = FolderMetadata(None, None, None, {})
    if path is None:
        return empty
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add("metadata", path, "metadata file not found")
        return empty
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.add("metadata", path, f"unreadable metadata JSON ({exc})")
        return empty
    if not isinstance(data, dict):
        problems.add("metadata", path, "metadata must be a JSON object")
        return empty
    icons = data.get("icons") if isinstance(data.get("icons"), dict) else data
    icons = {k: v for k, v in icons.items() if isinstance(v, dict)}
    text = lambda key: data[key] if isinstance(data.get(key), str) else None  # noqa: E731
    return FolderMetadata(text("library"), text("licence") or text("license"), text("holder"), icons)


def icon_name(path: Path, root: Path) -> str:
    return "-".join(path.relative_to(root).with_suffix("").parts)


def collect_folder(root: Path, metadata: FolderMetadata, problems: Problems) -> list[IconSource]:
    """One source per SVG file under ``root`` (sorted by name)."""
    if not root.is_dir():
        problems.add("missing-folder", root, "--svg-dir is not a folder")
        return []
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".svg")
    sources: dict[str, IconSource] = {}
    for path in files:
        name = icon_name(path, root)
        if name in sources:
            problems.add("duplicate", path, f"another file already gives the name {name!r}")
            continue
        info = metadata.icons.get(name, {})
        folders = list(path.relative_to(root).parts[:-1])
        title = info.get("title") if isinstance(info.get("title"), str) else ""
        sources[name] = IconSource(
            name=name,
            svg_path=path,
            tags=clean_terms(info.get("tags") or ()),
            aliases=clean_terms(info.get("aliases") or ()),
            categories=clean_terms([*(info.get("categories") or ()), *folders]),
            title=title,
        )
    for name in sorted(set(metadata.icons) - set(sources)):
        problems.add("missing-svg", root / f"{name}.svg", "named in the metadata file but no such SVG")
    return list(sources.values())


def slugify(text: str) -> str:
    """A library slug from a folder name: lower case, runs of other characters -> ``-``."""
    slug = re.sub(r"[^a-z0-9_]+", "-", text.casefold()).strip("-_")
    return slug or "custom"
