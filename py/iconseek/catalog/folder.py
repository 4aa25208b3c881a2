"""A user's own folder of SVGs (``--svg-dir``), optionally described by a metadata JSON file.

Every ``*.svg`` under the folder (recursively) is one icon. Its name is the path
relative to the folder without ``.svg``, sub-folders joined with ``-``; sub-folder
names also become categories (the RemixIcon convention). The metadata file
(``--metadata``, read and checked by ``metadata.py``) may add titles, tags,
aliases, categories and the licence. Entries naming no SVG are reported, not
silently ignored.

The folder is input from anywhere (a download, a colleague's share), so only its
own files may enter the catalogue: a symbolic link whose target lies outside it is
refused — following it could copy ``~/.ssh/id_rsa.svg`` or any file the builder can
read into a catalogue that is then published. A link to a file inside the folder is
an icon under the link's name. Linked folders are never entered (their icons, if
inside, are collected under their real path; one pointing outside is reported).
Anything that is not a regular file (a FIFO would block the build) is reported.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from iconseek.catalog.metadata import FolderMetadata
from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource, clean_terms

def icon_name(path: Path, root: Path) -> str:
    return "-".join(path.relative_to(root).with_suffix("").parts)


def folder_label(root: Path) -> str:
    """The folder's own name, the only part of ``--svg-dir`` that goes into the catalogue
    (never the builder's absolute path)."""
    return Path(os.path.realpath(root)).name or "svg-dir"


def _inside(target: str, real_root: str) -> bool:
    return os.path.commonpath([real_root, target]) == real_root


def _svg_files(root: Path, problems: Problems) -> list[Path]:
    """Every usable ``*.svg`` under ``root``, sorted; everything refused is reported."""
    real_root = os.path.realpath(root)
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        problems.add("unreadable-folder", error.filename, error.strerror or str(error))

    for folder, dirs, files in os.walk(root, onerror=unreadable):  # never follows linked folders
        for name in dirs:
            path = os.path.join(folder, name)
            if os.path.islink(path) and not _inside(os.path.realpath(path), real_root):
                problems.add("symlink-outside", path, "links to a folder outside --svg-dir; not followed")
        for name in files:
            if not name.lower().endswith(".svg"):
                continue
            path = os.path.join(folder, name)
            if os.path.islink(path) and not _inside(os.path.realpath(path), real_root):
                problems.add("symlink-outside", path, "links to a file outside --svg-dir; refused")
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:  # a broken link or a link loop
                problems.add("unreadable-svg", path, f"broken symbolic link ({exc.strerror})"
                             if os.path.islink(path) else exc.strerror or str(exc))
                continue
            if not stat.S_ISREG(mode):
                problems.add("unreadable-svg", path, "not a regular file; skipped")
                continue
            found.append(Path(path))
    return sorted(found)


def collect_folder(root: Path, metadata: FolderMetadata, problems: Problems) -> list[IconSource]:
    """One source per SVG file under ``root`` (sorted by name)."""
    if not root.is_dir():
        problems.add("missing-folder", root, "--svg-dir is not a folder")
        return []
    sources: dict[str, IconSource] = {}
    for path in _svg_files(root, problems):
        name = icon_name(path, root)
        if name in sources:
            problems.add("duplicate", path, f"another file already gives the name {name!r}")
            continue
        info = metadata.icons.get(name)
        folders = list(path.relative_to(root).parts[:-1])
        sources[name] = IconSource(
            name=name,
            svg_path=path,
            tags=info.tags if info else (),
            aliases=info.aliases if info else (),
            categories=clean_terms([*(info.categories if info else ()), *folders]),
            title=info.title if info else "",
        )
    for name in sorted(set(metadata.icons) - set(sources)):
        problems.add("missing-svg", metadata.path, f"icon {name!r}: no SVG in the folder has this name")
    return list(sources.values())


def slugify(text: str) -> str:
    """A library slug from a folder name: lower case, runs of other characters -> ``-``."""
    slug = re.sub(r"[^a-z0-9_]+", "-", text.casefold()).strip("-_")
    return slug or "custom"
