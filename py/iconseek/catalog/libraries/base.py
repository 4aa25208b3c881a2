"""What every icon-library parser shares: package lookup, version, licence holder, file helpers.

A library module subclasses :class:`IconLibrary`, fills in the class attributes
and implements :meth:`IconLibrary.collect`, which returns one
:class:`~iconseek.catalog.record.IconSource` per distinct icon in the library's
canonical style. Style variants and alias copies are folded there, where the
library's own naming rules are known, not in a generic pass afterwards.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from iconseek.catalog.problems import Problems
from iconseek.catalog.record import IconSource

_COPYRIGHT_LINE = re.compile(r"^\s*Copyright\b.*$", re.IGNORECASE | re.MULTILINE)


def _licence_files(package_dir: Path) -> list[Path]:
    """LICENSE / LICENCE / License.txt ... at the package root, any case."""
    if not package_dir.is_dir():
        return []
    return sorted(p for p in package_dir.iterdir() if p.is_file() and p.name.upper().startswith(("LICENSE", "LICENCE")))


class IconLibrary(ABC):
    """One npm icon library. Subclasses describe it and know how to read it."""

    slug: ClassVar[str]  # library slug used in ids and paths (docs/CONTRACTS.md)
    display_name: ClassVar[str]
    package: ClassVar[str]  # npm package name
    licence: ClassVar[str]  # SPDX id of the icon licence
    holder: ClassVar[str]  # copyright holder, used when the package has no LICENSE line
    homepage: ClassVar[str]
    canonical_style: ClassVar[str]  # one line for docs and the build summary

    def package_dir(self, node_modules: Path) -> Path:
        return node_modules / self.package

    def version(self, package_dir: Path) -> str:
        try:
            meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
            return str(meta.get("version", "unknown"))
        except (OSError, ValueError):
            return "unknown"

    def copyright_line(self, package_dir: Path) -> str:
        """The package's own copyright line if its LICENSE has one, else ``Copyright (c) <holder>``."""
        for candidate in _licence_files(package_dir):
            try:
                text = candidate.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            match = _COPYRIGHT_LINE.search(text)
            if match and self.holder.split()[0].casefold() in match.group(0).casefold():
                return " ".join(match.group(0).split())
        return f"Copyright (c) {self.holder}"

    def licence_text(self, package_dir: Path) -> str:
        """The package's own licence file, verbatim (MIT/ISC require the notice to travel along)."""
        for candidate in _licence_files(package_dir):
            try:
                return candidate.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                continue
        return ""

    @abstractmethod
    def collect(self, package_dir: Path, problems: Problems) -> list[IconSource]:
        """Return one source per distinct icon (any order; the build sorts)."""


def svg_stems(folder: Path) -> list[str]:
    """Sorted names of the ``*.svg`` files directly inside ``folder``."""
    return sorted(p.stem for p in folder.glob("*.svg") if p.is_file())


def read_json(path: Path, problems: Problems, *, kind: str = "metadata") -> object | None:
    """Load JSON metadata; a missing or broken file is reported and yields ``None``.

    Metadata only enriches records, so icons are still catalogued without it.
    """
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.add(kind, path, "metadata file missing; icons catalogued without it")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        problems.add(kind, path, f"unreadable metadata ({exc}); icons catalogued without it")
    return None


def read_yaml_mapping(path: Path) -> dict:
    """PyYAML ``safe_load`` of a metadata file that must be a mapping (empty file: ``{}``).

    A syntax error becomes ``ValueError`` naming the file and line, so the problem
    report points at the place to look rather than at a parser traceback.
    """
    import yaml  # build extra; only Font Awesome's metadata is YAML

    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ValueError(f"{where}: invalid YAML ({reason})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a YAML mapping at the top level, got {type(data).__name__}")
    return data


def require_dir(folder: Path, problems: Problems) -> bool:
    """True if ``folder`` exists; otherwise report it as a broken package layout."""
    if folder.is_dir():
        return True
    problems.add("package-layout", folder, "expected folder of SVGs is missing")
    return False
